/* SPDX-License-Identifier: MIT */
/* Windows KS client code compiled as C11 through the compat headers, the way PortAudio WDM-KS code is. */

/* Some clients define format tags and the WAVEFORMATEX GUID helper themselves before the headers. */
#define WAVE_FORMAT_IEEE_FLOAT 0x0003
#define DEFINE_WAVEFORMATEX_GUID(x) (USHORT)(x), 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71
#define DYNAMIC_GUID_THUNK(l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    {                                                                 \
        l, w1, w2,                                                    \
        {                                                             \
            b1, b2, b3, b4, b5, b6, b7, b8                            \
        }                                                             \
    }
#define DYNAMIC_GUID(data) DYNAMIC_GUID_THUNK(data)

#include <initguid.h>
#include <ks.h>
#include <ksmedia.h>
#include <mmreg.h>
#include <winerror.h>
#include <winioctl.h>

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "compat_client.h"

/* Code written for older headers defines GUIDs it may lack behind a guard; the guard must see ours. */
#ifndef KSDATAFORMAT_SUBTYPE_IEEE_FLOAT
DEFINE_GUID(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT, 0x00000003, 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b,
            0x71);
#endif
#if !defined(KSPROPSETID_Pin) || !defined(STATIC_KSPROPSETID_Pin)
#error "named GUIDs are macros, as with the Windows headers"
#endif

/* HRESULT_FROM_WIN32 is usable in C constant expressions (ks-spec §6). */
_Static_assert(HRESULT_FROM_WIN32(ERROR_MORE_DATA) == (HRESULT)0x800700EA, "HRESULT_FROM_WIN32 in C");
static const HRESULT kInsufficient = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);

/* A static GUID built from a STATIC_ list the way PortAudio's DYNAMIC_GUID does. */
static const GUID kPcm = DYNAMIC_GUID(STATIC_KSDATAFORMAT_SUBTYPE_PCM);

/* The pin-create buffer PortAudio and wsaudio send: KSPIN_CONNECT + KSDATAFORMAT_WAVEFORMATEX. */
typedef struct {
    KSPIN_CONNECT Connect;
    KSDATAFORMAT_WAVEFORMATEX Format;
} PcmCreate;

static int fail(char *why, size_t n, const char *what)
{
    snprintf(why, n, "%s", what);
    return 1;
}

int openks_compat_client_c_check(char *why, size_t n)
{
    PcmCreate c;
    KSP_PIN pin;
    KSSTREAM_HEADER header;
    ULONG ioctl = IOCTL_KS_PROPERTY;
    memset(&c, 0, sizeof c);
    c.Connect.Interface.Set = KSINTERFACESETID_Standard;
    c.Connect.Interface.Id = KSINTERFACE_STANDARD_STREAMING;
    c.Connect.Medium.Set = KSMEDIUMSETID_Standard;
    c.Connect.Medium.Id = KSMEDIUM_TYPE_ANYINSTANCE;
    c.Connect.Priority.PriorityClass = KSPRIORITY_NORMAL;
    c.Format.DataFormat.FormatSize = sizeof c.Format;
    c.Format.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    c.Format.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    c.Format.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    c.Format.WaveFormatEx.wFormatTag = WAVE_FORMAT_PCM;
    c.Format.WaveFormatEx.nChannels = 2;

    memset(&pin, 0, sizeof pin);
    pin.Property.Set = KSPROPSETID_Pin;
    pin.Property.Id = KSPROPERTY_PIN_CTYPES;
    pin.Property.Flags = KSPROPERTY_TYPE_GET;

    memset(&header, 0, sizeof header);
    header.Size = sizeof header;
    header.PresentationTime.Numerator = header.PresentationTime.Denominator = 1;

    /* clients.md §1.3: the audio create buffer is 154 bytes on x64. */
    if (sizeof c.Connect + c.Format.DataFormat.FormatSize != 154)
        return fail(why, n, "KSPIN_CONNECT + KSDATAFORMAT_WAVEFORMATEX is not 154 bytes");
    if (offsetof(PcmCreate, Format) != sizeof(KSPIN_CONNECT))
        return fail(why, n, "the format does not follow KSPIN_CONNECT");
    if (c.Format.DataFormat.FormatSize != 82) return fail(why, n, "KSDATAFORMAT_WAVEFORMATEX.FormatSize is not 82");
    if (!IsEqualGUID(&c.Format.DataFormat.SubFormat, &kPcm))
        return fail(why, n, "DYNAMIC_GUID(STATIC_..._PCM) differs");
    if (sizeof pin != 32 || sizeof header != 56) return fail(why, n, "KSP_PIN / KSSTREAM_HEADER size");
    if (ioctl != 0x002F0003u || METHOD_FROM_CTL_CODE(ioctl) != METHOD_NEITHER)
        return fail(why, n, "IOCTL_KS_PROPERTY encoding");
    if (kInsufficient != (HRESULT)0x8007007A) return fail(why, n, "HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER)");
    if (sizeof(KSSTRING_Pin) != 39 * sizeof(WCHAR))
        return fail(why, n, "KSSTRING_Pin is not a 38-character UTF-16 string");
    return 0;
}
