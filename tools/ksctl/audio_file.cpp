// SPDX-License-Identifier: MIT
// libsndfile readers and writers converting between files and a KS pin's interleaved sample layout.
#include "ksctl/audio_file.h"

#include <sndfile.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>

namespace ksctl {

namespace {

std::uint32_t bitsOfSubtype(int subtype, bool* isFloat)
{
    *isFloat = false;
    switch (subtype) {
        case SF_FORMAT_PCM_S8:
        case SF_FORMAT_PCM_U8:
            return 8;
        case SF_FORMAT_PCM_16:
            return 16;
        case SF_FORMAT_PCM_24:
            return 24;
        case SF_FORMAT_PCM_32:
            return 32;
        case SF_FORMAT_FLOAT:
        case SF_FORMAT_DOUBLE:
        case SF_FORMAT_VORBIS:
        case SF_FORMAT_OPUS:
            *isFloat = true;
            return 32;
        default:
            return 0;  // compressed or exotic: read as 16-bit PCM unless the pin wants more
    }
}

std::string formatName(int format, int command)
{
    SF_FORMAT_INFO info{};
    info.format = format;
    if (sf_command(nullptr, command, &info, sizeof(info)) == 0 && info.name != nullptr) return info.name;
    return fmt::format("0x{:X}", format);
}

std::string extensionOf(const std::string& path)
{
    const size_t dot = path.rfind('.');
    const size_t slash = path.rfind('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    std::string ext = path.substr(dot + 1);
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

// A sample in the pin layout <-> a left-justified 32-bit integer (the form libsndfile's *_int calls use).
std::int32_t loadInt(const unsigned char* p, std::uint32_t bits)
{
    switch (bits) {
        case 8:
            return static_cast<std::int32_t>(static_cast<std::uint32_t>(p[0] ^ 0x80u) << 24);
        case 16:
            return static_cast<std::int32_t>((std::uint32_t(p[0]) << 16) | (std::uint32_t(p[1]) << 24));
        case 24:
            return static_cast<std::int32_t>((std::uint32_t(p[0]) << 8) | (std::uint32_t(p[1]) << 16) |
                                             (std::uint32_t(p[2]) << 24));
        default:
            return static_cast<std::int32_t>(std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) |
                                             (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24));
    }
}

void storeInt(unsigned char* p, std::int32_t value, std::uint32_t bits)
{
    const auto v = static_cast<std::uint32_t>(value);
    switch (bits) {
        case 8:
            p[0] = static_cast<unsigned char>((v >> 24) ^ 0x80u);
            break;
        case 16:
            p[0] = static_cast<unsigned char>(v >> 16);
            p[1] = static_cast<unsigned char>(v >> 24);
            break;
        case 24:
            p[0] = static_cast<unsigned char>(v >> 8);
            p[1] = static_cast<unsigned char>(v >> 16);
            p[2] = static_cast<unsigned char>(v >> 24);
            break;
        default:
            p[0] = static_cast<unsigned char>(v);
            p[1] = static_cast<unsigned char>(v >> 8);
            p[2] = static_cast<unsigned char>(v >> 16);
            p[3] = static_cast<unsigned char>(v >> 24);
            break;
    }
}

}  // namespace

// ---- AudioReader ---------------------------------------------------------------------------------

AudioReader::~AudioReader()
{
    if (file_ != nullptr) sf_close(file_);
}

bool AudioReader::open(const std::string& path, std::string* error)
{
    SF_INFO sfinfo{};
    file_ = sf_open(path.c_str(), SFM_READ, &sfinfo);
    if (file_ == nullptr) {
        *error = sf_strerror(nullptr);
        return false;
    }
    if (sfinfo.channels <= 0 || sfinfo.samplerate <= 0) {
        *error = "the file has no channels or no sample rate";
        return false;
    }
    info_.rate = static_cast<std::uint32_t>(sfinfo.samplerate);
    info_.channels = static_cast<std::uint32_t>(sfinfo.channels);
    info_.bits = bitsOfSubtype(sfinfo.format & SF_FORMAT_SUBMASK, &info_.isFloat);
    info_.frames = sfinfo.frames;
    info_.description = formatName(sfinfo.format & SF_FORMAT_TYPEMASK, SFC_GET_FORMAT_INFO) + ", " +
                        formatName(sfinfo.format & SF_FORMAT_SUBMASK, SFC_GET_FORMAT_INFO);
    // Float files read as integers saturate instead of wrapping.
    sf_command(file_, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    return true;
}

void AudioReader::prepare(const PinLayout& layout, std::size_t maxFrames)
{
    layout_ = layout;
    const std::size_t samples = maxFrames * info_.channels;
    if (layout.isFloat) {
        floats_.assign(samples, 0.0f);
    } else {
        ints_.assign(samples, 0);
    }
}

std::size_t AudioReader::read(void* out, std::size_t frames)
{
    if (file_ == nullptr || frames == 0) return 0;
    const std::size_t cap = (layout_.isFloat ? floats_.size() : ints_.size()) / info_.channels;
    frames = std::min(frames, cap);
    const sf_count_t got = layout_.isFloat ? sf_readf_float(file_, floats_.data(), static_cast<sf_count_t>(frames))
                                           : sf_readf_int(file_, ints_.data(), static_cast<sf_count_t>(frames));
    if (got <= 0) return 0;
    auto* dst = static_cast<unsigned char*>(out);
    const std::uint32_t bytes = layout_.bits / 8;
    for (sf_count_t f = 0; f < got; ++f) {
        for (std::uint32_t c = 0; c < layout_.channels; ++c) {
            // Missing channels repeat a mono source or stay silent; extra source channels are dropped.
            const bool have = c < info_.channels || info_.channels == 1;
            const std::size_t src = static_cast<std::size_t>(f) * info_.channels + (c < info_.channels ? c : 0);
            if (layout_.isFloat) {
                const float v = have ? floats_[src] : 0.0f;
                std::memcpy(dst, &v, sizeof(v));
            } else {
                storeInt(dst, have ? ints_[src] : 0, layout_.bits);
            }
            dst += bytes;
        }
    }
    return static_cast<std::size_t>(got);
}

// ---- AudioWriter ---------------------------------------------------------------------------------

AudioWriter::~AudioWriter()
{
    close();
}

int AudioWriter::majorFormatFor(const std::string& path)
{
    const std::string ext = extensionOf(path);
    if (ext == "wav" || ext == "wave") return SF_FORMAT_WAV;
    if (ext == "flac") return SF_FORMAT_FLAC;
    if (ext == "ogg" || ext == "oga") return SF_FORMAT_OGG;
    if (ext == "aiff" || ext == "aif") return SF_FORMAT_AIFF;
    if (ext == "au" || ext == "snd") return SF_FORMAT_AU;
    if (ext == "caf") return SF_FORMAT_CAF;
    if (ext == "w64") return SF_FORMAT_W64;
    return 0;
}

bool AudioWriter::create(const std::string& path, const PinLayout& layout, std::size_t maxFrames, std::string* note,
                         std::string* error)
{
    note->clear();
    const int major = majorFormatFor(path);
    if (major == 0) {
        *error = "the extension names no audio file type ksctl writes (.wav .flac .ogg .aiff .au .caf .w64)";
        return false;
    }
    int wanted = layout.isFloat      ? SF_FORMAT_FLOAT
                 : layout.bits == 8  ? (major == SF_FORMAT_WAV ? SF_FORMAT_PCM_U8 : SF_FORMAT_PCM_S8)
                 : layout.bits == 16 ? SF_FORMAT_PCM_16
                 : layout.bits == 24 ? SF_FORMAT_PCM_24
                                     : SF_FORMAT_PCM_32;
    if (major == SF_FORMAT_OGG) wanted = SF_FORMAT_VORBIS;
    SF_INFO sfinfo{};
    sfinfo.samplerate = static_cast<int>(layout.rate);
    sfinfo.channels = static_cast<int>(layout.channels);
    sfinfo.format = major | wanted;
    if (!sf_format_check(&sfinfo)) {
        // The container cannot hold the pin's samples as they are: the widest PCM it can.
        for (int fallback : {SF_FORMAT_PCM_24, SF_FORMAT_PCM_16, SF_FORMAT_PCM_S8}) {
            sfinfo.format = major | fallback;
            if (sf_format_check(&sfinfo)) break;
        }
        if (!sf_format_check(&sfinfo)) {
            *error = fmt::format("{} cannot store {} channels at {} Hz", formatName(major, SFC_GET_FORMAT_INFO),
                                 layout.channels, layout.rate);
            return false;
        }
        *note = fmt::format("{} cannot store the pin's {}-bit {} samples; writing {}",
                            formatName(major, SFC_GET_FORMAT_INFO), layout.bits, layout.isFloat ? "float" : "PCM",
                            formatName(sfinfo.format & SF_FORMAT_SUBMASK, SFC_GET_FORMAT_INFO));
    }
    file_ = sf_open(path.c_str(), SFM_WRITE, &sfinfo);
    if (file_ == nullptr) {
        *error = sf_strerror(nullptr);
        return false;
    }
    sf_command(file_, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    layout_ = layout;
    const std::size_t samples = maxFrames * layout.channels;
    if (layout.isFloat) {
        floats_.assign(samples, 0.0f);
    } else {
        ints_.assign(samples, 0);
    }
    return true;
}

bool AudioWriter::write(const void* in, std::size_t frames, std::string* error)
{
    if (file_ == nullptr) {
        *error = "the file is not open";
        return false;
    }
    const auto* src = static_cast<const unsigned char*>(in);
    const std::uint32_t bytes = layout_.bits / 8;
    const std::size_t cap = (layout_.isFloat ? floats_.size() : ints_.size()) / layout_.channels;
    while (frames > 0) {
        const std::size_t chunk = std::min(frames, cap);
        const std::size_t samples = chunk * layout_.channels;
        for (std::size_t i = 0; i < samples; ++i, src += bytes) {
            if (layout_.isFloat) {
                std::memcpy(&floats_[i], src, sizeof(float));
            } else {
                ints_[i] = loadInt(src, layout_.bits);
            }
        }
        const sf_count_t put = layout_.isFloat ? sf_writef_float(file_, floats_.data(), static_cast<sf_count_t>(chunk))
                                               : sf_writef_int(file_, ints_.data(), static_cast<sf_count_t>(chunk));
        if (put != static_cast<sf_count_t>(chunk)) {
            *error = sf_strerror(file_);
            return false;
        }
        frames -= chunk;
    }
    return true;
}

void AudioWriter::close()
{
    if (file_ != nullptr) {
        sf_close(file_);
        file_ = nullptr;
    }
}

bool readWavData(const std::string& path, std::vector<std::uint8_t>* data)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 ||
        std::memcmp(bytes.data() + 8, "WAVE", 4) != 0) {
        return false;
    }
    size_t offset = 12;
    while (offset + 8 <= bytes.size()) {
        std::uint32_t size;
        std::memcpy(&size, bytes.data() + offset + 4, sizeof(size));
        const size_t body = offset + 8;
        if (std::memcmp(bytes.data() + offset, "data", 4) == 0) {
            const size_t end = std::min<size_t>(body + size, bytes.size());
            data->assign(bytes.begin() + static_cast<std::ptrdiff_t>(body),
                         bytes.begin() + static_cast<std::ptrdiff_t>(end));
            return true;
        }
        offset = body + size + (size & 1);
    }
    return false;
}

}  // namespace ksctl
