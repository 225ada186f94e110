// SPDX-License-Identifier: MIT
// openks_baddesc: a driver with one filter descriptor that breaks the DDI's rules (a range FormatSize not a multiple of
// 8) and one valid one.
#include <openks/driver.h>

namespace {

// 82 bytes: what a driver gets by describing a format where a range belongs.
const struct {
    KSDATARANGE range;
    UCHAR extra[18];
} kOddRange = {{{82,
                 0,
                 0,
                 0,
                 {STATICGUIDOF(KSDATAFORMAT_TYPE_STREAM)},
                 {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_NONE)},
                 {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)}}},
               {0}};

const KSDATARANGE kGoodRange = {{sizeof(KSDATARANGE),
                                 0,
                                 0,
                                 0,
                                 {STATICGUIDOF(KSDATAFORMAT_TYPE_STREAM)},
                                 {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_NONE)},
                                 {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)}}};

const PKSDATARANGE kOddRanges[] = {const_cast<PKSDATARANGE>(&kOddRange.range)};
const PKSDATARANGE kGoodRanges[] = {const_cast<PKSDATARANGE>(&kGoodRange)};

const KSPIN_DESCRIPTOR_EX kOddPins[] = {
    {nullptr,
     nullptr,
     {DEFINE_KSPIN_DEFAULT_INTERFACES,
      DEFINE_KSPIN_DEFAULT_MEDIUMS,
      SIZEOF_ARRAY(kOddRanges),
      kOddRanges,
      KSPIN_DATAFLOW_IN,
      KSPIN_COMMUNICATION_SINK,
      nullptr,
      nullptr,
      {0}},
     0,
     1,
     0,
     nullptr,
     nullptr},
};

const KSPIN_DESCRIPTOR_EX kGoodPins[] = {
    {nullptr,
     nullptr,
     {DEFINE_KSPIN_DEFAULT_INTERFACES,
      DEFINE_KSPIN_DEFAULT_MEDIUMS,
      SIZEOF_ARRAY(kGoodRanges),
      kGoodRanges,
      KSPIN_DATAFLOW_IN,
      KSPIN_COMMUNICATION_SINK,
      nullptr,
      nullptr,
      {0}},
     0,
     1,
     0,
     nullptr,
     nullptr},
};

const GUID kCategories[] = {{STATICGUIDOF(KSCATEGORY_CAPTURE)}};
const GUID kOddGuid = {0x6f6b7364, 0x6261, 0x6464, {0x80, 0x00, 0x6f, 0x64, 0x64, 0x00, 0x00, 0x01}};
const GUID kGoodGuid = {0x6f6b7364, 0x6261, 0x6464, {0x80, 0x00, 0x67, 0x6f, 0x6f, 0x64, 0x00, 0x02}};

DEFINE_KSFILTER_DESCRIPTOR(kOddFilter){
    nullptr,
    nullptr,
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    &kOddGuid,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(kOddPins),
    DEFINE_KSFILTER_CATEGORIES(kCategories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL,
    DEFINE_KSFILTER_DEFAULT_CONNECTIONS,
    nullptr,
};

DEFINE_KSFILTER_DESCRIPTOR(kGoodFilter){
    nullptr,
    nullptr,
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    &kGoodGuid,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(kGoodPins),
    DEFINE_KSFILTER_CATEGORIES(kCategories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL,
    DEFINE_KSFILTER_DEFAULT_CONNECTIONS,
    nullptr,
};

DEFINE_KSFILTER_DESCRIPTOR_TABLE(kFilters){&kOddFilter, &kGoodFilter};

const KSDEVICE_DESCRIPTOR kDevice = {nullptr, SIZEOF_ARRAY(kFilters), kFilters, KSDEVICE_DESCRIPTOR_VERSION, 0};

}  // namespace

extern "C" NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    return KsInitializeDriver(driver, registryPath, &kDevice);
}
