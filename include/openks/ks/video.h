/* SPDX-License-Identifier: MIT */
/* Video formats: video-info headers, video data formats and ranges, KS_FRAME_INFO, pin names, capture memory. */
#pragma once

/*
 * A video capture pin lists KS_DATARANGE_VIDEO ranges (296 bytes: a
 * KSDATARANGE, the stream capabilities KS_VIDEO_STREAM_CONFIG_CAPS and a
 * KS_VIDEOINFOHEADER) and is created with a KS_DATAFORMAT_VIDEOINFOHEADER
 * (64 + 88 = 152 bytes).  Reads of such a pin usually carry a KS_FRAME_INFO
 * after each KSSTREAM_HEADER (Size = 56 + 72 = 128) that returns the
 * picture number, drop count and frame flags.
 *
 *   KS_DATARANGE_VIDEO* r = ...;              // from KSPROPERTY_PIN_DATARANGES
 *   KS_DATAFORMAT_VIDEOINFOHEADER f = {0};
 *   f.DataFormat = r->DataRange;
 *   f.DataFormat.FormatSize = sizeof f;
 *   f.VideoInfoHeader = r->VideoInfoHeader;
 *   f.VideoInfoHeader.AvgTimePerFrame = 333333;   // 30 fps in 100 ns units
 *
 *   struct { KSSTREAM_HEADER h; KS_FRAME_INFO fi; } rd = {0};
 *   rd.h.Size = sizeof rd;
 *   rd.fi.ExtendedHeaderSize = sizeof rd.fi;
 *
 * Valid C11 and C++20.
 */

#include <openks/ks/dataformat.h>
#include <openks/ks/guid.h>
#include <openks/ks/identifier.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

#ifndef __REFERENCE_TIME_DEFINED
#define __REFERENCE_TIME_DEFINED
/* 100 ns units. */
typedef LONGLONG REFERENCE_TIME;
#endif

/* ---- Format GUIDs --------------------------------------------------------------------------- */

#define STATIC_KSDATAFORMAT_TYPE_VIDEO 0x73646976, 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_TYPE_VIDEO);
#define KSDATAFORMAT_TYPE_VIDEO KSDATAFORMAT_TYPE_VIDEO
#define STATIC_KSDATAFORMAT_SPECIFIER_VIDEOINFO \
    0x05589f80, 0xc356, 0x11ce, 0xbf, 0x01, 0x00, 0xaa, 0x00, 0x55, 0x59, 0x5a
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SPECIFIER_VIDEOINFO);
#define KSDATAFORMAT_SPECIFIER_VIDEOINFO KSDATAFORMAT_SPECIFIER_VIDEOINFO
#define STATIC_KSDATAFORMAT_SPECIFIER_VIDEOINFO2 \
    0xf72a76a0, 0xeb0a, 0x11d0, 0xac, 0xe4, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SPECIFIER_VIDEOINFO2);
#define KSDATAFORMAT_SPECIFIER_VIDEOINFO2 KSDATAFORMAT_SPECIFIER_VIDEOINFO2
#define STATIC_KSDATAFORMAT_TYPE_ANALOGVIDEO 0x0482dde1, 0x7817, 0x11cf, 0x8a, 0x03, 0x00, 0xaa, 0x00, 0x6e, 0xcb, 0x65
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_TYPE_ANALOGVIDEO);
#define KSDATAFORMAT_TYPE_ANALOGVIDEO KSDATAFORMAT_TYPE_ANALOGVIDEO
#define STATIC_KSDATAFORMAT_SPECIFIER_ANALOGVIDEO \
    0x0482dde0, 0x7817, 0x11cf, 0x8a, 0x03, 0x00, 0xaa, 0x00, 0x6e, 0xcb, 0x65
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SPECIFIER_ANALOGVIDEO);
#define KSDATAFORMAT_SPECIFIER_ANALOGVIDEO KSDATAFORMAT_SPECIFIER_ANALOGVIDEO
#define STATIC_KSDATAFORMAT_TYPE_ANALOGAUDIO 0x0482dee1, 0x7817, 0x11cf, 0x8a, 0x03, 0x00, 0xaa, 0x00, 0x6e, 0xcb, 0x65
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_TYPE_ANALOGAUDIO);
#define KSDATAFORMAT_TYPE_ANALOGAUDIO KSDATAFORMAT_TYPE_ANALOGAUDIO
#define STATIC_KSDATAFORMAT_SUBTYPE_VPVideo 0x5a9b6a40, 0x1a22, 0x11d1, 0xba, 0xd9, 0x00, 0x60, 0x97, 0x44, 0x11, 0x1a
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_VPVideo);
#define KSDATAFORMAT_SUBTYPE_VPVideo KSDATAFORMAT_SUBTYPE_VPVideo
#define STATIC_KSDATAFORMAT_SUBTYPE_VPVBI 0x5a9b6a41, 0x1a22, 0x11d1, 0xba, 0xd9, 0x00, 0x60, 0x97, 0x44, 0x11, 0x1a
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_VPVBI);
#define KSDATAFORMAT_SUBTYPE_VPVBI KSDATAFORMAT_SUBTYPE_VPVBI
#define STATIC_KSDATAFORMAT_SUBTYPE_OVERLAY 0xe436eb7f, 0x524f, 0x11ce, 0x9f, 0x53, 0x00, 0x20, 0xaf, 0x0b, 0xa7, 0x70
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_OVERLAY);
#define KSDATAFORMAT_SUBTYPE_OVERLAY KSDATAFORMAT_SUBTYPE_OVERLAY
/* Sub-format GUIDs of common uncompressed formats (the DirectShow media subtypes). */
#define STATIC_KSDATAFORMAT_SUBTYPE_RGB24 0xe436eb7d, 0x524f, 0x11ce, 0x9f, 0x53, 0x00, 0x20, 0xaf, 0x0b, 0xa7, 0x70
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_RGB24);
#define KSDATAFORMAT_SUBTYPE_RGB24 KSDATAFORMAT_SUBTYPE_RGB24
#define STATIC_KSDATAFORMAT_SUBTYPE_YUY2 0x32595559, 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_YUY2);
#define KSDATAFORMAT_SUBTYPE_YUY2 KSDATAFORMAT_SUBTYPE_YUY2

/* ---- Bitmaps -------------------------------------------------------------------------------- */

#define KS_BI_RGB 0
#define KS_BI_RLE8 1
#define KS_BI_RLE4 2
#define KS_BI_BITFIELDS 3

typedef struct tagKS_RGBQUAD {
    BYTE rgbBlue;
    BYTE rgbGreen;
    BYTE rgbRed;
    BYTE rgbReserved;
} KS_RGBQUAD, *PKS_RGBQUAD;

#define KS_iPALETTE_COLORS 256
#define KS_iEGA_COLORS 16
#define KS_iMASK_COLORS 3
#define KS_iTRUECOLOR 16
#define KS_iRED 0
#define KS_iGREEN 1
#define KS_iBLUE 2
#define KS_iPALETTE 8
#define KS_iMAXBITS 8
#define KS_SIZE_EGA_PALETTE (KS_iEGA_COLORS * sizeof(KS_RGBQUAD))
#define KS_SIZE_PALETTE (KS_iPALETTE_COLORS * sizeof(KS_RGBQUAD))

typedef struct tagKS_BITMAPINFOHEADER {
    DWORD biSize;
    LONG biWidth;
    LONG biHeight; /* positive: bottom-up; negative: top-down */
    WORD biPlanes;
    WORD biBitCount;
    DWORD biCompression; /* KS_BI_* or a FourCC */
    DWORD biSizeImage;
    LONG biXPelsPerMeter;
    LONG biYPelsPerMeter;
    DWORD biClrUsed;
    DWORD biClrImportant;
} KS_BITMAPINFOHEADER, *PKS_BITMAPINFOHEADER;

typedef struct tag_KS_TRUECOLORINFO {
    DWORD dwBitMasks[KS_iMASK_COLORS];
    KS_RGBQUAD bmiColors[KS_iPALETTE_COLORS];
} KS_TRUECOLORINFO, *PKS_TRUECOLORINFO;

#define KS_WIDTHBYTES(bits) ((DWORD)(((bits) + 31) & (~31)) / 8)
#define KS_DIBWIDTHBYTES(bi) (DWORD) KS_WIDTHBYTES((DWORD)(bi).biWidth *(DWORD)(bi).biBitCount)
#define KS__DIBSIZE(bi) (KS_DIBWIDTHBYTES(bi) * (DWORD)(bi).biHeight)
#define KS_DIBSIZE(bi) ((bi).biHeight < 0 ? (-1) * (KS__DIBSIZE(bi)) : KS__DIBSIZE(bi))

/* ---- Video info headers (the specifier structures) ------------------------------------------- */

typedef struct tagKS_VIDEOINFOHEADER {
    RECT rcSource;
    RECT rcTarget;
    DWORD dwBitRate;
    DWORD dwBitErrorRate;
    REFERENCE_TIME AvgTimePerFrame;
    KS_BITMAPINFOHEADER bmiHeader;
} KS_VIDEOINFOHEADER, *PKS_VIDEOINFOHEADER;

typedef struct tagKS_VIDEOINFO {
    RECT rcSource;
    RECT rcTarget;
    DWORD dwBitRate;
    DWORD dwBitErrorRate;
    REFERENCE_TIME AvgTimePerFrame;
    KS_BITMAPINFOHEADER bmiHeader;
    union {
        KS_RGBQUAD bmiColors[KS_iPALETTE_COLORS];
        DWORD dwBitMasks[KS_iMASK_COLORS];
        KS_TRUECOLORINFO TrueColorInfo;
    };
} KS_VIDEOINFO, *PKS_VIDEOINFO;

#define KS_SIZE_MASKS (KS_iMASK_COLORS * sizeof(DWORD))
#define KS_SIZE_PREHEADER (FIELD_OFFSET(KS_VIDEOINFOHEADER, bmiHeader))
#define KS_SIZE_VIDEOHEADER(pbmi) ((pbmi)->bmiHeader.biSize + KS_SIZE_PREHEADER)

typedef struct tagKS_AnalogVideoInfo {
    RECT rcSource;
    RECT rcTarget;
    DWORD dwActiveWidth;
    DWORD dwActiveHeight;
    REFERENCE_TIME AvgTimePerFrame;
} KS_ANALOGVIDEOINFO, *PKS_ANALOGVIDEOINFO;

#define KS_TVTUNER_CHANGE_BEGIN_TUNE 0x0001
#define KS_TVTUNER_CHANGE_END_TUNE 0x0002

typedef struct tagKS_TVTUNER_CHANGE_INFO {
    DWORD dwFlags;
    DWORD dwCountryCode;
    DWORD dwAnalogVideoStandard;
    DWORD dwChannel;
} KS_TVTUNER_CHANGE_INFO, *PKS_TVTUNER_CHANGE_INFO;

typedef enum { KS_MPEG2Level_Low, KS_MPEG2Level_Main, KS_MPEG2Level_High1440, KS_MPEG2Level_High } KS_MPEG2Level;

typedef enum {
    KS_MPEG2Profile_Simple,
    KS_MPEG2Profile_Main,
    KS_MPEG2Profile_SNRScalable,
    KS_MPEG2Profile_SpatiallyScalable,
    KS_MPEG2Profile_High
} KS_MPEG2Profile;

/* KS_VIDEOINFOHEADER2.dwInterlaceFlags */
#define KS_INTERLACE_IsInterlaced 0x00000001
#define KS_INTERLACE_1FieldPerSample 0x00000002
#define KS_INTERLACE_Field1First 0x00000004
#define KS_INTERLACE_UNUSED 0x00000008
#define KS_INTERLACE_FieldPatternMask 0x00000030
#define KS_INTERLACE_FieldPatField1Only 0x00000000
#define KS_INTERLACE_FieldPatField2Only 0x00000010
#define KS_INTERLACE_FieldPatBothRegular 0x00000020
#define KS_INTERLACE_FieldPatBothIrregular 0x00000030
#define KS_INTERLACE_DisplayModeMask 0x000000c0
#define KS_INTERLACE_DisplayModeBobOnly 0x00000000
#define KS_INTERLACE_DisplayModeWeaveOnly 0x00000040
#define KS_INTERLACE_DisplayModeBobOrWeave 0x00000080

/* KS_MPEGVIDEOINFO2.dwFlags */
#define KS_MPEG2_DoPanScan 0x00000001
#define KS_MPEG2_DVDLine21Field1 0x00000002
#define KS_MPEG2_DVDLine21Field2 0x00000004
#define KS_MPEG2_SourceIsLetterboxed 0x00000008
#define KS_MPEG2_FilmCameraMode 0x00000010
#define KS_MPEG2_LetterboxAnalogOut 0x00000020
#define KS_MPEG2_DSS_UserData 0x00000040
#define KS_MPEG2_DVB_UserData 0x00000080
#define KS_MPEG2_27MhzTimebase 0x00000100

typedef struct tagKS_VIDEOINFOHEADER2 {
    RECT rcSource;
    RECT rcTarget;
    DWORD dwBitRate;
    DWORD dwBitErrorRate;
    REFERENCE_TIME AvgTimePerFrame;
    DWORD dwInterlaceFlags; /* KS_INTERLACE_* */
    DWORD dwCopyProtectFlags;
    DWORD dwPictAspectRatioX;
    DWORD dwPictAspectRatioY;
    union {
        DWORD dwControlFlags;
        DWORD dwReserved1;
    };
    DWORD dwReserved2;
    KS_BITMAPINFOHEADER bmiHeader;
} KS_VIDEOINFOHEADER2, *PKS_VIDEOINFOHEADER2;

/* KS_VIDEOINFOHEADER2.dwControlFlags */
#define KS_AMCONTROL_USED 0x00000001
#define KS_AMCONTROL_PAD_TO_4x3 0x00000002
#define KS_AMCONTROL_PAD_TO_16x9 0x00000004

typedef struct tagKS_MPEG1VIDEOINFO {
    KS_VIDEOINFOHEADER hdr;
    DWORD dwStartTimeCode;
    DWORD cbSequenceHeader;
    BYTE bSequenceHeader[1];
} KS_MPEG1VIDEOINFO, *PKS_MPEG1VIDEOINFO;

#define KS_MAX_SIZE_MPEG1_SEQUENCE_INFO 140
#define KS_SIZE_MPEG1VIDEOINFO(pv) (FIELD_OFFSET(KS_MPEG1VIDEOINFO, bSequenceHeader[0]) + (pv)->cbSequenceHeader)
#define KS_MPEG1_SEQUENCE_INFO(pv) ((const BYTE *)(pv)->bSequenceHeader)

typedef struct tagKS_MPEGVIDEOINFO2 {
    KS_VIDEOINFOHEADER2 hdr;
    DWORD dwStartTimeCode;
    DWORD cbSequenceHeader;
    DWORD dwProfile; /* KS_MPEG2Profile */
    DWORD dwLevel;   /* KS_MPEG2Level */
    DWORD dwFlags;   /* KS_MPEG2_* */
    DWORD bSequenceHeader[1];
} KS_MPEGVIDEOINFO2, *PKS_MPEGVIDEOINFO2;

#define KS_SIZE_MPEGVIDEOINFO2(pv) (FIELD_OFFSET(KS_MPEGVIDEOINFO2, bSequenceHeader[0]) + (pv)->cbSequenceHeader)

#define KS_MPEGAUDIOINFO_27MhzTimebase 0x00000001

typedef struct tagKS_MPEAUDIOINFO {
    DWORD dwFlags;
    DWORD dwReserved1;
    DWORD dwReserved2;
    DWORD dwReserved3;
} KS_MPEGAUDIOINFO, *PKS_MPEGAUDIOINFO;

/* ---- VBI info header (KSDATAFORMAT_SPECIFIER_VBI) --------------------------------------------- */

typedef struct tagKS_VBIINFOHEADER {
    ULONG StartLine;
    ULONG EndLine;
    ULONG SamplingFrequency;
    ULONG MinLineStartTime;
    ULONG MaxLineStartTime;
    ULONG ActualLineStartTime;
    ULONG ActualLineEndTime;
    ULONG VideoStandard;
    ULONG SamplesPerLine;
    ULONG StrideInBytes;
    ULONG BufferSize;
} KS_VBIINFOHEADER, *PKS_VBIINFOHEADER;

#define KS_VBIDATARATE_NABTS (5727272)
#define KS_VBIDATARATE_CC (503493)
#define KS_VBISAMPLINGRATE_4X_NABTS ((LONG)(4 * KS_VBIDATARATE_NABTS))
#define KS_VBISAMPLINGRATE_47X_NABTS (27000000)
#define KS_VBISAMPLINGRATE_5X_NABTS ((LONG)(5 * KS_VBIDATARATE_NABTS))
#define KS_47NABTS_SCALER (KS_VBISAMPLINGRATE_47X_NABTS / (double)KS_VBIDATARATE_NABTS)

/* ---- KS data formats with video specifiers ---------------------------------------------------- */

typedef struct tagKS_DATAFORMAT_VIDEOINFOHEADER {
    KSDATAFORMAT DataFormat;
    KS_VIDEOINFOHEADER VideoInfoHeader;
} KS_DATAFORMAT_VIDEOINFOHEADER, *PKS_DATAFORMAT_VIDEOINFOHEADER;

typedef struct tagKS_DATAFORMAT_VIDEOINFOHEADER2 {
    KSDATAFORMAT DataFormat;
    KS_VIDEOINFOHEADER2 VideoInfoHeader2;
} KS_DATAFORMAT_VIDEOINFOHEADER2, *PKS_DATAFORMAT_VIDEOINFOHEADER2;

typedef struct tagKS_DATAFORMAT_VIDEOINFO_PALETTE {
    KSDATAFORMAT DataFormat;
    KS_VIDEOINFO VideoInfo;
} KS_DATAFORMAT_VIDEOINFO_PALETTE, *PKS_DATAFORMAT_VIDEOINFO_PALETTE;

typedef struct tagKS_DATAFORMAT_VBIINFOHEADER {
    KSDATAFORMAT DataFormat;
    KS_VBIINFOHEADER VBIInfoHeader;
} KS_DATAFORMAT_VBIINFOHEADER, *PKS_DATAFORMAT_VBIINFOHEADER;

/* What a video stream can do: sizes, cropping, scaling, frame intervals and bit rates. */
typedef struct _KS_VIDEO_STREAM_CONFIG_CAPS {
    GUID guid; /* the specifier, e.g. KSDATAFORMAT_SPECIFIER_VIDEOINFO */
    ULONG VideoStandard;
    SIZE InputSize;
    SIZE MinCroppingSize;
    SIZE MaxCroppingSize;
    int CropGranularityX;
    int CropGranularityY;
    int CropAlignX;
    int CropAlignY;
    SIZE MinOutputSize;
    SIZE MaxOutputSize;
    int OutputGranularityX;
    int OutputGranularityY;
    int StretchTapsX;
    int StretchTapsY;
    int ShrinkTapsX;
    int ShrinkTapsY;
    LONGLONG MinFrameInterval; /* 100 ns units */
    LONGLONG MaxFrameInterval;
    LONG MinBitsPerSecond;
    LONG MaxBitsPerSecond;
} KS_VIDEO_STREAM_CONFIG_CAPS, *PKS_VIDEO_STREAM_CONFIG_CAPS;

typedef struct tagKS_DATARANGE_VIDEO {
    KSDATARANGE DataRange;
    WINBOOL bFixedSizeSamples;
    WINBOOL bTemporalCompression;
    DWORD StreamDescriptionFlags; /* KS_VIDEOSTREAM_* */
    DWORD MemoryAllocationFlags;  /* KS_VIDEO_ALLOC_* */
    KS_VIDEO_STREAM_CONFIG_CAPS ConfigCaps;
    KS_VIDEOINFOHEADER VideoInfoHeader;
} KS_DATARANGE_VIDEO, *PKS_DATARANGE_VIDEO;

typedef struct tagKS_DATARANGE_VIDEO2 {
    KSDATARANGE DataRange;
    WINBOOL bFixedSizeSamples;
    WINBOOL bTemporalCompression;
    DWORD StreamDescriptionFlags;
    DWORD MemoryAllocationFlags;
    KS_VIDEO_STREAM_CONFIG_CAPS ConfigCaps;
    KS_VIDEOINFOHEADER2 VideoInfoHeader;
} KS_DATARANGE_VIDEO2, *PKS_DATARANGE_VIDEO2;

typedef struct tagKS_DATARANGE_MPEG1_VIDEO {
    KSDATARANGE DataRange;
    WINBOOL bFixedSizeSamples;
    WINBOOL bTemporalCompression;
    DWORD StreamDescriptionFlags;
    DWORD MemoryAllocationFlags;
    KS_VIDEO_STREAM_CONFIG_CAPS ConfigCaps;
    KS_MPEG1VIDEOINFO VideoInfoHeader;
} KS_DATARANGE_MPEG1_VIDEO, *PKS_DATARANGE_MPEG1_VIDEO;

typedef struct tagKS_DATARANGE_MPEG2_VIDEO {
    KSDATARANGE DataRange;
    WINBOOL bFixedSizeSamples;
    WINBOOL bTemporalCompression;
    DWORD StreamDescriptionFlags;
    DWORD MemoryAllocationFlags;
    KS_VIDEO_STREAM_CONFIG_CAPS ConfigCaps;
    KS_MPEGVIDEOINFO2 VideoInfoHeader;
} KS_DATARANGE_MPEG2_VIDEO, *PKS_DATARANGE_MPEG2_VIDEO;

typedef struct tagKS_DATARANGE_VIDEO_PALETTE {
    KSDATARANGE DataRange;
    WINBOOL bFixedSizeSamples;
    WINBOOL bTemporalCompression;
    DWORD StreamDescriptionFlags;
    DWORD MemoryAllocationFlags;
    KS_VIDEO_STREAM_CONFIG_CAPS ConfigCaps;
    KS_VIDEOINFO VideoInfo;
} KS_DATARANGE_VIDEO_PALETTE, *PKS_DATARANGE_VIDEO_PALETTE;

typedef struct tagKS_DATARANGE_VIDEO_VBI {
    KSDATARANGE DataRange;
    WINBOOL bFixedSizeSamples;
    WINBOOL bTemporalCompression;
    DWORD StreamDescriptionFlags;
    DWORD MemoryAllocationFlags;
    KS_VIDEO_STREAM_CONFIG_CAPS ConfigCaps;
    KS_VBIINFOHEADER VBIInfoHeader;
} KS_DATARANGE_VIDEO_VBI, *PKS_DATARANGE_VIDEO_VBI;

typedef struct tagKS_DATARANGE_ANALOGVIDEO {
    KSDATARANGE DataRange;
    KS_ANALOGVIDEOINFO AnalogVideoInfo;
} KS_DATARANGE_ANALOGVIDEO, *PKS_DATARANGE_ANALOGVIDEO;

/* KS_DATARANGE_VIDEO.StreamDescriptionFlags */
#define KS_VIDEOSTREAM_PREVIEW 0x0001
#define KS_VIDEOSTREAM_CAPTURE 0x0002
#define KS_VIDEOSTREAM_VBI 0x0010
#define KS_VIDEOSTREAM_NABTS 0x0020
#define KS_VIDEOSTREAM_CC 0x0100
#define KS_VIDEOSTREAM_EDS 0x0200
#define KS_VIDEOSTREAM_TELETEXT 0x0400
#define KS_VIDEOSTREAM_STILL 0x1000
#define KS_VIDEOSTREAM_IS_VPE 0x8000

/* KS_DATARANGE_VIDEO.MemoryAllocationFlags */
#define KS_VIDEO_ALLOC_VPE_SYSTEM 0x0001
#define KS_VIDEO_ALLOC_VPE_DISPLAY 0x0002
#define KS_VIDEO_ALLOC_VPE_AGP 0x0004

/* ---- Pin names (KSPROPERTY_PIN_NAME / CATEGORY of video pins) ---------------------------------- */

#define STATIC_PINNAME_VIDEO_CAPTURE 0xfb6c4281, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_CAPTURE);
#define PINNAME_VIDEO_CAPTURE PINNAME_VIDEO_CAPTURE
#define STATIC_PINNAME_CAPTURE 0xfb6c4281, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_CAPTURE);
#define PINNAME_CAPTURE PINNAME_CAPTURE
#define STATIC_PINNAME_VIDEO_CC_CAPTURE 0x1aad8061, 0x012d, 0x11d2, 0xb4, 0xb1, 0x00, 0xa0, 0xd1, 0x02, 0xcf, 0xbe
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_CC_CAPTURE);
#define PINNAME_VIDEO_CC_CAPTURE PINNAME_VIDEO_CC_CAPTURE
#define STATIC_PINNAME_CC_CAPTURE 0x1aad8061, 0x012d, 0x11d2, 0xb4, 0xb1, 0x00, 0xa0, 0xd1, 0x02, 0xcf, 0xbe
OPENKS_DEFINE_GUIDEX(PINNAME_CC_CAPTURE);
#define PINNAME_CC_CAPTURE PINNAME_CC_CAPTURE
#define STATIC_PINNAME_VIDEO_NABTS_CAPTURE 0x29703660, 0x498a, 0x11d2, 0xb4, 0xb1, 0x00, 0xa0, 0xd1, 0x02, 0xcf, 0xbe
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_NABTS_CAPTURE);
#define PINNAME_VIDEO_NABTS_CAPTURE PINNAME_VIDEO_NABTS_CAPTURE
#define STATIC_PINNAME_NABTS_CAPTURE 0x29703660, 0x498a, 0x11d2, 0xb4, 0xb1, 0x00, 0xa0, 0xd1, 0x02, 0xcf, 0xbe
OPENKS_DEFINE_GUIDEX(PINNAME_NABTS_CAPTURE);
#define PINNAME_NABTS_CAPTURE PINNAME_NABTS_CAPTURE
#define STATIC_PINNAME_VIDEO_PREVIEW 0xfb6c4282, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_PREVIEW);
#define PINNAME_VIDEO_PREVIEW PINNAME_VIDEO_PREVIEW
#define STATIC_PINNAME_PREVIEW 0xfb6c4282, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_PREVIEW);
#define PINNAME_PREVIEW PINNAME_PREVIEW
#define STATIC_PINNAME_VIDEO_ANALOGVIDEOIN 0xfb6c4283, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_ANALOGVIDEOIN);
#define PINNAME_VIDEO_ANALOGVIDEOIN PINNAME_VIDEO_ANALOGVIDEOIN
#define STATIC_PINNAME_VIDEO_VBI 0xfb6c4284, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_VBI);
#define PINNAME_VIDEO_VBI PINNAME_VIDEO_VBI
#define STATIC_PINNAME_VIDEO_VIDEOPORT 0xfb6c4285, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_VIDEOPORT);
#define PINNAME_VIDEO_VIDEOPORT PINNAME_VIDEO_VIDEOPORT
#define STATIC_PINNAME_VIDEO_NABTS 0xfb6c4286, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_NABTS);
#define PINNAME_VIDEO_NABTS PINNAME_VIDEO_NABTS
#define STATIC_PINNAME_VIDEO_EDS 0xfb6c4287, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_EDS);
#define PINNAME_VIDEO_EDS PINNAME_VIDEO_EDS
#define STATIC_PINNAME_VIDEO_TELETEXT 0xfb6c4288, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_TELETEXT);
#define PINNAME_VIDEO_TELETEXT PINNAME_VIDEO_TELETEXT
#define STATIC_PINNAME_VIDEO_CC 0xfb6c4289, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_CC);
#define PINNAME_VIDEO_CC PINNAME_VIDEO_CC
#define STATIC_PINNAME_VIDEO_STILL 0xfb6c428a, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_STILL);
#define PINNAME_VIDEO_STILL PINNAME_VIDEO_STILL
#define STATIC_PINNAME_VIDEO_TIMECODE 0xfb6c428b, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_TIMECODE);
#define PINNAME_VIDEO_TIMECODE PINNAME_VIDEO_TIMECODE
#define STATIC_PINNAME_VIDEO_VIDEOPORT_VBI 0xfb6c428c, 0x0353, 0x11d1, 0x90, 0x5f, 0x00, 0x00, 0xc0, 0xcc, 0x16, 0xba
OPENKS_DEFINE_GUIDEX(PINNAME_VIDEO_VIDEOPORT_VBI);
#define PINNAME_VIDEO_VIDEOPORT_VBI PINNAME_VIDEO_VIDEOPORT_VBI

/* ---- Capture memory ------------------------------------------------------------------------------ */

typedef enum {
    KS_CAPTURE_ALLOC_INVALID = 0,
    KS_CAPTURE_ALLOC_SYSTEM = 0x0001,
    KS_CAPTURE_ALLOC_VRAM = 0x0002,
    KS_CAPTURE_ALLOC_SYSTEM_AGP = 0x0004,
    KS_CAPTURE_ALLOC_VRAM_MAPPED = 0x0008
} CAPTURE_MEMORY_ALLOCATION_FLAGS,
    *PCAPTURE_MEMORY_ALLOCATION_FLAGS;

#define STATIC_KSPROPSETID_VramCapture 0xe73face3, 0x2880, 0x4902, 0xb7, 0x99, 0x88, 0xd0, 0xcd, 0x63, 0x4e, 0x0f
OPENKS_DEFINE_GUIDEX(KSPROPSETID_VramCapture);
#define KSPROPSETID_VramCapture KSPROPSETID_VramCapture

typedef enum {
    KSPROPERTY_DISPLAY_ADAPTER_GUID = 1,
    KSPROPERTY_PREFERRED_CAPTURE_SURFACE,
    KSPROPERTY_CURRENT_CAPTURE_SURFACE,
    KSPROPERTY_MAP_CAPTURE_HANDLE_TO_VRAM_ADDRESS
} KSPROPERTY_VIDMEM_TRANSPORT;

/* What KSSTREAM_HEADER.Data points to with KSSTREAM_HEADER_OPTIONSF_VRAM_DATA_TRANSFER. */
typedef struct {
    UINT_PTR hSurface;
    LONGLONG VramPhysicalAddress;
    DWORD cbCaptured;
    DWORD dwWidth;
    DWORD dwHeight;
    DWORD dwLinearSize;
    LONG lPitch;
    ULONGLONG ullReserved[16];
} VRAM_SURFACE_INFO, *PVRAM_SURFACE_INFO;

typedef struct {
    KSPROPERTY Property;
    PVRAM_SURFACE_INFO pVramSurfaceInfo;
} VRAM_SURFACE_INFO_PROPERTY_S, *PVRAM_SURFACE_INFO_PROPERTY_S;

/* ---- Per-frame information after the stream header --------------------------------------------- */

/* KS_FRAME_INFO.dwFrameFlags */
#define KS_VIDEO_FLAG_FRAME 0x0000
#define KS_VIDEO_FLAG_FIELD1 0x0001
#define KS_VIDEO_FLAG_FIELD2 0x0002
#define KS_VIDEO_FLAG_I_FRAME 0x0000
#define KS_VIDEO_FLAG_P_FRAME 0x0010
#define KS_VIDEO_FLAG_B_FRAME 0x0020
#define KS_VIDEO_FLAG_IPB_MASK 0x0030
#define KS_VIDEO_FLAG_REPEAT_FIELD 0x0040
#define KS_VIDEO_FLAG_WEAVE 0x0008

/*
 * Follows a KSSTREAM_HEADER on video pins (KSSTREAM_HEADER_OPTIONSF_FRAMEINFO).
 * Newer SDKs overlay lSurfacePitch on Reserved1 and FrameCompletionNumber on
 * Reserved3/Reserved4; the layout is unchanged.
 */
typedef struct tagKS_FRAME_INFO {
    ULONG ExtendedHeaderSize; /* sizeof(KS_FRAME_INFO) */
    DWORD dwFrameFlags;       /* KS_VIDEO_FLAG_* */
    LONGLONG PictureNumber;
    LONGLONG DropCount;
    HANDLE hDirectDraw;
    HANDLE hSurfaceHandle;
    RECT DirectDrawRect;
    union {
        LONG lSurfacePitch;
        DWORD Reserved1;
    };
    DWORD Reserved2;
    union {
        struct {
            DWORD Reserved3;
            DWORD Reserved4;
        };
        ULONGLONG FrameCompletionNumber;
    };
} KS_FRAME_INFO, *PKS_FRAME_INFO;

/* KS_VBI_FRAME_INFO.dwFrameFlags */
#define KS_VBI_FLAG_FIELD1 0x0001
#define KS_VBI_FLAG_FIELD2 0x0002
#define KS_VBI_FLAG_MV_PRESENT 0x0100
#define KS_VBI_FLAG_MV_HARDWARE 0x0200
#define KS_VBI_FLAG_MV_DETECTED 0x0400
#define KS_VBI_FLAG_TVTUNER_CHANGE 0x0010
#define KS_VBI_FLAG_VBIINFOHEADER_CHANGE 0x0020

typedef struct tagKS_VBI_FRAME_INFO {
    ULONG ExtendedHeaderSize;
    DWORD dwFrameFlags;
    LONGLONG PictureNumber;
    LONGLONG DropCount;
    DWORD dwSamplingFrequency;
    KS_TVTUNER_CHANGE_INFO TvTunerChangeInfo;
    KS_VBIINFOHEADER VBIInfoHeader;
} KS_VBI_FRAME_INFO, *PKS_VBI_FRAME_INFO;

/* ---- Analog video standards ----------------------------------------------------------------------- */

typedef enum {
    KS_AnalogVideo_None = 0x00000000,
    KS_AnalogVideo_NTSC_M = 0x00000001,
    KS_AnalogVideo_NTSC_M_J = 0x00000002,
    KS_AnalogVideo_NTSC_433 = 0x00000004,
    KS_AnalogVideo_PAL_B = 0x00000010,
    KS_AnalogVideo_PAL_D = 0x00000020,
    KS_AnalogVideo_PAL_G = 0x00000040,
    KS_AnalogVideo_PAL_H = 0x00000080,
    KS_AnalogVideo_PAL_I = 0x00000100,
    KS_AnalogVideo_PAL_M = 0x00000200,
    KS_AnalogVideo_PAL_N = 0x00000400,
    KS_AnalogVideo_PAL_60 = 0x00000800,
    KS_AnalogVideo_SECAM_B = 0x00001000,
    KS_AnalogVideo_SECAM_D = 0x00002000,
    KS_AnalogVideo_SECAM_G = 0x00004000,
    KS_AnalogVideo_SECAM_H = 0x00008000,
    KS_AnalogVideo_SECAM_K = 0x00010000,
    KS_AnalogVideo_SECAM_K1 = 0x00020000,
    KS_AnalogVideo_SECAM_L = 0x00040000,
    KS_AnalogVideo_SECAM_L1 = 0x00080000,
    KS_AnalogVideo_PAL_N_COMBO = 0x00100000
} KS_AnalogVideoStandard;

#define KS_AnalogVideo_NTSC_Mask 0x00000007
#define KS_AnalogVideo_PAL_Mask 0x00100FF0
#define KS_AnalogVideo_SECAM_Mask 0x000FF000

OPENKS_STATIC_ASSERT(sizeof(KS_BITMAPINFOHEADER) == 40, "KS_BITMAPINFOHEADER layout");
OPENKS_STATIC_ASSERT(sizeof(KS_VIDEOINFOHEADER) == 88, "KS_VIDEOINFOHEADER layout");
OPENKS_STATIC_ASSERT(sizeof(KS_DATAFORMAT_VIDEOINFOHEADER) == 152, "KS_DATAFORMAT_VIDEOINFOHEADER layout");
OPENKS_STATIC_ASSERT(sizeof(KS_VIDEO_STREAM_CONFIG_CAPS) == 128, "KS_VIDEO_STREAM_CONFIG_CAPS layout");
OPENKS_STATIC_ASSERT(sizeof(KS_DATARANGE_VIDEO) == 296, "KS_DATARANGE_VIDEO layout");
OPENKS_STATIC_ASSERT(sizeof(KS_FRAME_INFO) == 72, "KS_FRAME_INFO layout");

OPENKS_END_C
