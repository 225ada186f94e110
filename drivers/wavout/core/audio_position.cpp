// SPDX-License-Identifier: MIT
// KSAUDIO_POSITION bookkeeping: saturating counters with PlayOffset ≤ WriteOffset.
#include "core/audio_position.h"

#include <limits>

namespace openks::wavout {

void AudioPosition::advanceWrite(std::uint64_t bytes)
{
    const std::uint64_t room = std::numeric_limits<std::uint64_t>::max() - written_;
    written_ += bytes < room ? bytes : room;
}

std::uint64_t AudioPosition::advancePlay(std::uint64_t bytes)
{
    const std::uint64_t room = written_ - played_;
    const std::uint64_t added = bytes < room ? bytes : room;
    played_ += added;
    return added;
}

AudioPositionValue AudioPosition::valueInLoop(std::uint64_t bufferBytes) const
{
    if (bufferBytes == 0) {
        return value();
    }
    return {played_ % bufferBytes, written_ % bufferBytes};
}

NTSTATUS AudioPosition::set(const AudioPositionValue& v)
{
    if (v.PlayOffset > v.WriteOffset) {
        return STATUS_INVALID_PARAMETER;
    }
    played_ = v.PlayOffset;
    written_ = v.WriteOffset;
    return STATUS_SUCCESS;
}

}  // namespace openks::wavout
