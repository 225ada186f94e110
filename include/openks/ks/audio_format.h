/* SPDX-License-Identifier: MIT */
/* Audio formats: WAVEFORMATEX(TENSIBLE), WAVE_FORMAT_* tags, speaker positions, KS audio formats and ranges. */
#pragma once

/*
 * A KS audio pin is created with a KSDATAFORMAT_WAVEFORMATEX (64-byte KS
 * header + 18-byte WAVEFORMATEX, byte-packed: 82 bytes) or, for more than
 * two channels or more than 16 bits, a KSDATAFORMAT_WAVEFORMATEXTENSIBLE
 * (64 + 40 = 104 bytes).  Audio pins describe what they accept with
 * KSDATARANGE_AUDIO (88 bytes).
 *
 *   KSDATAFORMAT_WAVEFORMATEX f = {0};
 *   f.DataFormat.FormatSize = sizeof f;
 *   f.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
 *   f.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
 *   f.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
 *   f.WaveFormatEx.wFormatTag = WAVE_FORMAT_PCM;
 *   f.WaveFormatEx.nChannels = 2;
 *   f.WaveFormatEx.nSamplesPerSec = 48000;
 *   f.WaveFormatEx.wBitsPerSample = 16;
 *   f.WaveFormatEx.nBlockAlign = 4;
 *   f.WaveFormatEx.nAvgBytesPerSec = 48000 * 4;
 *   f.DataFormat.SampleSize = f.WaveFormatEx.nBlockAlign;
 *
 * The KSDATAFORMAT_SUBTYPE_* GUID of a WAVE_FORMAT_* tag is
 * DEFINE_WAVEFORMATEX_GUID(tag).  Tags and structures keep their Windows
 * guard macros (_WAVEFORMATEX_, _WAVEFORMATEXTENSIBLE_, _SPEAKER_POSITIONS_)
 * so sources that define some of them first still compile.  Valid C11 and
 * C++20.
 */

#include <openks/ks/dataformat.h>
#include <openks/ks/guid.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

/* ---- Wave format structures (byte-packed, as in mmsystem.h / mmreg.h) ------------------------ */

#pragma pack(push, 1)

typedef struct waveformat_tag {
    WORD wFormatTag;
    WORD nChannels;
    DWORD nSamplesPerSec;
    DWORD nAvgBytesPerSec;
    WORD nBlockAlign;
} WAVEFORMAT, *PWAVEFORMAT, *NPWAVEFORMAT, *LPWAVEFORMAT;

typedef struct pcmwaveformat_tag {
    WAVEFORMAT wf;
    WORD wBitsPerSample;
} PCMWAVEFORMAT, *PPCMWAVEFORMAT, *NPPCMWAVEFORMAT, *LPPCMWAVEFORMAT;

#ifndef _WAVEFORMATEX_
#define _WAVEFORMATEX_
typedef struct tWAVEFORMATEX {
    WORD wFormatTag; /* WAVE_FORMAT_* */
    WORD nChannels;
    DWORD nSamplesPerSec;
    DWORD nAvgBytesPerSec; /* nSamplesPerSec * nBlockAlign */
    WORD nBlockAlign;      /* bytes per frame */
    WORD wBitsPerSample;
    WORD cbSize; /* bytes of format-specific data after this structure */
} WAVEFORMATEX, *PWAVEFORMATEX, *NPWAVEFORMATEX, *LPWAVEFORMATEX;
#endif
typedef const WAVEFORMATEX *LPCWAVEFORMATEX;

#ifndef _WAVEFORMATEXTENSIBLE_
#define _WAVEFORMATEXTENSIBLE_
typedef struct {
    WAVEFORMATEX Format; /* wFormatTag = WAVE_FORMAT_EXTENSIBLE, cbSize = 22 */
    union {
        WORD wValidBitsPerSample; /* bits of precision in each sample container */
        WORD wSamplesPerBlock;    /* for compressed formats */
        WORD wReserved;
    } Samples;
    DWORD dwChannelMask; /* SPEAKER_* bits, one per channel in order */
    GUID SubFormat;      /* KSDATAFORMAT_SUBTYPE_* */
} WAVEFORMATEXTENSIBLE, *PWAVEFORMATEXTENSIBLE;
#endif
typedef WAVEFORMATEXTENSIBLE WAVEFORMATPCMEX, *PWAVEFORMATPCMEX, *NPWAVEFORMATPCMEX, *LPWAVEFORMATPCMEX;
typedef WAVEFORMATEXTENSIBLE WAVEFORMATIEEEFLOATEX, *PWAVEFORMATIEEEFLOATEX, *NPWAVEFORMATIEEEFLOATEX,
    *LPWAVEFORMATIEEEFLOATEX;

#pragma pack(pop)

/* ---- Format tags ---------------------------------------------------------------------------- */

#ifndef WAVE_FORMAT_PCM
#define WAVE_FORMAT_PCM 1
#endif
#ifndef WAVE_FORMAT_EXTENSIBLE
#define WAVE_FORMAT_EXTENSIBLE 0xFFFE
#endif
#ifndef WAVE_FORMAT_DEVELOPMENT
#define WAVE_FORMAT_DEVELOPMENT 0xFFFF
#endif
#ifndef WAVE_FORMAT_ADPCM
#define WAVE_FORMAT_ADPCM 0x0002
#endif
#ifndef WAVE_FORMAT_IEEE_FLOAT
#define WAVE_FORMAT_IEEE_FLOAT 0x0003
#endif
#ifndef WAVE_FORMAT_ALAW
#define WAVE_FORMAT_ALAW 0x0006
#endif
#ifndef WAVE_FORMAT_MULAW
#define WAVE_FORMAT_MULAW 0x0007
#endif
#ifndef WAVE_FORMAT_DTS
#define WAVE_FORMAT_DTS 0x0008
#endif
#ifndef WAVE_FORMAT_DRM
#define WAVE_FORMAT_DRM 0x0009
#endif
#ifndef WAVE_FORMAT_MPEG
#define WAVE_FORMAT_MPEG 0x0050
#endif
#ifndef WAVE_FORMAT_MPEGLAYER3
#define WAVE_FORMAT_MPEGLAYER3 0x0055
#endif
#ifndef WAVE_FORMAT_DOLBY_AC3_SPDIF
#define WAVE_FORMAT_DOLBY_AC3_SPDIF 0x0092
#endif
#ifndef WAVE_FORMAT_WMAUDIO2
#define WAVE_FORMAT_WMAUDIO2 0x0161
#endif
#ifndef WAVE_FORMAT_WMAUDIO3
#define WAVE_FORMAT_WMAUDIO3 0x0162
#endif
#ifndef WAVE_FORMAT_WMASPDIF
#define WAVE_FORMAT_WMASPDIF 0x0164
#endif
#define WAVE_FORMAT_UNKNOWN 0x0000
#define WAVE_FORMAT_VSELP 0x0004
#define WAVE_FORMAT_IBM_CVSD 0x0005
#define WAVE_FORMAT_WMAVOICE9 0x000A
#define WAVE_FORMAT_WMAVOICE10 0x000B
#define WAVE_FORMAT_OKI_ADPCM 0x0010
#define WAVE_FORMAT_DVI_ADPCM 0x0011
#define WAVE_FORMAT_IMA_ADPCM 0x0011
#define WAVE_FORMAT_MEDIASPACE_ADPCM 0x0012
#define WAVE_FORMAT_SIERRA_ADPCM 0x0013
#define WAVE_FORMAT_G723_ADPCM 0x0014
#define WAVE_FORMAT_DIGISTD 0x0015
#define WAVE_FORMAT_DIGIFIX 0x0016
#define WAVE_FORMAT_DIALOGIC_OKI_ADPCM 0x0017
#define WAVE_FORMAT_MEDIAVISION_ADPCM 0x0018
#define WAVE_FORMAT_CU_CODEC 0x0019
#define WAVE_FORMAT_HP_DYN_VOICE 0x001A
#define WAVE_FORMAT_YAMAHA_ADPCM 0x0020
#define WAVE_FORMAT_SONARC 0x0021
#define WAVE_FORMAT_DSPGROUP_TRUESPEECH 0x0022
#define WAVE_FORMAT_ECHOSC1 0x0023
#define WAVE_FORMAT_AUDIOFILE_AF36 0x0024
#define WAVE_FORMAT_APTX 0x0025
#define WAVE_FORMAT_AUDIOFILE_AF10 0x0026
#define WAVE_FORMAT_PROSODY_1612 0x0027
#define WAVE_FORMAT_LRC 0x0028
#define WAVE_FORMAT_DOLBY_AC2 0x0030
#define WAVE_FORMAT_GSM610 0x0031
#define WAVE_FORMAT_MSNAUDIO 0x0032
#define WAVE_FORMAT_ANTEX_ADPCME 0x0033
#define WAVE_FORMAT_CONTROL_RES_VQLPC 0x0034
#define WAVE_FORMAT_DIGIREAL 0x0035
#define WAVE_FORMAT_DIGIADPCM 0x0036
#define WAVE_FORMAT_CONTROL_RES_CR10 0x0037
#define WAVE_FORMAT_NMS_VBXADPCM 0x0038
#define WAVE_FORMAT_CS_IMAADPCM 0x0039
#define WAVE_FORMAT_ECHOSC3 0x003A
#define WAVE_FORMAT_ROCKWELL_ADPCM 0x003B
#define WAVE_FORMAT_ROCKWELL_DIGITALK 0x003C
#define WAVE_FORMAT_XEBEC 0x003D
#define WAVE_FORMAT_G721_ADPCM 0x0040
#define WAVE_FORMAT_G728_CELP 0x0041
#define WAVE_FORMAT_MSG723 0x0042
#define WAVE_FORMAT_INTEL_G723_1 0x0043
#define WAVE_FORMAT_INTEL_G729 0x0044
#define WAVE_FORMAT_SHARP_G726 0x0045
#define WAVE_FORMAT_RT24 0x0052
#define WAVE_FORMAT_PAC 0x0053
#define WAVE_FORMAT_LUCENT_G723 0x0059
#define WAVE_FORMAT_CIRRUS 0x0060
#define WAVE_FORMAT_ESPCM 0x0061
#define WAVE_FORMAT_VOXWARE 0x0062
#define WAVE_FORMAT_CANOPUS_ATRAC 0x0063
#define WAVE_FORMAT_G726_ADPCM 0x0064
#define WAVE_FORMAT_G722_ADPCM 0x0065
#define WAVE_FORMAT_DSAT 0x0066
#define WAVE_FORMAT_DSAT_DISPLAY 0x0067
#define WAVE_FORMAT_VOXWARE_BYTE_ALIGNED 0x0069
#define WAVE_FORMAT_VOXWARE_AC8 0x0070
#define WAVE_FORMAT_VOXWARE_AC10 0x0071
#define WAVE_FORMAT_VOXWARE_AC16 0x0072
#define WAVE_FORMAT_VOXWARE_AC20 0x0073
#define WAVE_FORMAT_VOXWARE_RT24 0x0074
#define WAVE_FORMAT_VOXWARE_RT29 0x0075
#define WAVE_FORMAT_VOXWARE_RT29HW 0x0076
#define WAVE_FORMAT_VOXWARE_VR12 0x0077
#define WAVE_FORMAT_VOXWARE_VR18 0x0078
#define WAVE_FORMAT_VOXWARE_TQ40 0x0079
#define WAVE_FORMAT_VOXWARE_SC3 0x007A
#define WAVE_FORMAT_VOXWARE_SC3_1 0x007B
#define WAVE_FORMAT_SOFTSOUND 0x0080
#define WAVE_FORMAT_VOXWARE_TQ60 0x0081
#define WAVE_FORMAT_MSRT24 0x0082
#define WAVE_FORMAT_G729A 0x0083
#define WAVE_FORMAT_MVI_MVI2 0x0084
#define WAVE_FORMAT_DF_G726 0x0085
#define WAVE_FORMAT_DF_GSM610 0x0086
#define WAVE_FORMAT_ISIAUDIO 0x0088
#define WAVE_FORMAT_ONLIVE 0x0089
#define WAVE_FORMAT_MULTITUDE_FT_SX20 0x008A
#define WAVE_FORMAT_INFOCOM_ITS_G721_ADPCM 0x008B
#define WAVE_FORMAT_CONVEDIA_G729 0x008C
#define WAVE_FORMAT_CONGRUENCY 0x008D
#define WAVE_FORMAT_SBC24 0x0091
#define WAVE_FORMAT_MEDIASONIC_G723 0x0093
#define WAVE_FORMAT_PROSODY_8KBPS 0x0094
#define WAVE_FORMAT_ZYXEL_ADPCM 0x0097
#define WAVE_FORMAT_PHILIPS_LPCBB 0x0098
#define WAVE_FORMAT_PACKED 0x0099
#define WAVE_FORMAT_MALDEN_PHONYTALK 0x00A0
#define WAVE_FORMAT_RACAL_RECORDER_GSM 0x00A1
#define WAVE_FORMAT_RACAL_RECORDER_G720_A 0x00A2
#define WAVE_FORMAT_RACAL_RECORDER_G723_1 0x00A3
#define WAVE_FORMAT_RACAL_RECORDER_TETRA_ACELP 0x00A4
#define WAVE_FORMAT_NEC_AAC 0x00B0
#define WAVE_FORMAT_RAW_AAC1 0x00FF
#define WAVE_FORMAT_RHETOREX_ADPCM 0x0100
#define WAVE_FORMAT_IRAT 0x0101
#define WAVE_FORMAT_VIVO_G723 0x0111
#define WAVE_FORMAT_VIVO_SIREN 0x0112
#define WAVE_FORMAT_PHILIPS_CELP 0x0120
#define WAVE_FORMAT_PHILIPS_GRUNDIG 0x0121
#define WAVE_FORMAT_DIGITAL_G723 0x0123
#define WAVE_FORMAT_SANYO_LD_ADPCM 0x0125
#define WAVE_FORMAT_SIPROLAB_ACEPLNET 0x0130
#define WAVE_FORMAT_SIPROLAB_ACELP4800 0x0131
#define WAVE_FORMAT_SIPROLAB_ACELP8V3 0x0132
#define WAVE_FORMAT_SIPROLAB_G729 0x0133
#define WAVE_FORMAT_SIPROLAB_G729A 0x0134
#define WAVE_FORMAT_SIPROLAB_KELVIN 0x0135
#define WAVE_FORMAT_VOICEAGE_AMR 0x0136
#define WAVE_FORMAT_G726ADPCM 0x0140
#define WAVE_FORMAT_DICTAPHONE_CELP68 0x0141
#define WAVE_FORMAT_DICTAPHONE_CELP54 0x0142
#define WAVE_FORMAT_QUALCOMM_PUREVOICE 0x0150
#define WAVE_FORMAT_QUALCOMM_HALFRATE 0x0151
#define WAVE_FORMAT_TUBGSM 0x0155
#define WAVE_FORMAT_MSAUDIO1 0x0160
#define WAVE_FORMAT_WMAUDIO_LOSSLESS 0x0163
#define WAVE_FORMAT_UNISYS_NAP_ADPCM 0x0170
#define WAVE_FORMAT_UNISYS_NAP_ULAW 0x0171
#define WAVE_FORMAT_UNISYS_NAP_ALAW 0x0172
#define WAVE_FORMAT_UNISYS_NAP_16K 0x0173
#define WAVE_FORMAT_SYCOM_ACM_SYC008 0x0174
#define WAVE_FORMAT_SYCOM_ACM_SYC701_G726L 0x0175
#define WAVE_FORMAT_SYCOM_ACM_SYC701_CELP54 0x0176
#define WAVE_FORMAT_SYCOM_ACM_SYC701_CELP68 0x0177
#define WAVE_FORMAT_KNOWLEDGE_ADVENTURE_ADPCM 0x0178
#define WAVE_FORMAT_FRAUNHOFER_IIS_MPEG2_AAC 0x0180
#define WAVE_FORMAT_DTS_DS 0x0190
#define WAVE_FORMAT_CREATIVE_ADPCM 0x0200
#define WAVE_FORMAT_CREATIVE_FASTSPEECH8 0x0202
#define WAVE_FORMAT_CREATIVE_FASTSPEECH10 0x0203
#define WAVE_FORMAT_UHER_ADPCM 0x0210
#define WAVE_FORMAT_ULEAD_DV_AUDIO 0x0215
#define WAVE_FORMAT_ULEAD_DV_AUDIO_1 0x0216
#define WAVE_FORMAT_QUARTERDECK 0x0220
#define WAVE_FORMAT_ILINK_VC 0x0230
#define WAVE_FORMAT_RAW_SPORT 0x0240
#define WAVE_FORMAT_ESST_AC3 0x0241
#define WAVE_FORMAT_GENERIC_PASSTHRU 0x0249
#define WAVE_FORMAT_IPI_HSX 0x0250
#define WAVE_FORMAT_IPI_RPELP 0x0251
#define WAVE_FORMAT_CS2 0x0260
#define WAVE_FORMAT_SONY_SCX 0x0270
#define WAVE_FORMAT_SONY_SCY 0x0271
#define WAVE_FORMAT_SONY_ATRAC3 0x0272
#define WAVE_FORMAT_SONY_SPC 0x0273
#define WAVE_FORMAT_TELUM_AUDIO 0x0280
#define WAVE_FORMAT_TELUM_IA_AUDIO 0x0281
#define WAVE_FORMAT_NORCOM_VOICE_SYSTEMS_ADPCM 0x0285
#define WAVE_FORMAT_FM_TOWNS_SND 0x0300
#define WAVE_FORMAT_MICRONAS 0x0350
#define WAVE_FORMAT_MICRONAS_CELP833 0x0351
#define WAVE_FORMAT_BTV_DIGITAL 0x0400
#define WAVE_FORMAT_INTEL_MUSIC_CODER 0x0401
#define WAVE_FORMAT_INDEO_AUDIO 0x0402
#define WAVE_FORMAT_QDESIGN_MUSIC 0x0450
#define WAVE_FORMAT_ON2_VP7_AUDIO 0x0500
#define WAVE_FORMAT_ON2_VP6_AUDIO 0x0501
#define WAVE_FORMAT_VME_VMPCM 0x0680
#define WAVE_FORMAT_TPC 0x0681
#define WAVE_FORMAT_LIGHTWAVE_LOSSLESS 0x08AE
#define WAVE_FORMAT_OLIGSM 0x1000
#define WAVE_FORMAT_OLIADPCM 0x1001
#define WAVE_FORMAT_OLICELP 0x1002
#define WAVE_FORMAT_OLISBC 0x1003
#define WAVE_FORMAT_OLIOPR 0x1004
#define WAVE_FORMAT_LH_CODEC 0x1100
#define WAVE_FORMAT_LH_CODEC_CELP 0x1101
#define WAVE_FORMAT_LH_CODEC_SBC8 0x1102
#define WAVE_FORMAT_LH_CODEC_SBC12 0x1103
#define WAVE_FORMAT_LH_CODEC_SBC16 0x1104
#define WAVE_FORMAT_NORRIS 0x1400
#define WAVE_FORMAT_ISIAUDIO_2 0x1401
#define WAVE_FORMAT_SOUNDSPACE_MUSICOMPRESS 0x1500
#define WAVE_FORMAT_MPEG_ADTS_AAC 0x1600
#define WAVE_FORMAT_MPEG_RAW_AAC 0x1601
#define WAVE_FORMAT_MPEG_LOAS 0x1602
#define WAVE_FORMAT_NOKIA_MPEG_ADTS_AAC 0x1608
#define WAVE_FORMAT_NOKIA_MPEG_RAW_AAC 0x1609
#define WAVE_FORMAT_VODAFONE_MPEG_ADTS_AAC 0x160A
#define WAVE_FORMAT_VODAFONE_MPEG_RAW_AAC 0x160B
#define WAVE_FORMAT_MPEG_HEAAC 0x1610
#define WAVE_FORMAT_VOXWARE_RT24_SPEECH 0x181C
#define WAVE_FORMAT_SONICFOUNDRY_LOSSLESS 0x1971
#define WAVE_FORMAT_INNINGS_TELECOM_ADPCM 0x1979
#define WAVE_FORMAT_LUCENT_SX8300P 0x1C07
#define WAVE_FORMAT_LUCENT_SX5363S 0x1C0C
#define WAVE_FORMAT_CUSEEME 0x1F03
#define WAVE_FORMAT_NTCSOFT_ALF2CM_ACM 0x1FC4
#define WAVE_FORMAT_DVM 0x2000
#define WAVE_FORMAT_DTS2 0x2001
#define WAVE_FORMAT_MAKEAVIS 0x3313
#define WAVE_FORMAT_DIVIO_MPEG4_AAC 0x4143
#define WAVE_FORMAT_NOKIA_ADAPTIVE_MULTIRATE 0x4201
#define WAVE_FORMAT_DIVIO_G726 0x4243
#define WAVE_FORMAT_LEAD_SPEECH 0x434C
#define WAVE_FORMAT_LEAD_VORBIS 0x564C
#define WAVE_FORMAT_WAVPACK_AUDIO 0x5756
#define WAVE_FORMAT_OGG_VORBIS_MODE_1 0x674F
#define WAVE_FORMAT_OGG_VORBIS_MODE_2 0x6750
#define WAVE_FORMAT_OGG_VORBIS_MODE_3 0x6751
#define WAVE_FORMAT_OGG_VORBIS_MODE_1_PLUS 0x676F
#define WAVE_FORMAT_OGG_VORBIS_MODE_2_PLUS 0x6770
#define WAVE_FORMAT_OGG_VORBIS_MODE_3_PLUS 0x6771
#define WAVE_FORMAT_ALAC 0x6C61
#define WAVE_FORMAT_3COM_NBX 0x7000
#define WAVE_FORMAT_OPUS 0x704F
#define WAVE_FORMAT_FAAD_AAC 0x706D
#define WAVE_FORMAT_AMR_NB 0x7361
#define WAVE_FORMAT_AMR_WB 0x7362
#define WAVE_FORMAT_AMR_WP 0x7363
#define WAVE_FORMAT_GSM_AMR_CBR 0x7A21
#define WAVE_FORMAT_GSM_AMR_VBR_SID 0x7A22
#define WAVE_FORMAT_COMVERSE_INFOSYS_G723_1 0xA100
#define WAVE_FORMAT_COMVERSE_INFOSYS_AVQSBC 0xA101
#define WAVE_FORMAT_COMVERSE_INFOSYS_SBC 0xA102
#define WAVE_FORMAT_SYMBOL_G729_A 0xA103
#define WAVE_FORMAT_VOICEAGE_AMR_WB 0xA104
#define WAVE_FORMAT_INGENIENT_G726 0xA105
#define WAVE_FORMAT_MPEG4_AAC 0xA106
#define WAVE_FORMAT_ENCORE_G726 0xA107
#define WAVE_FORMAT_ZOLL_ASAO 0xA108
#define WAVE_FORMAT_SPEEX_VOICE 0xA109
#define WAVE_FORMAT_VIANIX_MASC 0xA10A
#define WAVE_FORMAT_WM9_SPECTRUM_ANALYZER 0xA10B
#define WAVE_FORMAT_WMF_SPECTRUM_ANAYZER 0xA10C
#define WAVE_FORMAT_GSM_610 0xA10D
#define WAVE_FORMAT_GSM_620 0xA10E
#define WAVE_FORMAT_GSM_660 0xA10F
#define WAVE_FORMAT_GSM_690 0xA110
#define WAVE_FORMAT_GSM_ADAPTIVE_MULTIRATE_WB 0xA111
#define WAVE_FORMAT_POLYCOM_G722 0xA112
#define WAVE_FORMAT_POLYCOM_G728 0xA113
#define WAVE_FORMAT_POLYCOM_G729_A 0xA114
#define WAVE_FORMAT_POLYCOM_SIREN 0xA115
#define WAVE_FORMAT_GLOBAL_IP_ILBC 0xA116
#define WAVE_FORMAT_RADIOTIME_TIME_SHIFT_RADIO 0xA117
#define WAVE_FORMAT_NICE_ACA 0xA118
#define WAVE_FORMAT_NICE_ADPCM 0xA119
#define WAVE_FORMAT_VOCORD_G721 0xA11A
#define WAVE_FORMAT_VOCORD_G726 0xA11B
#define WAVE_FORMAT_VOCORD_G722_1 0xA11C
#define WAVE_FORMAT_VOCORD_G728 0xA11D
#define WAVE_FORMAT_VOCORD_G729 0xA11E
#define WAVE_FORMAT_VOCORD_G729_A 0xA11F
#define WAVE_FORMAT_VOCORD_G723_1 0xA120
#define WAVE_FORMAT_VOCORD_LBC 0xA121
#define WAVE_FORMAT_NICE_G728 0xA122
#define WAVE_FORMAT_FRACE_TELECOM_G729 0xA123
#define WAVE_FORMAT_CODIAN 0xA124
#define WAVE_FORMAT_DOLBY_AC4 0xAC40
#define WAVE_FORMAT_FLAC 0xF1AC

/* ---- Speaker positions (WAVEFORMATEXTENSIBLE.dwChannelMask) ---------------------------------- */

#ifndef _SPEAKER_POSITIONS_
#define _SPEAKER_POSITIONS_
#define SPEAKER_FRONT_LEFT 0x1
#define SPEAKER_FRONT_RIGHT 0x2
#define SPEAKER_FRONT_CENTER 0x4
#define SPEAKER_LOW_FREQUENCY 0x8
#define SPEAKER_BACK_LEFT 0x10
#define SPEAKER_BACK_RIGHT 0x20
#define SPEAKER_FRONT_LEFT_OF_CENTER 0x40
#define SPEAKER_FRONT_RIGHT_OF_CENTER 0x80
#define SPEAKER_BACK_CENTER 0x100
#define SPEAKER_SIDE_LEFT 0x200
#define SPEAKER_SIDE_RIGHT 0x400
#define SPEAKER_TOP_CENTER 0x800
#define SPEAKER_TOP_FRONT_LEFT 0x1000
#define SPEAKER_TOP_FRONT_CENTER 0x2000
#define SPEAKER_TOP_FRONT_RIGHT 0x4000
#define SPEAKER_TOP_BACK_LEFT 0x8000
#define SPEAKER_TOP_BACK_CENTER 0x10000
#define SPEAKER_TOP_BACK_RIGHT 0x20000
#define SPEAKER_RESERVED 0x7FFC0000
#define SPEAKER_ALL 0x80000000
#endif

/* ---- Format GUIDs ------------------------------------------------------------------------------ */

/* The sub-format GUID of a WAVE_FORMAT_* tag: {tag-0000-0010-8000-00AA00389B71}. */
#if !defined(DEFINE_WAVEFORMATEX_GUID)
#define DEFINE_WAVEFORMATEX_GUID(x) (USHORT)(x), 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71
#endif

#define STATIC_KSDATAFORMAT_TYPE_AUDIO 0x73647561, 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_TYPE_AUDIO);
#define KSDATAFORMAT_TYPE_AUDIO KSDATAFORMAT_TYPE_AUDIO
#define STATIC_KSDATAFORMAT_SUBTYPE_WAVEFORMATEX \
    0x00000000, 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_WAVEFORMATEX);
#define KSDATAFORMAT_SUBTYPE_WAVEFORMATEX KSDATAFORMAT_SUBTYPE_WAVEFORMATEX

#define INIT_WAVEFORMATEX_GUID(Guid, x)              \
    {                                                \
        *(Guid) = KSDATAFORMAT_SUBTYPE_WAVEFORMATEX; \
        (Guid)->Data1 = (USHORT)(x);                 \
    }
#define EXTRACT_WAVEFORMATEX_ID(Guid) (USHORT)((Guid)->Data1)
#define IS_VALID_WAVEFORMATEX_GUID(Guid)                                                             \
    (!memcmp(((const USHORT *)&KSDATAFORMAT_SUBTYPE_WAVEFORMATEX) + 1, ((const USHORT *)(Guid)) + 1, \
             sizeof(GUID) - sizeof(USHORT)))

#define STATIC_KSDATAFORMAT_SUBTYPE_PCM DEFINE_WAVEFORMATEX_GUID(WAVE_FORMAT_PCM)
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_PCM);
#define KSDATAFORMAT_SUBTYPE_PCM KSDATAFORMAT_SUBTYPE_PCM
#define STATIC_KSDATAFORMAT_SUBTYPE_IEEE_FLOAT DEFINE_WAVEFORMATEX_GUID(WAVE_FORMAT_IEEE_FLOAT)
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
#define KSDATAFORMAT_SUBTYPE_IEEE_FLOAT KSDATAFORMAT_SUBTYPE_IEEE_FLOAT
#define STATIC_KSDATAFORMAT_SUBTYPE_DRM DEFINE_WAVEFORMATEX_GUID(WAVE_FORMAT_DRM)
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_DRM);
#define KSDATAFORMAT_SUBTYPE_DRM KSDATAFORMAT_SUBTYPE_DRM
#define STATIC_KSDATAFORMAT_SUBTYPE_ALAW DEFINE_WAVEFORMATEX_GUID(WAVE_FORMAT_ALAW)
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_ALAW);
#define KSDATAFORMAT_SUBTYPE_ALAW KSDATAFORMAT_SUBTYPE_ALAW
#define STATIC_KSDATAFORMAT_SUBTYPE_MULAW DEFINE_WAVEFORMATEX_GUID(WAVE_FORMAT_MULAW)
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_MULAW);
#define KSDATAFORMAT_SUBTYPE_MULAW KSDATAFORMAT_SUBTYPE_MULAW
#define STATIC_KSDATAFORMAT_SUBTYPE_ADPCM DEFINE_WAVEFORMATEX_GUID(WAVE_FORMAT_ADPCM)
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_ADPCM);
#define KSDATAFORMAT_SUBTYPE_ADPCM KSDATAFORMAT_SUBTYPE_ADPCM
#define STATIC_KSDATAFORMAT_SUBTYPE_MPEG DEFINE_WAVEFORMATEX_GUID(WAVE_FORMAT_MPEG)
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_MPEG);
#define KSDATAFORMAT_SUBTYPE_MPEG KSDATAFORMAT_SUBTYPE_MPEG

#define STATIC_KSDATAFORMAT_SUBTYPE_ANALOG 0x6dba3190, 0x67bd, 0x11cf, 0xa0, 0xf7, 0x00, 0x20, 0xaf, 0xd1, 0x56, 0xe4
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_ANALOG);
#define KSDATAFORMAT_SUBTYPE_ANALOG KSDATAFORMAT_SUBTYPE_ANALOG
#define STATIC_KSDATAFORMAT_SUBTYPE_RIFF 0x4995daee, 0x9ee6, 0x11d0, 0xa4, 0x0e, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_RIFF);
#define KSDATAFORMAT_SUBTYPE_RIFF KSDATAFORMAT_SUBTYPE_RIFF
#define STATIC_KSDATAFORMAT_SUBTYPE_RIFFWAVE 0xe436eb8b, 0x524f, 0x11ce, 0x9f, 0x53, 0x00, 0x20, 0xaf, 0x0b, 0xa7, 0x70
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SUBTYPE_RIFFWAVE);
#define KSDATAFORMAT_SUBTYPE_RIFFWAVE KSDATAFORMAT_SUBTYPE_RIFFWAVE
#define STATIC_KSDATAFORMAT_SPECIFIER_WAVEFORMATEX \
    0x05589f81, 0xc356, 0x11ce, 0xbf, 0x01, 0x00, 0xaa, 0x00, 0x55, 0x59, 0x5a
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX);
#define KSDATAFORMAT_SPECIFIER_WAVEFORMATEX KSDATAFORMAT_SPECIFIER_WAVEFORMATEX
#define STATIC_KSDATAFORMAT_SPECIFIER_DSOUND 0x518590a2, 0xa184, 0x11d0, 0x85, 0x22, 0x00, 0xc0, 0x4f, 0xd9, 0xba, 0xf3
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SPECIFIER_DSOUND);
#define KSDATAFORMAT_SPECIFIER_DSOUND KSDATAFORMAT_SPECIFIER_DSOUND
#define STATIC_KSDATAFORMAT_SPECIFIER_VC_ID 0xad98d184, 0xaac3, 0x11d0, 0xa4, 0x1c, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(KSDATAFORMAT_SPECIFIER_VC_ID);
#define KSDATAFORMAT_SPECIFIER_VC_ID KSDATAFORMAT_SPECIFIER_VC_ID

/* ---- KS audio formats and ranges ---------------------------------------------------------------- */

#pragma pack(push, 1)

typedef struct {
    KSDATAFORMAT DataFormat;
    WAVEFORMATEX WaveFormatEx;
} KSDATAFORMAT_WAVEFORMATEX, *PKSDATAFORMAT_WAVEFORMATEX;

typedef struct {
    KSDATAFORMAT DataFormat;
    WAVEFORMATEXTENSIBLE WaveFormatExt;
} KSDATAFORMAT_WAVEFORMATEXTENSIBLE, *PKSDATAFORMAT_WAVEFORMATEXTENSIBLE;

/* DirectSound buffer description (KSDATAFORMAT_SPECIFIER_DSOUND). */
typedef struct {
    ULONG Flags;   /* KSDSOUND_BUFFER_* */
    ULONG Control; /* KSDSOUND_BUFFER_CTRL_* */
    WAVEFORMATEX WaveFormatEx;
} KSDSOUND_BUFFERDESC, *PKSDSOUND_BUFFERDESC;

typedef struct {
    KSDATAFORMAT DataFormat;
    KSDSOUND_BUFFERDESC BufferDesc;
} KSDATAFORMAT_DSOUND, *PKSDATAFORMAT_DSOUND;

#pragma pack(pop)

#define KSDSOUND_BUFFER_PRIMARY 0x00000001
#define KSDSOUND_BUFFER_STATIC 0x00000002
#define KSDSOUND_BUFFER_LOCHARDWARE 0x00000004
#define KSDSOUND_BUFFER_LOCSOFTWARE 0x00000008

#define KSDSOUND_BUFFER_CTRL_3D 0x00000001
#define KSDSOUND_BUFFER_CTRL_FREQUENCY 0x00000002
#define KSDSOUND_BUFFER_CTRL_PAN 0x00000004
#define KSDSOUND_BUFFER_CTRL_VOLUME 0x00000008
#define KSDSOUND_BUFFER_CTRL_POSITIONNOTIFY 0x00000010
#define KSDSOUND_BUFFER_CTRL_HRTF_3D 0x40000000

/* What an audio pin accepts: channel count, sample sizes and rates (MaximumChannels (ULONG)-1 = no limit). */
typedef struct {
    KSDATARANGE DataRange;
    ULONG MaximumChannels;
    ULONG MinimumBitsPerSample;
    ULONG MaximumBitsPerSample;
    ULONG MinimumSampleFrequency;
    ULONG MaximumSampleFrequency;
} KSDATARANGE_AUDIO, *PKSDATARANGE_AUDIO;

/* ---- Manufacturer and product GUIDs (KSCOMPONENTID) ---------------------------------------------- */

/* MMREG manufacturer / product ids as GUIDs. */
#ifndef INIT_MMREG_MID
#define INIT_MMREG_MID(guid, id)                   \
    {                                              \
        (guid)->Data1 = 0xd5a47fa7 + (USHORT)(id); \
        (guid)->Data2 = 0x6d98;                    \
        (guid)->Data3 = 0x11d1;                    \
        (guid)->Data4[0] = 0xa2;                   \
        (guid)->Data4[1] = 0x1a;                   \
        (guid)->Data4[2] = 0x00;                   \
        (guid)->Data4[3] = 0xa0;                   \
        (guid)->Data4[4] = 0xc9;                   \
        (guid)->Data4[5] = 0x22;                   \
        (guid)->Data4[6] = 0x31;                   \
        (guid)->Data4[7] = 0x96;                   \
    }
#define EXTRACT_MMREG_MID(guid) (USHORT)((guid)->Data1 - 0xd5a47fa7)
#define DEFINE_MMREG_MID_GUID(id) \
    0xd5a47fa7 + (USHORT)(id), 0x6d98, 0x11d1, 0xa2, 0x1a, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
#define IS_COMPATIBLE_MMREG_MID(guid)                                                                       \
    (((guid)->Data1 >= 0xd5a47fa7) && ((guid)->Data1 < 0xd5a47fa7 + 0xffff) && ((guid)->Data2 == 0x6d98) && \
     ((guid)->Data3 == 0x11d1) && ((guid)->Data4[0] == 0xa2) && ((guid)->Data4[1] == 0x1a) &&               \
     ((guid)->Data4[2] == 0x00) && ((guid)->Data4[3] == 0xa0) && ((guid)->Data4[4] == 0xc9) &&              \
     ((guid)->Data4[5] == 0x22) && ((guid)->Data4[6] == 0x31) && ((guid)->Data4[7] == 0x96))
#endif

#ifndef INIT_MMREG_PID
#define INIT_MMREG_PID(guid, id)                   \
    {                                              \
        (guid)->Data1 = 0xe36dc2ac + (USHORT)(id); \
        (guid)->Data2 = 0x6d9a;                    \
        (guid)->Data3 = 0x11d1;                    \
        (guid)->Data4[0] = 0xa2;                   \
        (guid)->Data4[1] = 0x1a;                   \
        (guid)->Data4[2] = 0x00;                   \
        (guid)->Data4[3] = 0xa0;                   \
        (guid)->Data4[4] = 0xc9;                   \
        (guid)->Data4[5] = 0x22;                   \
        (guid)->Data4[6] = 0x31;                   \
        (guid)->Data4[7] = 0x96;                   \
    }
#define EXTRACT_MMREG_PID(guid) (USHORT)((guid)->Data1 - 0xe36dc2ac)
#define DEFINE_MMREG_PID_GUID(id) \
    0xe36dc2ac + (USHORT)(id), 0x6d9a, 0x11d1, 0xa2, 0x1a, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
#define IS_COMPATIBLE_MMREG_PID(guid)                                                                       \
    (((guid)->Data1 >= 0xe36dc2ac) && ((guid)->Data1 < 0xe36dc2ac + 0xffff) && ((guid)->Data2 == 0x6d9a) && \
     ((guid)->Data3 == 0x11d1) && ((guid)->Data4[0] == 0xa2) && ((guid)->Data4[1] == 0x1a) &&               \
     ((guid)->Data4[2] == 0x00) && ((guid)->Data4[3] == 0xa0) && ((guid)->Data4[4] == 0xc9) &&              \
     ((guid)->Data4[5] == 0x22) && ((guid)->Data4[6] == 0x31) && ((guid)->Data4[7] == 0x96))
#endif

/* USB Audio manufacturer, product and product-name ids as GUIDs. */
#ifndef INIT_USBAUDIO_MID
#define INIT_USBAUDIO_MID(guid, id)                \
    {                                              \
        (guid)->Data1 = 0x4e1cecd2 + (USHORT)(id); \
        (guid)->Data2 = 0x1679;                    \
        (guid)->Data3 = 0x463b;                    \
        (guid)->Data4[0] = 0xa7;                   \
        (guid)->Data4[1] = 0x2f;                   \
        (guid)->Data4[2] = 0xa5;                   \
        (guid)->Data4[3] = 0xbf;                   \
        (guid)->Data4[4] = 0x64;                   \
        (guid)->Data4[5] = 0xc8;                   \
        (guid)->Data4[6] = 0x6e;                   \
        (guid)->Data4[7] = 0xba;                   \
    }
#define EXTRACT_USBAUDIO_MID(guid) (USHORT)((guid)->Data1 - 0x4e1cecd2)
#define DEFINE_USBAUDIO_MID_GUID(id) \
    0x4e1cecd2 + (USHORT)(id), 0x1679, 0x463b, 0xa7, 0x2f, 0xa5, 0xbf, 0x64, 0xc8, 0x6e, 0xba
#define IS_COMPATIBLE_USBAUDIO_MID(guid)                                                                    \
    (((guid)->Data1 >= 0x4e1cecd2) && ((guid)->Data1 < 0x4e1cecd2 + 0xffff) && ((guid)->Data2 == 0x1679) && \
     ((guid)->Data3 == 0x463b) && ((guid)->Data4[0] == 0xa7) && ((guid)->Data4[1] == 0x2f) &&               \
     ((guid)->Data4[2] == 0xa5) && ((guid)->Data4[3] == 0xbf) && ((guid)->Data4[4] == 0x64) &&              \
     ((guid)->Data4[5] == 0xc8) && ((guid)->Data4[6] == 0x6e) && ((guid)->Data4[7] == 0xba))
#endif

#ifndef INIT_USBAUDIO_PID
#define INIT_USBAUDIO_PID(guid, id)                \
    {                                              \
        (guid)->Data1 = 0xabcc5a5e + (USHORT)(id); \
        (guid)->Data2 = 0xc263;                    \
        (guid)->Data3 = 0x463b;                    \
        (guid)->Data4[0] = 0xa7;                   \
        (guid)->Data4[1] = 0x2f;                   \
        (guid)->Data4[2] = 0xa5;                   \
        (guid)->Data4[3] = 0xbf;                   \
        (guid)->Data4[4] = 0x64;                   \
        (guid)->Data4[5] = 0xc8;                   \
        (guid)->Data4[6] = 0x6e;                   \
        (guid)->Data4[7] = 0xba;                   \
    }
#define EXTRACT_USBAUDIO_PID(guid) (USHORT)((guid)->Data1 - 0xabcc5a5e)
#define DEFINE_USBAUDIO_PID_GUID(id) \
    0xabcc5a5e + (USHORT)(id), 0xc263, 0x463b, 0xa7, 0x2f, 0xa5, 0xbf, 0x64, 0xc8, 0x6e, 0xba
#define IS_COMPATIBLE_USBAUDIO_PID(guid)                                                                    \
    (((guid)->Data1 >= 0xabcc5a5e) && ((guid)->Data1 < 0xabcc5a5e + 0xffff) && ((guid)->Data2 == 0xc263) && \
     ((guid)->Data3 == 0x463b) && ((guid)->Data4[0] == 0xa7) && ((guid)->Data4[1] == 0x2f) &&               \
     ((guid)->Data4[2] == 0xa5) && ((guid)->Data4[3] == 0xbf) && ((guid)->Data4[4] == 0x64) &&              \
     ((guid)->Data4[5] == 0xc8) && ((guid)->Data4[6] == 0x6e) && ((guid)->Data4[7] == 0xba))
#endif

#ifndef INIT_USBAUDIO_PRODUCT_NAME
#define INIT_USBAUDIO_PRODUCT_NAME(guid, vid, pid, strIndex) \
    {                                                        \
        (guid)->Data1 = 0xfc575048 + (USHORT)(vid);          \
        (guid)->Data2 = 0x2e08 + (USHORT)(pid);              \
        (guid)->Data3 = 0x463b + (USHORT)(strIndex);         \
        (guid)->Data4[0] = 0xa7;                             \
        (guid)->Data4[1] = 0x2f;                             \
        (guid)->Data4[2] = 0xa5;                             \
        (guid)->Data4[3] = 0xbf;                             \
        (guid)->Data4[4] = 0x64;                             \
        (guid)->Data4[5] = 0xc8;                             \
        (guid)->Data4[6] = 0x6e;                             \
        (guid)->Data4[7] = 0xba;                             \
    }
#define DEFINE_USBAUDIO_PRODUCT_NAME(vid, pid, strIndex)                                                           \
    0xfc575048 + (USHORT)(vid), 0x2e08 + (USHORT)(pid), 0x463b + (USHORT)(strIndex), 0xa7, 0x2f, 0xa5, 0xbf, 0x64, \
        0xc8, 0x6e, 0xba
#endif

#define STATIC_KSCOMPONENTID_USBAUDIO 0x8f1275f0, 0x26e9, 0x4264, 0xba, 0x4d, 0x39, 0xff, 0xf0, 0x1d, 0x94, 0xaa
OPENKS_DEFINE_GUIDEX(KSCOMPONENTID_USBAUDIO);
#define KSCOMPONENTID_USBAUDIO KSCOMPONENTID_USBAUDIO

OPENKS_STATIC_ASSERT(sizeof(WAVEFORMATEX) == 18 && OPENKS_ALIGNOF(WAVEFORMATEX) == 1, "WAVEFORMATEX is packed");
OPENKS_STATIC_ASSERT(sizeof(WAVEFORMATEXTENSIBLE) == 40, "WAVEFORMATEXTENSIBLE layout");
OPENKS_STATIC_ASSERT(sizeof(KSDATAFORMAT_WAVEFORMATEX) == 82, "KSDATAFORMAT_WAVEFORMATEX is packed");
OPENKS_STATIC_ASSERT(sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE) == 104, "KSDATAFORMAT_WAVEFORMATEXTENSIBLE layout");
OPENKS_STATIC_ASSERT(sizeof(KSDATARANGE_AUDIO) == 88, "KSDATARANGE_AUDIO layout");

OPENKS_END_C
