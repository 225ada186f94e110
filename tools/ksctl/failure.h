// SPDX-License-Identifier: MIT
// ksctl's exit codes and the one error type its commands throw: what went wrong, what to do, and the exit code.

// A command that cannot go on throws Failure; main() prints
//
//   ksctl: error: <what>
//     <hint line>...
//
// on stderr and exits with the code.  The codes are part of ksctl's
// interface (docs/ksctl.md) and never change meaning:
//
//   throw ksctl::Failure(ksctl::Exit::DeviceNotFound, "no device matches 'foo'", {"known devices: tone, null"});
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ksctl {

enum class Exit : int {
    Ok = 0,
    Failed = 1,                // a request, a stream or the system failed at run time
    Usage = 2,                 // bad command line: unknown command or flag, malformed value
    DeviceNotFound = 3,        // no device, pin or node matches (or the name is ambiguous)
    FormatNotSupported = 4,    // the pin takes no format that fits the file or the request
    FileError = 5,             // an input file cannot be read or an output file cannot be written
    PropertyNotSupported = 6,  // the object does not support the property set or id
    Interrupted = 130,         // stopped by Ctrl-C (SIGINT) or SIGTERM after a clean stop
};

class Failure : public std::runtime_error {
public:
    Failure(Exit code, std::string what, std::vector<std::string> hints = {})
        : std::runtime_error(std::move(what)), code_(code), hints_(std::move(hints))
    {
    }
    Exit code() const { return code_; }
    const std::vector<std::string>& hints() const { return hints_; }

private:
    Exit code_;
    std::vector<std::string> hints_;
};

}  // namespace ksctl
