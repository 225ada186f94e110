// SPDX-License-Identifier: MIT
// ksctl's subcommands as functions: each takes its parsed options, prints its output and returns an exit code.

// main.cpp parses the command line (CLI11) into these option structs and
// calls the matching run*().  Failures throw ksctl::Failure (failure.h);
// main() prints them.  render() and capture() also return what they did,
// so `demo` can chain them.
//
//   ksctl::RenderOptions o;
//   o.file = "in.wav";
//   o.device = "wavout";
//   ksctl::RenderResult r = ksctl::render(o);
//
// Threads: the calling thread (main's).
#pragma once

#include <openks/client.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ksctl/stream_stats.h"

namespace ksctl {

struct ListOptions {
    std::string category;  // short name ("audio"), full name or GUID; empty for all
    bool json = false;
};
int runList(const ListOptions& options);

struct InspectOptions {
    std::string device;
    bool json = false;
};
int runInspect(const InspectOptions& options);

// What render and capture share.
struct StreamOptions {
    std::string device;
    std::optional<ULONG> pin;
    unsigned packets = 4;                  // requests in flight
    unsigned periodMs = 10;                // audio per request
    unsigned timeoutMs = 5000;             // watchdog: longest wait for one completion
    std::vector<std::string> assignments;  // SET.ID=VALUE on the pin before it runs
    bool freeRunning = false;
    bool quiet = false;
    bool progress = true;
};

struct RenderOptions : StreamOptions {
    std::string file;
};

struct StreamResult {
    std::string device;  // driver name
    ULONG pin = 0;
    std::string format;  // the pin's format, described
    std::uint64_t bytes = 0;
    std::uint64_t frames = 0;  // audio sample frames or video pictures
    double mediaSeconds = 0;
    double wallSeconds = 0;
    std::uint64_t requests = 0;  // completed stream requests
    std::uint64_t flushed = 0;   // of which STOP completed (reads still queued when enough had arrived)
    std::uint64_t failedRequests = 0;
    GapSummary gaps;
    bool interrupted = false;
};

StreamResult render(const RenderOptions& options);
int runRender(const RenderOptions& options);

struct CaptureOptions : StreamOptions {
    std::string output;
    std::optional<double> seconds;
    std::optional<std::uint64_t> frames;
    // audio
    std::optional<ULONG> rate;
    std::optional<ULONG> channels;
    std::optional<ULONG> bits;
    bool isFloat = false;
    // video
    std::string size;  // "WxH"
    std::optional<double> fps;
    std::string subtype;  // "yuy2", "rgb24"
};

StreamResult capture(const CaptureOptions& options);
int runCapture(const CaptureOptions& options);

struct PropOptions {
    bool set = false;
    std::string device;
    std::string property;
    std::string value;
    std::optional<ULONG> pin;
    std::optional<ULONG> node;
    std::optional<LONG> channel;
    bool basic = false;
    bool json = false;
};
int runProp(const PropOptions& options);

struct GraphOptions {
    std::string format = "dot";
    std::string output;  // empty: stdout
};
int runGraph(const GraphOptions& options);

struct DemoOptions {
    double seconds = 2.0;
    std::string directory;  // empty: a new directory under $TMPDIR or /tmp
    std::string sink;       // empty: alsa when a sound card is published, else wavout
    bool freeRunning = false;
};
int runDemo(const DemoOptions& options);

// Prints a note ("ksctl: note: ...") on stderr unless quiet.
void note(bool quiet, const std::string& text);

}  // namespace ksctl
