/* SPDX-License-Identifier: MIT */
/* KSPIN: an AVStream pin instance, its descriptor, flags and dispatch table, and the pin functions. */
#pragma once

/*
 * A KSPIN_DESCRIPTOR_EX describes one pin type of a filter: the KS pin
 * description, the AVStream callbacks, processing flags, instance limits,
 * allocator framing and the data intersection handler.  Each instance a
 * client creates is a KSPIN:
 *
 *   static const KSPIN_DISPATCH PinDispatch = {
 *       PinCreate, PinClose, PinProcess, NULL, PinSetFormat, PinSetState, NULL, NULL, NULL, NULL};
 *   static const KSPIN_DESCRIPTOR_EX MyPinDescriptors[] = {{
 *       &PinDispatch, NULL,
 *       {DEFINE_KSPIN_DEFAULT_INTERFACES, DEFINE_KSPIN_DEFAULT_MEDIUMS,
 *        SIZEOF_ARRAY(Ranges), Ranges, KSPIN_DATAFLOW_OUT, KSPIN_COMMUNICATION_BOTH,
 *        &PINNAME_CAPTURE, NULL, 0},
 *       KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY,
 *       1, 0,                        // InstancesPossible, InstancesNecessary
 *       &MyFraming, MyIntersect}};
 *
 * Dispatch callbacks other than Process run at PASSIVE_LEVEL with the
 * pin's control mutex held (the filter's for Create); Process runs with the
 * processing mutex held.  Valid C11 and C++20.
 */

#include <openks/driver/automation.h>
#include <openks/driver/event.h>
#include <openks/driver/forward.h>
#include <openks/driver/object.h>
#include <openks/driver/pin_descriptor.h>

OPENKS_BEGIN_C

/* The attributes that came with a pin's data format (KSDATAFORMAT_ATTRIBUTES). */
struct _KSATTRIBUTE_LIST {
    ULONG Count;
    PKSATTRIBUTE *Attributes;
};

/* KSPIN_DISPATCH.Create/Close: an instance is created (Irp is the create) or closed.  Failure fails a create. */
typedef NTSTATUS (*PFNKSPINIRP)(PKSPIN Pin, PIRP Irp);
/*
 * KSPIN_DISPATCH.SetDeviceState: the pin moves one step from FromState to
 * ToState (standard transport steps through every state).  Failure fails
 * the KSPROPERTY_CONNECTION_STATE request and keeps the previous state.
 */
typedef NTSTATUS (*PFNKSPINSETDEVICESTATE)(PKSPIN Pin, KSSTATE ToState, KSSTATE FromState);
/*
 * KSPIN_DISPATCH.SetDataFormat: Pin->ConnectionFormat is a new format that
 * matches DataRange (and AttributeRange); OldFormat/OldAttributeList are
 * the previous ones, or NULL at pin creation.  Failure rejects the format.
 */
typedef NTSTATUS (*PFNKSPINSETDATAFORMAT)(PKSPIN Pin, PKSDATAFORMAT OldFormat, PKSMULTIPLE_ITEM OldAttributeList,
                                          const KSDATARANGE *DataRange, const KSATTRIBUTE_LIST *AttributeRange);
/*
 * A handshake request from the connected pin (KsPinRegisterHandshakeCallback):
 * fills Out for the protocol In names.  STATUS_SUCCESS accepts; an
 * unsupported protocol returns STATUS_INVALID_DEVICE_REQUEST.
 */
typedef NTSTATUS (*PFNKSPINHANDSHAKE)(PKSPIN Pin, PKSHANDSHAKE In, PKSHANDSHAKE Out);
/*
 * KSPIN_DISPATCH.Process (pin-centric processing) and Connect.  Process:
 * STATUS_SUCCESS = call again when there is more to do; STATUS_PENDING =
 * wait for the next trigger.
 */
typedef NTSTATUS (*PFNKSPIN)(PKSPIN Pin);
/* KSPIN_DISPATCH.Reset and Disconnect. */
typedef void (*PFNKSPINVOID)(PKSPIN Pin);
/* A sleep or wake callback (KsPinRegisterPowerCallbacks): the device enters power State. */
typedef void (*PFNKSPINPOWER)(PKSPIN Pin, DEVICE_POWER_STATE State);
/*
 * A frame submitted with KsPinSubmitFrame(Mdl) has been used: Data/Size or
 * Mdl are the frame, Context the submitter's, Status how it completed.
 */
typedef void (*PFNKSPINFRAMERETURN)(PKSPIN Pin, PVOID Data, ULONG Size, PMDL Mdl, PVOID Context, NTSTATUS Status);
/* An IRP the pin sent to its connected pin has completed (KsPinRegisterIrpCompletionCallback). */
typedef void (*PFNKSPINIRPCOMPLETION)(PKSPIN Pin, PIRP Irp);

/* The callbacks of a pin type; each may be NULL. */
struct _KSPIN_DISPATCH {
    PFNKSPINIRP Create;
    PFNKSPINIRP Close;
    PFNKSPIN Process;
    PFNKSPINVOID Reset;
    PFNKSPINSETDATAFORMAT SetDataFormat;
    PFNKSPINSETDEVICESTATE SetDeviceState;
    PFNKSPIN Connect;
    PFNKSPINVOID Disconnect;
    const KSCLOCK_DISPATCH *Clock;         /* non-NULL: the pin implements a clock (clock.h) */
    const KSALLOCATOR_DISPATCH *Allocator; /* non-NULL: the pin implements an allocator (allocator.h) */
};

/* KSPIN_DESCRIPTOR_EX.Flags */
#define KSPIN_FLAG_DISPATCH_LEVEL_PROCESSING 0x00000001
#define KSPIN_FLAG_CRITICAL_PROCESSING 0x00000002
#define KSPIN_FLAG_HYPERCRITICAL_PROCESSING 0x00000004
#define KSPIN_FLAG_ASYNCHRONOUS_PROCESSING 0x00000008
#define KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING 0x00000010
#define KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL 0x00000020
#define KSPIN_FLAG_FRAMES_NOT_REQUIRED_FOR_PROCESSING 0x00000040
#define KSPIN_FLAG_ENFORCE_FIFO 0x00000080
#define KSPIN_FLAG_GENERATE_MAPPINGS 0x00000100
#define KSPIN_FLAG_DISTINCT_TRAILING_EDGE 0x00000200
#define KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY 0x00010000
#define KSPIN_FLAG_SPLITTER 0x00020000
#define KSPIN_FLAG_USE_STANDARD_TRANSPORT 0x00040000
#define KSPIN_FLAG_DO_NOT_USE_STANDARD_TRANSPORT 0x00080000
#define KSPIN_FLAG_FIXED_FORMAT 0x00100000
#define KSPIN_FLAG_GENERATE_EOS_EVENTS 0x00200000
#define KSPIN_FLAG_RENDERER (KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY | KSPIN_FLAG_GENERATE_EOS_EVENTS)
#define KSPIN_FLAG_IMPLEMENT_CLOCK 0x00400000
#define KSPIN_FLAG_SOME_FRAMES_REQUIRED_FOR_PROCESSING 0x00800000
#define KSPIN_FLAG_PROCESS_IF_ANY_IN_RUN_STATE 0x01000000
#define KSPIN_FLAG_DENY_USERMODE_ACCESS 0x80000000

/* One pin type of an AVStream filter.  Constant, provided by the driver. */
struct _KSPIN_DESCRIPTOR_EX {
    const KSPIN_DISPATCH *Dispatch;
    const KSAUTOMATION_TABLE *AutomationTable;
    KSPIN_DESCRIPTOR PinDescriptor;
    ULONG Flags; /* KSPIN_FLAG_* */
    ULONG InstancesPossible;
    ULONG InstancesNecessary;
    const KSALLOCATOR_FRAMING_EX *AllocatorFraming; /* NULL: no framing requirements */
    PFNKSINTERSECTHANDLEREX IntersectHandler;       /* NULL: default intersection */
};

/* A pin instance.  AVStream owns it; Context starts as the filter's and is the driver's. */
struct _KSPIN {
    const KSPIN_DESCRIPTOR_EX *Descriptor;
    KSOBJECT_BAG Bag;
    PVOID Context;
    ULONG Id; /* the pin type (index in the filter's pin descriptors) */
    KSPIN_COMMUNICATION Communication;
    BOOLEAN ConnectionIsExternal;
    KSPIN_INTERFACE ConnectionInterface;
    KSPIN_MEDIUM ConnectionMedium;
    KSPRIORITY ConnectionPriority;
    PKSDATAFORMAT ConnectionFormat;
    PKSMULTIPLE_ITEM AttributeList;
    ULONG StreamHeaderSize;
    KSPIN_DATAFLOW DataFlow;
    KSSTATE DeviceState; /* the state the pin's dispatch has accepted */
    KSRESET ResetState;
    KSSTATE ClientState; /* the state the client asked for */
};

/*
 * Bytes queued and available: *InputDataBytes of data at and after the
 * leading edge (input pin) and *OutputBufferBytes of buffer space (output
 * pin); either pointer may be NULL.  Returns STATUS_SUCCESS or
 * STATUS_INVALID_DEVICE_REQUEST (no queue).  Any thread.
 */
NTSTATUS NTAPI KsPinGetAvailableByteCount(PKSPIN Pin, PLONG InputDataBytes, PLONG OutputBufferBytes);

/*
 * Sends a handshake (IOCTL_KS_HANDSHAKE, kernel mode) to the connected pin:
 * In names the protocol, Out receives its answer.  Returns the connected
 * pin's status: STATUS_SUCCESS when accepted, STATUS_INVALID_DEVICE_REQUEST
 * when neither AVStream nor its handshake callback supports the protocol.
 * PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsPinHandshake(PKSPIN Pin, PKSHANDSHAKE In, PKSHANDSHAKE Out);

/* The AND gate controlling processing of a pin-centric pin (see gate.h).  Any thread. */
PKSGATE NTAPI KsPinGetAndGate(PKSPIN Pin);

/* Makes AndGate (NULL: none) the gate that controls the pin's processing.  Processing mutex held or pin stopped. */
void NTAPI KsPinAttachAndGate(PKSPIN Pin, PKSGATE AndGate);

/* Makes OrGate (NULL: none) the gate the pin feeds (filter-centric SOME_FRAMES_REQUIRED).  Same rules. */
void NTAPI KsPinAttachOrGate(PKSPIN Pin, PKSGATE OrGate);

/* Takes the pin's processing mutex: while held, AVStream does not call Process.  Not recursive.  PASSIVE_LEVEL. */
void NTAPI KsPinAcquireProcessingMutex(PKSPIN Pin);

/* Releases the processing mutex.  PASSIVE_LEVEL. */
void NTAPI KsPinReleaseProcessingMutex(PKSPIN Pin);

/*
 * The pins this pin shares frames with in a filter-centric filter:
 * *CopySource is the pin it copies from and *DelegateBranch the pin it
 * delegates to (NULL when none).  Processing mutex held.
 */
void NTAPI KsPinGetCopyRelationships(PKSPIN Pin, PKSPIN *CopySource, PKSPIN *DelegateBranch);

/*
 * Asks AVStream to call the pin's Process if its gate is open: on this
 * thread, or on a worker when Asynchronous is TRUE.  The way to restart
 * processing after Process returned STATUS_PENDING.  Any thread.
 */
void NTAPI KsPinAttemptProcessing(PKSPIN Pin, BOOLEAN Asynchronous);

/* The filter the pin belongs to.  Any thread. */
PKSFILTER NTAPI KsPinGetParentFilter(PKSPIN Pin);

/* The next instance of the same pin type, or NULL.  Caller holds the filter's control mutex. */
PKSPIN NTAPI KsPinGetNextSiblingPin(PKSPIN Pin);

/* The pin an IRP targets, or NULL if it does not target a pin.  Any thread. */
PKSPIN NTAPI KsGetPinFromIrp(PIRP Irp);

/*
 * The COM interface InterfaceId of the connected pin (*Interface is
 * referenced; Release it).  Returns STATUS_SUCCESS, STATUS_UNSUCCESSFUL
 * (not connected to an AVStream pin) or STATUS_NOINTERFACE.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsPinGetConnectedPinInterface(PKSPIN Pin, const GUID *InterfaceId, PVOID *Interface);

/* The file object of the connected pin, or NULL (sink pin or not connected).  Not referenced.  Any thread. */
PFILE_OBJECT NTAPI KsPinGetConnectedPinFileObject(PKSPIN Pin);

/* The device object of the connected pin, or NULL.  Not referenced.  Any thread. */
PDEVICE_OBJECT NTAPI KsPinGetConnectedPinDeviceObject(PKSPIN Pin);

/* The COM interface InterfaceId of the connected pin's filter.  Same statuses as KsPinGetConnectedPinInterface. */
NTSTATUS NTAPI KsPinGetConnectedFilterInterface(PKSPIN Pin, const GUID *InterfaceId, PVOID *Interface);

/*
 * The reference clock assigned to the pin's filter, as an IKsReferenceClock
 * (*Interface is referenced; Release it).  Returns STATUS_SUCCESS or
 * STATUS_DEVICE_NOT_READY (no clock assigned).  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsPinGetReferenceClockInterface(PKSPIN Pin, PIKSREFERENCECLOCK *Interface);

/* Sets the time of the clock the pin exposes (KSPIN_FLAG_IMPLEMENT_CLOCK), in 100 ns units.  Any thread. */
void NTAPI KsPinSetPinClockTime(PKSPIN Pin, LONGLONG Time);

/*
 * Queues a frame on a source pin without a client IRP: Size bytes at Data
 * (NULL Data with a StreamHeader: an end-of-stream or empty frame);
 * StreamHeader (may be NULL) supplies times and flags; Context comes back
 * in the frame-return callback.  Returns STATUS_SUCCESS,
 * STATUS_INSUFFICIENT_RESOURCES or STATUS_INVALID_DEVICE_REQUEST (no frame
 * return callback).  Any thread.
 */
NTSTATUS NTAPI KsPinSubmitFrame(PKSPIN Pin, PVOID Data, ULONG Size, PKSSTREAM_HEADER StreamHeader, PVOID Context);

/* KsPinSubmitFrame for a frame described by an MDL.  Same statuses.  Any thread. */
NTSTATUS NTAPI KsPinSubmitFrameMdl(PKSPIN Pin, PMDL Mdl, PKSSTREAM_HEADER StreamHeader, PVOID Context);

/* Registers the callback that returns frames submitted with KsPinSubmitFrame(Mdl).  Pin stopped; PASSIVE_LEVEL. */
void NTAPI KsPinRegisterFrameReturnCallback(PKSPIN Pin, PFNKSPINFRAMERETURN FrameReturn);

/* Registers the callback told when IRPs this source pin sent complete.  Pin stopped; PASSIVE_LEVEL. */
void NTAPI KsPinRegisterIrpCompletionCallback(PKSPIN Pin, PFNKSPINIRPCOMPLETION IrpCompletion);

/* Registers the callback that answers handshakes AVStream does not handle itself.  PASSIVE_LEVEL. */
void NTAPI KsPinRegisterHandshakeCallback(PKSPIN Pin, PFNKSPINHANDSHAKE Handshake);

/* Registers the pin's sleep and wake callbacks (either may be NULL).  PASSIVE_LEVEL. */
void NTAPI KsPinRegisterPowerCallbacks(PKSPIN Pin, PFNKSPINPOWER Sleep, PFNKSPINPOWER Wake);

/* Files an event entry on the pin's event list (an AddHandler body). */
static inline void KsPinAddEvent(PKSPIN Pin, PKSEVENT_ENTRY EventEntry)
{
    KsAddEvent((PVOID)Pin, EventEntry);
}

/* Signals the pin's matching events (see KsGenerateEvents). */
static inline void KsPinGenerateEvents(PKSPIN Pin, const GUID *EventSet, ULONG EventId, ULONG DataSize, PVOID Data,
                                       PFNKSGENERATEEVENTCALLBACK CallBack, PVOID CallBackContext)
{
    KsGenerateEvents((PVOID)Pin, EventSet, EventId, DataSize, Data, CallBack, CallBackContext);
}

/* The pin behind a pin's file object. */
static inline PKSPIN KsGetPinFromFileObject(PFILE_OBJECT FileObject)
{
    return (PKSPIN)KsGetObjectFromFileObject(FileObject);
}

/* The device the pin belongs to. */
static inline PKSDEVICE KsPinGetDevice(PKSPIN Pin)
{
    return KsGetDevice((PVOID)Pin);
}

/* Takes the pin's control mutex (see KsAcquireControl). */
static inline void KsPinAcquireControl(PKSPIN Pin)
{
    KsAcquireControl((PVOID)Pin);
}

/* Releases the pin's control mutex. */
static inline void KsPinReleaseControl(PKSPIN Pin)
{
    KsReleaseControl((PVOID)Pin);
}

/* KsRegisterAggregatedClientUnknown for a pin. */
static inline PUNKNOWN KsPinRegisterAggregatedClientUnknown(PKSPIN Pin, PUNKNOWN ClientUnknown)
{
    return KsRegisterAggregatedClientUnknown((PVOID)Pin, ClientUnknown);
}

/* KsGetOuterUnknown for a pin. */
static inline PUNKNOWN KsPinGetOuterUnknown(PKSPIN Pin)
{
    return KsGetOuterUnknown((PVOID)Pin);
}

OPENKS_END_C
