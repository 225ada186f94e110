// SPDX-License-Identifier: MIT
// ksctl capture: reads from a KS capture pin into an audio file (libsndfile), a .y4m video or one .png frame.

// Audio follows PortAudio's WaveCyclic capture: DATAINTERSECTION, KsCreatePin,
// ACQUIRE, PAUSE, all N IOCTL_KS_READ_STREAMs submitted while paused, RUN,
// then each read is collected in submission order (FIFO), written to the
// file and resubmitted with DataUsed = 0 and OptionsFlags = 0 (PortAudio
// #310) until enough frames arrived; PAUSE and STOP then complete the reads
// still queued.  Video (video_capture.cpp) follows ksvideosrc.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ksctl/audio_file.h"
#include "ksctl/commands.h"
#include "ksctl/failure.h"
#include "ksctl/names.h"
#include "ksctl/pin_setup.h"
#include "ksctl/progress.h"
#include "ksctl/stream_loop.h"
#include "ksctl/video_capture.h"

namespace ksctl {

namespace {

StreamResult captureAudio(const CaptureOptions& o)
{
    const std::vector<Assignment> assignments = parseAssignments(o.assignments);
    std::vector<Device> devices = enumerateDevices();
    const Device& device = resolveOne(devices, o.device);
    OpenedFilter filter(device);
    const PinInfo& pinInfo = choosePin(filter, o.pin, KSPIN_DATAFLOW_OUT, MediaKind::Audio);

    AudioWish wish;
    wish.rate = o.rate;
    wish.channels = o.channels;
    wish.bits = o.bits;
    if (o.isFloat) wish.isFloat = true;
    // FLAC stores at most 24 bits: ask the pin for what the file can hold.
    if (AudioWriter::majorFormatFor(o.output) == AudioWriter::majorFormatFor("x.flac")) wish.maxBits = 24;
    std::vector<std::byte> format = intersectAudio(filter, pinInfo, wish);
    if (format.empty()) {
        std::string asked;
        if (o.rate) asked += fmt::format(" {} Hz", *o.rate);
        if (o.channels) asked += fmt::format(" {} channels", *o.channels);
        if (o.bits) asked += fmt::format(" {} bits", *o.bits);
        if (o.isFloat) asked += " float";
        throw Failure(Exit::FormatNotSupported,
                      fmt::format("pin {} of {} offers no format matching{}", pinInfo.id, device.driver,
                                  asked.empty() ? " what the output file can store" : asked),
                      {rangesHint(pinInfo)});
    }
    FormatInfo chosen;
    if (!parseFormat(format, &chosen) || chosen.kind != FormatInfo::Kind::Audio || chosen.blockAlign == 0 ||
        chosen.rate == 0 || chosen.bits % 8 != 0 || chosen.bits == 0 || chosen.bits > 32) {
        throw Failure(Exit::FormatNotSupported,
                      fmt::format("pin {} of {} chose a format ksctl cannot store", pinInfo.id, device.driver),
                      {rangesHint(pinInfo)});
    }
    const PinLayout layout{chosen.rate, chosen.channels, chosen.bits, chosen.isFloat};
    std::uint64_t target = 0;
    if (o.frames) {
        target = *o.frames;
    } else {
        target = static_cast<std::uint64_t>(std::llround(o.seconds.value_or(1.0) * layout.rate));
    }
    if (target == 0) throw Failure(Exit::Usage, "nothing to capture: give --seconds or --frames above 0");

    PinHandle pin = createPin(filter, pinInfo, format, GENERIC_READ | GENERIC_WRITE);
    applyAssignments(pin.get(), assignments);
    if (o.freeRunning && !setFreeRunning(pin.get())) {
        note(o.quiet, "the pin has no pacing property; it streams at its own pace");
    }

    const ULONG framesPerPacket =
        std::max<ULONG>(1, static_cast<ULONG>(std::llround(double(layout.rate) * o.periodMs / 1000.0)));
    AudioWriter writer;
    std::string fileNote;
    std::string error;
    if (!writer.create(o.output, layout, framesPerPacket, &fileNote, &error)) {
        throw Failure(Exit::FileError, fmt::format("cannot write '{}': {}", o.output, error));
    }
    if (!fileNote.empty()) note(o.quiet, fileNote);
    // The loop registers the Ctrl-C event first: from the line below on, Ctrl-C stops the stream cleanly.
    StreamLoop loop(pin.get(), IOCTL_KS_READ_STREAM, o.packets, framesPerPacket * layout.blockAlign(),
                    sizeof(KSSTREAM_HEADER));
    if (!o.quiet) {
        std::printf("capture: %s pin %u as %s -> %s\n", device.driver.c_str(), static_cast<unsigned>(pinInfo.id),
                    describeFormat(chosen).c_str(), o.output.c_str());
        std::fflush(stdout);
    }

    Progress progress("capture", double(target) / layout.rate, o.progress && !o.quiet);
    StreamResult result;
    result.device = device.driver;
    result.pin = pinInfo.id;
    result.format = describeFormat(chosen);
    std::uint64_t empties = 0;
    std::string writeError;

    // A fresh read: DataUsed and OptionsFlags cleared (PortAudio #310), time 1/1.
    auto fill = [&](unsigned i) {
        KSSTREAM_HEADER& h = loop.header(i);
        h.DataUsed = 0;
        h.OptionsFlags = 0;
        h.PresentationTime.Time = 0;
        h.PresentationTime.Numerator = h.PresentationTime.Denominator = 1;
        h.Duration = 0;
        return true;
    };
    // Only as many reads are queued as the target still needs.
    std::uint64_t requested = 0;  // frames asked for by the reads submitted so far
    auto fillIfNeeded = [&](unsigned i) {
        if (requested >= target) return false;
        requested += framesPerPacket;
        return fill(i);
    };
    auto onComplete = [&](unsigned i, const Answer& answer) {
        const KSSTREAM_HEADER& h = loop.header(i);
        if (!NT_SUCCESS(answer.status)) {
            if (answer.status != STATUS_CANCELLED || !loop.stopping()) {
                ++result.failedRequests;
                if (result.failedRequests == 1)
                    note(o.quiet, fmt::format("a read completed with {}", statusText(answer.status)));
                loop.requestStop();
            }
            return false;
        }
        const std::uint64_t frames = h.DataUsed / layout.blockAlign();
        if (frames == 0 && !loop.stopping() && ++empties > 100) {
            note(o.quiet, "the pin keeps completing reads with no data");
            ++result.failedRequests;
            loop.requestStop();
            return false;
        }
        const std::uint64_t take = std::min(frames, target - result.frames);
        if (take != 0 && !writer.write(h.Data, take, &writeError)) {
            loop.requestStop();
            return false;
        }
        result.frames += take;
        result.bytes += take * layout.blockAlign();
        progress.update(double(result.frames) / layout.rate);
        if (result.frames >= target) {
            loop.requestStop();
            return false;
        }
        // A short read asked for fewer frames than it gave: ask again for what is still missing.
        if (frames < framesPerPacket) requested -= framesPerPacket - frames;
        return fillIfNeeded(i);
    };

    loop.run(fillIfNeeded, onComplete, o.timeoutMs, target / framesPerPacket + loop.packets() + 2,
             /*submitBeforeRun=*/true, /*fifo=*/true);
    progress.finish();
    writer.close();
    if (!writeError.empty()) throw Failure(Exit::FileError, fmt::format("cannot write '{}': {}", o.output, writeError));
    result.interrupted = loop.interrupted();
    result.requests = loop.completed();
    result.flushed = loop.flushed();
    result.gaps = loop.stats().summary();
    result.wallSeconds = loop.runSeconds();
    result.mediaSeconds = double(result.frames) / layout.rate;
    return result;
}

}  // namespace

StreamResult capture(const CaptureOptions& o)
{
    if (o.seconds && o.frames) throw Failure(Exit::Usage, "give --seconds or --frames, not both");
    if (o.seconds && !(*o.seconds > 0)) throw Failure(Exit::Usage, "--seconds must be above 0");
    if (isVideoOutput(o.output)) return captureVideo(o);
    if (AudioWriter::majorFormatFor(o.output) != 0) return captureAudio(o);
    throw Failure(Exit::Usage, fmt::format("cannot tell what to capture from the name '{}'", o.output),
                  {"audio: .wav .flac .ogg .aiff .au .caf .w64; video: .y4m (YUV4MPEG2), .png (one frame)"});
}

int runCapture(const CaptureOptions& o)
{
    StreamResult r = capture(o);
    if (!o.quiet) {
        const bool video = isVideoOutput(o.output);
        std::printf("capture: %llu %s, %llu bytes, %.3f s of %s, %llu reads in %.3f s (%llu flushed by STOP)\n",
                    static_cast<unsigned long long>(r.frames), video ? "frames" : "sample frames",
                    static_cast<unsigned long long>(r.bytes), r.mediaSeconds, video ? "video" : "audio",
                    static_cast<unsigned long long>(r.requests - r.flushed), r.wallSeconds,
                    static_cast<unsigned long long>(r.flushed));
        if (r.gaps.gaps != 0) {
            std::printf("capture: completion gaps min %.2f ms, mean %.2f ms, max %.2f ms, p99 %.2f ms\n", r.gaps.minMs,
                        r.gaps.meanMs, r.gaps.maxMs, r.gaps.p99Ms);
        }
    }
    if (r.interrupted) return static_cast<int>(Exit::Interrupted);
    if (r.failedRequests != 0)
        throw Failure(Exit::Failed, fmt::format("{} of {} reads failed", r.failedRequests, r.requests));
    return 0;
}

}  // namespace ksctl
