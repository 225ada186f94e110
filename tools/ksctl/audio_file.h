// SPDX-License-Identifier: MIT
// Audio files through libsndfile, converted to and from the interleaved PCM/float layout of a KS audio pin.

// A KS audio pin streams interleaved little-endian samples: PCM of 8
// (unsigned), 16, 24 (packed) or 32 bits, or 32-bit IEEE float, as its
// WAVEFORMATEX says.  AudioReader reads any file libsndfile reads (WAV,
// FLAC, Ogg Vorbis, AIFF, ...) and writes frames in a pin's layout, mapping
// channels when the counts differ (missing channels repeat a mono source or
// are silent; extra ones are dropped).  AudioWriter stores a pin's frames
// in a file whose type follows its extension.  PCM of the same width round
// trips exactly (a 16-bit WAV read into a 16-bit pin gives its data bytes).
//
//   AudioReader in;
//   if (!in.open("in.flac", &error)) ...
//   PinLayout layout{48000, 2, 16, false};
//   in.prepare(layout, framesPerPacket);            // allocates the scratch buffer once
//   size_t got = in.read(packet, framesPerPacket);  // no allocation
//
// Threads: one thread per object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

typedef struct sf_private_tag SNDFILE;

namespace ksctl {

// A pin's sample layout.
struct PinLayout {
    std::uint32_t rate = 0;
    std::uint32_t channels = 0;
    std::uint32_t bits = 0;  // container bits: 8, 16, 24, 32
    bool isFloat = false;
    std::uint32_t blockAlign() const { return channels * (bits / 8); }
};

struct AudioFileInfo {
    std::uint32_t rate = 0;
    std::uint32_t channels = 0;
    std::uint32_t bits = 0;  // the file's sample width (16, 24, 32; 32 for float; 0 when libsndfile cannot say)
    bool isFloat = false;
    std::int64_t frames = 0;
    std::string description;  // "WAV, PCM 16 bits" (libsndfile's names)
};

class AudioReader {
public:
    AudioReader() = default;
    ~AudioReader();
    AudioReader(const AudioReader&) = delete;
    AudioReader& operator=(const AudioReader&) = delete;

    // Opens a file for reading.  False with *error (libsndfile's reason) when it cannot.
    bool open(const std::string& path, std::string* error);
    const AudioFileInfo& info() const { return info_; }

    // Sets the layout read() produces and the most frames one read() may ask for.
    void prepare(const PinLayout& layout, std::size_t maxFrames);
    // Reads up to `frames` frames into `out` (frames × layout.blockAlign() bytes).  Returns the frames read:
    // fewer at the end of the file, 0 after it.  Allocates nothing.
    std::size_t read(void* out, std::size_t frames);

private:
    SNDFILE* file_ = nullptr;
    AudioFileInfo info_;
    PinLayout layout_;
    std::vector<std::int32_t> ints_;
    std::vector<float> floats_;
};

class AudioWriter {
public:
    AudioWriter() = default;
    ~AudioWriter();
    AudioWriter(const AudioWriter&) = delete;
    AudioWriter& operator=(const AudioWriter&) = delete;

    // The libsndfile major format for a file name's extension (.wav, .flac, .ogg, .aiff, .au, .caf, .w64),
    // or 0 when the extension is not an audio file type.
    static int majorFormatFor(const std::string& path);

    // Creates `path` for frames in `layout`.  The file stores the same sample type when its container can
    // (else the nearest one it can: *note says so).  False with *error when it cannot be created.
    bool create(const std::string& path, const PinLayout& layout, std::size_t maxFrames, std::string* note,
                std::string* error);
    // Appends `frames` frames in the pin layout.  False with *error on a write error.  Allocates nothing.
    bool write(const void* in, std::size_t frames, std::string* error);
    // Finalises the file (sizes in the header).  Idempotent.
    void close();

private:
    SNDFILE* file_ = nullptr;
    PinLayout layout_;
    std::vector<std::int32_t> ints_;
    std::vector<float> floats_;
};

// The bytes of a RIFF/WAVE file's `data` chunk (for comparisons), or false when the file is not a WAV.
bool readWavData(const std::string& path, std::vector<std::uint8_t>* data);

}  // namespace ksctl
