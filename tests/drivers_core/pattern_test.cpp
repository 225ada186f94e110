// SPDX-License-Identifier: MIT
// Tests of the testpattern painter: sizes, known pixels, whole frames against a reference from the documented rules.
#include "core/pattern_painter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

using openks::testpattern::PatternOptions;
using openks::testpattern::PatternPainter;
using openks::testpattern::PixelFormat;

struct Px {
    std::uint8_t r, g, b;
    friend bool operator==(const Px&, const Px&) = default;
};

// The documented picture, pixel by pixel, written independently of the painter.
Px referenceColour(std::uint32_t w, std::uint32_t h, bool counter, std::uint64_t n, std::uint32_t x, std::uint32_t y)
{
    static const Px bars[8] = {{191, 191, 191}, {191, 191, 0}, {0, 191, 191}, {0, 191, 0},
                               {191, 0, 191},   {191, 0, 0},   {0, 0, 191},   {0, 0, 0}};
    const std::uint32_t band = counter ? h / 16 : 0;
    if (y >= h - band) {
        const std::uint32_t cell = x / (w / 32);
        if (cell >= 32) {
            return {0, 0, 0};
        }
        const bool set = (std::uint32_t(n) >> (31 - cell)) & 1;
        return set ? Px{255, 255, 255} : Px{0, 0, 0};
    }
    const std::uint32_t side = h / 8 / 2 * 2;
    const std::uint32_t top = (h - side) / 2;
    const std::uint32_t left = std::uint32_t((n * 4) % (w - side));
    if (y >= top && y < top + side && x >= left && x < left + side) {
        return {255, 255, 255};
    }
    return bars[x * 8 / w];
}

// The reference frame in memory, from referenceColour and the documented layouts.
std::vector<std::uint8_t> referenceFrame(PixelFormat format, std::uint32_t w, std::int32_t height, bool counter,
                                         std::uint64_t n)
{
    const std::uint32_t h = std::uint32_t(height < 0 ? -height : height);
    if (format == PixelFormat::Rgb24) {
        const std::uint32_t stride = (w * 3 + 3) / 4 * 4;
        std::vector<std::uint8_t> out(std::size_t(stride) * h, 0);
        for (std::uint32_t y = 0; y < h; ++y) {
            const std::uint32_t row = height > 0 ? h - 1 - y : y;
            for (std::uint32_t x = 0; x < w; ++x) {
                const Px c = referenceColour(w, h, counter, n, x, y);
                std::uint8_t* p = &out[std::size_t(row) * stride + 3 * x];
                p[0] = c.b;
                p[1] = c.g;
                p[2] = c.r;
            }
        }
        return out;
    }
    std::vector<std::uint8_t> out(std::size_t(w) * 2 * h);
    for (std::uint32_t y = 0; y < h; ++y) {
        for (std::uint32_t x = 0; x < w; x += 2) {
            const Px a = referenceColour(w, h, counter, n, x, y);
            const Px b = referenceColour(w, h, counter, n, x + 1, y);
            auto luma = [](Px c) { return std::uint8_t(((66 * c.r + 129 * c.g + 25 * c.b + 128) >> 8) + 16); };
            std::uint8_t* p = &out[std::size_t(y) * w * 2 + 2 * x];
            p[0] = luma(a);
            p[1] = std::uint8_t(((-38 * a.r - 74 * a.g + 112 * a.b + 128) >> 8) + 128);
            p[2] = luma(b);
            p[3] = std::uint8_t(((112 * a.r - 94 * a.g - 18 * a.b + 128) >> 8) + 128);
        }
    }
    return out;
}

std::vector<std::uint8_t> paint(const PatternPainter& painter, std::uint64_t n)
{
    std::vector<std::uint8_t> frame(painter.frameBytes());
    EXPECT_EQ(painter.paint(n, frame.data(), frame.size()), STATUS_SUCCESS);
    return frame;
}

// Pixel (x, y), y counted from the top, of a bottom-up RGB24 DIB: B, G, R.
Px dibPixel(const std::vector<std::uint8_t>& f, std::uint32_t w, std::uint32_t h, std::uint32_t x, std::uint32_t y)
{
    const std::size_t stride = (w * 3 + 3) & ~3u;
    const std::uint8_t* p = &f[(h - 1 - y) * stride + 3 * x];
    return {p[2], p[1], p[0]};
}

TEST(PatternSizes, FrameBytesIsBiSizeImage)
{
    using openks::testpattern::frameBytes;
    EXPECT_EQ(frameBytes(PixelFormat::Rgb24, 160, 120), 160u * 3 * 120);
    EXPECT_EQ(frameBytes(PixelFormat::Rgb24, 161, 120), 484u * 120);   // 483 padded to 484
    EXPECT_EQ(frameBytes(PixelFormat::Rgb24, 162, -120), 488u * 120);  // top-down: same size
    EXPECT_EQ(frameBytes(PixelFormat::Rgb24, 1920, 1080), 1920u * 3 * 1080);
    EXPECT_EQ(frameBytes(PixelFormat::Yuy2, 640, 480), 640u * 2 * 480);
    EXPECT_EQ(frameBytes(PixelFormat::Yuy2, 1920, -1080), 1920u * 2 * 1080);
    EXPECT_EQ(openks::testpattern::frameStride(PixelFormat::Rgb24, 161, 120), 484u);
    // Invalid descriptions: 0.
    EXPECT_EQ(frameBytes(PixelFormat::Yuy2, 161, 120), 0u);  // odd width
    EXPECT_EQ(frameBytes(PixelFormat::Rgb24, 159, 120), 0u);
    EXPECT_EQ(frameBytes(PixelFormat::Rgb24, 1921, 120), 0u);
    EXPECT_EQ(frameBytes(PixelFormat::Rgb24, 160, 119), 0u);
    EXPECT_EQ(frameBytes(PixelFormat::Rgb24, 160, -1081), 0u);
    EXPECT_EQ(frameBytes(PixelFormat::Rgb24, 160, INT32_MIN), 0u);
    EXPECT_EQ(frameBytes(static_cast<PixelFormat>(7), 160, 120), 0u);
}

TEST(PatternSizes, ValidateFrameStatuses)
{
    using openks::testpattern::validateFrame;
    EXPECT_EQ(validateFrame(PixelFormat::Yuy2, 320, 240), STATUS_SUCCESS);
    EXPECT_EQ(validateFrame(PixelFormat::Yuy2, 321, 240), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(validateFrame(PixelFormat::Rgb24, 321, 240), STATUS_SUCCESS);
    EXPECT_EQ(validateFrame(PixelFormat::Rgb24, 0, 0), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(validateFrame(static_cast<PixelFormat>(2), 320, 240), STATUS_NOT_SUPPORTED);
}

TEST(PatternPainter, Rgb24BarsAtKnownPixels)
{
    PatternPainter painter;
    ASSERT_EQ(painter.configure(PixelFormat::Rgb24, 320, 240), STATUS_SUCCESS);
    const auto f = paint(painter, 0);
    const Px expected[8] = {{191, 191, 191}, {191, 191, 0}, {0, 191, 191}, {0, 191, 0},
                            {191, 0, 191},   {191, 0, 0},   {0, 0, 191},   {0, 0, 0}};
    for (std::uint32_t bar = 0; bar < 8; ++bar) {
        EXPECT_EQ(dibPixel(f, 320, 240, bar * 40 + 20, 10), expected[bar]) << "bar " << bar;
        EXPECT_EQ(dibPixel(f, 320, 240, bar * 40, 200), expected[bar]) << "left edge of bar " << bar;
        EXPECT_EQ(dibPixel(f, 320, 240, bar * 40 + 39, 0), expected[bar]) << "right edge of bar " << bar;
    }
    // Bottom-up: the top image row (white bar at x 0) is the last row in memory.
    const std::size_t last = f.size() - 960;
    EXPECT_EQ(f[last + 0], 191);
    EXPECT_EQ(f[last + 1], 191);
    EXPECT_EQ(f[last + 2], 191);
}

TEST(PatternPainter, SquareMovesFourPixelsPerFrameAndWraps)
{
    // 320×240: S = 30, rows 105..134, x = 4N mod 290.
    PatternPainter painter;
    ASSERT_EQ(painter.configure(PixelFormat::Rgb24, 320, 240), STATUS_SUCCESS);
    const Px white = {255, 255, 255};
    const Px bar0 = {191, 191, 191};
    auto f = paint(painter, 0);
    EXPECT_EQ(dibPixel(f, 320, 240, 0, 105), white);
    EXPECT_EQ(dibPixel(f, 320, 240, 29, 134), white);
    EXPECT_EQ(dibPixel(f, 320, 240, 30, 105), bar0);
    EXPECT_EQ(dibPixel(f, 320, 240, 0, 104), bar0);
    EXPECT_EQ(dibPixel(f, 320, 240, 0, 135), bar0);

    f = paint(painter, 10);
    EXPECT_EQ(painter.squareLeft(10), 40u);
    EXPECT_EQ(dibPixel(f, 320, 240, 39, 120), bar0);
    EXPECT_EQ(dibPixel(f, 320, 240, 40, 120), white);
    EXPECT_EQ(dibPixel(f, 320, 240, 69, 120), white);
    EXPECT_EQ(dibPixel(f, 320, 240, 70, 120), (Px{191, 191, 0}));

    EXPECT_EQ(painter.squareLeft(72), 288u);
    EXPECT_EQ(painter.squareLeft(73), 2u);  // 292 mod 290
    EXPECT_EQ(painter.squareLeft(145), 0u);
    EXPECT_EQ(painter.squareLeft(UINT64_MAX), std::uint32_t((UINT64_MAX % 290) * 4 % 290));
    EXPECT_EQ(painter.geometry().squareSide, 30u);
    EXPECT_EQ(painter.geometry().squareTop, 105u);
}

TEST(PatternPainter, CounterBandShowsTheFrameNumberInBinary)
{
    // 330×240: band rows 225..239, cells of 10 px, columns 320..329 black.
    PatternPainter painter;
    ASSERT_EQ(painter.configure(PixelFormat::Rgb24, 330, 240), STATUS_SUCCESS);
    const auto f = paint(painter, 5);  // ...101
    const Px white = {255, 255, 255};
    const Px black = {0, 0, 0};
    EXPECT_EQ(dibPixel(f, 330, 240, 295, 230), white);              // cell 29 = bit 2
    EXPECT_EQ(dibPixel(f, 330, 240, 305, 230), black);              // cell 30 = bit 1
    EXPECT_EQ(dibPixel(f, 330, 240, 319, 239), white);              // cell 31 = bit 0
    EXPECT_EQ(dibPixel(f, 330, 240, 5, 225), black);                // bit 31
    EXPECT_EQ(dibPixel(f, 330, 240, 325, 230), black);              // past the 32 cells
    EXPECT_EQ(dibPixel(f, 330, 240, 5, 224), (Px{191, 191, 191}));  // above the band: bars
    EXPECT_EQ(painter.geometry().counterTop, 225u);
    EXPECT_EQ(painter.geometry().counterCellWidth, 10u);
}

TEST(PatternPainter, RgbRowsArePaddedWithZeros)
{
    PatternPainter painter;
    ASSERT_EQ(painter.configure(PixelFormat::Rgb24, 161, 121), STATUS_SUCCESS);
    const auto f = paint(painter, 3);
    for (std::size_t row = 0; row < 121; ++row) {
        EXPECT_EQ(f[row * 484 + 483], 0) << row;
    }
}

TEST(PatternPainter, Yuy2BarsAreBt601LimitedRange)
{
    PatternPainter painter;
    ASSERT_EQ(painter.configure(PixelFormat::Yuy2, 320, 240), STATUS_SUCCESS);
    const auto f = paint(painter, 0);
    // Y, U, V of the eight 75% bars (computed by hand from the documented formula).
    const std::uint8_t yuv[8][3] = {{180, 128, 128}, {161, 44, 141}, {131, 156, 44}, {112, 73, 58},
                                    {84, 183, 198},  {65, 100, 212}, {35, 212, 115}, {16, 128, 128}};
    for (std::uint32_t bar = 0; bar < 8; ++bar) {
        const std::uint8_t* pair = &f[10 * 640 + (bar * 40 + 20) * 2];  // row 10, an even pixel
        EXPECT_EQ(pair[0], yuv[bar][0]) << bar;
        EXPECT_EQ(pair[1], yuv[bar][1]) << bar;
        EXPECT_EQ(pair[2], yuv[bar][0]) << bar;
        EXPECT_EQ(pair[3], yuv[bar][2]) << bar;
    }
    // The square (100% white) and the counter's black.
    const std::uint8_t* square = &f[120 * 640 + 0];
    EXPECT_EQ(square[0], 235);
    EXPECT_EQ(square[1], 128);
    EXPECT_EQ(square[3], 128);
    const std::uint8_t* band = &f[239 * 640];
    EXPECT_EQ(band[0], 16);
    EXPECT_EQ(band[1], 128);
}

TEST(PatternPainter, Yuy2ChromaIsCoSitedWithTheEvenPixel)
{
    // 180 wide: bar 0 is x 0..22, bar 1 starts at 23, inside the pair (22, 23).
    PatternPainter painter;
    ASSERT_EQ(painter.configure(PixelFormat::Yuy2, 180, 120), STATUS_SUCCESS);
    const auto f = paint(painter, 0);
    const std::uint8_t* pair = &f[2 * 360 + 22 * 2];
    EXPECT_EQ(pair[0], 180);  // white's Y
    EXPECT_EQ(pair[1], 128);  // white's U
    EXPECT_EQ(pair[2], 161);  // yellow's Y
    EXPECT_EQ(pair[3], 128);  // white's V
}

// Whole frames against the reference, for both formats, both RGB
// orientations, odd widths, the smallest and largest sizes and several N.
TEST(PatternPainter, WholeFramesMatchTheReference)
{
    struct Case {
        PixelFormat format;
        std::uint32_t w;
        std::int32_t h;
        bool counter;
    };
    const Case cases[] = {
        {PixelFormat::Rgb24, 160, 120, true},  {PixelFormat::Rgb24, 161, -121, true},
        {PixelFormat::Rgb24, 333, 250, false}, {PixelFormat::Rgb24, 1920, 1080, true},
        {PixelFormat::Yuy2, 160, 120, true},   {PixelFormat::Yuy2, 180, -150, true},
        {PixelFormat::Yuy2, 642, 480, false},  {PixelFormat::Yuy2, 1920, 1080, true},
    };
    const std::uint64_t frames[] = {0, 1, 77, 0x1234'5678'9ABCull};
    for (const Case& c : cases) {
        PatternPainter painter;
        PatternOptions options;
        options.frameCounter = c.counter;
        ASSERT_EQ(painter.configure(c.format, c.w, c.h, options), STATUS_SUCCESS);
        for (const std::uint64_t n : frames) {
            ASSERT_EQ(paint(painter, n), referenceFrame(c.format, c.w, c.h, c.counter, n))
                << int(c.format) << " " << c.w << "x" << c.h << " frame " << n;
        }
    }
}

TEST(PatternPainter, FrameIsAPureFunctionOfItsNumber)
{
    PatternPainter a;
    PatternPainter b;
    ASSERT_EQ(a.configure(PixelFormat::Yuy2, 640, 480), STATUS_SUCCESS);
    ASSERT_EQ(b.configure(PixelFormat::Yuy2, 640, 480), STATUS_SUCCESS);
    const auto f9 = paint(a, 9);
    (void)paint(a, 3);
    EXPECT_EQ(paint(b, 9), f9);
    EXPECT_EQ(paint(a, 9), f9);
    EXPECT_NE(paint(a, 10), f9);
}

TEST(PatternPainter, FrameCounterDecodes)
{
    using openks::testpattern::readFrameCounter;
    struct Case {
        PixelFormat format;
        std::uint32_t w;
        std::int32_t h;
    };
    const Case cases[] = {{PixelFormat::Rgb24, 160, 120},
                          {PixelFormat::Rgb24, 641, -480},
                          {PixelFormat::Yuy2, 1920, 1080},
                          {PixelFormat::Yuy2, 160, -120}};
    const std::uint64_t frames[] = {0, 1, 2, 0xDEADBEEF, 0xFFFFFFFF, (std::uint64_t(1) << 32) + 5};
    for (const Case& c : cases) {
        PatternPainter painter;
        ASSERT_EQ(painter.configure(c.format, c.w, c.h), STATUS_SUCCESS);
        for (const std::uint64_t n : frames) {
            const auto f = paint(painter, n);
            std::uint32_t counter = 0;
            ASSERT_TRUE(readFrameCounter(c.format, c.w, c.h, f.data(), f.size(), &counter));
            EXPECT_EQ(counter, std::uint32_t(n));
        }
    }
    std::vector<std::uint8_t> small(100);
    std::uint32_t counter = 42;
    EXPECT_FALSE(readFrameCounter(PixelFormat::Rgb24, 160, 120, small.data(), small.size(), &counter));
    EXPECT_FALSE(readFrameCounter(PixelFormat::Yuy2, 161, 120, small.data(), 1 << 20, &counter));
    EXPECT_FALSE(readFrameCounter(PixelFormat::Rgb24, 160, 120, nullptr, 1 << 20, &counter));
    EXPECT_EQ(counter, 42u);
}

TEST(PatternPainter, BadCallsGetAStatusAndWriteNothing)
{
    PatternPainter painter;
    std::vector<std::uint8_t> buffer(160 * 120 * 3 + 16, 0xA5);
    EXPECT_EQ(painter.paint(0, buffer.data(), buffer.size()), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(painter.configure(PixelFormat::Yuy2, 161, 120), STATUS_INVALID_PARAMETER);
    EXPECT_FALSE(painter.configured());
    ASSERT_EQ(painter.configure(PixelFormat::Rgb24, 160, 120), STATUS_SUCCESS);
    EXPECT_EQ(painter.configure(static_cast<PixelFormat>(5), 160, 120), STATUS_NOT_SUPPORTED);
    EXPECT_EQ(painter.configure(PixelFormat::Rgb24, 2000, 120), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(painter.frameBytes(), 160u * 120 * 3);  // previous configuration kept
    EXPECT_EQ(painter.paint(0, nullptr, buffer.size()), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(painter.paint(0, buffer.data(), painter.frameBytes() - 1), STATUS_BUFFER_TOO_SMALL);
    for (const std::uint8_t b : buffer) {
        ASSERT_EQ(b, 0xA5);
    }
    ASSERT_EQ(painter.paint(0, buffer.data(), buffer.size()), STATUS_SUCCESS);
    for (std::size_t i = painter.frameBytes(); i < buffer.size(); ++i) {
        EXPECT_EQ(buffer[i], 0xA5) << i;  // past the frame: untouched
    }
}

}  // namespace
