// SPDX-License-Identifier: MIT
// Tests of ksctl's media output: pixel conversions, PNG round trips of painted frames, YUV4MPEG2 bytes.
#include "core/pattern_painter.h"
#include "media/convert.h"
#include "media/png_io.h"
#include "media/y4m_writer.h"

#include <gtest/gtest.h>
#include <png.h>

#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace openks::media;
using openks::testpattern::PatternPainter;
using openks::testpattern::PixelFormat;

// A private temporary directory, removed with its files at the end of the test.
class TempDir {
public:
    TempDir()
    {
        char pattern[] = "/tmp/openks_media_test_XXXXXX";
        const char* made = ::mkdtemp(pattern);
        EXPECT_NE(made, nullptr);
        path_ = made != nullptr ? made : "/tmp";
    }
    ~TempDir()
    {
        for (const std::string& f : files_) {
            ::unlink(f.c_str());
        }
        ::rmdir(path_.c_str());
    }
    std::string file(const char* name)
    {
        files_.push_back(path_ + "/" + name);
        return files_.back();
    }

private:
    std::string path_;
    std::vector<std::string> files_;
};

// Everything written to a memory stream, as bytes.
class MemoryStream {
public:
    MemoryStream() : file_(::open_memstream(&data_, &size_)) {}
    ~MemoryStream()
    {
        if (file_ != nullptr) {
            std::fclose(file_);
        }
        std::free(data_);
    }
    std::FILE* file() { return file_; }
    std::vector<std::uint8_t> bytes()
    {
        std::fflush(file_);
        return std::vector<std::uint8_t>(data_, data_ + size_);
    }

private:
    char* data_ = nullptr;
    std::size_t size_ = 0;
    std::FILE* file_;
};

std::vector<std::uint8_t> readAll(const std::string& path)
{
    std::vector<std::uint8_t> out;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        return out;
    }
    std::uint8_t buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
        out.insert(out.end(), buffer, buffer + n);
    }
    std::fclose(f);
    return out;
}

std::uint32_t be32(const std::vector<std::uint8_t>& v, std::size_t at)
{
    return std::uint32_t(v[at]) << 24 | std::uint32_t(v[at + 1]) << 16 | std::uint32_t(v[at + 2]) << 8 | v[at + 3];
}

// --- conversions -----------------------------------------------------------

TEST(MediaConvert, DibToRgbFlipsRowsSwapsBytesAndDropsPadding)
{
    // 3×2 bottom-up DIB, stride 12 (9 bytes + 3 padding).  Memory row 0 is the bottom row.
    const std::vector<std::uint8_t> dib = {
        30, 20, 10, 60, 50, 40, 90, 80, 70, 0xEE, 0xEE, 0xEE,  // bottom: (10,20,30) (40,50,60) (70,80,90)
        3,  2,  1,  6,  5,  4,  9,  8,  7,  0xEE, 0xEE, 0xEE,  // top:    (1,2,3) (4,5,6) (7,8,9)
    };
    std::vector<std::uint8_t> rgb(18);
    ASSERT_EQ(dibToRgb(dib.data(), dib.size(), 3, 2, rgb.data(), rgb.size()), STATUS_SUCCESS);
    EXPECT_EQ(rgb, (std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90}));
    // The same memory read as a top-down DIB (negative biHeight) keeps the row order.
    ASSERT_EQ(dibToRgb(dib.data(), dib.size(), 3, -2, rgb.data(), rgb.size()), STATUS_SUCCESS);
    EXPECT_EQ(rgb, (std::vector<std::uint8_t>{10, 20, 30, 40, 50, 60, 70, 80, 90, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    EXPECT_EQ(dibStride(3), 12u);
    EXPECT_EQ(dibStride(4), 12u);
}

TEST(MediaConvert, DibToRgbRejectsBadArguments)
{
    std::vector<std::uint8_t> dib(24, 1);
    std::vector<std::uint8_t> rgb(18, 0x77);
    EXPECT_EQ(dibToRgb(dib.data(), 23, 3, 2, rgb.data(), rgb.size()), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(dibToRgb(dib.data(), dib.size(), 3, 2, rgb.data(), 17), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(dibToRgb(nullptr, dib.size(), 3, 2, rgb.data(), rgb.size()), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(dibToRgb(dib.data(), dib.size(), 0, 2, rgb.data(), rgb.size()), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(dibToRgb(dib.data(), dib.size(), 3, 0, rgb.data(), rgb.size()), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(dibToRgb(dib.data(), dib.size(), 3, INT32_MIN, rgb.data(), rgb.size()), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(rgb, std::vector<std::uint8_t>(18, 0x77));
}

TEST(MediaConvert, Yuy2ToRgbUsesTheInverseBt601Formula)
{
    // Expected values worked out by hand from the documented integer formula.
    EXPECT_EQ(yuvToRgb601(180, 128, 128), (Rgb8{191, 191, 191}));
    EXPECT_EQ(yuvToRgb601(235, 128, 128), (Rgb8{255, 255, 255}));
    EXPECT_EQ(yuvToRgb601(16, 128, 128), (Rgb8{0, 0, 0}));
    EXPECT_EQ(yuvToRgb601(161, 44, 141), (Rgb8{190, 191, 0}));
    EXPECT_EQ(yuvToRgb601(255, 128, 128), (Rgb8{255, 255, 255}));  // clamped high
    EXPECT_EQ(yuvToRgb601(0, 128, 128), (Rgb8{0, 0, 0}));          // clamped low
    EXPECT_EQ(yuvToRgb601(81, 90, 240), (Rgb8{255, 0, 0}));

    // 4×2 frame, second row starting 12 bytes in (stride 12 > 8).
    const std::vector<std::uint8_t> yuy2 = {
        180, 128, 16, 128, 235, 128, 161, 128, 0, 0, 0, 0,  //
        161, 44,  81, 141, 16,  90,  81,  240,
    };
    std::vector<std::uint8_t> rgb(24, 0);
    ASSERT_EQ(yuy2ToRgb(yuy2.data(), yuy2.size(), 4, 2, 12, rgb.data(), rgb.size()), STATUS_SUCCESS);
    const std::vector<std::uint8_t> expected = {
        191, 191, 191, 0,  0,  0, 255, 255, 255, 169, 169, 169,  // Y 161 with neutral chroma
        190, 191, 0,   96, 98, 0, 179, 0,   0,   255, 0,   0,    // each pair shares its U and V
    };
    EXPECT_EQ(rgb, expected);
}

TEST(MediaConvert, Yuy2ToRgbRejectsBadArguments)
{
    std::vector<std::uint8_t> yuy2(16, 128);
    std::vector<std::uint8_t> rgb(24, 0x77);
    EXPECT_EQ(yuy2ToRgb(yuy2.data(), yuy2.size(), 3, 2, 0, rgb.data(), rgb.size()), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(yuy2ToRgb(yuy2.data(), yuy2.size(), 4, 2, 7, rgb.data(), rgb.size()), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(yuy2ToRgb(yuy2.data(), yuy2.size(), 4, 0, 0, rgb.data(), rgb.size()), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(yuy2ToRgb(nullptr, yuy2.size(), 4, 2, 0, rgb.data(), rgb.size()), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(yuy2ToRgb(yuy2.data(), 15, 4, 2, 0, rgb.data(), rgb.size()), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(yuy2ToRgb(yuy2.data(), yuy2.size(), 4, 2, 12, rgb.data(), rgb.size()), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(yuy2ToRgb(yuy2.data(), yuy2.size(), 4, 2, SIZE_MAX, rgb.data(), rgb.size()), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(yuy2ToRgb(yuy2.data(), yuy2.size(), 4, 2, 0, rgb.data(), 23), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(rgb, std::vector<std::uint8_t>(24, 0x77));
}

// --- PNG -------------------------------------------------------------------

TEST(MediaPng, WritesAnEightBitRgbPngThatReadsBackExactly)
{
    TempDir dir;
    const std::string path = dir.file("ramp.png");
    const std::uint32_t w = 7, h = 5;
    std::vector<std::uint8_t> rgb(w * h * 3);
    for (std::size_t i = 0; i < rgb.size(); ++i) {
        rgb[i] = std::uint8_t(i * 37 + 11);
    }
    ASSERT_EQ(writePng(path.c_str(), rgb.data(), w, h), STATUS_SUCCESS);

    // The file itself: PNG signature, then IHDR with the size, 8 bits, colour type 2 (RGB).
    const auto file = readAll(path);
    ASSERT_GE(file.size(), 33u);
    EXPECT_EQ(std::vector<std::uint8_t>(file.begin(), file.begin() + 8),
              (std::vector<std::uint8_t>{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}));
    EXPECT_EQ(std::string(file.begin() + 12, file.begin() + 16), "IHDR");
    EXPECT_EQ(be32(file, 16), w);
    EXPECT_EQ(be32(file, 20), h);
    EXPECT_EQ(file[24], 8);
    EXPECT_EQ(file[25], 2);

    std::vector<std::uint8_t> back;
    std::uint32_t rw = 0, rh = 0;
    ASSERT_EQ(readPng(path.c_str(), &back, &rw, &rh), STATUS_SUCCESS);
    EXPECT_EQ(rw, w);
    EXPECT_EQ(rh, h);
    EXPECT_EQ(back, rgb);
}

TEST(MediaPng, HonoursARowStride)
{
    const std::uint32_t w = 3, h = 2;
    const std::vector<std::uint8_t> padded = {1,  2,  3,  4,  5,  6,  7,  8,  9,  0xAA, 0xBB,  //
                                              10, 11, 12, 13, 14, 15, 16, 17, 18, 0xCC, 0xDD};
    std::FILE* f = std::tmpfile();
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(writePng(f, padded.data(), w, h, 11), STATUS_SUCCESS);
    std::rewind(f);
    std::vector<std::uint8_t> back;
    std::uint32_t rw = 0, rh = 0;
    ASSERT_EQ(readPng(f, &back, &rw, &rh), STATUS_SUCCESS);
    std::fclose(f);
    EXPECT_EQ(back, (std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}));
}

// The acceptance check for `ksctl capture --png`: a painted RGB24 frame,
// converted and saved, decodes to exactly the painter's pixels.
TEST(MediaPng, DecodedPaintedRgbFrameEqualsThePainterPixels)
{
    TempDir dir;
    const std::string path = dir.file("frame.png");
    const std::uint32_t w = 322, h = 240;  // 966-byte rows: padded to 968
    PatternPainter painter;
    ASSERT_EQ(painter.configure(PixelFormat::Rgb24, w, std::int32_t(h)), STATUS_SUCCESS);
    std::vector<std::uint8_t> dib(painter.frameBytes());
    ASSERT_EQ(painter.paint(42, dib.data(), dib.size()), STATUS_SUCCESS);

    std::vector<std::uint8_t> rgb(std::size_t(w) * h * 3);
    ASSERT_EQ(dibToRgb(dib.data(), dib.size(), w, std::int32_t(h), rgb.data(), rgb.size()), STATUS_SUCCESS);
    ASSERT_EQ(writePng(path.c_str(), rgb.data(), w, h), STATUS_SUCCESS);

    std::vector<std::uint8_t> back;
    std::uint32_t rw = 0, rh = 0;
    ASSERT_EQ(readPng(path.c_str(), &back, &rw, &rh), STATUS_SUCCESS);
    ASSERT_EQ(rw, w);
    ASSERT_EQ(rh, h);
    // Every pixel against the DIB, read with the DIB rules (bottom-up, BGR, 968-byte rows).
    for (std::uint32_t y = 0; y < h; ++y) {
        for (std::uint32_t x = 0; x < w; ++x) {
            const std::uint8_t* d = &dib[std::size_t(h - 1 - y) * 968 + 3 * x];
            const std::uint8_t* p = &back[(std::size_t(y) * w + x) * 3];
            ASSERT_EQ(p[0], d[2]) << x << "," << y;
            ASSERT_EQ(p[1], d[1]) << x << "," << y;
            ASSERT_EQ(p[2], d[0]) << x << "," << y;
        }
    }
    // And a few pixels by value: the yellow bar top-left, the square, the counter.
    EXPECT_EQ(back[(0 * w + 45) * 3 + 2], 0);           // yellow: B = 0
    EXPECT_EQ(back[(0 * w + 45) * 3 + 0], 191);         // R = 191
    const std::uint32_t left = painter.squareLeft(42);  // 168
    EXPECT_EQ(back[(120 * w + left) * 3], 255);
    std::uint32_t counter = 0;
    ASSERT_TRUE(openks::testpattern::readFrameCounter(PixelFormat::Rgb24, w, std::int32_t(h), dib.data(), dib.size(),
                                                      &counter));
    EXPECT_EQ(counter, 42u);
}

TEST(MediaPng, PaintedYuy2FrameConvertsToTheBarColours)
{
    const std::uint32_t w = 320, h = 240;
    PatternPainter painter;
    ASSERT_EQ(painter.configure(PixelFormat::Yuy2, w, std::int32_t(h)), STATUS_SUCCESS);
    std::vector<std::uint8_t> yuy2(painter.frameBytes());
    ASSERT_EQ(painter.paint(0, yuy2.data(), yuy2.size()), STATUS_SUCCESS);
    std::vector<std::uint8_t> rgb(std::size_t(w) * h * 3);
    ASSERT_EQ(yuy2ToRgb(yuy2.data(), yuy2.size(), w, h, 0, rgb.data(), rgb.size()), STATUS_SUCCESS);

    TempDir dir;
    const std::string path = dir.file("yuy2.png");
    ASSERT_EQ(writePng(path.c_str(), rgb.data(), w, h), STATUS_SUCCESS);
    std::vector<std::uint8_t> back;
    std::uint32_t rw = 0, rh = 0;
    ASSERT_EQ(readPng(path.c_str(), &back, &rw, &rh), STATUS_SUCCESS);
    ASSERT_EQ(back, rgb);
    // The 75% bars after RGB → YUV → RGB in integers (hand-computed): within 1 of 191/0.
    const Rgb8 bars[8] = {{191, 191, 191}, {190, 191, 0}, {0, 191, 190}, {0, 190, 1},
                          {191, 1, 190},   {191, 0, 1},   {1, 0, 191},   {0, 0, 0}};
    for (std::uint32_t bar = 0; bar < 8; ++bar) {
        const std::uint8_t* p = &back[(10 * w + bar * 40 + 20) * 3];
        EXPECT_EQ((Rgb8{p[0], p[1], p[2]}), bars[bar]) << bar;
    }
}

TEST(MediaPng, ReadsGreyImagesAsRgb)
{
    // A grey PNG made with libpng directly.
    const std::uint8_t grey[6] = {0, 50, 100, 150, 200, 255};
    std::FILE* f = std::tmpfile();
    ASSERT_NE(f, nullptr);
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = 3;
    image.height = 2;
    image.format = PNG_FORMAT_GRAY;
    ASSERT_NE(png_image_write_to_stdio(&image, f, 0, grey, 3, nullptr), 0);
    png_image_free(&image);
    std::rewind(f);
    std::vector<std::uint8_t> back;
    std::uint32_t w = 0, h = 0;
    ASSERT_EQ(readPng(f, &back, &w, &h), STATUS_SUCCESS);
    std::fclose(f);
    ASSERT_EQ(back.size(), 18u);
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(back[3 * i], grey[i]);
        EXPECT_EQ(back[3 * i + 1], grey[i]);
        EXPECT_EQ(back[3 * i + 2], grey[i]);
    }
}

TEST(MediaPng, BadInputGetsAStatus)
{
    TempDir dir;
    const std::uint8_t px[3] = {1, 2, 3};
    std::vector<std::uint8_t> back = {9};
    std::uint32_t w = 5, h = 6;
    EXPECT_EQ(readPng(dir.file("missing.png").c_str(), &back, &w, &h), STATUS_OBJECT_NAME_NOT_FOUND);
    EXPECT_EQ(readPng(static_cast<const char*>(nullptr), &back, &w, &h), STATUS_INVALID_PARAMETER);

    const std::string text = dir.file("text.png");
    std::FILE* t = std::fopen(text.c_str(), "wb");
    ASSERT_NE(t, nullptr);
    std::fputs("this is not a PNG file at all", t);
    std::fclose(t);
    EXPECT_EQ(readPng(text.c_str(), &back, &w, &h), STATUS_INVALID_PARAMETER);

    // A valid PNG cut in half.
    const std::string whole = dir.file("whole.png");
    std::vector<std::uint8_t> rgb(64 * 64 * 3, 0x42);
    ASSERT_EQ(writePng(whole.c_str(), rgb.data(), 64, 64), STATUS_SUCCESS);
    const auto bytes = readAll(whole);
    const std::string cut = dir.file("cut.png");
    std::FILE* c = std::fopen(cut.c_str(), "wb");
    ASSERT_NE(c, nullptr);
    std::fwrite(bytes.data(), 1, bytes.size() / 2, c);
    std::fclose(c);
    EXPECT_EQ(readPng(cut.c_str(), &back, &w, &h), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(back, std::vector<std::uint8_t>{9});  // outputs untouched on failure
    EXPECT_EQ(w, 5u);

    EXPECT_EQ(writePng(dir.file("zero.png").c_str(), px, 0, 1), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(writePng(dir.file("null.png").c_str(), nullptr, 1, 1), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(writePng(dir.file("stride.png").c_str(), px, 1, 1, 2), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(writePng((text + "/below-a-file.png").c_str(), px, 1, 1), STATUS_OBJECT_PATH_NOT_FOUND);
    EXPECT_EQ(writePng(static_cast<std::FILE*>(nullptr), px, 1, 1), STATUS_INVALID_PARAMETER);
}

// --- YUV4MPEG2 -------------------------------------------------------------

TEST(MediaY4m, WritesHeaderAndPlanarFramesByteForByte)
{
    MemoryStream out;
    ASSERT_NE(out.file(), nullptr);
    Y4mWriter writer(out.file());
    ASSERT_EQ(writer.begin(4, 2, 30000, 1001), STATUS_SUCCESS);
    // 4×2 YUY2: Y0 U Y1 V per pair.
    const std::vector<std::uint8_t> frame = {
        10, 100, 11, 200, 12, 101, 13, 201,  //
        20, 110, 21, 210, 22, 111, 23, 211,
    };
    ASSERT_EQ(writer.writeYuy2Frame(frame.data(), frame.size()), STATUS_SUCCESS);
    ASSERT_EQ(writer.writeYuy2Frame(frame.data(), frame.size()), STATUS_SUCCESS);
    EXPECT_EQ(writer.frames(), 2u);

    std::string expected = "YUV4MPEG2 W4 H2 F30000:1001 Ip A1:1 C422\n";
    const std::string planes = "FRAME\n" + std::string{10, 11, 12, 13, 20, 21, 22, 23} +  // Y
                               std::string{100, 101, 110, 111} +                          // U
                               std::string{char(200), char(201), char(210), char(211)};   // V
    expected += planes + planes;
    const auto bytes = out.bytes();
    EXPECT_EQ(std::string(bytes.begin(), bytes.end()), expected);
}

TEST(MediaY4m, HonoursAStrideAndRejectsBadCalls)
{
    MemoryStream out;
    ASSERT_NE(out.file(), nullptr);
    Y4mWriter writer(out.file());
    const std::vector<std::uint8_t> frame = {1, 2, 3, 4, 0xEE, 5, 6, 7, 8};  // 2×2, stride 5
    EXPECT_EQ(writer.writeYuy2Frame(frame.data(), frame.size()), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(writer.begin(3, 2, 25, 1), STATUS_INVALID_PARAMETER);  // odd width
    EXPECT_EQ(writer.begin(2, 0, 25, 1), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(writer.begin(2, 2, 0, 1), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(writer.begin(2, 2, 25, 0), STATUS_INVALID_PARAMETER);
    EXPECT_TRUE(out.bytes().empty());
    ASSERT_EQ(writer.begin(2, 2, 25, 1), STATUS_SUCCESS);
    EXPECT_EQ(writer.begin(2, 2, 25, 1), STATUS_INVALID_DEVICE_STATE);
    const std::size_t headerBytes = out.bytes().size();
    EXPECT_EQ(writer.writeYuy2Frame(frame.data(), 8, 5), STATUS_BUFFER_TOO_SMALL);
    EXPECT_EQ(writer.writeYuy2Frame(frame.data(), frame.size(), 3), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(writer.writeYuy2Frame(nullptr, 9, 5), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(out.bytes().size(), headerBytes);  // nothing written by the failures
    ASSERT_EQ(writer.writeYuy2Frame(frame.data(), frame.size(), 5), STATUS_SUCCESS);
    const auto bytes = out.bytes();
    const std::string expected = "FRAME\n" + std::string{1, 3, 5, 7, 2, 6, 4, 8};  // Y plane, U, V
    EXPECT_EQ(std::string(bytes.begin() + std::ptrdiff_t(headerBytes), bytes.end()), expected);

    Y4mWriter noFile(nullptr);
    EXPECT_EQ(noFile.begin(2, 2, 25, 1), STATUS_INVALID_PARAMETER);
}

TEST(MediaY4m, FrameRateFromAvgTimePerFrame)
{
    std::uint32_t num = 0, den = 0;
    ASSERT_TRUE(frameRateFromAvgTimePerFrame(400000, &num, &den));  // 25 fps
    EXPECT_EQ(num, 25u);
    EXPECT_EQ(den, 1u);
    ASSERT_TRUE(frameRateFromAvgTimePerFrame(333333, &num, &den));  // "30" fps as DirectShow writes it
    EXPECT_EQ(num, 10000000u);
    EXPECT_EQ(den, 333333u);
    ASSERT_TRUE(frameRateFromAvgTimePerFrame(333667, &num, &den));
    EXPECT_EQ(num, 10000000u);
    EXPECT_EQ(den, 333667u);
    ASSERT_TRUE(frameRateFromAvgTimePerFrame(10000000, &num, &den));
    EXPECT_EQ(num, 1u);
    EXPECT_EQ(den, 1u);
    num = den = 7;
    EXPECT_FALSE(frameRateFromAvgTimePerFrame(0, &num, &den));
    EXPECT_FALSE(frameRateFromAvgTimePerFrame(-5, &num, &den));
    EXPECT_FALSE(frameRateFromAvgTimePerFrame(LONGLONG(1) << 40, &num, &den));  // den 2^33 after reduction
    EXPECT_FALSE(frameRateFromAvgTimePerFrame(400000, nullptr, &den));
    EXPECT_EQ(num, 7u);
    EXPECT_EQ(den, 7u);
}

}  // namespace
