/* SPDX-License-Identifier: MIT */
/* A minidriver's descriptor graph written in C, the way WDK samples write it, built with -Wall -Wextra -Werror. */
#include <openks/driver.h>

#include "ddi/c_minidriver.h"

static NTSTATUS NTAPI FilterCreate(PKSFILTER Filter, PIRP Irp)
{
    (void)Filter;
    (void)Irp;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI PinProcess(PKSPIN Pin)
{
    (void)Pin;
    return STATUS_PENDING;
}

static NTSTATUS NTAPI PinSetState(PKSPIN Pin, KSSTATE To, KSSTATE From)
{
    (void)Pin;
    (void)To;
    (void)From;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI GetGain(PIRP Irp, PKSPROPERTY Property, PLONG Gain)
{
    (void)Property;
    *Gain = 6;
    Irp->IoStatus.Information = sizeof(LONG);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI Intersect(PVOID Context, PIRP Irp, PKSP_PIN Pin, PKSDATARANGE DataRange,
                                PKSDATARANGE MatchingDataRange, ULONG DataBufferSize, PVOID Data, PULONG DataSize)
{
    (void)Context;
    (void)Irp;
    (void)Pin;
    (void)DataRange;
    (void)Data;
    (void)DataBufferSize;
    *DataSize = MatchingDataRange->FormatSize;
    return STATUS_SUCCESS;
}

#define STATIC_OPENKS_TEST_PROPSETID 0x5d5b9f2aL, 0x1c2e, 0x4b1f, 0x9a, 0x10, 0x3c, 0x44, 0x55, 0x66, 0x77, 0x88
DEFINE_GUIDEX(OPENKS_TEST_PROPSETID);
#define STATIC_OPENKS_TEST_NODETYPE 0x5d5b9f2bL, 0x1c2e, 0x4b1f, 0x9a, 0x10, 0x3c, 0x44, 0x55, 0x66, 0x77, 0x88
DEFINE_GUIDEX(OPENKS_TEST_NODETYPE);

DEFINE_KSPROPERTY_TABLE(GainItems){
    DEFINE_KSPROPERTY_ITEM(1, GetGain, sizeof(KSPROPERTY), sizeof(LONG), NULL, NULL, 0, NULL, NULL, 0),
};

DEFINE_KSPROPERTY_TABLE(ConnectionItems){
    DEFINE_KSPROPERTY_ITEM_CONNECTION_STATE(NULL, NULL),
};

DEFINE_KSPROPERTY_SET_TABLE(PinPropertySets){
    DEFINE_KSPROPERTY_SET(&OPENKS_TEST_PROPSETID, SIZEOF_ARRAY(GainItems), GainItems, 0, NULL),
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_Connection, SIZEOF_ARRAY(ConnectionItems), ConnectionItems, 0, NULL),
};

DEFINE_KSEVENT_TABLE(EndOfStream){
    DEFINE_KSEVENT_ITEM(KSEVENT_CONNECTION_ENDOFSTREAM, sizeof(KSEVENTDATA), 0, NULL, NULL, NULL),
};

DEFINE_KSEVENT_SET_TABLE(PinEventSets){
    DEFINE_KSEVENT_SET(&KSEVENTSETID_Connection, SIZEOF_ARRAY(EndOfStream), EndOfStream),
};

DEFINE_KSAUTOMATION_TABLE(PinAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(PinPropertySets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS(PinEventSets),
};

static const KSPIN_DISPATCH PinDispatch = {
    NULL, NULL, PinProcess, NULL, NULL, PinSetState, NULL, NULL, NULL, NULL,
};

static const KSFILTER_DISPATCH FilterDispatch = {FilterCreate, NULL, NULL, NULL};

/* GUIDs are spelled with Data4 in its own braces: a STATIC_* list inside one pair of
   braces (the Windows idiom) trips GCC's -Wmissing-braces in C. */
static const KSDATARANGE Range = {
    {sizeof(KSDATARANGE),
     0,
     4,
     0,
     {0x73647561, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}},  /* MEDIATYPE_Audio */
     {0x00000001, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}},  /* PCM */
     {0x0f6417d6, 0xc318, 0x11d0, {0xa4, 0x3f, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96}}}, /* SPECIFIER_NONE */
};
static const PKSDATARANGE Ranges[] = {(PKSDATARANGE)&Range};

static const KSPIN_DESCRIPTOR_EX Pins[] = {
    {
        &PinDispatch,
        &PinAutomation,
        {
            DEFINE_KSPIN_DEFAULT_INTERFACES,
            DEFINE_KSPIN_DEFAULT_MEDIUMS,
            SIZEOF_ARRAY(Ranges),
            Ranges,
            KSPIN_DATAFLOW_OUT,
            KSPIN_COMMUNICATION_BOTH,
            &KSCATEGORY_CAPTURE,
            NULL,
            {0},
        },
        KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY | KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING,
        1,
        0,
        NULL,
        Intersect,
    },
    {
        NULL,
        NULL,
        DEFINE_KSPIN_DESCRIPTOR_ITEM(0, NULL, 0, NULL, SIZEOF_ARRAY(Ranges), Ranges, KSPIN_DATAFLOW_IN,
                                     KSPIN_COMMUNICATION_SINK),
        0,
        KSINSTANCE_INDETERMINATE,
        1,
        NULL,
        NULL,
    },
};

static const GUID Categories[] = {
    {0x6994ad04, 0x93ef, 0x11d0, {0xa3, 0xcc, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96}}, /* KSCATEGORY_AUDIO */
    {0x65e8773d, 0x8f56, 0x11d0, {0xa3, 0xb9, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96}}, /* KSCATEGORY_CAPTURE */
};

static const KSNODE_DESCRIPTOR Nodes[] = {
    DEFINE_NODE_DESCRIPTOR(&PinAutomation, &OPENKS_TEST_NODETYPE, NULL),
};

static const KSTOPOLOGY_CONNECTION Connections[] = {
    {KSFILTER_NODE, 1, 0, 1},
    {0, 0, KSFILTER_NODE, 0},
};

DEFINE_KSFILTER_DESCRIPTOR(CaptureFilter){
    &FilterDispatch,
    NULL,
    KSFILTER_DESCRIPTOR_VERSION,
    KSFILTER_FLAG_CRITICAL_PROCESSING,
    &KSNAME_Filter,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(Pins),
    DEFINE_KSFILTER_CATEGORIES(Categories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS(Nodes),
    DEFINE_KSFILTER_CONNECTIONS(Connections),
    NULL,
};

DEFINE_KSFILTER_DESCRIPTOR(EmptyFilter){
    NULL,
    NULL,
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    NULL,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(Pins),
    DEFINE_KSFILTER_CATEGORY(KSCATEGORY_RENDER),
    DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL,
    DEFINE_KSFILTER_DEFAULT_CONNECTIONS,
    NULL,
};

DEFINE_KSFILTER_DESCRIPTOR_TABLE(FilterDescriptors){
    &CaptureFilter,
    &EmptyFilter,
};

static const KSDEVICE_DISPATCH DeviceDispatch = {
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

static const KSDEVICE_DESCRIPTOR DeviceDescriptor = {
    &DeviceDispatch,
    SIZEOF_ARRAY(FilterDescriptors),
    FilterDescriptors,
    KSDEVICE_DESCRIPTOR_VERSION_2,
    KSDEVICE_FLAG_ENABLE_REMOTE_WAKEUP,
};

const KSDEVICE_DESCRIPTOR *openks_test_c_device_descriptor(void)
{
    return &DeviceDescriptor;
}

BOOLEAN openks_test_c_gates(void)
{
    KSGATE orGate;
    KSGATE andGate;
    KsGateInitializeOr(&orGate, NULL);
    KsGateInitializeAnd(&andGate, &orGate);
    KsGateAddOffInputToAnd(&andGate);
    BOOLEAN closed = !KsGateGetStateUnsafe(&orGate);
    KsGateRemoveOffInputFromAnd(&andGate);
    return closed && KsGateGetStateUnsafe(&orGate);
}
