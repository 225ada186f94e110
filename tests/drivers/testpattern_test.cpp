// SPDX-License-Identifier: MIT
// The testpattern driver through the client API: the painter's frames, KS_FRAME_INFO filled, reads done in order.
#include <gtest/gtest.h>

#include <openks/client.h>
#include <openks/drivers/testpattern.h>

#include <chrono>
#include <cstring>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "core/pattern_painter.h"
#include "driver_test_support.h"

namespace openks::test {
namespace {

using testpattern::PatternPainter;
using testpattern::PixelFormat;

// A read of one extended header (KSSTREAM_HEADER + KS_FRAME_INFO), as ksvideosrc submits it.
struct VideoRead {
    KSSTREAM_HEADER header;
    KS_FRAME_INFO info;
};
static_assert(sizeof(VideoRead) == 128);

// The pin's ranges as DATARANGES answers them.
std::vector<KS_DATARANGE_VIDEO> videoRanges(const Filter& filter)
{
    std::vector<KS_DATARANGE_VIDEO> ranges;
    Result<std::vector<std::byte>> bytes = filter.getPinBytes(TESTPATTERN_PIN_CAPTURE, KSPROPERTY_PIN_DATARANGES);
    if (!bytes) {
        ADD_FAILURE() << bytes.error().message();
        return ranges;
    }
    KSMULTIPLE_ITEM head;
    std::memcpy(&head, bytes->data(), sizeof(head));
    std::size_t offset = sizeof(KSMULTIPLE_ITEM);
    for (ULONG i = 0; i < head.Count; ++i) {
        KS_DATARANGE_VIDEO range;
        std::memcpy(&range, bytes->data() + offset, sizeof(range));
        ranges.push_back(range);
        offset += (range.DataRange.FormatSize + 7) & ~std::size_t{7};
    }
    return ranges;
}

// The KS_DATAFORMAT_VIDEOINFOHEADER a client builds from a range (GStreamer's way).
std::vector<std::byte> formatFrom(const KS_DATARANGE_VIDEO& range, LONGLONG interval)
{
    KS_DATAFORMAT_VIDEOINFOHEADER format{};
    format.DataFormat = range.DataRange;
    format.DataFormat.FormatSize = sizeof(format);
    format.VideoInfoHeader = range.VideoInfoHeader;
    format.VideoInfoHeader.AvgTimePerFrame = interval;
    std::vector<std::byte> bytes(sizeof(format));
    std::memcpy(bytes.data(), &format, sizeof(format));
    return bytes;
}

class TestPatternTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        const std::string path = driverPath("testpattern", KSCATEGORY_VIDEO);
        ASSERT_FALSE(path.empty()) << "the testpattern driver is not published in KSCATEGORY_VIDEO";
        Result<Filter> filter = Filter::open(path);
        ASSERT_TRUE(filter.ok()) << filter.error().message();
        filter_ = std::move(*filter);
        ranges_ = videoRanges(filter_);
    }

    Pin createPin(const KS_DATARANGE_VIDEO& range, LONGLONG interval, ULONG pacing)
    {
        Result<Pin> pin = Pin::create(filter_, TESTPATTERN_PIN_CAPTURE, formatFrom(range, interval), GENERIC_READ);
        EXPECT_TRUE(pin.ok()) << pin.error().message();
        if (!pin) {
            return Pin();
        }
        EXPECT_EQ(setUlong(*pin, KSPROPSETID_OpenksTestPattern, KSPROPERTY_OPENKS_TESTPATTERN_PACING, pacing),
                  STATUS_SUCCESS);
        return std::move(*pin);
    }

    static VideoRead readHeader(std::vector<std::uint8_t>& buffer)
    {
        VideoRead r{};
        r.header = streamHeader(buffer.data(), static_cast<ULONG>(buffer.size()), false);
        r.header.Size = sizeof(VideoRead);
        r.info.ExtendedHeaderSize = sizeof(KS_FRAME_INFO);
        return r;
    }

    Filter filter_;
    std::vector<KS_DATARANGE_VIDEO> ranges_;
};

TEST_F(TestPatternTest, OffersYuy2AndRgb24AtThreeSizesWithEightByteMultipleRanges)
{
    ASSERT_EQ(ranges_.size(), 6u);
    const LONG sizes[3][2] = {{320, 240}, {640, 480}, {1280, 720}};
    for (std::size_t i = 0; i < ranges_.size(); ++i) {
        const KS_DATARANGE_VIDEO& r = ranges_[i];
        SCOPED_TRACE("range " + std::to_string(i));
        const bool yuy2 = i < 3;
        EXPECT_EQ(r.DataRange.FormatSize, 296u);
        EXPECT_TRUE(IsEqualGUID(r.DataRange.SubFormat, yuy2 ? KSDATAFORMAT_SUBTYPE_YUY2 : KSDATAFORMAT_SUBTYPE_RGB24));
        EXPECT_TRUE(IsEqualGUID(r.DataRange.Specifier, KSDATAFORMAT_SPECIFIER_VIDEOINFO));
        const KS_BITMAPINFOHEADER& bmi = r.VideoInfoHeader.bmiHeader;
        EXPECT_EQ(bmi.biWidth, sizes[i % 3][0]);
        EXPECT_EQ(bmi.biHeight, sizes[i % 3][1]);
        const PixelFormat pixels = yuy2 ? PixelFormat::Yuy2 : PixelFormat::Rgb24;
        EXPECT_EQ(bmi.biSizeImage, testpattern::frameBytes(pixels, bmi.biWidth, bmi.biHeight));
        EXPECT_EQ(r.DataRange.SampleSize, bmi.biSizeImage);
        EXPECT_EQ(r.VideoInfoHeader.AvgTimePerFrame, 333333);
        EXPECT_EQ(r.ConfigCaps.MinFrameInterval, 333333);
        EXPECT_EQ(r.ConfigCaps.MaxFrameInterval, 666666);
    }
}

// Every read gets the painter's picture N with its KS_FRAME_INFO, in submission order.
TEST_F(TestPatternTest, FramesAreThePaintersPicturesWithFrameInfoInFifoOrder)
{
    for (std::size_t which : {std::size_t{0}, std::size_t{4}}) {  // YUY2 320x240 and RGB24 640x480
        ASSERT_LT(which, ranges_.size());
        const KS_DATARANGE_VIDEO& range = ranges_[which];
        const KS_BITMAPINFOHEADER& bmi = range.VideoInfoHeader.bmiHeader;
        SCOPED_TRACE("range " + std::to_string(which));
        Pin pin = createPin(range, 666666, OPENKS_TESTPATTERN_PACING_FREERUNNING);
        ASSERT_TRUE(pin.valid());
        Result<ULONG> headerSize = pin.get<ULONG>(KSPROPSETID_StreamInterface, KSPROPERTY_STREAMINTERFACE_HEADERSIZE);
        ASSERT_TRUE(headerSize.ok()) << headerSize.error().message();
        EXPECT_EQ(*headerSize, sizeof(VideoRead));

        // Eight reads queued in PAUSE, completed after RUN; the completion order is recorded.
        constexpr int kReads = 8;
        setStateOrFail(pin, KSSTATE_PAUSE);
        std::vector<std::vector<std::uint8_t>> buffers(kReads, std::vector<std::uint8_t>(bmi.biSizeImage, 0xEE));
        std::vector<VideoRead> reads(kReads);
        std::vector<AsyncIo> io(kReads);
        for (int i = 0; i < kReads; ++i) {
            reads[i] = readHeader(buffers[i]);
            ASSERT_EQ(io[i].start(pin, IOCTL_KS_READ_STREAM, &reads[i], sizeof(VideoRead)), STATUS_PENDING);
        }
        setStateOrFail(pin, KSSTATE_RUN);
        // FIFO completion: once the last read has completed, every earlier one has.
        std::vector<Completion> results(kReads);
        results[kReads - 1] = io[kReads - 1].wait();
        for (int j = 0; j < kReads - 1; ++j) {
            EXPECT_TRUE(io[j].done()) << "the last read completed before read " << j;
            results[j] = io[j].wait();
        }

        PatternPainter painter;
        ASSERT_EQ(painter.configure(which < 3 ? PixelFormat::Yuy2 : PixelFormat::Rgb24, bmi.biWidth, bmi.biHeight),
                  STATUS_SUCCESS);
        std::vector<std::uint8_t> expected(painter.frameBytes());
        for (int i = 0; i < kReads; ++i) {
            SCOPED_TRACE("read " + std::to_string(i));
            EXPECT_EQ(results[i].status, STATUS_SUCCESS);
            EXPECT_EQ(results[i].information, sizeof(VideoRead));  // a read returns its headers
            const VideoRead& r = reads[i];
            EXPECT_EQ(r.header.DataUsed, bmi.biSizeImage);
            EXPECT_EQ(r.header.PresentationTime.Time, LONGLONG{666666} * i);
            EXPECT_EQ(r.header.Duration, 666666);
            EXPECT_EQ(
                r.header.OptionsFlags & (KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID |
                                         KSSTREAM_HEADER_OPTIONSF_FRAMEINFO),
                ULONG{KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID |
                      KSSTREAM_HEADER_OPTIONSF_FRAMEINFO});
            EXPECT_EQ(r.info.ExtendedHeaderSize, sizeof(KS_FRAME_INFO));
            EXPECT_EQ(r.info.dwFrameFlags, DWORD{KS_VIDEO_FLAG_FRAME});
            EXPECT_EQ(r.info.PictureNumber, i);
            EXPECT_EQ(r.info.DropCount, 0);
            ASSERT_EQ(painter.paint(static_cast<std::uint64_t>(i), expected.data(), expected.size()), STATUS_SUCCESS);
            EXPECT_TRUE(buffers[i] == expected);
            std::uint32_t counter = 0;
            ASSERT_TRUE(testpattern::readFrameCounter(painter.format(), bmi.biWidth, bmi.biHeight, buffers[i].data(),
                                                      buffers[i].size(), &counter));
            EXPECT_EQ(counter, static_cast<std::uint32_t>(i));
        }
        setStateOrFail(pin, KSSTATE_STOP);
    }
}

TEST_F(TestPatternTest, RealTimeFramesAreReleasedAtTheirEndAndLateReadsCountDrops)
{
    ASSERT_FALSE(ranges_.empty());
    Pin pin = createPin(ranges_[0], 333333, OPENKS_TESTPATTERN_PACING_REALTIME);
    ASSERT_TRUE(pin.valid());
    std::vector<std::uint8_t> buffer(ranges_[0].VideoInfoHeader.bmiHeader.biSizeImage);
    const auto before = std::chrono::steady_clock::now();
    setStateOrFail(pin, KSSTATE_RUN);
    VideoRead first = readHeader(buffer);
    ASSERT_EQ(submitAndWait(pin, IOCTL_KS_READ_STREAM, &first, sizeof(first)).status, STATUS_SUCCESS);
    EXPECT_GE(std::chrono::steady_clock::now() - before, std::chrono::microseconds(33333));
    EXPECT_EQ(first.info.PictureNumber, 0);
    EXPECT_EQ(first.info.DropCount, 0);

    // No read is queued for at least two frame periods: the pictures that fall due meanwhile are dropped.
    // Not a synchronisation: the scenario itself is three frame periods without a read.
    std::this_thread::sleep_for(std::chrono::microseconds(3 * 33334));
    VideoRead late = readHeader(buffer);
    ASSERT_EQ(submitAndWait(pin, IOCTL_KS_READ_STREAM, &late, sizeof(late)).status, STATUS_SUCCESS);
    EXPECT_GE(late.info.PictureNumber, 3);
    EXPECT_EQ(late.info.DropCount, late.info.PictureNumber - 1);  // every picture between 0 and this one
    EXPECT_EQ(late.header.PresentationTime.Time, late.info.PictureNumber * 333333);
    setStateOrFail(pin, KSSTATE_STOP);
}

TEST_F(TestPatternTest, AReadSmallerThanAPictureFailsAndTakesNoPicture)
{
    ASSERT_FALSE(ranges_.empty());
    Pin pin = createPin(ranges_[3], 333333, OPENKS_TESTPATTERN_PACING_FREERUNNING);
    ASSERT_TRUE(pin.valid());
    setStateOrFail(pin, KSSTATE_RUN);
    std::vector<std::uint8_t> small(1000);
    VideoRead tiny = readHeader(small);
    EXPECT_EQ(submitAndWait(pin, IOCTL_KS_READ_STREAM, &tiny, sizeof(tiny)).status, STATUS_BUFFER_TOO_SMALL);
    std::vector<std::uint8_t> buffer(ranges_[3].VideoInfoHeader.bmiHeader.biSizeImage);
    VideoRead next = readHeader(buffer);
    ASSERT_EQ(submitAndWait(pin, IOCTL_KS_READ_STREAM, &next, sizeof(next)).status, STATUS_SUCCESS);
    EXPECT_EQ(next.info.PictureNumber, 0);
    setStateOrFail(pin, KSSTATE_STOP);
}

TEST_F(TestPatternTest, IntersectionClampsTheFrameIntervalAndFramingIsOnePicture)  // ks-spec §12 item 42
{
    ASSERT_GE(ranges_.size(), 5u);
    KS_DATARANGE_VIDEO caller = ranges_[4];
    caller.ConfigCaps.MinFrameInterval = 100000;
    caller.ConfigCaps.MaxFrameInterval = 2000000;
    caller.VideoInfoHeader.AvgTimePerFrame = 1000000;  // 10 fps: beyond the pin's 15
    const KSDATARANGE* list[] = {&caller.DataRange};
    Result<std::vector<std::byte>> format = filter_.intersect(TESTPATTERN_PIN_CAPTURE, list);
    ASSERT_TRUE(format.ok()) << format.error().message();
    ASSERT_EQ(format->size(), sizeof(KS_DATAFORMAT_VIDEOINFOHEADER));
    KS_DATAFORMAT_VIDEOINFOHEADER f;
    std::memcpy(&f, format->data(), sizeof(f));
    EXPECT_EQ(f.VideoInfoHeader.AvgTimePerFrame, 666666);
    EXPECT_EQ(f.VideoInfoHeader.bmiHeader.biWidth, 640);
    EXPECT_EQ(f.DataFormat.SampleSize, 640u * 480 * 3);

    Result<Pin> pin = Pin::create(filter_, TESTPATTERN_PIN_CAPTURE, *format, GENERIC_READ);
    ASSERT_TRUE(pin.ok()) << pin.error().message();
    Result<KSALLOCATOR_FRAMING_EX> framing =
        pin->get<KSALLOCATOR_FRAMING_EX>(KSPROPSETID_Connection, KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX);
    ASSERT_TRUE(framing.ok()) << framing.error().message();
    EXPECT_EQ(framing->FramingItem[0].FramingRange.Range.MaxFrameSize, 640u * 480 * 3);
}

TEST_F(TestPatternTest, FormatsOutsideTheRangesAreRefused)
{
    ASSERT_FALSE(ranges_.empty());
    EXPECT_EQ(Pin::create(filter_, TESTPATTERN_PIN_CAPTURE, formatFrom(ranges_[0], 1000000), GENERIC_READ).status(),
              STATUS_NO_MATCH);  // 10 fps
    KS_DATARANGE_VIDEO odd = ranges_[0];
    odd.VideoInfoHeader.bmiHeader.biWidth = 330;
    EXPECT_EQ(Pin::create(filter_, TESTPATTERN_PIN_CAPTURE, formatFrom(odd, 333333), GENERIC_READ).status(),
              STATUS_NO_MATCH);
}

}  // namespace
}  // namespace openks::test
