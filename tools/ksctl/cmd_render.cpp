// SPDX-License-Identifier: MIT
// ksctl render: plays an audio file into a KS render pin exactly as PortAudio's WDM-KS host drives one.

// PortAudio's WaveCyclic render (clients.md §2): negotiate a format with
// KSPROPERTY_PIN_DATAINTERSECTION, KsCreatePin, ACQUIRE, PAUSE, prime N
// overlapped IOCTL_KS_WRITE_STREAMs while paused, RUN, then wait for any
// packet's event (WaitForMultipleObjects), refill it and resubmit, until
// the file ends; drain what is in flight, PAUSE, STOP, close.  Ctrl-C sets
// the abort event the loop also waits on: it stops submitting and STOP
// flushes the writes still queued.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "ksctl/audio_file.h"
#include "ksctl/commands.h"
#include "ksctl/failure.h"
#include "ksctl/interrupt.h"
#include "ksctl/ks_io.h"
#include "ksctl/names.h"
#include "ksctl/pin_setup.h"
#include "ksctl/progress.h"
#include "ksctl/stream_loop.h"

namespace ksctl {

namespace {

std::string fileFormatText(const AudioFileInfo& f)
{
    return fmt::format("{} Hz, {} channel{}, {}", f.rate, f.channels, f.channels == 1 ? "" : "s",
                       f.isFloat     ? "float"
                       : f.bits != 0 ? fmt::format("{}-bit PCM", f.bits)
                                     : "compressed");
}

// The format to play the file in: the file's own, else the nearest the pin takes at the file's rate.
std::vector<std::byte> chooseRenderFormat(const OpenedFilter& filter, const PinInfo& pin, const AudioFileInfo& file,
                                          bool quiet)
{
    AudioWish exact;
    exact.rate = file.rate;
    exact.channels = file.channels;
    exact.bits = file.bits != 0 ? file.bits : 16;
    exact.isFloat = file.isFloat;
    std::vector<std::byte> format = intersectAudio(filter, pin, exact);
    if (!format.empty()) return format;

    // The same rate and channels in another sample type, then the same rate with the pin's channels.
    AudioWish sameChannels;
    sameChannels.rate = file.rate;
    sameChannels.channels = file.channels;
    format = intersectAudio(filter, pin, sameChannels);
    if (format.empty()) {
        AudioWish sameRate;
        sameRate.rate = file.rate;
        format = intersectAudio(filter, pin, sameRate);
    }
    if (format.empty()) {
        throw Failure(Exit::FormatNotSupported,
                      fmt::format("pin {} of {} takes no audio at {} Hz, the file's rate (ksctl does not resample)",
                                  pin.id, filter.device().driver, file.rate),
                      {rangesHint(pin)});
    }
    FormatInfo chosen;
    (void)parseFormat(format, &chosen);
    note(quiet, fmt::format("pin {} of {} does not take the file's format ({}); playing it as {}, converted", pin.id,
                            filter.device().driver, fileFormatText(file), describeFormat(chosen)));
    return format;
}

// The smallest frame size the pin's allocator framing asks for (PortAudio's floor on the buffer size), or 0.
ULONG framingFloor(HANDLE pin)
{
    KSPROPERTY p{};
    p.Set = KSPROPSETID_Connection;
    p.Id = KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX;
    p.Flags = KSPROPERTY_TYPE_GET;
    std::vector<std::byte> bytes;
    if (!NT_SUCCESS(getBytes(pin, &p, sizeof(p), &bytes)) || bytes.size() < sizeof(KSALLOCATOR_FRAMING_EX)) return 0;
    KSALLOCATOR_FRAMING_EX framing;
    std::memcpy(&framing, bytes.data(), sizeof(framing));
    return framing.CountItems != 0 ? framing.FramingItem[0].FramingRange.Range.MinFrameSize : 0;
}

}  // namespace

StreamResult render(const RenderOptions& o)
{
    AudioReader reader;
    std::string error;
    if (!reader.open(o.file, &error)) {
        throw Failure(Exit::FileError, fmt::format("cannot read '{}': {}", o.file, error),
                      {"ksctl render reads what libsndfile reads: WAV, FLAC, Ogg Vorbis, AIFF, AU, CAF, W64"});
    }
    const AudioFileInfo& file = reader.info();
    const std::vector<Assignment> assignments = parseAssignments(o.assignments);

    std::vector<Device> devices = enumerateDevices();
    const Device& device = resolveOne(devices, o.device);
    OpenedFilter filter(device);
    const PinInfo& pinInfo = choosePin(filter, o.pin, KSPIN_DATAFLOW_IN, MediaKind::Audio);
    std::vector<std::byte> format = chooseRenderFormat(filter, pinInfo, file, o.quiet);
    FormatInfo chosen;
    if (!parseFormat(format, &chosen) || chosen.kind != FormatInfo::Kind::Audio || chosen.blockAlign == 0 ||
        chosen.rate == 0) {
        throw Failure(Exit::FormatNotSupported,
                      fmt::format("pin {} of {} chose a format ksctl cannot feed", pinInfo.id, device.driver),
                      {rangesHint(pinInfo)});
    }
    PinLayout layout{chosen.rate, chosen.channels, chosen.bits, chosen.isFloat};
    if (layout.bits % 8 != 0 || layout.bits == 0 || layout.bits > 32 || layout.blockAlign() != chosen.blockAlign) {
        throw Failure(Exit::FormatNotSupported, fmt::format("pin {} of {} chose {}, a sample layout ksctl cannot write",
                                                            pinInfo.id, device.driver, describeFormat(chosen)));
    }
    PinHandle pin = createPin(filter, pinInfo, format, GENERIC_READ | GENERIC_WRITE);
    applyAssignments(pin.get(), assignments);
    if (o.freeRunning && !setFreeRunning(pin.get())) {
        note(o.quiet, "the pin has no pacing property; it streams at its own pace");
    }

    // Packet geometry: the period, raised to the pin's framing floor.
    ULONG framesPerPacket =
        std::max<ULONG>(1, static_cast<ULONG>(std::llround(double(layout.rate) * o.periodMs / 1000.0)));
    const ULONG floor = framingFloor(pin.get());
    if (floor > framesPerPacket * layout.blockAlign() && floor <= layout.rate * layout.blockAlign()) {
        framesPerPacket = (floor + layout.blockAlign() - 1) / layout.blockAlign();
        note(o.quiet, fmt::format("the pin's framing asks for at least {} bytes a packet: {} frames ({:.1f} ms)", floor,
                                  framesPerPacket, 1000.0 * framesPerPacket / layout.rate));
    }
    reader.prepare(layout, framesPerPacket);

    // The loop registers the Ctrl-C event first: from the line below on, Ctrl-C stops the stream cleanly.
    StreamLoop loop(pin.get(), IOCTL_KS_WRITE_STREAM, o.packets, framesPerPacket * layout.blockAlign(),
                    sizeof(KSSTREAM_HEADER));
    if (!o.quiet) {
        std::printf("render: %s (%s, %u Hz, %u channel%s) -> %s pin %u as %s\n", o.file.c_str(),
                    file.description.c_str(), file.rate, file.channels, file.channels == 1 ? "" : "s",
                    device.driver.c_str(), static_cast<unsigned>(pinInfo.id), describeFormat(chosen).c_str());
        std::fflush(stdout);
    }

    const double totalSeconds = file.frames > 0 ? double(file.frames) / layout.rate : 0.0;
    Progress progress("render", totalSeconds, o.progress && !o.quiet);
    StreamResult result;
    result.device = device.driver;
    result.pin = pinInfo.id;
    result.format = describeFormat(chosen);
    const std::uint64_t expected = file.frames > 0 ? std::uint64_t(file.frames) / framesPerPacket + 2 : 1024;

    // Fills packet i from the file; false at the end of the file.
    auto fill = [&](unsigned i) {
        KSSTREAM_HEADER& h = loop.header(i);
        const size_t frames = reader.read(h.Data, framesPerPacket);
        h.DataUsed = static_cast<ULONG>(frames * layout.blockAlign());
        h.OptionsFlags = 0;
        h.PresentationTime.Time = 0;
        h.PresentationTime.Numerator = h.PresentationTime.Denominator = 1;
        h.Duration = 0;
        return frames != 0;
    };
    auto onComplete = [&](unsigned i, const Answer& answer) {
        if (NT_SUCCESS(answer.status)) {
            result.bytes += loop.header(i).DataUsed;
        } else if (answer.status != STATUS_CANCELLED || !loop.stopping()) {
            ++result.failedRequests;
            if (result.failedRequests == 1) {
                note(o.quiet, fmt::format("a write completed with {}", statusText(answer.status)));
            }
        }
        progress.update(double(result.bytes) / (double(layout.rate) * layout.blockAlign()));
        return !loop.stopping() && fill(i);  // resubmit while there is audio
    };

    loop.run(fill, onComplete, o.timeoutMs, expected, /*submitBeforeRun=*/true, /*fifo=*/false);
    progress.finish();
    result.interrupted = loop.interrupted();
    result.requests = loop.completed();
    result.flushed = loop.flushed();
    result.gaps = loop.stats().summary();
    result.wallSeconds = loop.runSeconds();
    result.frames = result.bytes / layout.blockAlign();
    result.mediaSeconds = double(result.frames) / layout.rate;
    return result;
}

int runRender(const RenderOptions& o)
{
    StreamResult r = render(o);
    if (!o.quiet) {
        std::printf("render: %llu bytes, %.3f s of audio, %llu packets in %.3f s\n",
                    static_cast<unsigned long long>(r.bytes), r.mediaSeconds,
                    static_cast<unsigned long long>(r.requests), r.wallSeconds);
        if (r.gaps.gaps != 0) {
            std::printf("render: completion gaps min %.2f ms, mean %.2f ms, max %.2f ms, p99 %.2f ms\n", r.gaps.minMs,
                        r.gaps.meanMs, r.gaps.maxMs, r.gaps.p99Ms);
        }
    }
    if (r.interrupted) return static_cast<int>(Exit::Interrupted);
    if (r.failedRequests != 0) {
        throw Failure(Exit::Failed, fmt::format("{} of {} writes failed", r.failedRequests, r.requests));
    }
    return 0;
}

}  // namespace ksctl
