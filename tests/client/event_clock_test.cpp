// SPDX-License-Identifier: MIT
// pinquery's event and clock calls through the Win32/ksuser surface: KsCreateClock on a pin, CLOCK_TIME and
// PHYSICALTIME, IOCTL_KS_ENABLE_EVENT with an event handle and DISABLE with the KSEVENTDATA as input.
#include <gtest/gtest.h>

#include <openks/client.h>

#include "avstream/eventdrv/eventdrv_protocol.h"
#include "client_support.h"

namespace openks::test {
namespace {

class PinqueryEvents : public ::testing::Test {
protected:
    void SetUp() override
    {
        const std::string path = devicePath("openks_eventdrv", KSCATEGORY_DATATRANSFORM);
        if (path.empty()) GTEST_SKIP() << "the event test minidriver (tests/avstream/eventdrv) is not built";
        filter_ = openFilter(path, false);
        ASSERT_NE(filter_, INVALID_HANDLE_VALUE);
        StreamPinCreate create = streamPin();
        create.connect.PinId = EVENTDRV_PIN_CLOCK;
        ASSERT_EQ(KsCreatePin(filter_, &create.connect, GENERIC_WRITE, &pin_), 0u);
    }

    void TearDown() override
    {
        if (pin_ != nullptr && pin_ != INVALID_HANDLE_VALUE) CloseHandle(pin_);
        if (filter_ != nullptr && filter_ != INVALID_HANDLE_VALUE) CloseHandle(filter_);
    }

    LONGLONG clockProperty(HANDLE clock, ULONG id)
    {
        KSPROPERTY property{};
        property.Set = KSPROPSETID_Clock;
        property.Id = id;
        property.Flags = KSPROPERTY_TYPE_GET;
        LONGLONG value = -1;
        ULONG returned = 0;
        EXPECT_EQ(KsSynchronousDeviceControl(clock, IOCTL_KS_PROPERTY, &property, sizeof(property), &value,
                                             sizeof(value), &returned),
                  S_OK);
        EXPECT_EQ(returned, sizeof(LONGLONG));
        return value;
    }

    HANDLE filter_ = nullptr;
    HANDLE pin_ = nullptr;
};

TEST_F(PinqueryEvents, ClockOnAPinAnswersTimeAndPhysicalTime)
{
    KSCLOCK_CREATE create{};
    HANDLE clock = nullptr;
    ASSERT_EQ(KsCreateClock(pin_, &create, &clock), 0u);
    const LONGLONG t1 = clockProperty(clock, KSPROPERTY_CLOCK_TIME);
    EXPECT_EQ(clockProperty(clock, KSPROPERTY_CLOCK_TIME), t1);  // the pin is stopped
    const LONGLONG p1 = clockProperty(clock, KSPROPERTY_CLOCK_PHYSICALTIME);
    EXPECT_GE(clockProperty(clock, KSPROPERTY_CLOCK_PHYSICALTIME), p1);
    EXPECT_TRUE(CloseHandle(clock));
}

TEST_F(PinqueryEvents, EnableWithAnEventHandleThenDisableWithTheEventDataAsInput)
{
    HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    ASSERT_NE(event, nullptr);
    KSEVENT request{};
    request.Set = KSEVENTSETID_OpenksEventTest;
    request.Id = EVENTDRV_EVENT_PLAIN;
    request.Flags = KSEVENT_TYPE_ENABLE;
    KSEVENTDATA data{};
    data.NotificationType = KSEVENTF_EVENT_HANDLE;
    data.EventHandle.Event = event;
    DWORD returned = 0;
    ASSERT_TRUE(DeviceIoControl(pin_, IOCTL_KS_ENABLE_EVENT, &request, sizeof(request), &data, sizeof(data), &returned,
                                nullptr));

    KSPROPERTY fire{};
    fire.Set = KSPROPSETID_OpenksEventTest;
    fire.Id = EVENTDRV_PROPERTY_FIRE;
    fire.Flags = KSPROPERTY_TYPE_SET;
    ULONG id = EVENTDRV_EVENT_PLAIN;
    ULONG bytes = 0;
    ASSERT_EQ(KsSynchronousDeviceControl(filter_, IOCTL_KS_PROPERTY, &fire, sizeof(fire), &id, sizeof(id), &bytes),
              S_OK);
    EXPECT_EQ(WaitForSingleObject(event, 10000), WAIT_OBJECT_0);

    EXPECT_TRUE(DeviceIoControl(pin_, IOCTL_KS_DISABLE_EVENT, &data, sizeof(data), nullptr, 0, &returned, nullptr));
    // A second disable names an event that is no longer enabled.
    EXPECT_FALSE(DeviceIoControl(pin_, IOCTL_KS_DISABLE_EVENT, &data, sizeof(data), nullptr, 0, &returned, nullptr));
    EXPECT_EQ(GetLastError(), ERROR_GEN_FAILURE);
    EXPECT_TRUE(CloseHandle(event));
}

}  // namespace
}  // namespace openks::test
