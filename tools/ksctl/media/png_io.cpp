// SPDX-License-Identifier: MIT
// PNG I/O through libpng's simplified API (png_image), which reports errors by return value instead of longjmp.
#include "media/png_io.h"

#include <png.h>

#include <cerrno>
#include <climits>
#include <new>
#include <stdexcept>

namespace openks::media {

namespace {

NTSTATUS statusForErrno(int error)
{
    switch (error) {
        case ENOENT:
            return STATUS_OBJECT_NAME_NOT_FOUND;
        case ENOTDIR:
            return STATUS_OBJECT_PATH_NOT_FOUND;
        case EACCES:
        case EPERM:
        case EROFS:
            return STATUS_ACCESS_DENIED;
        default:
            return STATUS_IO_DEVICE_ERROR;
    }
}

}  // namespace

NTSTATUS writePng(std::FILE* file, const std::uint8_t* rgb, std::uint32_t width, std::uint32_t height,
                  std::size_t stride)
{
    if (file == nullptr || rgb == nullptr || width == 0 || height == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    const std::size_t rowBytes = std::size_t(width) * 3;
    const std::size_t rowStride = stride == 0 ? rowBytes : stride;
    // png_image limits: 31-bit dimensions and a row stride that fits png_int_32.
    if (rowStride < rowBytes || rowStride > std::size_t(INT32_MAX) || width > PNG_UINT_31_MAX ||
        height > PNG_UINT_31_MAX) {
        return STATUS_INVALID_PARAMETER;
    }
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = width;
    image.height = height;
    image.format = PNG_FORMAT_RGB;
    // For 8-bit samples the row stride is counted in bytes.
    const int ok = png_image_write_to_stdio(&image, file, 0, rgb, png_int_32(rowStride), nullptr);
    png_image_free(&image);
    if (ok == 0 || std::fflush(file) != 0) {
        return STATUS_IO_DEVICE_ERROR;
    }
    return STATUS_SUCCESS;
}

NTSTATUS writePng(const char* path, const std::uint8_t* rgb, std::uint32_t width, std::uint32_t height,
                  std::size_t stride)
{
    if (path == nullptr || rgb == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    std::FILE* file = std::fopen(path, "wb");
    if (file == nullptr) {
        return statusForErrno(errno);
    }
    const NTSTATUS s = writePng(file, rgb, width, height, stride);
    const bool closed = std::fclose(file) == 0;
    if (!NT_SUCCESS(s)) {
        return s;
    }
    return closed ? STATUS_SUCCESS : STATUS_IO_DEVICE_ERROR;
}

NTSTATUS readPng(std::FILE* file, std::vector<std::uint8_t>* rgb, std::uint32_t* width, std::uint32_t* height)
{
    if (file == nullptr || rgb == nullptr || width == nullptr || height == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_stdio(&image, file) == 0) {
        png_image_free(&image);
        return STATUS_INVALID_PARAMETER;
    }
    if (image.width == 0 || image.height == 0 || image.width > kMaxPngDimension || image.height > kMaxPngDimension) {
        png_image_free(&image);
        return STATUS_NOT_SUPPORTED;
    }
    image.format = PNG_FORMAT_RGB;
    std::vector<std::uint8_t> pixels;
    try {
        pixels.resize(std::size_t(image.width) * image.height * 3);
    } catch (const std::bad_alloc&) {
        png_image_free(&image);
        return STATUS_NO_MEMORY;
    } catch (const std::length_error&) {
        png_image_free(&image);
        return STATUS_NO_MEMORY;
    }
    // background = null: libpng composes an alpha channel onto the buffer's
    // current content, which is zeros, so transparent pixels read as black.
    const int ok = png_image_finish_read(&image, nullptr, pixels.data(), png_int_32(image.width * 3), nullptr);
    const std::uint32_t w = image.width;
    const std::uint32_t h = image.height;
    png_image_free(&image);
    if (ok == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    *rgb = std::move(pixels);
    *width = w;
    *height = h;
    return STATUS_SUCCESS;
}

NTSTATUS readPng(const char* path, std::vector<std::uint8_t>* rgb, std::uint32_t* width, std::uint32_t* height)
{
    if (path == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    std::FILE* file = std::fopen(path, "rb");
    if (file == nullptr) {
        return statusForErrno(errno);
    }
    const NTSTATUS s = readPng(file, rgb, width, height);
    std::fclose(file);
    return s;
}

}  // namespace openks::media
