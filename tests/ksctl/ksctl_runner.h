// SPDX-License-Identifier: MIT
// Runs the built ksctl binary with arguments and collects its exit status, stdout and stderr, for end-to-end tests.
#pragma once

// The tests drive ksctl exactly as a user does: a separate process with a
// command line, so every test also covers parsing, messages and exit codes.
//
//   KsctlRun r = runKsctl({"list", "--json"});
//   EXPECT_EQ(r.exitCode, 0) << r.err;
//   nlohmann::json devices = nlohmann::json::parse(r.out);
//
// The binary is $OPENKS_BUILD_DIR/bin/ksctl.  A process that dies from a
// signal reports exitCode = -signal (a crash is never mistaken for a
// status); one that outlives the timeout is killed and reports timedOut.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ksctl::test {

struct KsctlRun {
    int exitCode = -1;
    std::string out;
    std::string err;
    bool timedOut = false;
};

// `env` overrides variables of the test's environment (an empty optional removes one).  With a non-empty
// `interruptWhen`, SIGINT is sent once, as soon as stdout contains that text (what a user's Ctrl-C does).
KsctlRun runKsctl(const std::vector<std::string>& args,
                  const std::map<std::string, std::optional<std::string>>& env = {}, int timeoutSeconds = 60,
                  const std::string& interruptWhen = "");

std::filesystem::path ksctlBinary();

// A fresh directory under the system temp directory, removed by the destructor.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// Writes a PCM WAV file of `bits` (8: unsigned, 16: signed) per sample holding `data` (interleaved samples).
void writeWav(const std::string& path, unsigned rate, unsigned channels, unsigned bits,
              const std::vector<unsigned char>& data);
// A 16-bit WAV file of `samples`.
void writeWav16(const std::string& path, unsigned rate, unsigned channels, const std::vector<short>& samples);

// The bytes of a WAV file's `data` chunk; empty when the file is not a WAV.
std::vector<unsigned char> wavData(const std::string& path);

// Whether a bundled driver was built (its module exists in the build tree).
bool driverBuilt(const std::string& name);

}  // namespace ksctl::test
