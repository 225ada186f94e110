// SPDX-License-Identifier: MIT
// ksctl demo, the main job: capture ~2 s from the tone driver into a WAV file and render it back through alsa or
// wavout.

// Every step is a `ksctl capture` / `ksctl render` a user could type; the
// demo prints each one and what came of it.  With the wavout sink the round
// trip is checked: the `data` chunk wavout wrote must equal the captured
// file's, byte for byte.

#include <stdlib.h>

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "ksctl/audio_file.h"
#include "ksctl/commands.h"
#include "ksctl/devices.h"
#include "ksctl/failure.h"
#include "ksctl/names.h"

namespace ksctl {

namespace {

const Device* findByDriver(const std::vector<Device>& devices, const std::string& driver, const GUID& category)
{
    for (const Device& d : devices) {
        if (d.driver != driver) continue;
        for (const GUID& c : d.categories)
            if (IsEqualGUID(c, category)) return &d;
    }
    return nullptr;
}

std::string makeDirectory(const std::string& requested)
{
    if (!requested.empty()) return requested;
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && tmp[0] == '/' ? tmp : "/tmp") + "/openks-demo-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) {
        throw Failure(Exit::FileError,
                      fmt::format("cannot create a directory from '{}': {}", pattern, std::strerror(errno)));
    }
    return buffer.data();
}

void step(int n, const std::string& text)
{
    std::printf("\n[%d/4] %s\n", n, text.c_str());
    std::fflush(stdout);
}

void printStream(const char* what, const StreamResult& r)
{
    std::printf(
        "      %s %llu bytes (%.3f s of audio) in %llu requests, %.3f s; completion gaps min %.2f / mean %.2f / "
        "max %.2f / p99 %.2f ms\n",
        what, static_cast<unsigned long long>(r.bytes), r.mediaSeconds, static_cast<unsigned long long>(r.requests),
        r.wallSeconds, r.gaps.minMs, r.gaps.meanMs, r.gaps.maxMs, r.gaps.p99Ms);
}

}  // namespace

int runDemo(const DemoOptions& o)
{
    if (!(o.seconds > 0) || o.seconds > 60) throw Failure(Exit::Usage, "--seconds must be in (0, 60]");
    std::printf("openks demo: a tone captured through KS into a WAV file, then rendered back through KS\n");

    step(1, "find the devices (SetupDi enumeration of every KS category)");
    std::vector<Device> devices = enumerateDevices();
    for (const Device& d : devices) {
        std::string categories;
        for (const GUID& c : d.categories)
            categories += (categories.empty() ? "" : ",") + categoryShortName(c);
        std::printf("      %-12s %-24s %s\n", d.driver.c_str(), categories.c_str(), d.path.c_str());
    }
    const Device* source = findByDriver(devices, "tone", KSCATEGORY_CAPTURE);
    if (source == nullptr) {
        throw Failure(Exit::DeviceNotFound, "the tone capture device is not published",
                      {"build the bundled drivers (cmake --build build), or put tone.so on OPENKS_DRIVER_PATH"});
    }
    const Device* sink = nullptr;
    if (!o.sink.empty()) {
        sink = &resolveOne(devices, o.sink);
    } else {
        sink = findByDriver(devices, "alsa", KSCATEGORY_RENDER);
        if (sink == nullptr) sink = findByDriver(devices, "wavout", KSCATEGORY_RENDER);
    }
    if (sink == nullptr) {
        throw Failure(Exit::DeviceNotFound, "no render device: neither alsa (a sound card) nor wavout is published",
                      {"build the bundled drivers, or name a render device with --sink"});
    }
    const bool wavout = sink->driver == "wavout";
    std::printf("      source: %s; sink: %s%s\n", source->driver.c_str(), sink->driver.c_str(),
                wavout ? " (no sound card published: wavout writes what it plays to a WAV file)" : "");

    const std::string dir = makeDirectory(o.directory);
    const std::string captured = dir + "/tone.wav";
    const std::string played = dir + "/wavout.wav";
    const char* pacing = o.freeRunning ? " --free-running" : "";

    step(2, fmt::format("capture {:.1f} s from tone: ksctl capture --device tone --seconds {}{} {}", o.seconds,
                        o.seconds, pacing, captured));
    CaptureOptions c;
    c.device = source->path;
    c.output = captured;
    c.seconds = o.seconds;
    c.freeRunning = o.freeRunning;
    StreamResult got = capture(c);
    if (got.interrupted) return static_cast<int>(Exit::Interrupted);
    if (got.failedRequests != 0) throw Failure(Exit::Failed, fmt::format("{} reads failed", got.failedRequests));
    printStream("captured", got);

    std::string renderCommand = fmt::format("ksctl render --device {}{}", sink->driver, pacing);
    if (wavout) renderCommand += fmt::format(" --set Wavout.Filename={}", played);
    step(3, fmt::format("render it back: {} {}", renderCommand, captured));
    RenderOptions r;
    r.device = sink->path;
    r.file = captured;
    r.freeRunning = o.freeRunning;
    if (wavout) r.assignments.push_back("Wavout.Filename=" + played);
    StreamResult put = render(r);
    if (put.interrupted) return static_cast<int>(Exit::Interrupted);
    if (put.failedRequests != 0) throw Failure(Exit::Failed, fmt::format("{} writes failed", put.failedRequests));
    printStream("rendered", put);

    if (wavout) {
        step(4, fmt::format("compare the data chunks of {} and {}", captured, played));
        std::vector<std::uint8_t> a, b;
        if (!readWavData(captured, &a)) throw Failure(Exit::FileError, fmt::format("'{}' is not a WAV file", captured));
        if (!readWavData(played, &b)) throw Failure(Exit::FileError, fmt::format("'{}' is not a WAV file", played));
        if (a != b) {
            throw Failure(Exit::Failed, fmt::format("the round trip is not exact: {} bytes captured, {} bytes played",
                                                    a.size(), b.size()));
        }
        std::printf("      byte-exact: %zu bytes of audio went tone -> KS -> %s -> KS -> wavout -> %s\n", a.size(),
                    captured.c_str(), played.c_str());
    } else {
        step(4, fmt::format("played {:.3f} s on {}", put.mediaSeconds, sink->driver));
    }
    std::printf("\nopenks demo: OK (files in %s)\n", dir.c_str());
    return 0;
}

}  // namespace ksctl
