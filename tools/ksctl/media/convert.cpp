// SPDX-License-Identifier: MIT
// YUY2 → RGB and DIB → RGB row loops.
#include "media/convert.h"

namespace openks::media {

NTSTATUS yuy2ToRgb(const void* yuy2, std::size_t yuy2Bytes, std::uint32_t width, std::uint32_t height,
                   std::size_t yuy2Stride, std::uint8_t* rgb, std::size_t rgbBytes)
{
    if (yuy2 == nullptr || rgb == nullptr || width == 0 || width % 2 != 0 || height == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    const std::size_t rowBytes = std::size_t(width) * 2;
    const std::size_t stride = yuy2Stride == 0 ? rowBytes : yuy2Stride;
    if (stride < rowBytes) {
        return STATUS_INVALID_PARAMETER;
    }
    // The last row needs only its own bytes, not a whole stride.  Divisions,
    // not products, so that no size can overflow.
    const bool inputShort = yuy2Bytes < rowBytes || (height > 1 && (yuy2Bytes - rowBytes) / (height - 1) < stride);
    if (inputShort || rgbBytes / 3 / width < height) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    const auto* in = static_cast<const std::uint8_t*>(yuy2);
    for (std::uint32_t r = 0; r < height; ++r) {
        const std::uint8_t* p = in + std::size_t(r) * stride;
        std::uint8_t* out = rgb + std::size_t(r) * width * 3;
        for (std::uint32_t x = 0; x < width; x += 2, p += 4, out += 6) {
            const Rgb8 a = yuvToRgb601(p[0], p[1], p[3]);
            const Rgb8 b = yuvToRgb601(p[2], p[1], p[3]);
            out[0] = a.r;
            out[1] = a.g;
            out[2] = a.b;
            out[3] = b.r;
            out[4] = b.g;
            out[5] = b.b;
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS dibToRgb(const void* dib, std::size_t dibBytes, std::uint32_t width, std::int32_t height, std::uint8_t* rgb,
                  std::size_t rgbBytes)
{
    if (dib == nullptr || rgb == nullptr || width == 0 || height == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    const std::uint32_t rows = height < 0 ? std::uint32_t(-std::int64_t(height)) : std::uint32_t(height);
    const std::size_t stride = dibStride(width);
    if (dibBytes / stride < rows || rgbBytes / 3 / width < rows) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    const auto* in = static_cast<const std::uint8_t*>(dib);
    for (std::uint32_t r = 0; r < rows; ++r) {
        const std::uint32_t source = height > 0 ? rows - 1 - r : r;
        const std::uint8_t* p = in + std::size_t(source) * stride;
        std::uint8_t* out = rgb + std::size_t(r) * width * 3;
        for (std::uint32_t x = 0; x < width; ++x, p += 3, out += 3) {
            out[0] = p[2];
            out[1] = p[1];
            out[2] = p[0];
        }
    }
    return STATUS_SUCCESS;
}

}  // namespace openks::media
