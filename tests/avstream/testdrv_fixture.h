// SPDX-License-Identifier: MIT
// A GoogleTest fixture with one open openks_testdrv filter and helpers for its pins and private properties.
#pragma once

#include <gtest/gtest.h>

#include <openks/ks.h>

#include <vector>

#include "avstream/testdrv/testdrv_protocol.h"
#include "support/ks_session.h"

namespace openks::test {

// Each test gets a UserMode session with the test minidriver's filter open.
class TestDriverFilter : public ::testing::Test {
protected:
    void SetUp() override
    {
        path_ = filterPath("openks_testdrv");
        ASSERT_FALSE(path_.empty()) << "openks_testdrv is not published (OPENKS_DRIVER_PATH?)";
        ASSERT_EQ(session_.openFilter(path_, &filter_), STATUS_SUCCESS);
    }

    // Creates a pin with the first format the test pins all accept for their id.
    NTSTATUS createPin(ULONG pinId, HANDLE* pin)
    {
        KSPIN_CONNECT connect = standardConnect(pinId);
        if (pinId == TESTDRV_PIN_RAW) {
            KSDATAFORMAT format{};
            format.FormatSize = sizeof(format);
            format.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
            format.SubFormat = KSDATAFORMAT_SUBTYPE_NONE;
            format.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
            return session_.createPin(filter_, connect, &format, pin);
        }
        KSDATAFORMAT_WAVEFORMATEX format = waveFormat(2, 48000, 16);
        return session_.createPin(filter_, connect, &format.DataFormat, pin);
    }

    KSPIN_CINSTANCES instances(ULONG pinId)
    {
        KSPIN_CINSTANCES value{};
        IoResult r = session_.pinProperty(filter_, pinId, KSPROPSETID_Pin, KSPROPERTY_PIN_CINSTANCES,
                                          KSPROPERTY_TYPE_GET, &value, sizeof(value));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        return value;
    }

    TESTDRV_COUNTERS counters()
    {
        TESTDRV_COUNTERS value{};
        IoResult r = session_.property(filter_, KSPROPSETID_OpenksTest, TESTDRV_PROPERTY_COUNTERS, KSPROPERTY_TYPE_GET,
                                       &value, sizeof(value));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        return value;
    }

    // The SetDeviceState calls the minidriver saw since the last clearLog().
    std::vector<TESTDRV_STATE_STEP> stateLog()
    {
        TESTDRV_STATE_LOG log{};
        IoResult r = session_.property(filter_, KSPROPSETID_OpenksTest, TESTDRV_PROPERTY_STATE_LOG, KSPROPERTY_TYPE_GET,
                                       &log, sizeof(log));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        EXPECT_LE(log.Count, ULONG{TESTDRV_MAX_STEPS});
        return std::vector<TESTDRV_STATE_STEP>(log.Steps, log.Steps + log.Count);
    }

    void clearLog()
    {
        ULONG ignored = 0;
        IoResult r = session_.property(filter_, KSPROPSETID_OpenksTest, TESTDRV_PROPERTY_CLEAR_LOG, KSPROPERTY_TYPE_SET,
                                       &ignored, sizeof(ignored));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
    }

    // Makes the SetDeviceState call after `skip` successful ones fail with `status`.
    void failState(NTSTATUS status, ULONG skip)
    {
        TESTDRV_FAIL fail{status, skip};
        IoResult r = session_.property(filter_, KSPROPSETID_OpenksTest, TESTDRV_PROPERTY_FAIL_STATE,
                                       KSPROPERTY_TYPE_SET, &fail, sizeof(fail));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
    }

    TESTDRV_PIN_STATES pinStates(HANDLE pin)
    {
        TESTDRV_PIN_STATES states{};
        IoResult r = session_.property(pin, KSPROPSETID_OpenksTest, TESTDRV_PROPERTY_PIN_STATES, KSPROPERTY_TYPE_GET,
                                       &states, sizeof(states));
        EXPECT_EQ(r.status, STATUS_SUCCESS);
        return states;
    }

    KsSession session_;
    std::u16string path_;
    HANDLE filter_ = nullptr;
};

}  // namespace openks::test
