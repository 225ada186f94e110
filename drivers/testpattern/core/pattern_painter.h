// SPDX-License-Identifier: MIT
// The testpattern driver's pure part: paints frame N of a colour-bar test pattern in RGB24 or YUY2, byte-exactly.
#pragma once

// PatternPainter fills a video frame buffer laid out as a KS video pin
// streams it (KS_VIDEOINFOHEADER / KS_BITMAPINFOHEADER conventions).  Frame
// N is a pure function of (format, width, height, options, N): the driver
// paints frame N into the N-th buffer and any test can predict every byte.
//
//   openks::testpattern::PatternPainter painter;
//   if (!NT_SUCCESS(painter.configure(openks::testpattern::PixelFormat::Rgb24, 640, 480))) { ... }
//   std::vector<std::uint8_t> frame(painter.frameBytes());   // = biSizeImage
//   (void)painter.paint(frameNumber, frame.data(), frame.size());
//
// Picture (coordinates top-down: row 0 is the top of the image, H = |height|)
//  - Eight vertical 75% colour bars over rows [0, H − counterRows), left to
//    right white, yellow, cyan, green, magenta, red, blue, black; pixel x is
//    in bar x·8/W.  75% of full scale is 191 (RGB 191,191,191 is the white
//    bar; 191,191,0 yellow; 0,191,191 cyan; 0,191,0 green; 191,0,191
//    magenta; 191,0,0 red; 0,0,191 blue; 0,0,0 black).
//  - A 100% white (255,255,255) square of side S = (H / 8) rounded down to
//    even, rows [(H − S) / 2, (H − S) / 2 + S), columns [x, x + S) with
//    x = (N · 4) mod (W − S): it moves 4 pixels right per frame and wraps.
//  - With options.frameCounter (the default), the bottom counterRows = H / 16
//    rows are a frame counter: 32 cells of W / 32 pixels, the leftmost being
//    bit 31 of (N mod 2^32); a set bit is white (255), a clear bit black, and
//    the columns right of the 32 cells are black.  readFrameCounter() decodes it.
//
// Memory layout
//  - RGB24: B, G, R bytes per pixel; rows padded with zero bytes to a
//    multiple of 4 (stride = (3·W + 3) & ~3); bottom-up (the last image row
//    first in memory) when height > 0, top-down when height < 0, as a DIB
//    with that biHeight.
//  - YUY2: Y0 U Y1 V per pair of pixels, stride 2·W, always top-down (the
//    sign of height is ignored), W must be even.  BT.601 limited range from
//    the RGB above, integer maths with floor division by 256 (arithmetic
//    shift):
//      Y = ((66 R + 129 G + 25 B + 128) >> 8) + 16
//      U = ((−38 R − 74 G + 112 B + 128) >> 8) + 128
//      V = ((112 R − 94 G − 18 B + 128) >> 8) + 128
//    Chroma is co-sited with the even (left) pixel of each pair: U and V are
//    those of pixel 2k, where a bar edge falls between 2k and 2k + 1.
//    (75% white is Y 180, U V 128; 100% white Y 235; black Y 16.)
//  - frameBytes = stride × H, the biSizeImage of the format.
//
// Threads: configure() on one thread; paint() is const and may run on
// several threads at once.  paint() never allocates.

#include <openks/ks/ntstatus.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace openks::testpattern {

enum class PixelFormat : std::uint8_t {
    Rgb24,  // MEDIASUBTYPE_RGB24 / BI_RGB 24 bits
    Yuy2,   // MEDIASUBTYPE_YUY2
};

inline constexpr std::uint32_t kMinWidth = 160;
inline constexpr std::uint32_t kMaxWidth = 1920;
inline constexpr std::uint32_t kMinHeight = 120;
inline constexpr std::uint32_t kMaxHeight = 1080;
inline constexpr std::uint32_t kSquareStep = 4;  // pixels per frame
inline constexpr std::uint32_t kCounterCells = 32;

struct Rgb {
    std::uint8_t r, g, b;
    friend bool operator==(const Rgb&, const Rgb&) = default;
};

struct Yuv {
    std::uint8_t y, u, v;
    friend bool operator==(const Yuv&, const Yuv&) = default;
};

// The BT.601 limited-range conversion documented above.
constexpr Yuv rgbToYuv601(Rgb c)
{
    const int r = c.r, g = c.g, b = c.b;
    return {std::uint8_t(((66 * r + 129 * g + 25 * b + 128) >> 8) + 16),
            std::uint8_t(((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128),
            std::uint8_t(((112 * r - 94 * g - 18 * b + 128) >> 8) + 128)};
}

// Checks a frame description.
//   STATUS_SUCCESS
//   STATUS_NOT_SUPPORTED      format is not a PixelFormat.
//   STATUS_INVALID_PARAMETER  width or |height| outside [160, 1920] × [120, 1080],
//                             or an odd width for YUY2.
[[nodiscard]] NTSTATUS validateFrame(PixelFormat format, std::uint32_t width, std::int32_t height);

// Bytes per row in memory; 0 when validateFrame fails.
std::uint32_t frameStride(PixelFormat format, std::uint32_t width, std::int32_t height);

// biSizeImage: frameStride × |height|; 0 when validateFrame fails.
std::uint32_t frameBytes(PixelFormat format, std::uint32_t width, std::int32_t height);

struct PatternOptions {
    bool frameCounter = true;
};

// Where the picture's elements are, top-down, for a configured painter.
struct PatternGeometry {
    std::uint32_t width = 0;
    std::uint32_t height = 0;            // |height|
    std::uint32_t squareSide = 0;        // S
    std::uint32_t squareTop = 0;         // (H − S) / 2
    std::uint32_t counterTop = 0;        // first counter row; = height without a counter
    std::uint32_t counterCellWidth = 0;  // W / 32; 0 without a counter
};

class PatternPainter {
public:
    PatternPainter() = default;

    // Validates (see validateFrame) and adopts the frame description.  On
    // failure the painter keeps its previous configuration.
    [[nodiscard]] NTSTATUS configure(PixelFormat format, std::uint32_t width, std::int32_t height,
                                     const PatternOptions& options = {});

    bool configured() const { return frameBytes_ != 0; }
    PixelFormat format() const { return format_; }
    std::uint32_t stride() const { return stride_; }
    std::uint32_t frameBytes() const { return frameBytes_; }
    const PatternGeometry& geometry() const { return geometry_; }

    // Left column of the moving square in frame `frameNumber`.
    std::uint32_t squareLeft(std::uint64_t frameNumber) const;

    // Paints frame `frameNumber` into buffer[0, frameBytes()); bytes past it
    // are untouched.
    //   STATUS_SUCCESS
    //   STATUS_INVALID_DEVICE_STATE  not configured.
    //   STATUS_INVALID_PARAMETER     buffer is null.
    //   STATUS_BUFFER_TOO_SMALL      bufferBytes < frameBytes(); nothing written.
    [[nodiscard]] NTSTATUS paint(std::uint64_t frameNumber, void* buffer, std::size_t bufferBytes) const;

private:
    // Writes pixel x of a row (in memory order) with colour c.
    void putPixel(std::uint8_t* row, std::uint32_t x, Rgb c) const;
    void fillSpan(std::uint8_t* row, std::uint32_t x0, std::uint32_t x1, Rgb c) const;

    PixelFormat format_ = PixelFormat::Rgb24;
    std::int32_t signedHeight_ = 0;
    std::uint32_t stride_ = 0;
    std::uint32_t frameBytes_ = 0;
    PatternGeometry geometry_{};
    PatternOptions options_{};
    std::array<std::uint8_t, kMaxWidth * 3 + 4> barRow_{};  // one bar row in memory layout, padding included
};

// Decodes the frame counter of a frame painted with options.frameCounter:
// samples the centre of each cell on the counter band's middle row (RGB: G
// ≥ 128; YUY2: Y ≥ 126 count as set).  Returns false (leaving *counter
// alone) when the description fails validateFrame, frame or counter is
// null, or bytes < frameBytes.
bool readFrameCounter(PixelFormat format, std::uint32_t width, std::int32_t height, const void* frame,
                      std::size_t bytes, std::uint32_t* counter);

}  // namespace openks::testpattern
