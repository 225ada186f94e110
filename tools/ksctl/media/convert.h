// SPDX-License-Identifier: MIT
// Pixel conversions ksctl needs to save captured video: YUY2 and bottom-up RGB24 DIBs to top-down RGB.
#pragma once

// A KS video pin delivers frames as DIBs: RGB24 is B,G,R per pixel, rows
// padded to 4 bytes, bottom-up when biHeight > 0; YUY2 is Y0 U Y1 V per pixel
// pair, top-down.  PNG (and most tools) want "RGB": R,G,B per pixel, rows
// top-down and tightly packed (3·W bytes).  These functions convert.
//
//   std::vector<std::uint8_t> rgb(std::size_t(w) * h * 3);
//   NTSTATUS s = openks::media::dibToRgb(frame, frameBytes, w, biHeight, rgb.data(), rgb.size());
//   if (NT_SUCCESS(s)) s = openks::media::writePng("frame.png", rgb.data(), w, h);
//
// YUY2 → RGB is the inverse of BT.601 limited range, in integers (each
// pixel of a pair uses the pair's U and V; no chroma interpolation), with
// C = Y − 16, D = U − 128, E = V − 128 and floor division by 256:
//   R = clamp((298 C + 409 E + 128) >> 8)
//   G = clamp((298 C − 100 D − 208 E + 128) >> 8)
//   B = clamp((298 C + 516 D + 128) >> 8)           clamp to [0, 255]
//
// Threads: pure functions, callable from any thread; they never allocate.

#include <openks/ks/ntstatus.h>

#include <cstddef>
#include <cstdint>

namespace openks::media {

struct Rgb8 {
    std::uint8_t r, g, b;
    friend bool operator==(const Rgb8&, const Rgb8&) = default;
};

// The documented YUY2 → RGB conversion of one pixel.
constexpr Rgb8 yuvToRgb601(std::uint8_t y, std::uint8_t u, std::uint8_t v)
{
    const int c = y - 16, d = u - 128, e = v - 128;
    auto clamp = [](int x) { return std::uint8_t(x < 0 ? 0 : x > 255 ? 255 : x); };
    return {clamp((298 * c + 409 * e + 128) >> 8), clamp((298 * c - 100 * d - 208 * e + 128) >> 8),
            clamp((298 * c + 516 * d + 128) >> 8)};
}

// Bytes a DIB row of `width` RGB24 pixels takes: (3·width + 3) & ~3.
constexpr std::size_t dibStride(std::uint32_t width)
{
    return (std::size_t(width) * 3 + 3) & ~std::size_t(3);
}

// Converts a YUY2 frame yuy2[0, yuy2Bytes) of width × height pixels (rows
// `yuy2Stride` bytes apart; 0 means 2·width) to top-down RGB in
// rgb[0, 3·width·height).
//   STATUS_SUCCESS
//   STATUS_INVALID_PARAMETER  a null pointer, a zero or odd width, a zero
//                             height, or a stride below 2·width.
//   STATUS_BUFFER_TOO_SMALL   yuy2Bytes or rgbBytes too small; nothing written.
[[nodiscard]] NTSTATUS yuy2ToRgb(const void* yuy2, std::size_t yuy2Bytes, std::uint32_t width, std::uint32_t height,
                                 std::size_t yuy2Stride, std::uint8_t* rgb, std::size_t rgbBytes);

// Converts an RGB24 DIB dib[0, dibBytes) of `width` pixels and biHeight
// `height` (> 0 bottom-up, < 0 top-down; rows dibStride(width) apart) to
// top-down RGB in rgb[0, 3·width·|height|).
//   STATUS_SUCCESS
//   STATUS_INVALID_PARAMETER  a null pointer, a zero width or height.
//   STATUS_BUFFER_TOO_SMALL   dibBytes or rgbBytes too small; nothing written.
[[nodiscard]] NTSTATUS dibToRgb(const void* dib, std::size_t dibBytes, std::uint32_t width, std::int32_t height,
                                std::uint8_t* rgb, std::size_t rgbBytes);

}  // namespace openks::media
