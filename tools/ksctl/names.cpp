// SPDX-License-Identifier: MIT
// ksctl's name tables: categories, formats, node types, pin names, property sets and ids, IOCTLs and flags.
#include "ksctl/names.h"

#include <fmt/format.h>

#include <cctype>
#include <cstring>
#include <iterator>

#include "null_driver.h"
#if KSCTL_HAVE_TONE
#include <openks/drivers/tone.h>
#endif
#if KSCTL_HAVE_WAVOUT
#include <openks/drivers/wavout.h>
#endif
#if KSCTL_HAVE_TESTPATTERN
#include <openks/drivers/testpattern.h>
#endif
#if KSCTL_HAVE_ALSA
#include <openks/drivers/alsa.h>
#endif

namespace ksctl {

namespace {

struct GuidName {
    const GUID* guid;
    const char* name;
};

// {&X, "X"}: the named GUIDs are lvalues (DEFINE_GUIDEX), and #X keeps the macro's own spelling.
#define KSCTL_NAMED(x) \
    {                  \
        &x, #x         \
    }

// Categories, in the order a filter's main path prefers them.
const CategoryName kCategories[] = {
    KSCTL_NAMED(KSCATEGORY_AUDIO),
    KSCTL_NAMED(KSCATEGORY_VIDEO),
    KSCTL_NAMED(KSCATEGORY_CAPTURE),
    KSCTL_NAMED(KSCATEGORY_RENDER),
    KSCTL_NAMED(KSCATEGORY_DATATRANSFORM),
    KSCTL_NAMED(KSCATEGORY_TOPOLOGY),
    KSCTL_NAMED(KSCATEGORY_REALTIME),
    KSCTL_NAMED(KSCATEGORY_MIXER),
    KSCTL_NAMED(KSCATEGORY_SPLITTER),
    KSCTL_NAMED(KSCATEGORY_CLOCK),
    KSCTL_NAMED(KSCATEGORY_BRIDGE),
    KSCTL_NAMED(KSCATEGORY_DATACOMPRESSOR),
    KSCTL_NAMED(KSCATEGORY_DATADECOMPRESSOR),
    KSCTL_NAMED(KSCATEGORY_COMMUNICATIONSTRANSFORM),
    KSCTL_NAMED(KSCATEGORY_INTERFACETRANSFORM),
    KSCTL_NAMED(KSCATEGORY_MEDIUMTRANSFORM),
    KSCTL_NAMED(KSCATEGORY_FILESYSTEM),
    KSCTL_NAMED(KSCATEGORY_PROXY),
    KSCTL_NAMED(KSCATEGORY_QUALITY),
    KSCTL_NAMED(KSCATEGORY_TEXT),
    KSCTL_NAMED(KSCATEGORY_NETWORK),
    KSCTL_NAMED(KSCATEGORY_VIRTUAL),
    KSCTL_NAMED(KSCATEGORY_ACOUSTIC_ECHO_CANCEL),
    KSCTL_NAMED(KSCATEGORY_MICROPHONE_ARRAY_PROCESSOR),
    KSCTL_NAMED(KSCATEGORY_SYNTHESIZER),
    KSCTL_NAMED(KSCATEGORY_DRM_DESCRAMBLE),
    KSCTL_NAMED(KSCATEGORY_WDMAUD_USE_PIN_NAME),
    KSCTL_NAMED(KSCATEGORY_ESCALANTE_PLATFORM_DRIVER),
    KSCTL_NAMED(KSCATEGORY_SYSAUDIO),
    KSCTL_NAMED(KSCATEGORY_WDMAUD),
    KSCTL_NAMED(KSCATEGORY_AUDIO_GFX),
    KSCTL_NAMED(KSCATEGORY_AUDIO_SPLITTER),
    KSCTL_NAMED(KSCATEGORY_AUDIO_DEVICE),
    KSCTL_NAMED(KSCATEGORY_PREFERRED_WAVEOUT_DEVICE),
    KSCTL_NAMED(KSCATEGORY_PREFERRED_WAVEIN_DEVICE),
    KSCTL_NAMED(KSCATEGORY_PREFERRED_MIDIOUT_DEVICE),
    KSCTL_NAMED(KSCATEGORY_VIDEO_CAMERA),
    KSCTL_NAMED(KSCATEGORY_TVTUNER),
    KSCTL_NAMED(KSCATEGORY_CROSSBAR),
    KSCTL_NAMED(KSCATEGORY_TVAUDIO),
    KSCTL_NAMED(KSCATEGORY_VPMUX),
    KSCTL_NAMED(KSCATEGORY_VBICODEC),
    KSCTL_NAMED(KSCATEGORY_ENCODER),
    KSCTL_NAMED(KSCATEGORY_MULTIPLEXER),
    KSCTL_NAMED(KSCATEGORY_SENSOR_CAMERA),
    KSCTL_NAMED(KSCATEGORY_NETWORK_CAMERA),
    KSCTL_NAMED(KSCATEGORY_SENSOR_GROUP),
};

// Every other named GUID ksctl prints.  The first entry of a GUID wins (GUID_NULL, then aliases in order).
const GuidName kOtherGuids[] = {
    KSCTL_NAMED(GUID_NULL),
    // Interfaces, mediums, property types, memory types.
    KSCTL_NAMED(KSINTERFACESETID_Standard),
    KSCTL_NAMED(KSINTERFACESETID_FileIo),
    KSCTL_NAMED(KSINTERFACESETID_Media),
    KSCTL_NAMED(KSMEDIUMSETID_Standard),
    KSCTL_NAMED(KSMEDIUMSETID_MidiBus),
    KSCTL_NAMED(KSMEDIUMSETID_VPBus),
    KSCTL_NAMED(KSPROPTYPESETID_General),
    KSCTL_NAMED(KSMEMORY_TYPE_SYSTEM),
    KSCTL_NAMED(KSMEMORY_TYPE_USER),
    KSCTL_NAMED(KSMEMORY_TYPE_KERNEL_PAGED),
    KSCTL_NAMED(KSMEMORY_TYPE_KERNEL_NONPAGED),
    KSCTL_NAMED(KSMEMORY_TYPE_DEVICE_UNKNOWN),
    KSCTL_NAMED(KSTIME_FORMAT_FRAME),
    KSCTL_NAMED(KSTIME_FORMAT_BYTE),
    KSCTL_NAMED(KSTIME_FORMAT_SAMPLE),
    KSCTL_NAMED(KSTIME_FORMAT_FIELD),
    KSCTL_NAMED(KSTIME_FORMAT_MEDIA_TIME),
    // Method and event sets.
    KSCTL_NAMED(KSMETHODSETID_StreamIo),
    KSCTL_NAMED(KSMETHODSETID_StreamAllocator),
    KSCTL_NAMED(KSMETHODSETID_Wavetable),
    KSCTL_NAMED(KSEVENTSETID_StreamAllocator),
    KSCTL_NAMED(KSEVENTSETID_AudioControlChange),
    KSCTL_NAMED(KSEVENTSETID_Cyclic),
    KSCTL_NAMED(KSEVENTSETID_LoopedStreaming),
    KSCTL_NAMED(KSEVENTSETID_Clock),
    KSCTL_NAMED(KSEVENTSETID_Connection),
    KSCTL_NAMED(KSEVENTSETID_VPNotify),
    KSCTL_NAMED(KSEVENTSETID_VPVBINotify),
    // Object classes.
    KSCTL_NAMED(KSNAME_Filter),
    KSCTL_NAMED(KSNAME_Pin),
    KSCTL_NAMED(KSNAME_Clock),
    KSCTL_NAMED(KSNAME_Allocator),
    KSCTL_NAMED(KSNAME_TopologyNode),
    // Formats.
    KSCTL_NAMED(KSDATAFORMAT_TYPE_AUDIO),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_VIDEO),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_STREAM),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_MUSIC),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_MIDI),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_TEXT),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_ANALOGVIDEO),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_ANALOGAUDIO),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_VBI),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_NABTS),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_AUXLine21Data),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_MPEG2_PES),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_MPEG2_PROGRAM),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_MPEG2_TRANSPORT),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_STANDARD_ELEMENTARY_STREAM),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_STANDARD_PES_PACKET),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_STANDARD_PACK_HEADER),
    KSCTL_NAMED(KSDATAFORMAT_TYPE_DVD_ENCRYPTED_PACK),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_PCM),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_WAVEFORMATEX),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_DRM),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_ALAW),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_MULAW),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_ADPCM),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_MPEG),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_ANALOG),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_RIFF),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_RIFFWAVE),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_MIDI),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_MIDI_BUS),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_RIFFMIDI),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_NONE),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_RGB24),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_YUY2),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_OVERLAY),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_VPVideo),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_VPVBI),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_RAW8),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_CC),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_NABTS),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_TELETEXT),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_MPEG2_VIDEO),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_MPEG2_AUDIO),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_LPCM_AUDIO),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_AC3_AUDIO),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_DTS_AUDIO),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_SDDS_AUDIO),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_SUBPICTURE),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_MPEG1Packet),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_MPEG1Payload),
    KSCTL_NAMED(KSDATAFORMAT_SUBTYPE_MPEG1Video),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_DSOUND),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_VIDEOINFO),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_VIDEOINFO2),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_ANALOGVIDEO),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_VBI),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_NONE),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_FILENAME),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_FILEHANDLE),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_MPEG1_VIDEO),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_MPEG2_VIDEO),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_MPEG2_AUDIO),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_LPCM_AUDIO),
    KSCTL_NAMED(KSDATAFORMAT_SPECIFIER_AC3_AUDIO),
    // Pin names and categories.
    KSCTL_NAMED(PINNAME_CAPTURE),
    KSCTL_NAMED(PINNAME_PREVIEW),
    KSCTL_NAMED(PINNAME_CC_CAPTURE),
    KSCTL_NAMED(PINNAME_NABTS_CAPTURE),
    KSCTL_NAMED(PINNAME_VIDEO_CAPTURE),
    KSCTL_NAMED(PINNAME_VIDEO_PREVIEW),
    KSCTL_NAMED(PINNAME_VIDEO_ANALOGVIDEOIN),
    KSCTL_NAMED(PINNAME_VIDEO_VBI),
    KSCTL_NAMED(PINNAME_VIDEO_VIDEOPORT),
    KSCTL_NAMED(PINNAME_VIDEO_NABTS),
    KSCTL_NAMED(PINNAME_VIDEO_EDS),
    KSCTL_NAMED(PINNAME_VIDEO_TELETEXT),
    KSCTL_NAMED(PINNAME_VIDEO_CC),
    KSCTL_NAMED(PINNAME_VIDEO_STILL),
    KSCTL_NAMED(PINNAME_VIDEO_TIMECODE),
    KSCTL_NAMED(PINNAME_VIDEO_VIDEOPORT_VBI),
    // Node types (also audio pin categories).
    KSCTL_NAMED(KSNODETYPE_MICROPHONE),
    KSCTL_NAMED(KSNODETYPE_DESKTOP_MICROPHONE),
    KSCTL_NAMED(KSNODETYPE_PERSONAL_MICROPHONE),
    KSCTL_NAMED(KSNODETYPE_OMNI_DIRECTIONAL_MICROPHONE),
    KSCTL_NAMED(KSNODETYPE_MICROPHONE_ARRAY),
    KSCTL_NAMED(KSNODETYPE_PROCESSING_MICROPHONE_ARRAY),
    KSCTL_NAMED(KSNODETYPE_SPEAKER),
    KSCTL_NAMED(KSNODETYPE_HEADPHONES),
    KSCTL_NAMED(KSNODETYPE_HEAD_MOUNTED_DISPLAY_AUDIO),
    KSCTL_NAMED(KSNODETYPE_DESKTOP_SPEAKER),
    KSCTL_NAMED(KSNODETYPE_ROOM_SPEAKER),
    KSCTL_NAMED(KSNODETYPE_COMMUNICATION_SPEAKER),
    KSCTL_NAMED(KSNODETYPE_LOW_FREQUENCY_EFFECTS_SPEAKER),
    KSCTL_NAMED(KSNODETYPE_HANDSET),
    KSCTL_NAMED(KSNODETYPE_HEADSET),
    KSCTL_NAMED(KSNODETYPE_SPEAKERPHONE_NO_ECHO_REDUCTION),
    KSCTL_NAMED(KSNODETYPE_ECHO_SUPPRESSING_SPEAKERPHONE),
    KSCTL_NAMED(KSNODETYPE_ECHO_CANCELING_SPEAKERPHONE),
    KSCTL_NAMED(KSNODETYPE_PHONE_LINE),
    KSCTL_NAMED(KSNODETYPE_TELEPHONE),
    KSCTL_NAMED(KSNODETYPE_DOWN_LINE_PHONE),
    KSCTL_NAMED(KSNODETYPE_ANALOG_CONNECTOR),
    KSCTL_NAMED(KSNODETYPE_DIGITAL_AUDIO_INTERFACE),
    KSCTL_NAMED(KSNODETYPE_LINE_CONNECTOR),
    KSCTL_NAMED(KSNODETYPE_LEGACY_AUDIO_CONNECTOR),
    KSCTL_NAMED(KSNODETYPE_SPDIF_INTERFACE),
    KSCTL_NAMED(KSNODETYPE_1394_DA_STREAM),
    KSCTL_NAMED(KSNODETYPE_1394_DV_STREAM_SOUNDTRACK),
    KSCTL_NAMED(KSNODETYPE_LEVEL_CALIBRATION_NOISE_SOURCE),
    KSCTL_NAMED(KSNODETYPE_EQUALIZATION_NOISE),
    KSCTL_NAMED(KSNODETYPE_CD_PLAYER),
    KSCTL_NAMED(KSNODETYPE_DAT_IO_DIGITAL_AUDIO_TAPE),
    KSCTL_NAMED(KSNODETYPE_DCC_IO_DIGITAL_COMPACT_CASSETTE),
    KSCTL_NAMED(KSNODETYPE_MINIDISK),
    KSCTL_NAMED(KSNODETYPE_ANALOG_TAPE),
    KSCTL_NAMED(KSNODETYPE_PHONOGRAPH),
    KSCTL_NAMED(KSNODETYPE_VCR_AUDIO),
    KSCTL_NAMED(KSNODETYPE_VIDEO_DISC_AUDIO),
    KSCTL_NAMED(KSNODETYPE_DVD_AUDIO),
    KSCTL_NAMED(KSNODETYPE_TV_TUNER_AUDIO),
    KSCTL_NAMED(KSNODETYPE_SATELLITE_RECEIVER_AUDIO),
    KSCTL_NAMED(KSNODETYPE_CABLE_TUNER_AUDIO),
    KSCTL_NAMED(KSNODETYPE_DSS_AUDIO),
    KSCTL_NAMED(KSNODETYPE_RADIO_RECEIVER),
    KSCTL_NAMED(KSNODETYPE_RADIO_TRANSMITTER),
    KSCTL_NAMED(KSNODETYPE_MULTITRACK_RECORDER),
    KSCTL_NAMED(KSNODETYPE_SYNTHESIZER),
    KSCTL_NAMED(KSNODETYPE_SWSYNTH),
    KSCTL_NAMED(KSNODETYPE_SWMIDI),
    KSCTL_NAMED(KSNODETYPE_DRM_DESCRAMBLE),
    KSCTL_NAMED(KSNODETYPE_DAC),
    KSCTL_NAMED(KSNODETYPE_ADC),
    KSCTL_NAMED(KSNODETYPE_SRC),
    KSCTL_NAMED(KSNODETYPE_SUPERMIX),
    KSCTL_NAMED(KSNODETYPE_MUX),
    KSCTL_NAMED(KSNODETYPE_DEMUX),
    KSCTL_NAMED(KSNODETYPE_SUM),
    KSCTL_NAMED(KSNODETYPE_MUTE),
    KSCTL_NAMED(KSNODETYPE_VOLUME),
    KSCTL_NAMED(KSNODETYPE_TONE),
    KSCTL_NAMED(KSNODETYPE_EQUALIZER),
    KSCTL_NAMED(KSNODETYPE_AGC),
    KSCTL_NAMED(KSNODETYPE_NOISE_SUPPRESS),
    KSCTL_NAMED(KSNODETYPE_DELAY),
    KSCTL_NAMED(KSNODETYPE_LOUDNESS),
    KSCTL_NAMED(KSNODETYPE_PROLOGIC_DECODER),
    KSCTL_NAMED(KSNODETYPE_STEREO_WIDE),
    KSCTL_NAMED(KSNODETYPE_STEREO_ENHANCE),
    KSCTL_NAMED(KSNODETYPE_REVERB),
    KSCTL_NAMED(KSNODETYPE_CHORUS),
    KSCTL_NAMED(KSNODETYPE_3D_EFFECTS),
    KSCTL_NAMED(KSNODETYPE_ACOUSTIC_ECHO_CANCEL),
    KSCTL_NAMED(KSNODETYPE_MICROPHONE_ARRAY_PROCESSOR),
    KSCTL_NAMED(KSNODETYPE_DEV_SPECIFIC),
    KSCTL_NAMED(KSNODETYPE_PROLOGIC_ENCODER),
    KSCTL_NAMED(KSNODETYPE_PEAKMETER),
    KSCTL_NAMED(KSNODETYPE_SURROUND_ENCODER),
    KSCTL_NAMED(KSNODETYPE_VIDEO_STREAMING),
    KSCTL_NAMED(KSNODETYPE_VIDEO_INPUT_TERMINAL),
    KSCTL_NAMED(KSNODETYPE_VIDEO_OUTPUT_TERMINAL),
    KSCTL_NAMED(KSNODETYPE_VIDEO_SELECTOR),
    KSCTL_NAMED(KSNODETYPE_VIDEO_PROCESSING),
    KSCTL_NAMED(KSNODETYPE_VIDEO_CAMERA_TERMINAL),
    KSCTL_NAMED(KSNODETYPE_VIDEO_INPUT_MTT),
    KSCTL_NAMED(KSNODETYPE_VIDEO_OUTPUT_MTT),
    // The bundled drivers' filter reference GUIDs.
    KSCTL_NAMED(OPENKS_NULL_FILTER),
#if KSCTL_HAVE_TONE
    KSCTL_NAMED(OPENKS_TONE_FILTER),
#endif
#if KSCTL_HAVE_WAVOUT
    KSCTL_NAMED(OPENKS_WAVOUT_FILTER),
#endif
#if KSCTL_HAVE_TESTPATTERN
    KSCTL_NAMED(OPENKS_TESTPATTERN_FILTER),
#endif
#if KSCTL_HAVE_ALSA
    KSCTL_NAMED(OPENKS_ALSA_FILTER),
#endif
};

// ---- Property sets ------------------------------------------------------------------------------

using VT = ValueType;

const PropertyName kPin[] = {
    {KSPROPERTY_PIN_CINSTANCES, "CINSTANCES", VT::CInstances},
    {KSPROPERTY_PIN_CTYPES, "CTYPES", VT::Ulong},
    {KSPROPERTY_PIN_DATAFLOW, "DATAFLOW", VT::DataFlow},
    {KSPROPERTY_PIN_DATARANGES, "DATARANGES", VT::DataRanges},
    {KSPROPERTY_PIN_DATAINTERSECTION, "DATAINTERSECTION", VT::DataFormat},
    {KSPROPERTY_PIN_INTERFACES, "INTERFACES", VT::Identifiers},
    {KSPROPERTY_PIN_MEDIUMS, "MEDIUMS", VT::Identifiers},
    {KSPROPERTY_PIN_COMMUNICATION, "COMMUNICATION", VT::Communication},
    {KSPROPERTY_PIN_GLOBALCINSTANCES, "GLOBALCINSTANCES", VT::CInstances},
    {KSPROPERTY_PIN_NECESSARYINSTANCES, "NECESSARYINSTANCES", VT::Ulong},
    {KSPROPERTY_PIN_PHYSICALCONNECTION, "PHYSICALCONNECTION", VT::Unknown},
    {KSPROPERTY_PIN_CATEGORY, "CATEGORY", VT::Guid},
    {KSPROPERTY_PIN_NAME, "NAME", VT::WString},
    {KSPROPERTY_PIN_CONSTRAINEDDATARANGES, "CONSTRAINEDDATARANGES", VT::DataRanges},
    {KSPROPERTY_PIN_PROPOSEDATAFORMAT, "PROPOSEDATAFORMAT", VT::DataFormat},
    {KSPROPERTY_PIN_PROPOSEDATAFORMAT2, "PROPOSEDATAFORMAT2", VT::Unknown},
    {KSPROPERTY_PIN_MODEDATAFORMATS, "MODEDATAFORMATS", VT::Unknown},
};

const PropertyName kConnection[] = {
    {KSPROPERTY_CONNECTION_STATE, "STATE", VT::State},
    {KSPROPERTY_CONNECTION_PRIORITY, "PRIORITY", VT::Priority},
    {KSPROPERTY_CONNECTION_DATAFORMAT, "DATAFORMAT", VT::DataFormat},
    {KSPROPERTY_CONNECTION_ALLOCATORFRAMING, "ALLOCATORFRAMING", VT::Framing},
    {KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT, "PROPOSEDATAFORMAT", VT::DataFormat},
    {KSPROPERTY_CONNECTION_ACQUIREORDERING, "ACQUIREORDERING", VT::Bool},
    {KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX, "ALLOCATORFRAMING_EX", VT::FramingEx},
    {KSPROPERTY_CONNECTION_STARTAT, "STARTAT", VT::Unknown},
};

const PropertyName kGeneral[] = {
    {KSPROPERTY_GENERAL_COMPONENTID, "COMPONENTID", VT::ComponentId},
};

const PropertyName kTopology[] = {
    {KSPROPERTY_TOPOLOGY_CATEGORIES, "CATEGORIES", VT::Guids},
    {KSPROPERTY_TOPOLOGY_NODES, "NODES", VT::Guids},
    {KSPROPERTY_TOPOLOGY_CONNECTIONS, "CONNECTIONS", VT::Connections},
    {KSPROPERTY_TOPOLOGY_NAME, "NAME", VT::WString},
};

const PropertyName kTopologyNode[] = {
    {KSPROPERTY_TOPOLOGYNODE_ENABLE, "ENABLE", VT::Bool},
    {KSPROPERTY_TOPOLOGYNODE_RESET, "RESET", VT::Bool},
};

const PropertyName kStream[] = {
    {KSPROPERTY_STREAM_ALLOCATOR, "ALLOCATOR", VT::Unknown},
    {KSPROPERTY_STREAM_QUALITY, "QUALITY", VT::Unknown},
    {KSPROPERTY_STREAM_DEGRADATION, "DEGRADATION", VT::Unknown},
    {KSPROPERTY_STREAM_MASTERCLOCK, "MASTERCLOCK", VT::Unknown},
    {KSPROPERTY_STREAM_TIMEFORMAT, "TIMEFORMAT", VT::Guid},
    {KSPROPERTY_STREAM_PRESENTATIONTIME, "PRESENTATIONTIME", VT::Unknown},
    {KSPROPERTY_STREAM_PRESENTATIONEXTENT, "PRESENTATIONEXTENT", VT::Time},
    {KSPROPERTY_STREAM_FRAMETIME, "FRAMETIME", VT::Unknown},
    {KSPROPERTY_STREAM_RATECAPABILITY, "RATECAPABILITY", VT::Unknown},
    {KSPROPERTY_STREAM_RATE, "RATE", VT::Unknown},
    {KSPROPERTY_STREAM_PIPE_ID, "PIPE_ID", VT::Unknown},
};

const PropertyName kStreamInterface[] = {
    {KSPROPERTY_STREAMINTERFACE_HEADERSIZE, "HEADERSIZE", VT::Ulong},
};

const PropertyName kClock[] = {
    {KSPROPERTY_CLOCK_TIME, "TIME", VT::Time},
    {KSPROPERTY_CLOCK_PHYSICALTIME, "PHYSICALTIME", VT::Time},
    {KSPROPERTY_CLOCK_CORRELATEDTIME, "CORRELATEDTIME", VT::Unknown},
    {KSPROPERTY_CLOCK_CORRELATEDPHYSICALTIME, "CORRELATEDPHYSICALTIME", VT::Unknown},
    {KSPROPERTY_CLOCK_RESOLUTION, "RESOLUTION", VT::Unknown},
    {KSPROPERTY_CLOCK_STATE, "STATE", VT::State},
    {KSPROPERTY_CLOCK_FUNCTIONTABLE, "FUNCTIONTABLE", VT::Unknown},
};

const PropertyName kStreamAllocator[] = {
    {KSPROPERTY_STREAMALLOCATOR_FUNCTIONTABLE, "FUNCTIONTABLE", VT::Unknown},
    {KSPROPERTY_STREAMALLOCATOR_STATUS, "STATUS", VT::Unknown},
};

const PropertyName kMediaSeeking[] = {
    {KSPROPERTY_MEDIASEEKING_CAPABILITIES, "CAPABILITIES", VT::Ulong},
    {KSPROPERTY_MEDIASEEKING_FORMATS, "FORMATS", VT::Guids},
    {KSPROPERTY_MEDIASEEKING_TIMEFORMAT, "TIMEFORMAT", VT::Guid},
    {KSPROPERTY_MEDIASEEKING_POSITION, "POSITION", VT::Longlong},
    {KSPROPERTY_MEDIASEEKING_STOPPOSITION, "STOPPOSITION", VT::Longlong},
    {KSPROPERTY_MEDIASEEKING_POSITIONS, "POSITIONS", VT::Unknown},
    {KSPROPERTY_MEDIASEEKING_DURATION, "DURATION", VT::Longlong},
    {KSPROPERTY_MEDIASEEKING_AVAILABLE, "AVAILABLE", VT::Unknown},
    {KSPROPERTY_MEDIASEEKING_PREROLL, "PREROLL", VT::Longlong},
    {KSPROPERTY_MEDIASEEKING_CONVERTTIMEFORMAT, "CONVERTTIMEFORMAT", VT::Unknown},
};

const PropertyName kQuality[] = {
    {KSPROPERTY_QUALITY_REPORT, "REPORT", VT::Unknown},
    {KSPROPERTY_QUALITY_ERROR, "ERROR", VT::Unknown},
};

const PropertyName kMemoryTransport[] = {
    {KSPROPERTY_MEMORY_TRANSPORT, "MEMORY_TRANSPORT", VT::Bool},
};

const PropertyName kAudio[] = {
    {KSPROPERTY_AUDIO_LATENCY, "LATENCY", VT::Unknown},
    {KSPROPERTY_AUDIO_COPY_PROTECTION, "COPY_PROTECTION", VT::Unknown},
    {KSPROPERTY_AUDIO_CHANNEL_CONFIG, "CHANNEL_CONFIG", VT::Long},
    {KSPROPERTY_AUDIO_VOLUMELEVEL, "VOLUMELEVEL", VT::Long},
    {KSPROPERTY_AUDIO_POSITION, "POSITION", VT::AudioPosition},
    {KSPROPERTY_AUDIO_DYNAMIC_RANGE, "DYNAMIC_RANGE", VT::Unknown},
    {KSPROPERTY_AUDIO_QUALITY, "QUALITY", VT::Ulong},
    {KSPROPERTY_AUDIO_SAMPLING_RATE, "SAMPLING_RATE", VT::Ulong},
    {KSPROPERTY_AUDIO_DYNAMIC_SAMPLING_RATE, "DYNAMIC_SAMPLING_RATE", VT::Bool},
    {KSPROPERTY_AUDIO_MIX_LEVEL_TABLE, "MIX_LEVEL_TABLE", VT::Unknown},
    {KSPROPERTY_AUDIO_MIX_LEVEL_CAPS, "MIX_LEVEL_CAPS", VT::Unknown},
    {KSPROPERTY_AUDIO_MUX_SOURCE, "MUX_SOURCE", VT::Ulong},
    {KSPROPERTY_AUDIO_MUTE, "MUTE", VT::Bool},
    {KSPROPERTY_AUDIO_BASS, "BASS", VT::Long},
    {KSPROPERTY_AUDIO_MID, "MID", VT::Long},
    {KSPROPERTY_AUDIO_TREBLE, "TREBLE", VT::Long},
    {KSPROPERTY_AUDIO_BASS_BOOST, "BASS_BOOST", VT::Bool},
    {KSPROPERTY_AUDIO_EQ_LEVEL, "EQ_LEVEL", VT::Unknown},
    {KSPROPERTY_AUDIO_NUM_EQ_BANDS, "NUM_EQ_BANDS", VT::Ulong},
    {KSPROPERTY_AUDIO_EQ_BANDS, "EQ_BANDS", VT::Unknown},
    {KSPROPERTY_AUDIO_AGC, "AGC", VT::Bool},
    {KSPROPERTY_AUDIO_DELAY, "DELAY", VT::Time},
    {KSPROPERTY_AUDIO_LOUDNESS, "LOUDNESS", VT::Bool},
    {KSPROPERTY_AUDIO_WIDE_MODE, "WIDE_MODE", VT::Bool},
    {KSPROPERTY_AUDIO_WIDENESS, "WIDENESS", VT::Ulong},
    {KSPROPERTY_AUDIO_REVERB_LEVEL, "REVERB_LEVEL", VT::Ulong},
    {KSPROPERTY_AUDIO_CHORUS_LEVEL, "CHORUS_LEVEL", VT::Ulong},
    {KSPROPERTY_AUDIO_DEV_SPECIFIC, "DEV_SPECIFIC", VT::Unknown},
    {KSPROPERTY_AUDIO_DEMUX_DEST, "DEMUX_DEST", VT::Ulong},
    {KSPROPERTY_AUDIO_STEREO_ENHANCE, "STEREO_ENHANCE", VT::Unknown},
    {KSPROPERTY_AUDIO_MANUFACTURE_GUID, "MANUFACTURE_GUID", VT::Guid},
    {KSPROPERTY_AUDIO_PRODUCT_GUID, "PRODUCT_GUID", VT::Guid},
    {KSPROPERTY_AUDIO_CPU_RESOURCES, "CPU_RESOURCES", VT::Ulong},
    {KSPROPERTY_AUDIO_STEREO_SPEAKER_GEOMETRY, "STEREO_SPEAKER_GEOMETRY", VT::Long},
    {KSPROPERTY_AUDIO_SURROUND_ENCODE, "SURROUND_ENCODE", VT::Bool},
    {KSPROPERTY_AUDIO_3D_INTERFACE, "3D_INTERFACE", VT::Guid},
    {KSPROPERTY_AUDIO_PEAKMETER, "PEAKMETER", VT::Long},
    {KSPROPERTY_AUDIO_ALGORITHM_INSTANCE, "ALGORITHM_INSTANCE", VT::Guid},
    {KSPROPERTY_AUDIO_FILTER_STATE, "FILTER_STATE", VT::Unknown},
    {KSPROPERTY_AUDIO_PREFERRED_STATUS, "PREFERRED_STATUS", VT::Unknown},
    {KSPROPERTY_AUDIO_POSITIONEX, "POSITIONEX", VT::Unknown},
    {KSPROPERTY_AUDIO_PRESENTATION_POSITION, "PRESENTATION_POSITION", VT::Unknown},
    {KSPROPERTY_AUDIO_PEAKMETER2, "PEAKMETER2", VT::Long},
};

const PropertyName kRtAudio[] = {
    {KSPROPERTY_RTAUDIO_GETPOSITIONFUNCTION, "GETPOSITIONFUNCTION", VT::Unknown},
    {KSPROPERTY_RTAUDIO_BUFFER, "BUFFER", VT::Unknown},
    {KSPROPERTY_RTAUDIO_HWLATENCY, "HWLATENCY", VT::Unknown},
    {KSPROPERTY_RTAUDIO_POSITIONREGISTER, "POSITIONREGISTER", VT::Unknown},
    {KSPROPERTY_RTAUDIO_CLOCKREGISTER, "CLOCKREGISTER", VT::Unknown},
    {KSPROPERTY_RTAUDIO_BUFFER_WITH_NOTIFICATION, "BUFFER_WITH_NOTIFICATION", VT::Unknown},
    {KSPROPERTY_RTAUDIO_REGISTER_NOTIFICATION_EVENT, "REGISTER_NOTIFICATION_EVENT", VT::Unknown},
    {KSPROPERTY_RTAUDIO_UNREGISTER_NOTIFICATION_EVENT, "UNREGISTER_NOTIFICATION_EVENT", VT::Unknown},
    {KSPROPERTY_RTAUDIO_QUERY_NOTIFICATION_SUPPORT, "QUERY_NOTIFICATION_SUPPORT", VT::Bool},
    {KSPROPERTY_RTAUDIO_PACKETCOUNT, "PACKETCOUNT", VT::Ulong},
};

const PropertyName kNull[] = {
    {KSPROPERTY_OPENKS_NULL_STATISTICS, "STATISTICS", VT::NullStatistics},
};

#if KSCTL_HAVE_TONE
const PropertyName kTone[] = {
    {KSPROPERTY_OPENKS_TONE_FREQUENCY, "FREQUENCY", VT::Ulong},
    {KSPROPERTY_OPENKS_TONE_LEVEL, "LEVEL", VT::Long},
    {KSPROPERTY_OPENKS_TONE_PACING, "PACING", VT::Pacing},
};
#endif
#if KSCTL_HAVE_WAVOUT
const PropertyName kWavout[] = {
    {KSPROPERTY_OPENKS_WAVOUT_FILENAME, "FILENAME", VT::WString},
    {KSPROPERTY_OPENKS_WAVOUT_PACING, "PACING", VT::Pacing},
};
#endif
#if KSCTL_HAVE_TESTPATTERN
const PropertyName kTestPattern[] = {
    {KSPROPERTY_OPENKS_TESTPATTERN_PACING, "PACING", VT::Pacing},
};
#endif
#if KSCTL_HAVE_ALSA
const PropertyName kAlsa[] = {
    {KSPROPERTY_OPENKS_ALSA_STATISTICS, "STATISTICS", VT::Unknown},
};
#endif

#define KSCTL_SET(guid, shortName, table) \
    {                                     \
        &guid, #guid, shortName, table    \
    }
#define KSCTL_SET_NO_IDS(guid, shortName) \
    {                                     \
        &guid, #guid, shortName, {}       \
    }

const PropertySetName kSets[] = {
    KSCTL_SET(KSPROPSETID_Pin, "Pin", kPin),
    KSCTL_SET(KSPROPSETID_Connection, "Connection", kConnection),
    KSCTL_SET(KSPROPSETID_General, "General", kGeneral),
    KSCTL_SET(KSPROPSETID_Topology, "Topology", kTopology),
    KSCTL_SET(KSPROPSETID_TopologyNode, "TopologyNode", kTopologyNode),
    KSCTL_SET(KSPROPSETID_Stream, "Stream", kStream),
    KSCTL_SET(KSPROPSETID_StreamInterface, "StreamInterface", kStreamInterface),
    KSCTL_SET(KSPROPSETID_Clock, "Clock", kClock),
    KSCTL_SET(KSPROPSETID_StreamAllocator, "StreamAllocator", kStreamAllocator),
    KSCTL_SET(KSPROPSETID_MediaSeeking, "MediaSeeking", kMediaSeeking),
    KSCTL_SET(KSPROPSETID_Quality, "Quality", kQuality),
    KSCTL_SET(KSPROPSETID_MemoryTransport, "MemoryTransport", kMemoryTransport),
    KSCTL_SET(KSPROPSETID_Audio, "Audio", kAudio),
    KSCTL_SET(KSPROPSETID_RtAudio, "RtAudio", kRtAudio),
    KSCTL_SET_NO_IDS(KSPROPSETID_Jack, "Jack"),
    KSCTL_SET_NO_IDS(KSPROPSETID_Wave, "Wave"),
    KSCTL_SET_NO_IDS(KSPROPSETID_Cyclic, "Cyclic"),
    KSCTL_SET_NO_IDS(KSPROPSETID_Linear, "Linear"),
    KSCTL_SET_NO_IDS(KSPROPSETID_Sysaudio, "Sysaudio"),
    KSCTL_SET_NO_IDS(KSPROPSETID_Sysaudio_Pin, "SysaudioPin"),
    KSCTL_SET_NO_IDS(KSPROPSETID_AudioGfx, "AudioGfx"),
    KSCTL_SET_NO_IDS(KSPROPSETID_DrmAudioStream, "DrmAudioStream"),
    KSCTL_SET_NO_IDS(KSPROPSETID_DirectSound3DListener, "DirectSound3DListener"),
    KSCTL_SET_NO_IDS(KSPROPSETID_DirectSound3DBuffer, "DirectSound3DBuffer"),
    KSCTL_SET_NO_IDS(KSPROPSETID_Bibliographic, "Bibliographic"),
    KSCTL_SET_NO_IDS(KSPROPSETID_VramCapture, "VramCapture"),
    KSCTL_SET_NO_IDS(PROPSETID_VIDCAP_VIDEOPROCAMP, "VideoProcAmp"),
    KSCTL_SET_NO_IDS(PROPSETID_VIDCAP_CAMERACONTROL, "CameraControl"),
    KSCTL_SET_NO_IDS(PROPSETID_VIDCAP_VIDEOCONTROL, "VideoControl"),
    KSCTL_SET_NO_IDS(PROPSETID_VIDCAP_DROPPEDFRAMES, "DroppedFrames"),
    KSCTL_SET_NO_IDS(PROPSETID_VIDCAP_VIDEOCOMPRESSION, "VideoCompression"),
    KSCTL_SET_NO_IDS(PROPSETID_VIDCAP_CROSSBAR, "Crossbar"),
    KSCTL_SET_NO_IDS(PROPSETID_VIDCAP_SELECTOR, "Selector"),
    KSCTL_SET_NO_IDS(PROPSETID_TUNER, "Tuner"),
    KSCTL_SET(KSPROPSETID_OpenksNull, "Null", kNull),
#if KSCTL_HAVE_TONE
    KSCTL_SET(KSPROPSETID_OpenksTone, "Tone", kTone),
#endif
#if KSCTL_HAVE_WAVOUT
    KSCTL_SET(KSPROPSETID_OpenksWavout, "Wavout", kWavout),
#endif
#if KSCTL_HAVE_TESTPATTERN
    KSCTL_SET(KSPROPSETID_OpenksTestPattern, "TestPattern", kTestPattern),
#endif
#if KSCTL_HAVE_ALSA
    KSCTL_SET(KSPROPSETID_OpenksAlsa, "Alsa", kAlsa),
#endif
};

#undef KSCTL_SET
#undef KSCTL_SET_NO_IDS
#undef KSCTL_NAMED

std::string_view stripPrefix(std::string_view text, std::string_view prefix)
{
    if (text.size() > prefix.size() && sameName(text.substr(0, prefix.size()), prefix)) {
        return text.substr(prefix.size());
    }
    return text;
}

// The KSPROPERTY_<X>_ prefix of a set's id names, for accepting "KSPROPERTY_PIN_CTYPES".
std::string idPrefix(const PropertySetName& set)
{
    std::string_view ks = stripPrefix(set.ksName, "KSPROPSETID_");
    ks = stripPrefix(ks, "PROPSETID_");
    ks = stripPrefix(ks, "Openks");
    std::string prefix = "KSPROPERTY_";
    if (std::strncmp(set.ksName, "KSPROPSETID_Openks", 18) == 0) prefix += "OPENKS_";
    prefix += ks;
    prefix += '_';
    return prefix;
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string_view valueTypeName(ValueType type)
{
    switch (type) {
        case VT::Unknown:
            return "bytes";
        case VT::Ulong:
            return "ULONG";
        case VT::Long:
            return "LONG";
        case VT::Bool:
            return "BOOL";
        case VT::Ulonglong:
            return "ULONGLONG";
        case VT::Longlong:
            return "LONGLONG";
        case VT::Time:
            return "LONGLONG (100 ns)";
        case VT::Guid:
            return "GUID";
        case VT::State:
            return "KSSTATE";
        case VT::DataFlow:
            return "KSPIN_DATAFLOW";
        case VT::Communication:
            return "KSPIN_COMMUNICATION";
        case VT::CInstances:
            return "KSPIN_CINSTANCES";
        case VT::DataRanges:
            return "KSMULTIPLE_ITEM of KSDATARANGE";
        case VT::DataFormat:
            return "KSDATAFORMAT";
        case VT::Identifiers:
            return "KSMULTIPLE_ITEM of KSIDENTIFIER";
        case VT::Guids:
            return "KSMULTIPLE_ITEM of GUID";
        case VT::Connections:
            return "KSMULTIPLE_ITEM of KSTOPOLOGY_CONNECTION";
        case VT::WString:
            return "WCHAR string";
        case VT::ComponentId:
            return "KSCOMPONENTID";
        case VT::AudioPosition:
            return "KSAUDIO_POSITION";
        case VT::Framing:
            return "KSALLOCATOR_FRAMING";
        case VT::FramingEx:
            return "KSALLOCATOR_FRAMING_EX";
        case VT::Priority:
            return "KSPRIORITY";
        case VT::Pacing:
            return "ULONG (REALTIME/FREERUNNING)";
        case VT::NullStatistics:
            return "OPENKS_NULL_STATISTICS";
    }
    return "bytes";
}

std::span<const PropertySetName> propertySets()
{
    return kSets;
}

const PropertySetName* findSet(const GUID& set)
{
    for (const PropertySetName& s : kSets) {
        if (IsEqualGUID(*s.set, set)) return &s;
    }
    return nullptr;
}

const PropertySetName* findSetByName(std::string_view name)
{
    for (const PropertySetName& s : kSets) {
        std::string_view ks = s.ksName;
        if (sameName(name, s.shortName) || sameName(name, ks) ||
            sameName(name, stripPrefix(stripPrefix(ks, "KSPROPSETID_"), "PROPSETID_"))) {
            return &s;
        }
    }
    return nullptr;
}

const PropertyName* findProperty(const PropertySetName& set, ULONG id)
{
    for (const PropertyName& p : set.properties) {
        if (p.id == id) return &p;
    }
    return nullptr;
}

const PropertyName* findPropertyByName(const PropertySetName& set, std::string_view name)
{
    const std::string prefix = idPrefix(set);
    std::string_view bare = stripPrefix(name, prefix);
    for (const PropertyName& p : set.properties) {
        if (sameName(name, p.name) || sameName(bare, p.name)) return &p;
    }
    return nullptr;
}

std::string guidText(const GUID& g)
{
    return fmt::format("{{{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}}}", g.Data1, g.Data2,
                       g.Data3, g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3], g.Data4[4], g.Data4[5], g.Data4[6],
                       g.Data4[7]);
}

bool parseGuid(std::string_view text, GUID* guid)
{
    if (text.size() == 38 && text.front() == '{' && text.back() == '}') text = text.substr(1, 36);
    if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') return false;
    unsigned char bytes[16];
    size_t n = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) continue;
        int hi = hexDigit(text[i]);
        int lo = i + 1 < text.size() ? hexDigit(text[i + 1]) : -1;
        if (hi < 0 || lo < 0) return false;
        bytes[n++] = static_cast<unsigned char>(hi * 16 + lo);
        ++i;
    }
    if (n != 16) return false;
    GUID g{};
    g.Data1 = (ULONG{bytes[0]} << 24) | (ULONG{bytes[1]} << 16) | (ULONG{bytes[2]} << 8) | bytes[3];
    g.Data2 = static_cast<USHORT>((bytes[4] << 8) | bytes[5]);
    g.Data3 = static_cast<USHORT>((bytes[6] << 8) | bytes[7]);
    std::memcpy(g.Data4, bytes + 8, 8);
    *guid = g;
    return true;
}

std::string_view guidName(const GUID& guid)
{
    for (const CategoryName& c : kCategories) {
        if (IsEqualGUID(*c.guid, guid)) return c.name;
    }
    for (const PropertySetName& s : kSets) {
        if (IsEqualGUID(*s.set, guid)) return s.ksName;
    }
    for (const GuidName& n : kOtherGuids) {
        if (IsEqualGUID(*n.guid, guid)) return n.name;
    }
    return {};
}

std::string guidLabel(const GUID& guid)
{
    std::string_view name = guidName(guid);
    return name.empty() ? guidText(guid) : std::string(name);
}

std::string formatLabel(const GUID& guid)
{
    std::string_view name = guidName(guid);
    if (name.empty()) return guidText(guid);
    for (std::string_view prefix : {"KSDATAFORMAT_TYPE_", "KSDATAFORMAT_SUBTYPE_", "KSDATAFORMAT_SPECIFIER_"}) {
        if (name.substr(0, prefix.size()) == prefix) return std::string(name.substr(prefix.size()));
    }
    return std::string(name);
}

std::string propertyLabel(const GUID& set, ULONG id)
{
    const PropertySetName* s = findSet(set);
    std::string label = s != nullptr ? std::string(s->ksName) : guidLabel(set);
    const PropertyName* p = s != nullptr ? findProperty(*s, id) : nullptr;
    return p != nullptr ? label + "/" + p->name : fmt::format("{}/{}", label, id);
}

std::string propertyShortLabel(const GUID& set, ULONG id)
{
    const PropertySetName* s = findSet(set);
    const PropertyName* p = s != nullptr ? findProperty(*s, id) : nullptr;
    std::string head = s != nullptr ? std::string(s->shortName) : guidText(set);
    return p != nullptr ? head + "." + p->name : fmt::format("{}.{}", head, id);
}

std::string ioctlName(ULONG code)
{
    switch (code) {
        case IOCTL_KS_PROPERTY:
            return "IOCTL_KS_PROPERTY";
        case IOCTL_KS_ENABLE_EVENT:
            return "IOCTL_KS_ENABLE_EVENT";
        case IOCTL_KS_DISABLE_EVENT:
            return "IOCTL_KS_DISABLE_EVENT";
        case IOCTL_KS_METHOD:
            return "IOCTL_KS_METHOD";
        case IOCTL_KS_WRITE_STREAM:
            return "IOCTL_KS_WRITE_STREAM";
        case IOCTL_KS_READ_STREAM:
            return "IOCTL_KS_READ_STREAM";
        case IOCTL_KS_RESET_STATE:
            return "IOCTL_KS_RESET_STATE";
        case IOCTL_KS_HANDSHAKE:
            return "IOCTL_KS_HANDSHAKE";
        default:
            return fmt::format("IOCTL 0x{:08X}", code);
    }
}

std::string propertyFlagsText(ULONG flags)
{
    static const struct {
        ULONG bit;
        const char* name;
    } kFlags[] = {
        {KSPROPERTY_TYPE_GET, "GET"},
        {KSPROPERTY_TYPE_SET, "SET"},
        {KSPROPERTY_TYPE_SETSUPPORT, "SETSUPPORT"},
        {KSPROPERTY_TYPE_BASICSUPPORT, "BASICSUPPORT"},
        {KSPROPERTY_TYPE_RELATIONS, "RELATIONS"},
        {KSPROPERTY_TYPE_SERIALIZESET, "SERIALIZESET"},
        {KSPROPERTY_TYPE_UNSERIALIZESET, "UNSERIALIZESET"},
        {KSPROPERTY_TYPE_SERIALIZERAW, "SERIALIZERAW"},
        {KSPROPERTY_TYPE_UNSERIALIZERAW, "UNSERIALIZERAW"},
        {KSPROPERTY_TYPE_SERIALIZESIZE, "SERIALIZESIZE"},
        {KSPROPERTY_TYPE_DEFAULTVALUES, "DEFAULTVALUES"},
        {KSPROPERTY_TYPE_TOPOLOGY, "TOPOLOGY"},
        {KSPROPERTY_TYPE_HIGHPRIORITY, "HIGHPRIORITY"},
        {KSPROPERTY_TYPE_FSFILTERSCOPE, "FSFILTERSCOPE"},
        {KSPROPERTY_TYPE_COPYPAYLOAD, "COPYPAYLOAD"},
    };
    std::string text;
    ULONG rest = flags;
    for (const auto& f : kFlags) {
        if ((flags & f.bit) == 0) continue;
        if (!text.empty()) text += '|';
        text += f.name;
        rest &= ~f.bit;
    }
    if (rest != 0) {
        if (!text.empty()) text += '|';
        text += fmt::format("0x{:X}", rest);
    }
    return text.empty() ? "0" : text;
}

const char* stateName(ULONG state)
{
    switch (state) {
        case KSSTATE_STOP:
            return "STOP";
        case KSSTATE_ACQUIRE:
            return "ACQUIRE";
        case KSSTATE_PAUSE:
            return "PAUSE";
        case KSSTATE_RUN:
            return "RUN";
        default:
            return "?";
    }
}

std::optional<KSSTATE> parseState(std::string_view text)
{
    for (ULONG s = KSSTATE_STOP; s <= KSSTATE_RUN; ++s) {
        if (sameName(text, stateName(s)) || sameName(text, std::string("KSSTATE_") + stateName(s)) ||
            text == std::to_string(s)) {
            return static_cast<KSSTATE>(s);
        }
    }
    return std::nullopt;
}

const char* dataFlowName(ULONG flow)
{
    switch (flow) {
        case KSPIN_DATAFLOW_IN:
            return "IN";
        case KSPIN_DATAFLOW_OUT:
            return "OUT";
        default:
            return "?";
    }
}

const char* communicationName(ULONG comm)
{
    switch (comm) {
        case KSPIN_COMMUNICATION_NONE:
            return "NONE";
        case KSPIN_COMMUNICATION_SINK:
            return "SINK";
        case KSPIN_COMMUNICATION_SOURCE:
            return "SOURCE";
        case KSPIN_COMMUNICATION_BOTH:
            return "BOTH";
        case KSPIN_COMMUNICATION_BRIDGE:
            return "BRIDGE";
        default:
            return "?";
    }
}

std::span<const CategoryName> knownCategories()
{
    return kCategories;
}

const GUID* findCategory(std::string_view name)
{
    GUID parsed{};
    const bool isGuid = parseGuid(name, &parsed);
    for (const CategoryName& c : kCategories) {
        if (isGuid ? IsEqualGUID(*c.guid, parsed)
                   : sameName(name, c.name) || sameName(name, stripPrefix(c.name, "KSCATEGORY_"))) {
            return c.guid;
        }
    }
    return nullptr;
}

std::string categoryShortName(const GUID& category)
{
    for (const CategoryName& c : kCategories) {
        if (!IsEqualGUID(*c.guid, category)) continue;
        std::string name(stripPrefix(c.name, "KSCATEGORY_"));
        for (char& ch : name)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return name;
    }
    return guidText(category);
}

bool sameName(std::string_view a, std::string_view b)
{
    size_t i = 0, j = 0;
    auto skip = [](std::string_view s, size_t k) {
        while (k < s.size() && (s[k] == '_' || s[k] == '-'))
            ++k;
        return k;
    };
    for (;;) {
        i = skip(a, i);
        j = skip(b, j);
        if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[j]))) {
            return false;
        }
        ++i;
        ++j;
    }
}

}  // namespace ksctl
