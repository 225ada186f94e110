// SPDX-License-Identifier: MIT
// Bookkeeping behind KSPROPERTY_AUDIO_POSITION: bytes written and bytes played, as a KSAUDIO_POSITION.
#pragma once

// An audio pin answers KSPROPERTY_AUDIO_POSITION with a KSAUDIO_POSITION,
// two byte offsets into the stream since the pin last stopped:
//  - render (wavout): WriteOffset = bytes the client has handed to the pin
//    (queued, not yet necessarily consumed); PlayOffset = bytes the device
//    has consumed (for wavout: written to the file).  Clients such as
//    PortAudio read PlayOffset.
//  - capture (tone): WriteOffset = bytes the device has produced into the
//    client's buffers; PlayOffset = bytes of those the client has been given
//    back (completed).  Clients read WriteOffset.
// PlayOffset never passes WriteOffset.  For a looped (cyclic) buffer both
// offsets are reported modulo the buffer size.
//
//   openks::wavout::AudioPosition position;
//   position.advanceWrite(header.DataUsed);   // a WRITE_STREAM was queued
//   position.advancePlay(consumed);           // the process callback consumed bytes
//   KSAUDIO_POSITION out;                     // the property handler's answer
//   const auto v = position.value();
//   out.PlayOffset = v.PlayOffset;
//   out.WriteOffset = v.WriteOffset;
//
// Threads: not synchronised.  The pin glue serialises it (the process
// callback and the property handler take the pin's processing mutex).

#include <openks/ks/ntstatus.h>

#include <cstdint>

namespace openks::wavout {

// KSAUDIO_POSITION's layout and field names (two DWORDLONGs, 16 bytes).
struct AudioPositionValue {
    std::uint64_t PlayOffset = 0;
    std::uint64_t WriteOffset = 0;
};
static_assert(sizeof(AudioPositionValue) == 16, "KSAUDIO_POSITION is 16 bytes");

class AudioPosition {
public:
    // Both offsets back to 0 (the pin went to KSSTATE_STOP).
    void reset()
    {
        written_ = 0;
        played_ = 0;
    }

    // Adds `bytes` to the write offset (saturating at 2^64 − 1).
    void advanceWrite(std::uint64_t bytes);

    // Adds `bytes` to the play offset, which stops at the write offset: it
    // returns the bytes actually added.
    std::uint64_t advancePlay(std::uint64_t bytes);

    // The offsets of a non-looped stream: cumulative bytes.
    AudioPositionValue value() const { return {played_, written_}; }

    // The offsets within a looped buffer of `bufferBytes` bytes (each offset
    // modulo bufferBytes); value() when bufferBytes is 0.
    AudioPositionValue valueInLoop(std::uint64_t bufferBytes) const;

    // KSPROPERTY_AUDIO_POSITION SET: adopts `v` (a client repositioning a
    // non-looped stream).
    //   STATUS_SUCCESS, or STATUS_INVALID_PARAMETER when PlayOffset > WriteOffset
    //   (nothing changes).
    [[nodiscard]] NTSTATUS set(const AudioPositionValue& v);

private:
    std::uint64_t written_ = 0;
    std::uint64_t played_ = 0;
};

}  // namespace openks::wavout
