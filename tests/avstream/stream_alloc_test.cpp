// SPDX-License-Identifier: MIT
// Zero allocations per stream request end to end (io layer, object model, queue, minidriver): 10,000 write round trips after warm-up under a counting operator new.

#include "stream_client.h"

#include <gtest/gtest.h>

#include "counting_new.h"

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

namespace openks::test {
namespace {

TEST(StreamAllocationTest, UserModeWriteRoundTripsThroughTheWholeStackAllocateNothing)
{
    KsSession s;
    HANDLE filter = nullptr;
    HANDLE render = nullptr;
    const std::u16string path = streamFilterPath(STREAMDRV_FILTER_GUID);
    ASSERT_FALSE(path.empty());
    ASSERT_EQ(s.openFilter(path, &filter), STATUS_SUCCESS);
    ASSERT_EQ(createAudioPin(s, filter, STREAMDRV_PIN_RENDER, &render), STATUS_SUCCESS);
    ASSERT_EQ(setPinState(s, render, KSSTATE_RUN), STATUS_SUCCESS);
    StreamClient c(s);
    std::vector<std::uint8_t> data(1920, 0x5a);
    KSSTREAM_HEADER h{};
    h.Size = sizeof(h);
    h.PresentationTime.Numerator = h.PresentationTime.Denominator = 1;
    h.Data = data.data();
    h.FrameExtent = h.DataUsed = 1920;
    StreamClient::Request r;
    for (int i = 0; i < 200; ++i) {
        (void)c.write(render, &h, sizeof(h), &r);
        ASSERT_EQ(c.wait(&r), STATUS_SUCCESS);
    }
    int failures = 0;
    gAllocations = 0;
    gCounting = true;
    for (int i = 0; i < 10000; ++i) {
        (void)c.write(render, &h, sizeof(h), &r);
        failures += c.wait(&r) != STATUS_SUCCESS;
    }
    gCounting = false;
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(gAllocations.load(), 0u);
    EXPECT_EQ(streamCounters(s, render).BytesDone, 10200u * 1920u);
}

}  // namespace
}  // namespace openks::test
