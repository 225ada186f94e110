// SPDX-License-Identifier: MIT
// The WAV writer: fmt chunk selection, header layout and size patching.
#include "core/wav_writer.h"

#include "core/wav_bytes.h"

#include <cstring>

namespace openks::wavout {

namespace {

constexpr std::uint64_t kRiffHeader = 12;  // "RIFF" size "WAVE"
constexpr std::uint64_t kChunkHeader = 8;  // id size

}  // namespace

NTSTATUS WavWriter::failWith(NTSTATUS status)
{
    state_ = State::Failed;
    failure_ = status;
    return status;
}

std::uint64_t WavWriter::fileBytes() const
{
    if (state_ == State::Idle) {
        return 0;
    }
    return dataOffset() + dataBytes_ + (padded_ ? 1 : 0);
}

std::uint64_t WavWriter::maxDataBytes() const
{
    // The RIFF size (file bytes − 8, pad included) must fit in 32 bits.
    return 0xFFFFFFFFu - (dataOffset() - 8) - 1;
}

NTSTATUS WavWriter::begin(const void* format, std::size_t formatBytes, const WavWriterOptions& options)
{
    if (sink_ == nullptr || state_ != State::Idle) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    WaveFormat parsed;
    const NTSTATUS s = parseWaveFormat(format, formatBytes, &parsed);
    if (!NT_SUCCESS(s)) {
        return s;
    }
    const auto* image = static_cast<const std::uint8_t*>(format);
    std::size_t chunkBytes = 0;
    if (parsed.formatTag == kWaveFormatPcm) {
        chunkBytes = kPcmWaveFormatSize;
        std::memcpy(chunk_.data(), image, chunkBytes);
    } else {
        chunkBytes = kWaveFormatExSize + parsed.cbSize;
        if (chunkBytes > kMaxFormatChunk) {
            return STATUS_NOT_SUPPORTED;
        }
        if (formatBytes < kWaveFormatExSize) {
            // A 16-byte image of a non-PCM tag: complete it with cbSize 0.
            std::memcpy(chunk_.data(), image, kPcmWaveFormatSize);
            writeLe16(chunk_.data() + kPcmWaveFormatSize, 0);
        } else {
            std::memcpy(chunk_.data(), image, chunkBytes);
        }
    }

    format_ = parsed;
    options_ = options;
    chunkBytes_ = chunkBytes;
    const std::uint64_t fmtPadded = chunkBytes + (chunkBytes & 1);
    dataSizeOffset_ = kRiffHeader + kChunkHeader + fmtPadded + 4;
    dataBytes_ = 0;
    patchedAt_ = 0;
    state_ = State::Writing;

    // The header with the sizes of an empty file; finish() patches them.
    std::uint8_t header[kRiffHeader + kChunkHeader];
    std::memcpy(header, "RIFF", 4);
    writeLe32(header + 4, std::uint32_t(dataOffset() - 8));
    std::memcpy(header + 8, "WAVE", 4);
    std::memcpy(header + 12, "fmt ", 4);
    writeLe32(header + 16, std::uint32_t(chunkBytes));
    NTSTATUS w = sink_->write(header, sizeof header);
    if (NT_SUCCESS(w)) {
        w = sink_->write(chunk_.data(), chunkBytes);
    }
    if (NT_SUCCESS(w) && (chunkBytes & 1) != 0) {
        const std::uint8_t pad = 0;
        w = sink_->write(&pad, 1);
    }
    if (NT_SUCCESS(w)) {
        std::uint8_t data[kChunkHeader];
        std::memcpy(data, "data", 4);
        writeLe32(data + 4, 0);
        w = sink_->write(data, sizeof data);
    }
    return NT_SUCCESS(w) ? STATUS_SUCCESS : failWith(w);
}

NTSTATUS WavWriter::append(const void* data, std::size_t bytes)
{
    if (state_ == State::Failed) {
        return failure_;
    }
    if (state_ != State::Writing) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (bytes == 0) {
        return STATUS_SUCCESS;
    }
    if (data == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (bytes > maxDataBytes() - dataBytes_) {
        return STATUS_ALLOTTED_SPACE_EXCEEDED;
    }
    const NTSTATUS w = sink_->write(data, bytes);
    if (!NT_SUCCESS(w)) {
        return failWith(w);
    }
    dataBytes_ += bytes;
    if (options_.patchInterval != 0 && dataBytes_ - patchedAt_ >= options_.patchInterval) {
        NTSTATUS p = patchSizes();
        if (NT_SUCCESS(p)) {
            p = sink_->flush();
        }
        if (!NT_SUCCESS(p)) {
            return failWith(p);
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS WavWriter::patchSizes()
{
    std::uint8_t size[4];
    // Until finish() writes it, an odd data chunk has no pad byte yet, and
    // the RIFF size covers only the bytes that exist.
    writeLe32(size, std::uint32_t(fileBytes() - 8));
    NTSTATUS s = sink_->overwrite(4, size, 4);
    if (NT_SUCCESS(s)) {
        writeLe32(size, std::uint32_t(dataBytes_));
        s = sink_->overwrite(dataSizeOffset_, size, 4);
    }
    if (NT_SUCCESS(s)) {
        patchedAt_ = dataBytes_;
    }
    return s;
}

NTSTATUS WavWriter::finish()
{
    if (state_ == State::Failed) {
        return failure_;
    }
    if (state_ != State::Writing) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    NTSTATUS s = STATUS_SUCCESS;
    if ((dataBytes_ & 1) != 0) {
        const std::uint8_t pad = 0;
        s = sink_->write(&pad, 1);
        padded_ = NT_SUCCESS(s);
    }
    if (NT_SUCCESS(s)) {
        s = patchSizes();
    }
    if (NT_SUCCESS(s)) {
        s = sink_->flush();
    }
    if (!NT_SUCCESS(s)) {
        return failWith(s);
    }
    state_ = State::Finished;
    return STATUS_SUCCESS;
}

}  // namespace openks::wavout
