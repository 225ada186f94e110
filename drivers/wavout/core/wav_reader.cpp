// SPDX-License-Identifier: MIT
// The RIFF/WAVE chunk walk: bounds first, then meaning.
#include "core/wav_reader.h"

#include "core/wav_bytes.h"

namespace openks::wavout {

namespace {

constexpr std::uint32_t kUnknownSize = 0xFFFFFFFF;

NTSTATUS fail(const char** reason, NTSTATUS status, const char* why)
{
    if (reason != nullptr) {
        *reason = why;
    }
    return status;
}

}  // namespace

NTSTATUS parseWav(const void* bytes, std::size_t size, WavInfo* info, const char** reason)
{
    if (info == nullptr || (bytes == nullptr && size != 0)) {
        return fail(reason, STATUS_INVALID_PARAMETER, "no input given");
    }
    const auto* p = static_cast<const std::uint8_t*>(bytes);
    if (size < 12) {
        return fail(reason, STATUS_INVALID_PARAMETER, "shorter than a RIFF header");
    }
    const std::uint32_t id = readLe32(p);
    if (id == fourCc("RIFX") || id == fourCc("RF64")) {
        return fail(reason, STATUS_NOT_SUPPORTED, "RIFX and RF64 files are not supported");
    }
    if (id != fourCc("RIFF") || readLe32(p + 8) != fourCc("WAVE")) {
        return fail(reason, STATUS_INVALID_PARAMETER, "not a RIFF/WAVE file");
    }

    WavInfo out;
    const std::uint32_t riffSize = readLe32(p + 4);
    if (riffSize < 4) {
        return fail(reason, STATUS_INVALID_PARAMETER, "the RIFF size is below 4");
    }
    std::uint64_t end = size;  // one past the last byte the RIFF chunk covers
    if (riffSize != kUnknownSize) {
        const std::uint64_t claimed = 8 + std::uint64_t(riffSize);
        if (claimed > size) {
            out.truncated = true;
        } else {
            end = claimed;
        }
    }

    bool haveFormat = false;
    bool haveData = false;
    std::uint64_t pos = 12;
    while (end - pos >= 8 && !(haveFormat && haveData)) {
        const std::uint32_t chunkId = readLe32(p + pos);
        const std::uint32_t chunkSize = readLe32(p + pos + 4);
        const std::uint64_t payload = pos + 8;
        const std::uint64_t available = end - payload;
        if (chunkId == fourCc("fmt ") && !haveFormat) {
            if (chunkSize > available) {
                return fail(reason, STATUS_INVALID_PARAMETER, "the fmt chunk runs past the end of the file");
            }
            const NTSTATUS s = parseWaveFormat(p + payload, chunkSize, &out.format, reason);
            if (!NT_SUCCESS(s)) {
                return s;
            }
            out.formatBytes = std::span<const std::uint8_t>(p + payload, chunkSize);
            haveFormat = true;
        } else if (chunkId == fourCc("data") && !haveData) {
            std::uint64_t dataSize = chunkSize;
            if (chunkSize == kUnknownSize) {
                dataSize = available;
            } else if (dataSize > available) {
                dataSize = available;
                out.truncated = true;
            }
            out.data = std::span<const std::uint8_t>(p + payload, std::size_t(dataSize));
            out.dataOffset = payload;
            haveData = true;
            if (dataSize != chunkSize) {
                break;  // the data reaches the end: nothing can follow it
            }
        }
        // Chunks are padded to an even size.
        const std::uint64_t next = payload + std::uint64_t(chunkSize) + (chunkSize & 1);
        if (next > end) {
            break;
        }
        pos = next;
    }
    if (!haveFormat) {
        return fail(reason, STATUS_NOT_FOUND, "the file has no fmt chunk");
    }
    if (!haveData) {
        return fail(reason, STATUS_NOT_FOUND, "the file has no data chunk");
    }
    *info = out;
    return STATUS_SUCCESS;
}

}  // namespace openks::wavout
