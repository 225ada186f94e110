// SPDX-License-Identifier: MIT
// The inline KsDevice/KsFilterFactory/KsFilter/KsPin wrappers and the bag macros call the exported function the WDK
// names.
#include <gtest/gtest.h>
#include <openks/driver.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ddi/fake_exports.h"

namespace {

using openks::test::ddi::lastExportCall;
using openks::test::ddi::resetExportCalls;
using openks::test::ddi::setFakeResult;

std::uintptr_t address(const void* p)
{
    return reinterpret_cast<std::uintptr_t>(p);
}

struct Forwarding {
    const char* wrapper;
    const char* exported;
    std::function<void*()> call;       // calls the wrapper; returns what it returned (or nullptr)
    std::vector<std::uintptr_t> args;  // the arguments the exported function must receive
    bool returnsResult;                // the wrapper returns what the exported function returned
};

// Distinct objects to pass, so each argument is recognisable.
KSDEVICE gDevice;
KSFILTERFACTORY gFactory;
KSFILTER gFilter;
KSPIN gPin;
FILE_OBJECT gFile;
KSEVENT_ENTRY gEntry;
GUID gSet;
int gData;
int gContext;
PUNKNOWN const gUnknown = reinterpret_cast<PUNKNOWN>(&gContext);

BOOLEAN NTAPI everyEntry(PVOID, PKSEVENT_ENTRY)
{
    return TRUE;
}

std::vector<Forwarding> forwardings()
{
    const auto cb = reinterpret_cast<std::uintptr_t>(&everyEntry);
    return {
        {"KsDeviceGetFirstChildFilterFactory",
         "KsGetFirstChild",
         [] { return static_cast<void*>(KsDeviceGetFirstChildFilterFactory(&gDevice)); },
         {address(&gDevice)},
         true},
        {"KsDeviceRegisterAggregatedClientUnknown",
         "KsRegisterAggregatedClientUnknown",
         [] { return static_cast<void*>(KsDeviceRegisterAggregatedClientUnknown(&gDevice, gUnknown)); },
         {address(&gDevice), address(gUnknown)},
         true},
        {"KsDeviceGetOuterUnknown",
         "KsGetOuterUnknown",
         [] { return static_cast<void*>(KsDeviceGetOuterUnknown(&gDevice)); },
         {address(&gDevice)},
         true},
        {"KsFilterFactoryGetParentDevice",
         "KsGetParent",
         [] { return static_cast<void*>(KsFilterFactoryGetParentDevice(&gFactory)); },
         {address(&gFactory)},
         true},
        {"KsFilterFactoryGetFirstChildFilter",
         "KsGetFirstChild",
         [] { return static_cast<void*>(KsFilterFactoryGetFirstChildFilter(&gFactory)); },
         {address(&gFactory)},
         true},
        {"KsFilterFactoryGetNextSiblingFilterFactory",
         "KsGetNextSibling",
         [] { return static_cast<void*>(KsFilterFactoryGetNextSiblingFilterFactory(&gFactory)); },
         {address(&gFactory)},
         true},
        {"KsFilterFactoryGetDevice",
         "KsGetDevice",
         [] { return static_cast<void*>(KsFilterFactoryGetDevice(&gFactory)); },
         {address(&gFactory)},
         true},
        {"KsFilterFactoryRegisterAggregatedClientUnknown",
         "KsRegisterAggregatedClientUnknown",
         [] { return static_cast<void*>(KsFilterFactoryRegisterAggregatedClientUnknown(&gFactory, gUnknown)); },
         {address(&gFactory), address(gUnknown)},
         true},
        {"KsFilterFactoryGetOuterUnknown",
         "KsGetOuterUnknown",
         [] { return static_cast<void*>(KsFilterFactoryGetOuterUnknown(&gFactory)); },
         {address(&gFactory)},
         true},
        {"KsFilterAddEvent",
         "KsAddEvent",
         [] {
             KsFilterAddEvent(&gFilter, &gEntry);
             return static_cast<void*>(nullptr);
         },
         {address(&gFilter), address(&gEntry)},
         false},
        {"KsFilterGenerateEvents",
         "KsGenerateEvents",
         [] {
             KsFilterGenerateEvents(&gFilter, &gSet, 7, 4, &gData, everyEntry, &gContext);
             return static_cast<void*>(nullptr);
         },
         {address(&gFilter), address(&gSet), 7, 4, address(&gData), cb, address(&gContext)},
         false},
        {"KsGetFilterFromFileObject",
         "KsGetObjectFromFileObject",
         [] { return static_cast<void*>(KsGetFilterFromFileObject(&gFile)); },
         {address(&gFile)},
         true},
        {"KsFilterGetParentFilterFactory",
         "KsGetParent",
         [] { return static_cast<void*>(KsFilterGetParentFilterFactory(&gFilter)); },
         {address(&gFilter)},
         true},
        {"KsFilterGetNextSiblingFilter",
         "KsGetNextSibling",
         [] { return static_cast<void*>(KsFilterGetNextSiblingFilter(&gFilter)); },
         {address(&gFilter)},
         true},
        {"KsFilterGetDevice",
         "KsGetDevice",
         [] { return static_cast<void*>(KsFilterGetDevice(&gFilter)); },
         {address(&gFilter)},
         true},
        {"KsFilterAcquireControl",
         "KsAcquireControl",
         [] {
             KsFilterAcquireControl(&gFilter);
             return static_cast<void*>(nullptr);
         },
         {address(&gFilter)},
         false},
        {"KsFilterReleaseControl",
         "KsReleaseControl",
         [] {
             KsFilterReleaseControl(&gFilter);
             return static_cast<void*>(nullptr);
         },
         {address(&gFilter)},
         false},
        {"KsFilterRegisterAggregatedClientUnknown",
         "KsRegisterAggregatedClientUnknown",
         [] { return static_cast<void*>(KsFilterRegisterAggregatedClientUnknown(&gFilter, gUnknown)); },
         {address(&gFilter), address(gUnknown)},
         true},
        {"KsFilterGetOuterUnknown",
         "KsGetOuterUnknown",
         [] { return static_cast<void*>(KsFilterGetOuterUnknown(&gFilter)); },
         {address(&gFilter)},
         true},
        {"KsPinAddEvent",
         "KsAddEvent",
         [] {
             KsPinAddEvent(&gPin, &gEntry);
             return static_cast<void*>(nullptr);
         },
         {address(&gPin), address(&gEntry)},
         false},
        {"KsPinGenerateEvents",
         "KsGenerateEvents",
         [] {
             KsPinGenerateEvents(&gPin, nullptr, 3, 0, nullptr, nullptr, nullptr);
             return static_cast<void*>(nullptr);
         },
         {address(&gPin), 0, 3, 0, 0, 0, 0},
         false},
        {"KsGetPinFromFileObject",
         "KsGetObjectFromFileObject",
         [] { return static_cast<void*>(KsGetPinFromFileObject(&gFile)); },
         {address(&gFile)},
         true},
        {"KsPinGetDevice",
         "KsGetDevice",
         [] { return static_cast<void*>(KsPinGetDevice(&gPin)); },
         {address(&gPin)},
         true},
        {"KsPinAcquireControl",
         "KsAcquireControl",
         [] {
             KsPinAcquireControl(&gPin);
             return static_cast<void*>(nullptr);
         },
         {address(&gPin)},
         false},
        {"KsPinReleaseControl",
         "KsReleaseControl",
         [] {
             KsPinReleaseControl(&gPin);
             return static_cast<void*>(nullptr);
         },
         {address(&gPin)},
         false},
        {"KsPinRegisterAggregatedClientUnknown",
         "KsRegisterAggregatedClientUnknown",
         [] { return static_cast<void*>(KsPinRegisterAggregatedClientUnknown(&gPin, gUnknown)); },
         {address(&gPin), address(gUnknown)},
         true},
        {"KsPinGetOuterUnknown",
         "KsGetOuterUnknown",
         [] { return static_cast<void*>(KsPinGetOuterUnknown(&gPin)); },
         {address(&gPin)},
         true},
    };
}

// ks-spec §10: the object-tree wrappers are the WDK's inline forms over KsGetParent, KsGetDevice, KsAcquireControl...
TEST(InlineWrappers, EachForwardsToItsExportWithTheSameArguments)
{
    int result = 0;
    for (const Forwarding& f : forwardings()) {
        SCOPED_TRACE(f.wrapper);
        resetExportCalls();
        setFakeResult(&result, STATUS_SUCCESS);
        void* returned = f.call();
        EXPECT_EQ(lastExportCall().function, f.exported);
        EXPECT_EQ(lastExportCall().args, f.args);
        if (f.returnsResult) {
            EXPECT_EQ(returned, &result);
        }
    }
}

struct Editable {
    KSOBJECT_BAG Bag;
};

// KsEdit/KsEditSized/KsDiscard are the WDK macros over _KsEdit and KsRemoveItemFromObjectBag on Object->Bag.
TEST(InlineWrappers, BagMacrosUseTheObjectsBag)
{
    Editable object{reinterpret_cast<KSOBJECT_BAG>(&gData)};
    const KSFILTER_DESCRIPTOR* descriptor = nullptr;
    setFakeResult(nullptr, STATUS_INSUFFICIENT_RESOURCES);

    EXPECT_EQ(KsEdit(&object, &descriptor, 0x74736554), STATUS_INSUFFICIENT_RESOURCES);
    EXPECT_EQ(lastExportCall().function, "_KsEdit");
    std::vector<std::uintptr_t> edit = {address(&gData), address(&descriptor), sizeof(KSFILTER_DESCRIPTOR),
                                        sizeof(KSFILTER_DESCRIPTOR), 0x74736554};
    EXPECT_EQ(lastExportCall().args, edit);

    KsEditSized(&object, &descriptor, 200, 104, 7);
    std::vector<std::uintptr_t> sized = {address(&gData), address(&descriptor), 200, 104, 7};
    EXPECT_EQ(lastExportCall().args, sized);

    KsDiscard(&object, &gContext);
    EXPECT_EQ(lastExportCall().function, "KsRemoveItemFromObjectBag");
    std::vector<std::uintptr_t> discard = {address(&gData), address(&gContext), TRUE};
    EXPECT_EQ(lastExportCall().args, discard);
}

// KsDeleteFilterFactory frees the factory's create items from the device header at the start of the FDO extension.
TEST(InlineWrappers, DeleteFilterFactoryFreesItsCreateItemsByContext)
{
    KSDEVICE_HEADER header = reinterpret_cast<KSDEVICE_HEADER>(&gContext);
    struct {
        KSDEVICE_HEADER header;
        int driverData;
    } extension{header, 0};
    DEVICE_OBJECT fdo{};
    fdo.DeviceExtension = &extension;
    KSDEVICE device{};
    device.FunctionalDeviceObject = &fdo;
    setFakeResult(&device, STATUS_SUCCESS);  // KsGetParent(factory) -> device

    EXPECT_EQ(KsDeleteFilterFactory(&gFactory), STATUS_SUCCESS);
    EXPECT_EQ(lastExportCall().function, "KsFreeObjectCreateItemsByContext");
    std::vector<std::uintptr_t> args = {address(header), address(&gFactory)};
    EXPECT_EQ(lastExportCall().args, args);
}

}  // namespace
