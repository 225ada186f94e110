// SPDX-License-Identifier: MIT
// ksctl's entry point: the command line (CLI11), --trace, and turning failures into messages and exit codes.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

#include "ksctl/commands.h"
#include "ksctl/failure.h"
#include "ksctl/interrupt.h"
#include "ksctl/ks_io.h"

namespace {

constexpr const char* kDescription =
    "ksctl: list, inspect, stream from and to, and query Kernel Streaming devices on openks.\n"
    "Drivers load in-process: the bundled ones and those in the directories of OPENKS_DRIVER_PATH.\n"
    "Exit status: 0 ok, 1 runtime failure, 2 usage error, 3 device/pin/node not found, 4 format not\n"
    "supported, 5 file error, 6 property not supported, 130 interrupted.";

void addStreamOptions(CLI::App* cmd, ksctl::StreamOptions* o)
{
    cmd->add_option("-d,--device", o->device, "the device: a driver name (tone), a path, or a unique part of one")
        ->required();
    cmd->add_option("-p,--pin", o->pin, "the pin factory id (default: the first that fits)");
    cmd->add_option("--packets", o->packets, "stream requests kept in flight")->check(CLI::Range(1, 63));
    cmd->add_option("--period-ms", o->periodMs, "milliseconds of audio per request")->check(CLI::Range(1, 1000));
    cmd->add_option("--timeout-ms", o->timeoutMs, "fail when no request completes for this long")
        ->check(CLI::Range(1, 3600000));
    cmd->add_option("--set", o->assignments, "set a pin property before streaming, SET.ID=VALUE (repeatable)");
    cmd->add_flag("--free-running", o->freeRunning,
                  "ask the pin to stream as fast as it can (the bundled drivers' Pacing)");
    cmd->add_flag("-q,--quiet", o->quiet, "print nothing but errors");
    cmd->add_flag("!--no-progress", o->progress, "no progress bar");
}

void printFailure(const ksctl::Failure& f)
{
    std::fprintf(stderr, "ksctl: error: %s\n", f.what());
    for (const std::string& hint : f.hints()) {
        if (hint.empty()) continue;
        std::string text = hint;
        size_t at = 0;
        while ((at = text.find('\n', at)) != std::string::npos) {
            text.insert(at + 1, "  ");
            at += 3;
        }
        std::fprintf(stderr, "  %s\n", text.c_str());
    }
}

}  // namespace

int main(int argc, char** argv)
{
    ksctl::installInterruptHandling();

    CLI::App app{kDescription, "ksctl"};
    app.set_version_flag("-V,--version", std::string("ksctl ") + KSCTL_VERSION + " (openks " + KSCTL_VERSION + ")");
    app.require_subcommand(1);
    app.fallthrough();
    bool trace = false;
    app.add_flag("--trace", trace, "print one line per KS request on stderr (IOCTL, set/id, flags, sizes, status, µs)");

    ksctl::ListOptions list;
    CLI::App* listCmd = app.add_subcommand("list", "list the published KS filters: driver, categories, path");
    listCmd->add_option("-c,--category", list.category, "only this category (audio, video, capture, render, ...)");
    listCmd->add_flag("--json", list.json, "JSON output");

    ksctl::InspectOptions inspect;
    CLI::App* inspectCmd =
        app.add_subcommand("inspect", "show a filter's pins, data ranges, property sets and topology");
    inspectCmd->add_option("device", inspect.device, "a driver name (tone), a path, or a part of one")->required();
    inspectCmd->add_flag("--json", inspect.json, "JSON output");

    ksctl::RenderOptions render;
    CLI::App* renderCmd = app.add_subcommand("render", "play an audio file (WAV, FLAC, ...) into a render pin");
    renderCmd->add_option("file", render.file, "the audio file")->required();
    addStreamOptions(renderCmd, &render);

    ksctl::CaptureOptions capture;
    CLI::App* captureCmd =
        app.add_subcommand("capture", "record from a capture pin into an audio file, a .y4m video or a .png frame");
    captureCmd->add_option("output", capture.output, "the file to write; its extension picks the format")->required();
    addStreamOptions(captureCmd, &capture);
    CLI::Option* seconds = captureCmd->add_option("-s,--seconds", capture.seconds, "how long to capture");
    CLI::Option* frames =
        captureCmd->add_option("-n,--frames", capture.frames, "how many frames (audio sample frames or pictures)");
    seconds->excludes(frames);
    captureCmd->add_option("--rate", capture.rate, "audio: sample rate to ask for");
    captureCmd->add_option("--channels", capture.channels, "audio: channel count to ask for");
    captureCmd->add_option("--bits", capture.bits, "audio: bits per sample to ask for");
    captureCmd->add_flag("--float", capture.isFloat, "audio: ask for IEEE float samples");
    captureCmd->add_option("--size", capture.size, "video: WIDTHxHEIGHT");
    captureCmd->add_option("--fps", capture.fps, "video: frames per second");
    captureCmd->add_option("--subtype", capture.subtype, "video: yuy2 or rgb24");

    ksctl::PropOptions prop;
    CLI::App* propCmd = app.add_subcommand("prop", "get or set one property");
    propCmd->require_subcommand(1);
    auto addPropOptions = [&prop](CLI::App* cmd, bool set) {
        cmd->add_option("device", prop.device, "a driver name (tone), a path, or a part of one")->required();
        cmd->add_option("property", prop.property, "SET.ID: Pin.CTypes, Connection.State, {GUID}.N, ...")->required();
        if (set) cmd->add_option("value", prop.value, "the value, parsed by the property's type")->required();
        cmd->add_option("-p,--pin", prop.pin, "pin factory (Pin.* properties) or pin instance (other sets)");
        cmd->add_option("-n,--node", prop.node, "topology node (KSPROPERTY_TYPE_TOPOLOGY)");
        cmd->add_option("--channel", prop.channel,
                        "node channel (KSNODEPROPERTY_AUDIO_CHANNEL; -1 = all; per-channel audio properties "
                        "default to 0 for get, -1 for set)");
        cmd->add_flag("--json", prop.json, "JSON output");
    };
    CLI::App* getCmd = propCmd->add_subcommand("get", "GET a property (decoded for known ids, hex otherwise)");
    addPropOptions(getCmd, false);
    getCmd->add_flag("--basic", prop.basic, "ask KSPROPERTY_TYPE_BASICSUPPORT instead");
    CLI::App* setCmd = propCmd->add_subcommand("set", "SET a property (the value is parsed by the property's type)");
    addPropOptions(setCmd, true);

    ksctl::GraphOptions graph;
    CLI::App* graphCmd = app.add_subcommand("graph", "draw devices, filters, pins, nodes and connections (Graphviz)");
    graphCmd->add_option("-f,--format", graph.format, "dot (default) or svg (needs Graphviz's dot)");
    graphCmd->add_option("-o,--output", graph.output, "the file to write (default: stdout)");

    ksctl::DemoOptions demo;
    CLI::App* demoCmd =
        app.add_subcommand("demo", "capture ~2 s from tone into a WAV file and render it back through alsa or wavout");
    demoCmd->add_option("-s,--seconds", demo.seconds, "how much to capture");
    demoCmd->add_option("--dir", demo.directory, "where to write the files (default: a new /tmp/openks-demo-*)");
    demoCmd->add_option("--sink", demo.sink, "the render device (default: alsa if published, else wavout)");
    demoCmd->add_flag("--free-running", demo.freeRunning, "stream as fast as the drivers can instead of in real time");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        const CLI::App* failed = &app;
        for (const CLI::App* sub : app.get_subcommands())
            failed = sub;
        if (failed == &app && argc > 1 && argv[1][0] != '-') {
            std::fprintf(stderr, "ksctl: error: unknown command '%s'\n", argv[1]);
            std::fprintf(stderr, "  commands: list, inspect, render, capture, prop get, prop set, graph, demo\n");
        } else {
            std::fprintf(stderr, "ksctl: error: %s\n", e.what());
        }
        std::fprintf(stderr, "  run 'ksctl%s%s --help' for the usage\n", failed == &app ? "" : " ",
                     failed == &app ? "" : failed->get_name().c_str());
        return static_cast<int>(ksctl::Exit::Usage);
    }

    ksctl::setTrace(trace);
    try {
        if (listCmd->parsed()) return ksctl::runList(list);
        if (inspectCmd->parsed()) return ksctl::runInspect(inspect);
        if (renderCmd->parsed()) return ksctl::runRender(render);
        if (captureCmd->parsed()) return ksctl::runCapture(capture);
        if (getCmd->parsed()) return ksctl::runProp(prop);
        if (setCmd->parsed()) {
            prop.set = true;
            return ksctl::runProp(prop);
        }
        if (graphCmd->parsed()) return ksctl::runGraph(graph);
        if (demoCmd->parsed()) return ksctl::runDemo(demo);
    } catch (const ksctl::Failure& f) {
        printFailure(f);
        return static_cast<int>(f.code());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ksctl: error: %s\n", e.what());
        return static_cast<int>(ksctl::Exit::Failed);
    }
    return static_cast<int>(ksctl::Exit::Usage);
}
