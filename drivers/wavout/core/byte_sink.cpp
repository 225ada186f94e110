// SPDX-License-Identifier: MIT
// The two byte sinks: a growing vector and a borrowed, seekable stdio stream.
#include "core/byte_sink.h"

#include <sys/types.h>

#include <cstring>
#include <new>
#include <stdexcept>

namespace openks::wavout {

NTSTATUS VectorSink::write(const void* data, std::size_t bytes)
{
    if (bytes == 0) {
        return STATUS_SUCCESS;
    }
    if (data == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    try {
        const auto* p = static_cast<const std::uint8_t*>(data);
        bytes_.insert(bytes_.end(), p, p + bytes);
    } catch (const std::bad_alloc&) {
        return STATUS_NO_MEMORY;
    } catch (const std::length_error&) {
        return STATUS_NO_MEMORY;
    }
    return STATUS_SUCCESS;
}

NTSTATUS VectorSink::overwrite(std::uint64_t offset, const void* data, std::size_t bytes)
{
    if (offset > bytes_.size() || bytes > bytes_.size() - offset || (data == nullptr && bytes != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (bytes != 0) {
        std::memcpy(bytes_.data() + offset, data, bytes);
    }
    return STATUS_SUCCESS;
}

FileSink::FileSink(std::FILE* file) : file_(file), start_(-1), written_(0)
{
    if (file_ != nullptr) {
        start_ = ::ftello(file_);
    }
}

NTSTATUS FileSink::write(const void* data, std::size_t bytes)
{
    if (bytes == 0) {
        return STATUS_SUCCESS;
    }
    if (file_ == nullptr || data == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    const std::size_t n = std::fwrite(data, 1, bytes, file_);
    written_ += n;
    return n == bytes ? STATUS_SUCCESS : STATUS_IO_DEVICE_ERROR;
}

NTSTATUS FileSink::overwrite(std::uint64_t offset, const void* data, std::size_t bytes)
{
    if (file_ == nullptr || offset > written_ || bytes > written_ - offset || (data == nullptr && bytes != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (start_ < 0) {
        return STATUS_NOT_SUPPORTED;
    }
    const off_t end = off_t(start_ + std::int64_t(written_));
    if (::fseeko(file_, off_t(start_ + std::int64_t(offset)), SEEK_SET) != 0) {
        return STATUS_NOT_SUPPORTED;
    }
    const std::size_t n = bytes == 0 ? 0 : std::fwrite(data, 1, bytes, file_);
    // Always return to the end, even after a short write, so later appends land there.
    const bool back = ::fseeko(file_, end, SEEK_SET) == 0;
    return n == bytes && back ? STATUS_SUCCESS : STATUS_IO_DEVICE_ERROR;
}

NTSTATUS FileSink::flush()
{
    if (file_ == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    return std::fflush(file_) == 0 ? STATUS_SUCCESS : STATUS_IO_DEVICE_ERROR;
}

}  // namespace openks::wavout
