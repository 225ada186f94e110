// SPDX-License-Identifier: MIT
// ksctl graph: every device, filter, pin, topology node and connection as a Graphviz picture (DOT, or SVG via dot).
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>

#include "ksctl/commands.h"
#include "ksctl/devices.h"
#include "ksctl/failure.h"
#include "ksctl/names.h"
#include "ksctl/pin_setup.h"

extern char** environ;

namespace ksctl {

namespace {

std::string dotQuote(const std::string& text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string dotGraph(const std::vector<Device>& devices)
{
    std::string dot =
        "digraph openks {\n  rankdir=LR;\n  compound=true;\n"
        "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n";
    std::map<std::string, std::vector<const Device*>> byDriver;
    for (const Device& d : devices)
        byDriver[d.driver].push_back(&d);
    unsigned f = 0;
    std::string edges;
    for (const auto& [driver, filters] : byDriver) {
        dot += fmt::format("  subgraph {} {{\n    label={};\n    style=rounded;\n    color=gray40;\n",
                           dotQuote("cluster_device_" + driver), dotQuote("device " + driver));
        for (const Device* device : filters) {
            OpenedFilter filter(*device);
            const FilterInfo& info = filter.info();
            std::string categories;
            for (const GUID& c : device->categories)
                categories += (categories.empty() ? "" : ", ") + categoryShortName(c);
            dot += fmt::format("    subgraph {} {{\n      label={};\n      style=filled;\n      color=gray90;\n",
                               dotQuote(fmt::format("cluster_filter_{}", f)),
                               dotQuote(fmt::format("filter {}\n{}\n{}", device->reference, categories, device->path)));
            for (const PinInfo& pin : info.pins) {
                std::string label = fmt::format("pin {}\n{} {}", pin.id, dataFlowName(pin.dataFlow),
                                                communicationName(pin.communication));
                if (pin.category) label += "\n" + guidLabel(*pin.category);
                if (pin.name) label += "\n\"" + *pin.name + "\"";
                for (const DataRangeInfo& r : pin.ranges)
                    label += "\n" + describeRange(r);
                dot += fmt::format("      {} [shape=box, style=filled, fillcolor={}, label={}];\n",
                                   dotQuote(fmt::format("f{}_pin{}", f, pin.id)),
                                   pin.dataFlow == KSPIN_DATAFLOW_IN ? "lightblue" : "palegreen", dotQuote(label));
            }
            for (const NodeInfo& node : info.nodes) {
                std::string label = fmt::format("node {}\n{}", node.id, guidLabel(node.type));
                if (node.name) label += "\n\"" + *node.name + "\"";
                dot += fmt::format("      {} [shape=ellipse, label={}];\n",
                                   dotQuote(fmt::format("f{}_node{}", f, node.id)), dotQuote(label));
            }
            dot += "    }\n";
            for (const KSTOPOLOGY_CONNECTION& c : info.connections) {
                auto end = [f](ULONG node, ULONG pin) {
                    return node == KSFILTER_NODE ? fmt::format("f{}_pin{}", f, pin)
                                                 : fmt::format("f{}_node{}", f, node);
                };
                std::string label;
                if (c.FromNode != KSFILTER_NODE) label += fmt::format("out {}", c.FromNodePin);
                if (c.ToNode != KSFILTER_NODE)
                    label += fmt::format("{}in {}", label.empty() ? "" : " -> ", c.ToNodePin);
                edges += fmt::format("  {} -> {} [label={}];\n", dotQuote(end(c.FromNode, c.FromNodePin)),
                                     dotQuote(end(c.ToNode, c.ToNodePin)), dotQuote(label));
            }
            ++f;
        }
        dot += "  }\n";
    }
    return dot + edges + "}\n";
}

// The first executable `name` on PATH, or empty.
std::string findProgram(const char* name)
{
    const char* path = std::getenv("PATH");
    if (path == nullptr) return {};
    std::string list = path;
    size_t start = 0;
    while (start <= list.size()) {
        size_t end = list.find(':', start);
        if (end == std::string::npos) end = list.size();
        std::string dir = list.substr(start, end - start);
        std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    return {};
}

// Runs `dot -Tsvg [-o output]` with the graph on its stdin.
void renderSvg(const std::string& dot, const std::string& output)
{
    const std::string program = findProgram("dot");
    if (program.empty()) {
        throw Failure(Exit::Failed, "the 'dot' program (Graphviz) is not installed, so ksctl cannot draw SVG",
                      {"install Graphviz (Debian: apt-get install graphviz), or write DOT with --format dot"});
    }
    int pipeFds[2];
    if (pipe(pipeFds) != 0) throw Failure(Exit::Failed, fmt::format("pipe failed: {}", std::strerror(errno)));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipeFds[0]);
    posix_spawn_file_actions_addclose(&actions, pipeFds[1]);
    std::vector<std::string> args = {program, "-Tsvg"};
    if (!output.empty()) {
        args.push_back("-o");
        args.push_back(output);
    }
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipeFds[0]);
    if (spawned != 0) {
        close(pipeFds[1]);
        throw Failure(Exit::Failed, fmt::format("cannot run {}: {}", program, std::strerror(spawned)));
    }
    std::fflush(stdout);
    size_t written = 0;
    while (written < dot.size()) {
        const ssize_t n = write(pipeFds[1], dot.data() + written, dot.size() - written);
        if (n <= 0) break;
        written += static_cast<size_t>(n);
    }
    close(pipeFds[1]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw Failure(output.empty() ? Exit::Failed : Exit::FileError,
                      fmt::format("{} failed (exit status {})", program, WIFEXITED(status) ? WEXITSTATUS(status) : -1),
                      {output.empty() ? "" : fmt::format("check that '{}' can be written", output)});
    }
}

}  // namespace

int runGraph(const GraphOptions& o)
{
    if (o.format != "dot" && o.format != "svg") {
        throw Failure(Exit::Usage, fmt::format("--format '{}' is not one ksctl writes: dot or svg", o.format));
    }
    const std::string dot = dotGraph(enumerateDevices());
    if (o.format == "svg") {
        renderSvg(dot, o.output);
        return 0;
    }
    if (o.output.empty()) {
        std::fputs(dot.c_str(), stdout);
        return 0;
    }
    std::ofstream file(o.output, std::ios::binary | std::ios::trunc);
    if (!file || !(file << dot) || !file.flush()) {
        throw Failure(Exit::FileError, fmt::format("cannot write '{}': {}", o.output, std::strerror(errno)));
    }
    return 0;
}

}  // namespace ksctl
