// SPDX-License-Identifier: MIT
// Where WavWriter puts its bytes: an append-and-patch interface over a std::FILE* or an in-memory vector.
#pragma once

// A ByteSink takes bytes in order (write) and lets the writer go back and
// rewrite bytes it already wrote (overwrite), which is how a RIFF header's
// sizes get their final values.  Offsets count from the first byte written
// through this sink, not from the start of the underlying file.
//
//   std::FILE* f = std::fopen("out.wav", "wb");
//   openks::wavout::FileSink sink(f);   // borrows f; fclose it after the writer is done
//   openks::wavout::WavWriter writer(&sink);
//
//   openks::wavout::VectorSink memory;  // tests: the exact bytes, in memory
//
// Threads: a sink is used by one thread at a time (the writer's).

#include <openks/ks/ntstatus.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace openks::wavout {

class ByteSink {
public:
    virtual ~ByteSink() = default;

    // Appends data[0, bytes) after the last byte written.  All or nothing as
    // far as the caller can tell: on failure the sink's content is unspecified.
    //   STATUS_SUCCESS, STATUS_IO_DEVICE_ERROR (medium refused), STATUS_NO_MEMORY.
    [[nodiscard]] virtual NTSTATUS write(const void* data, std::size_t bytes) = 0;

    // Replaces bytes [offset, offset + bytes) already written; later writes
    // still append at the end.
    //   STATUS_SUCCESS
    //   STATUS_INVALID_PARAMETER  the range is not inside what was written.
    //   STATUS_NOT_SUPPORTED      the medium cannot seek (a pipe).
    //   STATUS_IO_DEVICE_ERROR    the medium refused.
    [[nodiscard]] virtual NTSTATUS overwrite(std::uint64_t offset, const void* data, std::size_t bytes) = 0;

    // Pushes buffered bytes to the medium, so that they survive a crash of
    // this process.  STATUS_SUCCESS or STATUS_IO_DEVICE_ERROR.
    [[nodiscard]] virtual NTSTATUS flush() { return STATUS_SUCCESS; }
};

// Bytes kept in memory.  write() may allocate (vector growth); reserve()
// beforehand when that matters.
class VectorSink final : public ByteSink {
public:
    NTSTATUS write(const void* data, std::size_t bytes) override;
    NTSTATUS overwrite(std::uint64_t offset, const void* data, std::size_t bytes) override;

    void reserve(std::size_t bytes) { bytes_.reserve(bytes); }
    const std::vector<std::uint8_t>& bytes() const { return bytes_; }

private:
    std::vector<std::uint8_t> bytes_;
};

// Bytes written to a stdio stream, borrowed (the caller opens and closes it;
// it must outlive the sink).  Offset 0 is the stream position when the sink
// was made.  overwrite() needs a seekable stream; write() and flush() work on
// any.  Never allocates.
class FileSink final : public ByteSink {
public:
    explicit FileSink(std::FILE* file);

    NTSTATUS write(const void* data, std::size_t bytes) override;
    NTSTATUS overwrite(std::uint64_t offset, const void* data, std::size_t bytes) override;
    NTSTATUS flush() override;

private:
    std::FILE* file_;
    std::int64_t start_;     // stream position of offset 0; −1 when the stream cannot tell (a pipe)
    std::uint64_t written_;  // bytes written through this sink
};

}  // namespace openks::wavout
