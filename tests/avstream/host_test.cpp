// SPDX-License-Identifier: MIT
// Tests of the driver host: loading through OPENKS_DRIVER_PATH, broken modules reported and skipped, PnP order,
// publication.
#include "avstream/host.h"

#include <gtest/gtest.h>

#include <openks/driver.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "avstream/driver.h"
#include "avstream/filter_factory.h"
#include "avstream/testdrv/testdrv_protocol.h"
#include "io/device.h"
#include "support/shared_dir.h"

namespace openks::avstream {
namespace {

// This binary loads the good test drivers, the broken ones, and names a
// directory that does not exist: all before the host's first start.
Host& startedHost()
{
    static Host& host = []() -> Host& {
        const std::string build = test::buildDir().string();
        const std::string path =
            build + "/tests/drivers:" + build + "/tests/drivers-broken:" + build + "/tests/no-such-driver-directory";
        setenv("OPENKS_DRIVER_PATH", path.c_str(), 1);
        Host::instance().ensureStarted();
        return Host::instance();
    }();
    return host;
}

bool contains(const std::vector<std::string>& names, const std::string& name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

const LoadError* errorFor(const std::vector<LoadError>& errors, const std::string& name)
{
    for (const LoadError& error : errors) {
        if (error.name == name) {
            return &error;
        }
    }
    return nullptr;
}

std::vector<PublishedFilter> publishedBy(const std::string& driver)
{
    std::vector<PublishedFilter> result;
    for (const PublishedFilter& filter : startedHost().publishedFilters()) {
        if (filter.driver == driver) {
            result.push_back(filter);
        }
    }
    return result;
}

TEST(Host, LoadsDriversFromOpenksDriverPath)
{
    EXPECT_TRUE(contains(startedHost().drivers(), "openks_testdrv"));
    // A missing directory in the path is logged, never fatal.
    EXPECT_EQ(errorFor(startedHost().loadErrors(), "openks_testdrv"), nullptr);
}

TEST(Host, PublishesTheTestFilterUnderEachOfItsCategories)
{
    std::vector<PublishedFilter> filters = publishedBy("openks_testdrv");
    ASSERT_EQ(filters.size(), 1u);
    const PublishedFilter& filter = filters.front();
    EXPECT_NE(filter.symbolicLink.find(u"openks_testdrv"), std::u16string::npos);
    EXPECT_EQ(filter.referenceString, guidText(TESTDRV_FILTER_GUID));
    ASSERT_EQ(filter.categories.size(), 3u);

    for (const GUID* category : {&KSCATEGORY_AUDIO, &KSCATEGORY_RENDER, &KSCATEGORY_CAPTURE}) {
        bool found = false;
        for (const io::DeviceInterface& i : io::enumerateDeviceInterfaces(category)) {
            if (i.referenceString == filter.referenceString &&
                i.symbolicLink.find(u"openks_testdrv") != std::u16string::npos) {
                found = true;
            }
        }
        EXPECT_TRUE(found) << "missing from a category of its descriptor";
    }
}

TEST(Host, ModuleWithoutDriverEntryIsReportedAndSkipped)
{
    const std::vector<LoadError> errors = startedHost().loadErrors();
    const LoadError* error = errorFor(errors, "openks_noentry");
    ASSERT_NE(error, nullptr);
    EXPECT_NE(error->reason.find("DriverEntry"), std::string::npos) << error->reason;
    EXPECT_FALSE(contains(startedHost().drivers(), "openks_noentry"));
}

TEST(Host, FailingDriverEntryIsReportedWithItsStatus)
{
    const std::vector<LoadError> errors = startedHost().loadErrors();
    const LoadError* error = errorFor(errors, "openks_failingdrv");
    ASSERT_NE(error, nullptr);
    EXPECT_NE(error->reason.find("0xC0000001"), std::string::npos) << error->reason;
    EXPECT_FALSE(contains(startedHost().drivers(), "openks_failingdrv"));
}

TEST(Host, InvalidFilterDescriptorIsRefusedAndTheDevicesOtherFilterPublished)
{
    EXPECT_TRUE(contains(startedHost().drivers(), "openks_baddesc"));
    std::vector<PublishedFilter> filters = publishedBy("openks_baddesc");
    ASSERT_EQ(filters.size(), 1u);
    const GUID good = {0x6f6b7364, 0x6261, 0x6464, {0x80, 0x00, 0x67, 0x6f, 0x6f, 0x64, 0x00, 0x02}};
    EXPECT_EQ(filters.front().referenceString, guidText(good));
}

TEST(Host, UnloadableModuleIsReportedAndNotFatal)
{
    startedHost();
    EXPECT_EQ(Host::instance().loadDriver(test::buildDir().string() + "/tests/no-such-module.so"), STATUS_UNSUCCESSFUL);
    const std::vector<LoadError> errors = Host::instance().loadErrors();
    const LoadError* error = errorFor(errors, "no-such-module");
    ASSERT_NE(error, nullptr);
    EXPECT_NE(error->reason.find("cannot load"), std::string::npos) << error->reason;
}

TEST(Host, EnsureStartedIsIdempotentAcrossThreads)
{
    const size_t before = startedHost().drivers().size();
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([] { Host::instance().ensureStarted(); });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    EXPECT_EQ(Host::instance().drivers().size(), before);
}

// ---- A driver inside this binary, added with addDriver -------------------------------

std::vector<std::string> gCalls;  // written by the dispatches below, on the loading thread only

NTSTATUS NTAPI inBinaryAdd(PKSDEVICE device)
{
    gCalls.push_back(device->Started ? "Add(started)" : "Add");
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI inBinaryStart(PKSDEVICE device, PIRP, PCM_RESOURCE_LIST, PCM_RESOURCE_LIST)
{
    gCalls.push_back(device->Started ? "Start(started)" : "Start");
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI inBinaryPostStart(PKSDEVICE device)
{
    gCalls.push_back(device->Started ? "PostStart(started)" : "PostStart");
    // Factories exist by now: the descriptor's filter was made during START.
    gCalls.push_back(KsDeviceGetFirstChildFilterFactory(device) != nullptr ? "factory" : "no factory");
    return STATUS_SUCCESS;
}

const KSDEVICE_DISPATCH kInBinaryDispatch = {inBinaryAdd, inBinaryStart, inBinaryPostStart, nullptr, nullptr,
                                             nullptr,     nullptr,       nullptr,           nullptr, nullptr,
                                             nullptr,     nullptr,       nullptr,           nullptr};

const KSDATARANGE kStreamRange = {{sizeof(KSDATARANGE),
                                   0,
                                   0,
                                   0,
                                   {STATICGUIDOF(KSDATAFORMAT_TYPE_STREAM)},
                                   {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_NONE)},
                                   {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE)}}};
const PKSDATARANGE kStreamRanges[] = {const_cast<PKSDATARANGE>(&kStreamRange)};
const KSPIN_DESCRIPTOR_EX kInBinaryPins[] = {
    {nullptr,
     nullptr,
     {0, nullptr, 0, nullptr, 1, kStreamRanges, KSPIN_DATAFLOW_IN, KSPIN_COMMUNICATION_SINK, nullptr, nullptr, {0}},
     0,
     1,
     0,
     nullptr,
     nullptr},
};
const GUID kInBinaryCategories[] = {{STATICGUIDOF(KSCATEGORY_VIDEO)}};
const GUID kInBinaryGuid = {0x6f6b7364, 0x6269, 0x6e31, {0x80, 0x00, 0x69, 0x6e, 0x62, 0x69, 0x6e, 0x31}};
const KSFILTER_DESCRIPTOR kInBinaryFilter = {nullptr,
                                             nullptr,
                                             KSFILTER_DESCRIPTOR_VERSION,
                                             0,
                                             &kInBinaryGuid,
                                             1,
                                             sizeof(KSPIN_DESCRIPTOR_EX),
                                             kInBinaryPins,
                                             1,
                                             kInBinaryCategories,
                                             0,
                                             sizeof(KSNODE_DESCRIPTOR),
                                             nullptr,
                                             0,
                                             nullptr,
                                             nullptr};
const KSFILTER_DESCRIPTOR* const kInBinaryFilters[] = {&kInBinaryFilter};
const KSDEVICE_DESCRIPTOR kInBinaryDevice = {&kInBinaryDispatch, 1, kInBinaryFilters, KSDEVICE_DESCRIPTOR_VERSION, 0};

NTSTATUS NTAPI inBinaryDriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    gCalls.push_back("DriverEntry");
    return KsInitializeDriver(driver, registryPath, &kInBinaryDevice);
}

TEST(Host, AddDriverRunsDriverEntryThenPnpInWindowsOrder)
{
    startedHost();
    gCalls.clear();
    ASSERT_EQ(Host::instance().addDriver("inbinary_test", inBinaryDriverEntry), STATUS_SUCCESS);
    const std::vector<std::string> expected = {"DriverEntry", "Add", "Start", "PostStart(started)", "factory"};
    EXPECT_EQ(gCalls, expected);
    EXPECT_EQ(publishedBy("inbinary_test").size(), 1u);

    // A second driver of the same name is refused, reported, and changes nothing.
    EXPECT_EQ(Host::instance().addDriver("inbinary_test", inBinaryDriverEntry), STATUS_OBJECT_NAME_COLLISION);
    const std::vector<LoadError> errors = Host::instance().loadErrors();
    EXPECT_NE(errorFor(errors, "inbinary_test"), nullptr);
    EXPECT_EQ(publishedBy("inbinary_test").size(), 1u);
}

TEST(Host, AddDriverRejectsMissingArguments)
{
    EXPECT_EQ(Host::instance().addDriver("", inBinaryDriverEntry), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(Host::instance().addDriver("nothing", nullptr), STATUS_INVALID_PARAMETER);
}

TEST(HostNames, DriverNameIsTheFileStemWithoutLib)
{
    EXPECT_EQ(driverNameFromPath("/usr/lib/openks/drivers/libtone.so"), "tone");
    EXPECT_EQ(driverNameFromPath("/x/openks_testdrv.so"), "openks_testdrv");
    EXPECT_EQ(driverNameFromPath("lib.so"), "lib");
}

}  // namespace
}  // namespace openks::avstream
