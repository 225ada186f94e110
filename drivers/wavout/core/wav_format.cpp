// SPDX-License-Identifier: MIT
// WAVEFORMATEX image parsing and the canonical PCM/float images.
#include "core/wav_format.h"

#include "core/wav_bytes.h"

#include <cstring>

namespace openks::wavout {

namespace {

// The tail shared by every tag-derived SubFormat GUID: {tag-0000-0010-8000-00AA00389B71}.
constexpr std::uint8_t kBaseGuidData4[8] = {0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

NTSTATUS fail(const char** reason, const char* why)
{
    if (reason != nullptr) {
        *reason = why;
    }
    return STATUS_INVALID_PARAMETER;
}

}  // namespace

NTSTATUS parseWaveFormat(const void* bytes, std::size_t size, WaveFormat* format, const char** reason)
{
    if (bytes == nullptr || format == nullptr) {
        return fail(reason, "no format given");
    }
    if (size < kPcmWaveFormatSize) {
        return fail(reason, "the format is shorter than the 16 bytes of PCMWAVEFORMAT");
    }
    const auto* p = static_cast<const std::uint8_t*>(bytes);
    WaveFormat f;
    f.formatTag = readLe16(p);
    f.channels = readLe16(p + 2);
    f.samplesPerSec = readLe32(p + 4);
    f.avgBytesPerSec = readLe32(p + 8);
    f.blockAlign = readLe16(p + 12);
    f.bitsPerSample = readLe16(p + 14);
    if (size >= kWaveFormatExSize) {
        f.cbSize = readLe16(p + 16);
        if (kWaveFormatExSize + f.cbSize > size) {
            return fail(reason, "cbSize claims more bytes than the format holds");
        }
    }
    if (f.channels == 0) {
        return fail(reason, "the format has no channels");
    }
    if (f.samplesPerSec == 0) {
        return fail(reason, "the format's sample rate is 0");
    }
    if (f.blockAlign == 0) {
        return fail(reason, "the format's block alignment is 0");
    }
    f.encoding = f.formatTag;
    if (f.formatTag == kWaveFormatExtensible) {
        if (f.cbSize < kExtensibleExtraBytes) {
            return fail(reason, "an extensible format needs cbSize >= 22");
        }
        f.extensible = true;
        f.validBitsPerSample = readLe16(p + 18);
        f.channelMask = readLe32(p + 20);
        f.subFormat.Data1 = readLe32(p + 24);
        f.subFormat.Data2 = readLe16(p + 28);
        f.subFormat.Data3 = readLe16(p + 30);
        std::memcpy(f.subFormat.Data4, p + 32, 8);
        const bool tagDerived = f.subFormat.Data1 <= 0xFFFF && f.subFormat.Data2 == 0x0000 &&
                                f.subFormat.Data3 == 0x0010 && std::memcmp(f.subFormat.Data4, kBaseGuidData4, 8) == 0;
        f.encoding = tagDerived ? std::uint16_t(f.subFormat.Data1) : 0;
    }
    *format = f;
    return STATUS_SUCCESS;
}

std::uint32_t defaultChannelMask(std::uint32_t channels)
{
    switch (channels) {
        case 1:
            return 0x4;
        case 2:
            return 0x3;
        case 3:
            return 0x7;
        case 4:
            return 0x33;
        case 5:
            return 0x37;
        case 6:
            return 0x3F;
        case 7:
            return 0x13F;
        case 8:
            return 0x63F;
        default:
            return 0;
    }
}

std::size_t buildWaveFormat(std::uint16_t encoding, std::uint32_t channels, std::uint32_t samplesPerSec,
                            std::uint32_t bitsPerSample, std::uint8_t* out)
{
    if (out == nullptr || channels == 0 || channels > 0xFFFF || samplesPerSec == 0) {
        return 0;
    }
    if (encoding == kWaveFormatPcm) {
        if (bitsPerSample < 8 || bitsPerSample > 32 || bitsPerSample % 8 != 0) {
            return 0;
        }
    } else if (encoding == kWaveFormatIeeeFloat) {
        if (bitsPerSample != 32 && bitsPerSample != 64) {
            return 0;
        }
    } else {
        return 0;
    }
    const std::uint64_t blockAlign = std::uint64_t(channels) * bitsPerSample / 8;
    const std::uint64_t byteRate = blockAlign * samplesPerSec;
    if (blockAlign > 0xFFFF || byteRate > 0xFFFFFFFFu) {
        return 0;
    }
    const bool extensible = channels > 2 || bitsPerSample > 16;
    std::memset(out, 0, kWaveFormatExtensibleSize);
    writeLe16(out, extensible ? kWaveFormatExtensible : encoding);
    writeLe16(out + 2, std::uint16_t(channels));
    writeLe32(out + 4, samplesPerSec);
    writeLe32(out + 8, std::uint32_t(byteRate));
    writeLe16(out + 12, std::uint16_t(blockAlign));
    writeLe16(out + 14, std::uint16_t(bitsPerSample));
    if (!extensible) {
        writeLe16(out + 16, 0);
        return kWaveFormatExSize;
    }
    writeLe16(out + 16, kExtensibleExtraBytes);
    writeLe16(out + 18, std::uint16_t(bitsPerSample));
    writeLe32(out + 20, defaultChannelMask(channels));
    writeLe32(out + 24, encoding);
    writeLe16(out + 28, 0x0000);
    writeLe16(out + 30, 0x0010);
    std::memcpy(out + 32, kBaseGuidData4, 8);
    return kWaveFormatExtensibleSize;
}

}  // namespace openks::wavout
