/* SPDX-License-Identifier: MIT */
/* The encoder API parameters (ENCAPIPARAM_*, CODECAPI_*) of KS encoder filters, and tuner lock types. */
#pragma once

/*
 * Hardware encoders (KSCATEGORY_ENCODER, KSCATEGORY_MULTIPLEXER) are tuned
 * through the encoder API: each parameter is a GUID (ENCAPIPARAM_BITRATE,
 * ENCAPIPARAM_BITRATE_MODE, ...) used as a property set, its value a
 * variant.
 *
 *   VIDEOENCODER_BITRATE_MODE mode = VariableBitRateAverage;
 *
 * Valid C11 and C++20.
 */

#include <openks/ks/guid.h>

OPENKS_BEGIN_C

#ifndef __ENCODER_API_GUIDS__
#define __ENCODER_API_GUIDS__
#define STATIC_ENCAPIPARAM_BITRATE 0x49cc4c43, 0xca83, 0x4ad4, 0xa9, 0xaf, 0xf3, 0x69, 0x6a, 0xf6, 0x66, 0xdf
DEFINE_GUIDEX(ENCAPIPARAM_BITRATE);
#define STATIC_ENCAPIPARAM_PEAK_BITRATE 0x703f16a9, 0x3d48, 0x44a1, 0xb0, 0x77, 0x01, 0x8d, 0xff, 0x91, 0x5d, 0x19
DEFINE_GUIDEX(ENCAPIPARAM_PEAK_BITRATE);
#define STATIC_ENCAPIPARAM_BITRATE_MODE 0xee5fb25c, 0xc713, 0x40d1, 0x9d, 0x58, 0xc0, 0xd7, 0x24, 0x1e, 0x25, 0x0f
DEFINE_GUIDEX(ENCAPIPARAM_BITRATE_MODE);
#define STATIC_CODECAPI_CHANGELISTS 0x62b12acf, 0xf6b0, 0x47d9, 0x94, 0x56, 0x96, 0xf2, 0x2c, 0x4e, 0x0b, 0x9d
DEFINE_GUIDEX(CODECAPI_CHANGELISTS);
#define STATIC_CODECAPI_VIDEO_ENCODER 0x7112e8e1, 0x3d03, 0x47ef, 0x8e, 0x60, 0x03, 0xf1, 0xcf, 0x53, 0x73, 0x01
DEFINE_GUIDEX(CODECAPI_VIDEO_ENCODER);
#define STATIC_CODECAPI_AUDIO_ENCODER 0xb9d19a3e, 0xf897, 0x429c, 0xbc, 0x46, 0x81, 0x38, 0xb7, 0x27, 0x2b, 0x2d
DEFINE_GUIDEX(CODECAPI_AUDIO_ENCODER);
#define STATIC_CODECAPI_SETALLDEFAULTS 0x6c5e6a7c, 0xacf8, 0x4f55, 0xa9, 0x99, 0x1a, 0x62, 0x81, 0x09, 0x05, 0x1b
DEFINE_GUIDEX(CODECAPI_SETALLDEFAULTS);
#define STATIC_CODECAPI_ALLSETTINGS 0x6a577e92, 0x83e1, 0x4113, 0xad, 0xc2, 0x4f, 0xce, 0xc3, 0x2f, 0x83, 0xa1
DEFINE_GUIDEX(CODECAPI_ALLSETTINGS);
#define STATIC_CODECAPI_SUPPORTSEVENTS 0x0581af97, 0x7693, 0x4dbd, 0x9d, 0xca, 0x3f, 0x9e, 0xbd, 0x65, 0x85, 0xa1
DEFINE_GUIDEX(CODECAPI_SUPPORTSEVENTS);
#define STATIC_CODECAPI_CURRENTCHANGELIST 0x1cb14e83, 0x7d72, 0x4657, 0x83, 0xfd, 0x47, 0xa2, 0xc5, 0xb9, 0xd1, 0x3d
DEFINE_GUIDEX(CODECAPI_CURRENTCHANGELIST);
#endif

#ifndef __ENCODER_API_DEFINES__
#define __ENCODER_API_DEFINES__
typedef enum { ConstantBitRate = 0, VariableBitRateAverage, VariableBitRatePeak } VIDEOENCODER_BITRATE_MODE;
#endif

typedef enum _TunerDecoderLockType {
    Tuner_LockType_None = 0x00,
    Tuner_LockType_Within_Scan_Sensing_Range = 0x01,
    Tuner_LockType_Locked = 0x02
} TunerLockType;

OPENKS_END_C
