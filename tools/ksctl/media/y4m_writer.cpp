// SPDX-License-Identifier: MIT
// YUV4MPEG2 writing: the header line, and YUY2 split into 4:2:2 planes one row at a time.
#include "media/y4m_writer.h"

#include <new>
#include <numeric>
#include <stdexcept>

namespace openks::media {

bool frameRateFromAvgTimePerFrame(LONGLONG avgTimePerFrame, std::uint32_t* num, std::uint32_t* den)
{
    if (avgTimePerFrame <= 0 || num == nullptr || den == nullptr) {
        return false;
    }
    const auto a = std::uint64_t(10'000'000);
    const auto b = std::uint64_t(avgTimePerFrame);
    const std::uint64_t g = std::gcd(a, b);
    if (b / g > 0xFFFFFFFFu) {
        return false;
    }
    *num = std::uint32_t(a / g);
    *den = std::uint32_t(b / g);
    return true;
}

NTSTATUS Y4mWriter::begin(std::uint32_t width, std::uint32_t height, std::uint32_t fpsNum, std::uint32_t fpsDen)
{
    if (width_ != 0) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (file_ == nullptr || width == 0 || width % 2 != 0 || height == 0 || fpsNum == 0 || fpsDen == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    try {
        row_.resize(width);
    } catch (const std::bad_alloc&) {
        return STATUS_NO_MEMORY;
    } catch (const std::length_error&) {
        return STATUS_NO_MEMORY;
    }
    if (std::fprintf(file_, "YUV4MPEG2 W%u H%u F%u:%u Ip A1:1 C422\n", width, height, fpsNum, fpsDen) < 0) {
        return STATUS_IO_DEVICE_ERROR;
    }
    width_ = width;
    height_ = height;
    return STATUS_SUCCESS;
}

NTSTATUS Y4mWriter::writeYuy2Frame(const void* yuy2, std::size_t bytes, std::size_t stride)
{
    if (width_ == 0) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    const std::size_t rowBytes = std::size_t(width_) * 2;
    const std::size_t rowStride = stride == 0 ? rowBytes : stride;
    if (yuy2 == nullptr || rowStride < rowBytes) {
        return STATUS_INVALID_PARAMETER;
    }
    if (bytes < rowBytes || (height_ > 1 && (bytes - rowBytes) / (height_ - 1) < rowStride)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    const auto* in = static_cast<const std::uint8_t*>(yuy2);
    if (std::fputs("FRAME\n", file_) < 0) {
        return STATUS_IO_DEVICE_ERROR;
    }
    // Plane 0 takes every even byte (Y); plane 1 bytes 1, 5, 9... (U); plane 2
    // bytes 3, 7, 11... (V).
    struct Plane {
        std::size_t first, step, count;
    };
    const Plane planes[3] = {{0, 2, width_}, {1, 4, width_ / 2}, {3, 4, width_ / 2}};
    for (const Plane& plane : planes) {
        for (std::uint32_t r = 0; r < height_; ++r) {
            const std::uint8_t* p = in + std::size_t(r) * rowStride + plane.first;
            for (std::size_t i = 0; i < plane.count; ++i) {
                row_[i] = p[i * plane.step];
            }
            if (std::fwrite(row_.data(), 1, plane.count, file_) != plane.count) {
                return STATUS_IO_DEVICE_ERROR;
            }
        }
    }
    ++frames_;
    return STATUS_SUCCESS;
}

}  // namespace openks::media
