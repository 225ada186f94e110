// SPDX-License-Identifier: MIT
// libFuzzer harness for the property/method/event engines and the DATAINTERSECTION parser over a fixed filter.
//
// Input layout: byte 0 selects the request (0 IOCTL_KS_PROPERTY, 1 IOCTL_KS_METHOD,
// 2 IOCTL_KS_ENABLE_EVENT, 3 IOCTL_KS_DISABLE_EVENT; others the property path
// too), bytes 1-2 the OutputBufferLength (little-endian), byte 3 bit 0 shifts
// the input and bit 1 the output by 4 bytes (the engine must bounce them),
// the rest is the input buffer.  Input and output live in heap blocks of
// exactly their size, so under ASan any read or write past them is
// reported.  The tables cover every engine path: KSPROPSETID_Pin served by
// KsPinPropertyHandler and KsPinDataIntersectionEx over an audio and a video
// pin, a set with members lists, relations and a support handler, a
// driver table overriding a framework item, a method set and an event set.
// Every input is also handed to parseIntersectionRequest directly.  Any
// violated invariant aborts.
//
// Seeds (corpus/property): CTYPES as KSPROPERTY and KSP_PIN, DATARANGES and
// INTERFACES probes, DATAINTERSECTION with audio, video and attribute-carrying
// caller ranges, SETSUPPORT with GUID_NULL, BASICSUPPORT of the members item,
// a TOPOLOGY request, a method call and an event enable.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>

#include "ks/event_set.h"
#include "ks/intersection.h"
#include "ks/method_set.h"
#include "ks/property_set.h"

namespace {

using namespace openks::ks;

void check(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "property_fuzz: invariant violated: %s\n", what);
        std::abort();
    }
}

// {6F1B0C4E-0F00-4A51-9A2B-0C0FFEE00F00}: the harness's own set; method and event sets follow.
const GUID kTestSet = {0x6f1b0c4e, 0x0f00, 0x4a51, {0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x0f, 0x00}};
const GUID kMethodSet = {0x6f1b0c4e, 0x0f01, 0x4a51, {0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x0f, 0x01}};
const GUID kEventSet = {0x6f1b0c4e, 0x0f02, 0x4a51, {0x9a, 0x2b, 0x0c, 0x0f, 0xfe, 0xe0, 0x0f, 0x02}};

struct Filter;
const Filter& filter();

ULONG gValue = 0;

NTSTATUS getValue(PIRP, PKSIDENTIFIER, PVOID data)
{
    std::memcpy(data, &gValue, sizeof(gValue));
    return STATUS_SUCCESS;
}

NTSTATUS setValue(PIRP, PKSIDENTIFIER, PVOID data)
{
    std::memcpy(&gValue, data, sizeof(gValue));
    return STATUS_SUCCESS;
}

const char16_t kName[] = u"Fuzz pin";
NTSTATUS getName(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    const ULONG outLen = IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.OutputBufferLength;
    return answerVariable(irp, data, outLen, kName, sizeof(kName));
}

const ULONG kListItems[5] = {1, 2, 3, 4, 5};
NTSTATUS getList(PIRP irp, PKSIDENTIFIER, PVOID)
{
    return KsHandleSizedListQuery(irp, 5, sizeof(ULONG), kListItems);
}

NTSTATUS declineSupport(PIRP irp, PKSIDENTIFIER, PVOID)
{
    irp->IoStatus.Information = 0;
    return STATUS_NOT_SUPPORTED;
}

NTSTATUS doubleIt(PIRP irp, PKSIDENTIFIER, PVOID data)
{
    ULONG v;
    std::memcpy(&v, data, sizeof(v));
    v *= 2;
    std::memcpy(data, &v, sizeof(v));
    irp->IoStatus.Information = sizeof(v);
    return STATUS_SUCCESS;
}

NTSTATUS pinProperties(PIRP irp, PKSIDENTIFIER request, PVOID data);
NTSTATUS pinIntersect(PIRP irp, PKSIDENTIFIER request, PVOID data);

// The driver's CTYPES, overriding the framework's: a fixed-size answer that relies on the MinData preset.
NTSTATUS driverCtypes(PIRP, PKSIDENTIFIER, PVOID data)
{
    const ULONG count = 2;
    std::memcpy(data, &count, sizeof(count));
    return STATUS_SUCCESS;
}

struct Filter {
    KSDATARANGE_AUDIO audio{};
    KS_DATARANGE_VIDEO video{};
    KSDATARANGE stream{};
    KSATTRIBUTE attribute{};
    PKSATTRIBUTE attributePointers[1] = {};
    KSATTRIBUTE_LIST attributes{};
    PKSDATARANGE audioRanges[3] = {};
    PKSDATARANGE videoRanges[1] = {};
    KSPIN_DESCRIPTOR pins[2] = {};

    KSPROPERTY_STEPPING_LONG steps{};
    LONG defaultValue = -6;
    KSPROPERTY_MEMBERSLIST members[2] = {};
    KSPROPERTY_VALUES values{};
    KSPROPERTY relation{};

    KSPROPERTY_ITEM pinItems[11] = {};
    KSPROPERTY_ITEM testItems[5] = {};
    KSPROPERTY_ITEM driverItems[2] = {};
    KSPROPERTY_SET frameworkSets[2] = {};
    KSPROPERTY_SET driverSets[1] = {};
    KSMETHOD_ITEM methodItem{};
    KSMETHOD_SET methodSets[1] = {};
    KSEVENT_ITEM eventItem{};
    KSEVENT_SET eventSets[1] = {};
    KSAUTOMATION_TABLE framework{};
    KSAUTOMATION_TABLE driver{};
    const KSAUTOMATION_TABLE* tables[3] = {};

    Filter()
    {
        audio.DataRange.FormatSize = sizeof(audio);
        audio.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
        audio.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
        audio.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
        audio.MaximumChannels = 8;
        audio.MinimumBitsPerSample = 16;
        audio.MaximumBitsPerSample = 32;
        audio.MinimumSampleFrequency = 44100;
        audio.MaximumSampleFrequency = 96000;
        stream.FormatSize = sizeof(stream);
        stream.Flags = KSDATARANGE_ATTRIBUTES;
        stream.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
        stream.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
        attribute.Size = sizeof(attribute);
        attribute.Flags = KSATTRIBUTE_REQUIRED;
        attributePointers[0] = &attribute;
        attributes.Count = 1;
        attributes.Attributes = attributePointers;
        audioRanges[0] = &audio.DataRange;
        audioRanges[1] = &stream;
        audioRanges[2] = reinterpret_cast<PKSDATARANGE>(&attributes);

        video.DataRange.FormatSize = sizeof(video);
        video.DataRange.MajorFormat = KSDATAFORMAT_TYPE_VIDEO;
        video.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_YUY2;
        video.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_VIDEOINFO;
        video.ConfigCaps.MinFrameInterval = 333333;
        video.ConfigCaps.MaxFrameInterval = 666666;
        KS_BITMAPINFOHEADER& bmi = video.VideoInfoHeader.bmiHeader;
        bmi.biSize = sizeof(KS_BITMAPINFOHEADER);
        bmi.biWidth = 320;
        bmi.biHeight = 240;
        bmi.biBitCount = 16;
        bmi.biCompression = 0x32595559;  // YUY2
        bmi.biSizeImage = 320 * 240 * 2;
        video.VideoInfoHeader.AvgTimePerFrame = 333333;
        videoRanges[0] = &video.DataRange;

        pins[0].DataRangesCount = 3;
        pins[0].DataRanges = audioRanges;
        pins[0].DataFlow = KSPIN_DATAFLOW_IN;
        pins[0].Communication = KSPIN_COMMUNICATION_SINK;
        pins[0].Category = &KSCATEGORY_AUDIO;
        pins[1].DataRangesCount = 1;
        pins[1].DataRanges = videoRanges;
        pins[1].DataFlow = KSPIN_DATAFLOW_OUT;
        pins[1].Communication = KSPIN_COMMUNICATION_BOTH;

        steps.SteppingDelta = 1;
        steps.Bounds.SignedMinimum = -96;
        steps.Bounds.SignedMaximum = 0;
        members[0].MembersHeader = {KSPROPERTY_MEMBER_STEPPEDRANGES, ULONG(sizeof(steps)), 1, 0};
        members[0].Members = &steps;
        members[1].MembersHeader = {KSPROPERTY_MEMBER_VALUES, ULONG(sizeof(LONG)), 1, KSPROPERTY_MEMBER_FLAG_DEFAULT};
        members[1].Members = &defaultValue;
        values.PropTypeSet.Set = KSPROPTYPESETID_General;
        values.PropTypeSet.Id = VT_I4;
        values.MembersListCount = 2;
        values.MembersList = members;
        relation.Set = kTestSet;
        relation.Id = 0;

        const ULONG pinIds[] = {KSPROPERTY_PIN_CTYPES,
                                KSPROPERTY_PIN_DATAFLOW,
                                KSPROPERTY_PIN_DATARANGES,
                                KSPROPERTY_PIN_INTERFACES,
                                KSPROPERTY_PIN_MEDIUMS,
                                KSPROPERTY_PIN_COMMUNICATION,
                                KSPROPERTY_PIN_CATEGORY,
                                KSPROPERTY_PIN_NAME,
                                KSPROPERTY_PIN_CONSTRAINEDDATARANGES,
                                KSPROPERTY_PIN_CINSTANCES,
                                KSPROPERTY_PIN_PROPOSEDATAFORMAT};
        for (size_t i = 0; i < std::size(pinIds); ++i) {
            KSPROPERTY_ITEM& item = pinItems[i];
            item.PropertyId = pinIds[i];
            item.MinProperty = pinIds[i] == KSPROPERTY_PIN_CTYPES ? sizeof(KSPROPERTY) : sizeof(KSP_PIN);
            if (pinIds[i] == KSPROPERTY_PIN_PROPOSEDATAFORMAT) {
                item.SetPropertyHandler = pinProperties;
                item.MinData = sizeof(KSDATAFORMAT);
            } else {
                item.GetPropertyHandler = pinProperties;
            }
        }
        // The driver table adds DATAINTERSECTION to KSPROPSETID_Pin and overrides CTYPES.
        driverItems[0].PropertyId = KSPROPERTY_PIN_DATAINTERSECTION;
        driverItems[0].GetPropertyHandler = pinIntersect;
        driverItems[0].MinProperty = sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM);
        driverItems[1].PropertyId = KSPROPERTY_PIN_CTYPES;
        driverItems[1].GetPropertyHandler = driverCtypes;
        driverItems[1].MinProperty = sizeof(KSPROPERTY);
        driverItems[1].MinData = sizeof(ULONG);

        testItems[0].PropertyId = 0;  // ULONG value with members lists
        testItems[0].GetPropertyHandler = getValue;
        testItems[0].SetPropertyHandler = setValue;
        testItems[0].MinProperty = sizeof(KSPROPERTY);
        testItems[0].MinData = sizeof(ULONG);
        testItems[0].Values = &values;
        testItems[0].RelationsCount = 1;
        testItems[0].Relations = &relation;
        testItems[1].PropertyId = 1;  // a string
        testItems[1].GetPropertyHandler = getName;
        testItems[1].MinProperty = sizeof(KSPROPERTY);
        testItems[2].PropertyId = 2;  // a sized list
        testItems[2].GetPropertyHandler = getList;
        testItems[2].MinProperty = sizeof(KSPROPERTY);
        testItems[3].PropertyId = 3;  // a node property with its own support handler
        testItems[3].GetPropertyHandler = getValue;
        testItems[3].MinProperty = sizeof(KSP_NODE);
        testItems[3].MinData = sizeof(ULONG);
        testItems[3].SupportHandler = declineSupport;
        testItems[4].PropertyId = 4;  // no handlers at all
        testItems[4].MinProperty = sizeof(KSPROPERTY);

        frameworkSets[0].Set = &KSPROPSETID_Pin;
        frameworkSets[0].PropertiesCount = ULONG(std::size(pinItems));
        frameworkSets[0].PropertyItem = pinItems;
        frameworkSets[1].Set = &kTestSet;
        frameworkSets[1].PropertiesCount = ULONG(std::size(testItems));
        frameworkSets[1].PropertyItem = testItems;
        driverSets[0].Set = &KSPROPSETID_Pin;
        driverSets[0].PropertiesCount = 2;
        driverSets[0].PropertyItem = driverItems;

        methodItem.MethodId = 0;
        methodItem.MethodHandler = doubleIt;
        methodItem.MinMethod = sizeof(KSMETHOD);
        methodItem.MinData = sizeof(ULONG);
        methodItem.Flags = KSMETHOD_TYPE_MODIFY;
        methodSets[0].Set = &kMethodSet;
        methodSets[0].MethodsCount = 1;
        methodSets[0].MethodItem = &methodItem;
        eventItem.EventId = 0;
        eventItem.DataInput = sizeof(KSEVENTDATA);
        eventSets[0].Set = &kEventSet;
        eventSets[0].EventsCount = 1;
        eventSets[0].EventItem = &eventItem;

        framework.PropertySetsCount = 2;
        framework.PropertyItemSize = sizeof(KSPROPERTY_ITEM);
        framework.PropertySets = frameworkSets;
        framework.MethodSetsCount = 1;
        framework.MethodItemSize = sizeof(KSMETHOD_ITEM);
        framework.MethodSets = methodSets;
        driver.PropertySetsCount = 1;
        driver.PropertyItemSize = sizeof(KSPROPERTY_ITEM);
        driver.PropertySets = driverSets;
        driver.EventSetsCount = 1;
        driver.EventItemSize = sizeof(KSEVENT_ITEM);
        driver.EventSets = eventSets;
        tables[0] = &framework;
        tables[1] = nullptr;
        tables[2] = &driver;
    }

    AutomationView view() const { return {tables, 3}; }
};

const Filter& filter()
{
    static const Filter f;
    return f;
}

NTSTATUS pinProperties(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    return KsPinPropertyHandler(irp, request, data, 2, filter().pins);
}

NTSTATUS pinIntersect(PIRP irp, PKSIDENTIFIER request, PVOID data)
{
    return KsPinDataIntersectionEx(irp, reinterpret_cast<PKSP_PIN>(request), data, 2, filter().pins,
                                   sizeof(KSPIN_DESCRIPTOR), nullptr, nullptr);
}

// parseIntersectionRequest's promises, re-derived, with every covered byte read.
void checkIntersectionParse(const std::byte* input, ULONG length)
{
    IntersectionRequest request;
    const NTSTATUS status = parseIntersectionRequest(input, length, &request);
    check(status == STATUS_SUCCESS || status == STATUS_BUFFER_TOO_SMALL || status == STATUS_INVALID_PARAMETER ||
              status == STATUS_DATATYPE_MISALIGNMENT,
          "parse status");
    if (!NT_SUCCESS(status)) {
        check(request.ranges.empty() && request.pin == nullptr, "nothing partial on failure");
        return;
    }
    check(reinterpret_cast<const std::byte*>(request.pin) == input, "pin is the input");
    const std::byte* end = input + length;
    unsigned sum = 0;
    for (const IntersectionRequest::Range& r : request.ranges) {
        const auto* at = reinterpret_cast<const std::byte*>(r.range);
        check(at >= input + 40 && (reinterpret_cast<std::uintptr_t>(at) & 7) == 0, "range placed and aligned");
        check(r.range->FormatSize >= sizeof(KSDATARANGE) && at + r.range->FormatSize <= end, "range inside");
        for (ULONG i = 0; i < r.range->FormatSize; ++i) {
            sum += unsigned(at[i]);
        }
        if (r.attributes != nullptr) {
            const auto* list = reinterpret_cast<const std::byte*>(r.attributes);
            check(list >= at + r.range->FormatSize && list + r.attributes->Size <= end, "attributes inside");
            check((r.range->Flags & KSDATARANGE_ATTRIBUTES) != 0, "attributes only when flagged");
        }
        // Each caller range against each pin's ranges, as the intersection loop would.
        for (const KSPIN_DESCRIPTOR& pin : filter().pins) {
            forEachDataRange(
                pin.DataRanges, pin.DataRangesCount, [&](const KSDATARANGE* pinRange, const KSATTRIBUTE_LIST*) {
                    alignas(8) std::byte out[256];
                    ULONG size = 0;
                    const NTSTATUS s = defaultIntersection(r.range, pinRange, out, sizeof(out), &size);
                    check(s == STATUS_SUCCESS || s == STATUS_NO_MATCH || s == STATUS_BUFFER_TOO_SMALL,
                          "intersection status");
                    if (s == STATUS_SUCCESS) {
                        const auto* produced = reinterpret_cast<const KSDATAFORMAT*>(out);
                        check(size == produced->FormatSize, "produced size");
                        check(formatMatchesRange(produced, size, pinRange, pinRange->FormatSize), "fits the pin");
                        check(formatMatchesRange(produced, size, r.range, r.range->FormatSize), "fits the caller");
                    }
                    return true;
                });
        }
    }
    (void)sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 4 || size - 4 > 0x100000) {
        return 0;
    }
    const unsigned selector = data[0];
    const ULONG outLen = ULONG(data[1]) | ULONG(data[2]) << 8;
    const size_t inShift = (data[3] & 1) != 0 ? 4 : 0;
    const size_t outShift = (data[3] & 2) != 0 ? 4 : 0;
    const ULONG inLen = ULONG(size - 4);

    // Exact-size blocks (plus the shift in front), 16-aligned by operator new.
    std::unique_ptr<std::byte[]> inBlock(new std::byte[inShift + inLen + 1]);
    std::byte* input = inBlock.get() + inShift;
    if (inLen != 0) {
        std::memcpy(input, data + 4, inLen);
    }
    std::unique_ptr<std::byte[]> outBlock(new std::byte[outShift + outLen + 1]);
    std::byte* output = outLen == 0 ? nullptr : outBlock.get() + outShift;
    if (outLen != 0) {
        std::memset(output, 0xCD, outLen);
    }

    IRP irp{};
    irp.Tail.Overlay.CurrentStackLocation = &irp.Stack[OPENKS_IRP_STACK_SIZE - 1];
    irp.RequestorMode = UserMode;
    irp.UserBuffer = output;
    IO_STACK_LOCATION* stack = IoGetCurrentIrpStackLocation(&irp);
    stack->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    stack->Parameters.DeviceIoControl.Type3InputBuffer = input;
    stack->Parameters.DeviceIoControl.InputBufferLength = inLen;
    stack->Parameters.DeviceIoControl.OutputBufferLength = outLen;

    const AutomationView view = filter().view();
    NTSTATUS status;
    bool intersection = false;
    switch (selector) {
        case 1:
            stack->Parameters.DeviceIoControl.IoControlCode = IOCTL_KS_METHOD;
            status = handleMethod(&irp, view);
            break;
        case 2:
            stack->Parameters.DeviceIoControl.IoControlCode = IOCTL_KS_ENABLE_EVENT;
            status = handleEnableEvent(&irp, view);
            break;
        case 3:
            stack->Parameters.DeviceIoControl.IoControlCode = IOCTL_KS_DISABLE_EVENT;
            status = handleDisableEvent(&irp);
            break;
        default: {
            stack->Parameters.DeviceIoControl.IoControlCode = IOCTL_KS_PROPERTY;
            status = handleProperty(&irp, view);
            KSPROPERTY p{};
            if (inLen >= sizeof(p)) {
                std::memcpy(&p, input, sizeof(p));
                intersection = IsEqualGUID(p.Set, KSPROPSETID_Pin) && p.Id == KSPROPERTY_PIN_DATAINTERSECTION &&
                               (p.Flags & ~ULONG(KSPROPERTY_TYPE_TOPOLOGY)) == KSPROPERTY_TYPE_GET;
            }
            break;
        }
    }

    check(status != STATUS_PENDING, "nothing in these tables pends");
    check(irp.AssociatedIrp.SystemBuffer == nullptr, "SystemBuffer restored");
    const ULONG_PTR information = irp.IoStatus.Information;
    if (NT_SUCCESS(status)) {
        check(information <= outLen, "success returns at most the buffer");
    }
    if (status == STATUS_BUFFER_OVERFLOW) {
        check(outLen == 0 && information != 0, "overflow answers a size probe");
    }
    if (intersection && status == STATUS_SUCCESS) {
        KSDATAFORMAT produced;
        check(information >= sizeof(produced), "a format came back");
        std::memcpy(&produced, output, sizeof(produced));
        check(produced.FormatSize == information, "Information is the format's size");
        bool fits = false;
        for (const KSPIN_DESCRIPTOR& pin : filter().pins) {
            fits = fits || formatMatchesPin(reinterpret_cast<const KSDATAFORMAT*>(output), ULONG(information), pin);
        }
        check(fits, "the produced format fits a pin");
    }

    checkIntersectionParse(input, inLen);
    return 0;
}
