/* SPDX-License-Identifier: MIT */
/* 3-D audio: the DirectSound 3-D listener and buffer property sets, and the HRTF and ITD filter sets. */
#pragma once

/*
 * A 3-D node (KSNODETYPE_3D_EFFECTS) positions a sound source
 * (KSPROPSETID_DirectSound3DBuffer) relative to a listener
 * (KSPROPSETID_DirectSound3DListener).  Vectors are three FLOATs.
 *
 *   KSDS3D_BUFFER_ALL b = {0};
 *   b.Position.x = 1.0f;
 *   b.Mode = KSDSOUND_3D_MODE_NORMAL;
 *   // SET KSPROPERTY_DIRECTSOUND3DBUFFER_ALL on the 3-D node
 *
 * Valid C11 and C++20.
 */

#include <openks/ks/guid.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

typedef struct _DS3DVECTOR {
    union {
        FLOAT x;
        FLOAT dvX;
    };
    union {
        FLOAT y;
        FLOAT dvY;
    };
    union {
        FLOAT z;
        FLOAT dvZ;
    };
} DS3DVECTOR, *PDS3DVECTOR;

/* ---- Listener ---------------------------------------------------------------------------- */

#define STATIC_KSPROPSETID_DirectSound3DListener \
    0x437b3414, 0xd060, 0x11d0, 0x85, 0x83, 0x00, 0xc0, 0x4f, 0xd9, 0xba, 0xf3
OPENKS_DEFINE_GUIDEX(KSPROPSETID_DirectSound3DListener);
#define KSPROPSETID_DirectSound3DListener KSPROPSETID_DirectSound3DListener

typedef enum {
    KSPROPERTY_DIRECTSOUND3DLISTENER_ALL,
    KSPROPERTY_DIRECTSOUND3DLISTENER_POSITION,
    KSPROPERTY_DIRECTSOUND3DLISTENER_VELOCITY,
    KSPROPERTY_DIRECTSOUND3DLISTENER_ORIENTATION,
    KSPROPERTY_DIRECTSOUND3DLISTENER_DISTANCEFACTOR,
    KSPROPERTY_DIRECTSOUND3DLISTENER_ROLLOFFFACTOR,
    KSPROPERTY_DIRECTSOUND3DLISTENER_DOPPLERFACTOR,
    KSPROPERTY_DIRECTSOUND3DLISTENER_BATCH,
    KSPROPERTY_DIRECTSOUND3DLISTENER_ALLOCATION
} KSPROPERTY_DIRECTSOUND3DLISTENER;

typedef struct {
    DS3DVECTOR Position;
    DS3DVECTOR Velocity;
    DS3DVECTOR OrientFront;
    DS3DVECTOR OrientTop;
    FLOAT DistanceFactor;
    FLOAT RolloffFactor;
    FLOAT DopplerFactor;
} KSDS3D_LISTENER_ALL, *PKSDS3D_LISTENER_ALL;

typedef struct {
    DS3DVECTOR Front;
    DS3DVECTOR Top;
} KSDS3D_LISTENER_ORIENTATION, *PKSDS3D_LISTENER_ORIENTATION;

/* ---- Sound buffer ---------------------------------------------------------------------------- */

#define STATIC_KSPROPSETID_DirectSound3DBuffer \
    0x437b3411, 0xd060, 0x11d0, 0x85, 0x83, 0x00, 0xc0, 0x4f, 0xd9, 0xba, 0xf3
OPENKS_DEFINE_GUIDEX(KSPROPSETID_DirectSound3DBuffer);
#define KSPROPSETID_DirectSound3DBuffer KSPROPSETID_DirectSound3DBuffer

typedef enum {
    KSPROPERTY_DIRECTSOUND3DBUFFER_ALL,
    KSPROPERTY_DIRECTSOUND3DBUFFER_POSITION,
    KSPROPERTY_DIRECTSOUND3DBUFFER_VELOCITY,
    KSPROPERTY_DIRECTSOUND3DBUFFER_CONEANGLES,
    KSPROPERTY_DIRECTSOUND3DBUFFER_CONEORIENTATION,
    KSPROPERTY_DIRECTSOUND3DBUFFER_CONEOUTSIDEVOLUME,
    KSPROPERTY_DIRECTSOUND3DBUFFER_MINDISTANCE,
    KSPROPERTY_DIRECTSOUND3DBUFFER_MAXDISTANCE,
    KSPROPERTY_DIRECTSOUND3DBUFFER_MODE
} KSPROPERTY_DIRECTSOUND3DBUFFER;

typedef struct {
    DS3DVECTOR Position;
    DS3DVECTOR Velocity;
    ULONG InsideConeAngle;
    ULONG OutsideConeAngle;
    DS3DVECTOR ConeOrientation;
    LONG ConeOutsideVolume;
    FLOAT MinDistance;
    FLOAT MaxDistance;
    ULONG Mode; /* KSDSOUND_3D_MODE_* */
} KSDS3D_BUFFER_ALL, *PKSDS3D_BUFFER_ALL;

typedef struct {
    ULONG InsideConeAngle;
    ULONG OutsideConeAngle;
} KSDS3D_BUFFER_CONE_ANGLES, *PKSDS3D_BUFFER_CONE_ANGLES;

#define KSDSOUND_3D_MODE_NORMAL 0x00000000
#define KSDSOUND_3D_MODE_HEADRELATIVE 0x00000001
#define KSDSOUND_3D_MODE_DISABLE 0x00000002

/* ---- HRTF filter ------------------------------------------------------------------------------- */

typedef struct {
    ULONG Size;
    ULONG Enabled;
    WINBOOL SwapChannels;
    WINBOOL ZeroAzimuth;
    WINBOOL CrossFadeOutput;
    ULONG FilterSize;
} KSDS3D_HRTF_PARAMS_MSG, *PKSDS3D_HRTF_PARAMS_MSG;

typedef enum { FULL_FILTER, LIGHT_FILTER, KSDS3D_FILTER_QUALITY_COUNT } KSDS3D_HRTF_FILTER_QUALITY;

typedef struct {
    ULONG Size;
    KSDS3D_HRTF_FILTER_QUALITY Quality;
    FLOAT SampleRate;
    ULONG MaxFilterSize;
    ULONG FilterTransientMuteLength;
    ULONG FilterOverlapBufferLength;
    ULONG OutputOverlapBufferLength;
    ULONG Reserved;
} KSDS3D_HRTF_INIT_MSG, *PKSDS3D_HRTF_INIT_MSG;

typedef enum { FLOAT_COEFF, SHORT_COEFF, KSDS3D_COEFF_COUNT } KSDS3D_HRTF_COEFF_FORMAT;

typedef enum { DIRECT_FORM, CASCADE_FORM, KSDS3D_FILTER_METHOD_COUNT } KSDS3D_HRTF_FILTER_METHOD;

typedef enum { DS3D_HRTF_VERSION_1 } KSDS3D_HRTF_FILTER_VERSION;

typedef struct {
    KSDS3D_HRTF_FILTER_METHOD FilterMethod;
    KSDS3D_HRTF_COEFF_FORMAT CoeffFormat;
    KSDS3D_HRTF_FILTER_VERSION Version;
    ULONG Reserved;
} KSDS3D_HRTF_FILTER_FORMAT_MSG, *PKSDS3D_HRTF_FILTER_FORMAT_MSG;

#define STATIC_KSPROPSETID_Hrtf3d 0xb66decb0, 0xa083, 0x11d0, 0x85, 0x1e, 0x00, 0xc0, 0x4f, 0xd9, 0xba, 0xf3
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Hrtf3d);
#define KSPROPSETID_Hrtf3d KSPROPSETID_Hrtf3d

typedef enum {
    KSPROPERTY_HRTF3D_PARAMS = 0,
    KSPROPERTY_HRTF3D_INITIALIZE,
    KSPROPERTY_HRTF3D_FILTER_FORMAT
} KSPROPERTY_HRTF3D;

/* ---- Interaural time difference filter -------------------------------------------------------- */

typedef struct {
    LONG Channel;
    FLOAT VolSmoothScale;
    FLOAT TotalDryAttenuation;
    FLOAT TotalWetAttenuation;
    LONG SmoothFrequency;
    LONG Delay;
} KSDS3D_ITD_PARAMS, *PKSDS3D_ITD_PARAMS;

typedef struct {
    ULONG Enabled;
    KSDS3D_ITD_PARAMS LeftParams;
    KSDS3D_ITD_PARAMS RightParams;
    ULONG Reserved;
} KSDS3D_ITD_PARAMS_MSG, *PKSDS3D_ITD_PARAMS_MSG;

#define STATIC_KSPROPSETID_Itd3d 0x6429f090, 0x9fd9, 0x11d0, 0xa7, 0x5b, 0x00, 0xa0, 0xc9, 0x03, 0x65, 0xe3
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Itd3d);
#define KSPROPSETID_Itd3d KSPROPSETID_Itd3d

typedef enum { KSPROPERTY_ITD3D_PARAMS = 0 } KSPROPERTY_ITD3D;

OPENKS_END_C
