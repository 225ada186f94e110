/* SPDX-License-Identifier: MIT */
/* External device control (DV camcorders, VCRs): device, transport and timecode property sets and their events. */
#pragma once

/*
 * Tape devices behind a capture filter (typically IEEE 1394 DV camcorders)
 * are controlled through PROPSETID_EXT_DEVICE (identity, power, port),
 * PROPSETID_EXT_TRANSPORT (play, record, seek, raw AV/C commands) and
 * PROPSETID_TIMECODE_READER.
 *
 *   KSPROPERTY_EXTXPORT_S x = {0};
 *   x.Property.Set = PROPSETID_EXT_TRANSPORT;
 *   x.Property.Id = KSPROPERTY_EXTXPORT_STATE;
 *   x.Property.Flags = KSPROPERTY_TYPE_GET;
 *   // x.u.XPrtState.Mode / State after the call
 *
 * Valid C11 and C++20.
 */

#include <openks/ks/guid.h>
#include <openks/ks/identifier.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

#ifndef __EDevCtrl__
#define __EDevCtrl__

/* ---- Device ---------------------------------------------------------------------------------- */

#define STATIC_PROPSETID_EXT_DEVICE 0xb5730a90, 0x1a2c, 0x11cf, 0x8c, 0x23, 0x00, 0xaa, 0x00, 0x6b, 0x68, 0x14
OPENKS_DEFINE_GUIDEX(PROPSETID_EXT_DEVICE);
#define PROPSETID_EXT_DEVICE PROPSETID_EXT_DEVICE

typedef enum {
    KSPROPERTY_EXTDEVICE_ID,
    KSPROPERTY_EXTDEVICE_VERSION,
    KSPROPERTY_EXTDEVICE_POWER_STATE,
    KSPROPERTY_EXTDEVICE_PORT,
    KSPROPERTY_EXTDEVICE_CAPABILITIES
} KSPROPERTY_EXTDEVICE;

typedef struct tagDEVCAPS {
    LONG CanRecord;
    LONG CanRecordStrobe;
    LONG HasAudio;
    LONG HasVideo;
    LONG UsesFiles;
    LONG CanSave;
    LONG DeviceType;
    LONG TCRead;
    LONG TCWrite;
    LONG CTLRead;
    LONG IndexRead;
    LONG Preroll;
    LONG Postroll;
    LONG SyncAcc;
    LONG NormRate;
    LONG CanPreview;
    LONG CanMonitorSrc;
    LONG CanTest;
    LONG VideoIn;
    LONG AudioIn;
    LONG Calibrate;
    LONG SeekType;
    LONG SimulatedHardware;
} DEVCAPS, *PDEVCAPS;

typedef struct {
    KSPROPERTY Property;
    union {
        DEVCAPS Capabilities;
        ULONG DevPort;
        ULONG PowerState;
        WCHAR pawchString[MAX_PATH];
        DWORD NodeUniqueID[2];
    } u;
} KSPROPERTY_EXTDEVICE_S, *PKSPROPERTY_EXTDEVICE_S;

/* ---- Transport -------------------------------------------------------------------------------- */

#define STATIC_PROPSETID_EXT_TRANSPORT 0xa03cd5f0, 0x3045, 0x11cf, 0x8c, 0x44, 0x00, 0xaa, 0x00, 0x6b, 0x68, 0x14
OPENKS_DEFINE_GUIDEX(PROPSETID_EXT_TRANSPORT);
#define PROPSETID_EXT_TRANSPORT PROPSETID_EXT_TRANSPORT

typedef enum {
    KSPROPERTY_EXTXPORT_CAPABILITIES,
    KSPROPERTY_EXTXPORT_INPUT_SIGNAL_MODE,
    KSPROPERTY_EXTXPORT_OUTPUT_SIGNAL_MODE,
    KSPROPERTY_EXTXPORT_LOAD_MEDIUM,
    KSPROPERTY_EXTXPORT_MEDIUM_INFO,
    KSPROPERTY_EXTXPORT_STATE,
    KSPROPERTY_EXTXPORT_STATE_NOTIFY,
    KSPROPERTY_EXTXPORT_TIMECODE_SEARCH,
    KSPROPERTY_EXTXPORT_ATN_SEARCH,
    KSPROPERTY_EXTXPORT_RTC_SEARCH,
    KSPROPERTY_RAW_AVC_CMD
} KSPROPERTY_EXTXPORT;

typedef struct tagTRANSPORTSTATUS {
    LONG Mode;
    LONG LastError;
    LONG RecordInhibit;
    LONG ServoLock;
    LONG MediaPresent;
    LONG MediaLength;
    LONG MediaSize;
    LONG MediaTrackCount;
    LONG MediaTrackLength;
    LONG MediaTrackSide;
    LONG MediaType;
    LONG LinkMode;
    LONG NotifyOn;
} TRANSPORTSTATUS, *PTRANSPORTSTATUS;

typedef struct tagTRANSPORTBASICPARMS {
    LONG TimeFormat;
    LONG TimeReference;
    LONG Superimpose;
    LONG EndStopAction;
    LONG RecordFormat;
    LONG StepFrames;
    LONG SetpField;
    LONG Preroll;
    LONG RecPreroll;
    LONG Postroll;
    LONG EditDelay;
    LONG PlayTCDelay;
    LONG RecTCDelay;
    LONG EditField;
    LONG FrameServo;
    LONG ColorFrameServo;
    LONG ServoRef;
    LONG WarnGenlock;
    LONG SetTracking;
    TCHAR VolumeName[40];
    LONG Ballistic[20];
    LONG Speed;
    LONG CounterFormat;
    LONG TunerChannel;
    LONG TunerNumber;
    LONG TimerEvent;
    LONG TimerStartDay;
    LONG TimerStartTime;
    LONG TimerStopDay;
    LONG TimerStopTime;
} TRANSPORTBASICPARMS, *PTRANSPORTBASICPARMS;

typedef struct tagTRANSPORTVIDEOPARMS {
    LONG OutputMode;
    LONG Input;
} TRANSPORTVIDEOPARMS, *PTRANSPORTVIDEOPARMS;

typedef struct tagTRANSPORTAUDIOPARMS {
    LONG EnableOutput;
    LONG EnableRecord;
    LONG EnableSelsync;
    LONG Input;
    LONG MonitorSource;
} TRANSPORTAUDIOPARMS, *PTRANSPORTAUDIOPARMS;

typedef struct {
    WINBOOL MediaPresent;
    ULONG MediaType;
    WINBOOL RecordInhibit;
} MEDIUM_INFO, *PMEDIUM_INFO;

typedef struct {
    ULONG Mode;
    ULONG State;
} TRANSPORT_STATE, *PTRANSPORT_STATE;

typedef struct {
    KSPROPERTY Property;
    union {
        ULONG Capabilities;
        ULONG SignalMode;
        ULONG LoadMedium;
        MEDIUM_INFO MediumInfo;
        TRANSPORT_STATE XPrtState;
        struct {
            BYTE frame;
            BYTE second;
            BYTE minute;
            BYTE hour;
        } Timecode;
        DWORD dwTimecode;
        DWORD dwAbsTrackNumber;
        struct {
            ULONG PayloadSize;
            BYTE Payload[512];
        } RawAVC;
    } u;
} KSPROPERTY_EXTXPORT_S, *PKSPROPERTY_EXTXPORT_S;

typedef struct {
    KSP_NODE NodeProperty;
    union {
        ULONG Capabilities;
        ULONG SignalMode;
        ULONG LoadMedium;
        MEDIUM_INFO MediumInfo;
        TRANSPORT_STATE XPrtState;
        struct {
            BYTE frame;
            BYTE second;
            BYTE minute;
            BYTE hour;
        } Timecode;
        DWORD dwTimecode;
        DWORD dwAbsTrackNumber;
        struct {
            ULONG PayloadSize;
            BYTE Payload[512];
        } RawAVC;
    } u;
} KSPROPERTY_EXTXPORT_NODE_S, *PKSPROPERTY_EXTXPORT_NODE_S;

/* ---- Timecode reader ------------------------------------------------------------------------------ */

#define STATIC_PROPSETID_TIMECODE_READER 0x9b496ce1, 0x811b, 0x11cf, 0x8c, 0x77, 0x00, 0xaa, 0x00, 0x6b, 0x68, 0x14
OPENKS_DEFINE_GUIDEX(PROPSETID_TIMECODE_READER);
#define PROPSETID_TIMECODE_READER PROPSETID_TIMECODE_READER

typedef enum { KSPROPERTY_TIMECODE_READER, KSPROPERTY_ATN_READER, KSPROPERTY_RTC_READER } KSPROPERTY_TIMECODE;

#ifndef TIMECODE_DEFINED
#define TIMECODE_DEFINED
typedef union _timecode {
    struct {
        WORD wFrameRate;
        WORD wFrameFract;
        DWORD dwFrames;
    };
    DWORDLONG qw;
} TIMECODE;
typedef TIMECODE *PTIMECODE;

typedef struct tagTIMECODE_SAMPLE {
    LONGLONG qwTick;
    TIMECODE timecode;
    DWORD dwUser;
    DWORD dwFlags;
} TIMECODE_SAMPLE;
typedef TIMECODE_SAMPLE *PTIMECODE_SAMPLE;
#endif

typedef struct {
    KSPROPERTY Property;
    TIMECODE_SAMPLE TimecodeSamp;
} KSPROPERTY_TIMECODE_S, *PKSPROPERTY_TIMECODE_S;

typedef struct {
    KSP_NODE NodeProperty;
    TIMECODE_SAMPLE TimecodeSamp;
} KSPROPERTY_TIMECODE_NODE_S, *PKSPROPERTY_TIMECODE_NODE_S;

/* ---- Device command events ------------------------------------------------------------------------ */

#define STATIC_KSEVENTSETID_EXTDEV_Command 0x109c7988, 0xb3cb, 0x11d2, 0xb4, 0x8e, 0x00, 0x60, 0x97, 0xb3, 0x39, 0x1b
OPENKS_DEFINE_GUIDEX(KSEVENTSETID_EXTDEV_Command);
#define KSEVENTSETID_EXTDEV_Command KSEVENTSETID_EXTDEV_Command

typedef enum {
    KSEVENT_EXTDEV_COMMAND_NOTIFY_INTERIM_READY,
    KSEVENT_EXTDEV_COMMAND_CONTROL_INTERIM_READY,
    KSEVENT_EXTDEV_COMMAND_BUSRESET,
    KSEVENT_EXTDEV_TIMECODE_UPDATE,
    KSEVENT_EXTDEV_OPERATION_MODE_UPDATE,
    KSEVENT_EXTDEV_TRANSPORT_STATE_UPDATE,
    KSEVENT_EXTDEV_NOTIFY_REMOVAL,
    KSEVENT_EXTDEV_NOTIFY_MEDIUM_CHANGE
} KSEVENT_DEVCMD;

#endif /* __EDevCtrl__ */

OPENKS_END_C
