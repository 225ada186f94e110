// SPDX-License-Identifier: MIT
// The pattern painter: a precomputed bar row, the moving square and the binary frame counter, per row in memory order.
#include "core/pattern_painter.h"

#include <cstring>

namespace openks::testpattern {

namespace {

constexpr Rgb kBars[8] = {
    {191, 191, 191},  // white
    {191, 191, 0},    // yellow
    {0, 191, 191},    // cyan
    {0, 191, 0},      // green
    {191, 0, 191},    // magenta
    {191, 0, 0},      // red
    {0, 0, 191},      // blue
    {0, 0, 0},        // black
};
constexpr Rgb kWhite = {255, 255, 255};
constexpr Rgb kBlack = {0, 0, 0};

std::uint32_t magnitude(std::int32_t height)
{
    return height < 0 ? std::uint32_t(-std::int64_t(height)) : std::uint32_t(height);
}

}  // namespace

NTSTATUS validateFrame(PixelFormat format, std::uint32_t width, std::int32_t height)
{
    if (format != PixelFormat::Rgb24 && format != PixelFormat::Yuy2) {
        return STATUS_NOT_SUPPORTED;
    }
    const std::uint32_t h = magnitude(height);
    if (width < kMinWidth || width > kMaxWidth || h < kMinHeight || h > kMaxHeight) {
        return STATUS_INVALID_PARAMETER;
    }
    if (format == PixelFormat::Yuy2 && width % 2 != 0) {
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

std::uint32_t frameStride(PixelFormat format, std::uint32_t width, std::int32_t height)
{
    if (!NT_SUCCESS(validateFrame(format, width, height))) {
        return 0;
    }
    return format == PixelFormat::Rgb24 ? (width * 3 + 3) & ~3u : width * 2;
}

std::uint32_t frameBytes(PixelFormat format, std::uint32_t width, std::int32_t height)
{
    return frameStride(format, width, height) * magnitude(height);
}

NTSTATUS PatternPainter::configure(PixelFormat format, std::uint32_t width, std::int32_t height,
                                   const PatternOptions& options)
{
    const NTSTATUS s = validateFrame(format, width, height);
    if (!NT_SUCCESS(s)) {
        return s;
    }
    format_ = format;
    signedHeight_ = height;
    options_ = options;
    stride_ = frameStride(format, width, height);
    frameBytes_ = testpattern::frameBytes(format, width, height);

    PatternGeometry g;
    g.width = width;
    g.height = magnitude(height);
    g.squareSide = (g.height / 8) & ~1u;
    g.squareTop = (g.height - g.squareSide) / 2;
    g.counterTop = options.frameCounter ? g.height - g.height / 16 : g.height;
    g.counterCellWidth = options.frameCounter ? width / kCounterCells : 0;
    geometry_ = g;

    barRow_.fill(0);
    for (std::uint32_t x = 0; x < width; ++x) {
        putPixel(barRow_.data(), x, kBars[x * 8 / width]);
    }
    return STATUS_SUCCESS;
}

void PatternPainter::putPixel(std::uint8_t* row, std::uint32_t x, Rgb c) const
{
    if (format_ == PixelFormat::Rgb24) {
        row[3 * x] = c.b;
        row[3 * x + 1] = c.g;
        row[3 * x + 2] = c.r;
        return;
    }
    const Yuv yuv = rgbToYuv601(c);
    row[2 * x] = yuv.y;
    if (x % 2 == 0) {  // chroma is co-sited with the pair's even pixel
        row[2 * x + 1] = yuv.u;
        row[2 * x + 3] = yuv.v;
    }
}

void PatternPainter::fillSpan(std::uint8_t* row, std::uint32_t x0, std::uint32_t x1, Rgb c) const
{
    for (std::uint32_t x = x0; x < x1; ++x) {
        putPixel(row, x, c);
    }
}

std::uint32_t PatternPainter::squareLeft(std::uint64_t frameNumber) const
{
    const std::uint32_t range = geometry_.width - geometry_.squareSide;
    if (range == 0) {
        return 0;
    }
    return std::uint32_t((frameNumber % range) * kSquareStep % range);
}

NTSTATUS PatternPainter::paint(std::uint64_t frameNumber, void* buffer, std::size_t bufferBytes) const
{
    if (!configured()) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (buffer == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (bufferBytes < frameBytes_) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    auto* base = static_cast<std::uint8_t*>(buffer);
    const PatternGeometry& g = geometry_;
    const bool bottomUp = format_ == PixelFormat::Rgb24 && signedHeight_ > 0;
    auto rowAt = [&](std::uint32_t r) { return base + std::size_t(bottomUp ? g.height - 1 - r : r) * stride_; };

    const std::uint32_t left = squareLeft(frameNumber);
    for (std::uint32_t r = 0; r < g.counterTop; ++r) {
        std::uint8_t* row = rowAt(r);
        std::memcpy(row, barRow_.data(), stride_);
        if (r >= g.squareTop && r < g.squareTop + g.squareSide) {
            fillSpan(row, left, left + g.squareSide, kWhite);
        }
    }
    if (g.counterTop < g.height) {
        std::uint8_t* first = rowAt(g.counterTop);
        std::memset(first, 0, stride_);
        fillSpan(first, 0, g.width, kBlack);
        const auto counter = std::uint32_t(frameNumber);
        for (std::uint32_t cell = 0; cell < kCounterCells; ++cell) {
            if ((counter >> (kCounterCells - 1 - cell)) & 1u) {
                fillSpan(first, cell * g.counterCellWidth, (cell + 1) * g.counterCellWidth, kWhite);
            }
        }
        for (std::uint32_t r = g.counterTop + 1; r < g.height; ++r) {
            std::memcpy(rowAt(r), first, stride_);
        }
    }
    return STATUS_SUCCESS;
}

bool readFrameCounter(PixelFormat format, std::uint32_t width, std::int32_t height, const void* frame,
                      std::size_t bytes, std::uint32_t* counter)
{
    if (frame == nullptr || counter == nullptr || !NT_SUCCESS(validateFrame(format, width, height)) ||
        bytes < frameBytes(format, width, height)) {
        return false;
    }
    const std::uint32_t h = magnitude(height);
    const std::uint32_t stride = frameStride(format, width, height);
    const std::uint32_t bandRows = h / 16;
    const std::uint32_t r = h - bandRows + bandRows / 2;  // the band's middle row, top-down
    const bool bottomUp = format == PixelFormat::Rgb24 && height > 0;
    const auto* row = static_cast<const std::uint8_t*>(frame) + std::size_t(bottomUp ? h - 1 - r : r) * stride;
    const std::uint32_t cellWidth = width / kCounterCells;
    std::uint32_t value = 0;
    for (std::uint32_t cell = 0; cell < kCounterCells; ++cell) {
        const std::uint32_t x = cell * cellWidth + cellWidth / 2;
        const bool set = format == PixelFormat::Rgb24 ? row[3 * x + 1] >= 128 : row[2 * x] >= 126;
        value = value << 1 | (set ? 1u : 0u);
    }
    *counter = value;
    return true;
}

}  // namespace openks::testpattern
