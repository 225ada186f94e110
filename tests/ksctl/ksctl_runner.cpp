// SPDX-License-Identifier: MIT
// Spawning ksctl with pipes for stdout and stderr, a deadline, and the small file helpers the ksctl tests share.
#include "ksctl_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "support/shared_dir.h"

extern char** environ;

namespace ksctl::test {

std::filesystem::path ksctlBinary()
{
    return openks::test::buildDir() / "bin" / "ksctl";
}

bool driverBuilt(const std::string& name)
{
    return std::filesystem::exists(openks::test::buildDir() / "lib" / "openks" / "drivers" / (name + ".so"));
}

KsctlRun runKsctl(const std::vector<std::string>& args, const std::map<std::string, std::optional<std::string>>& env,
                  int timeoutSeconds, const std::string& interruptWhen)
{
    std::vector<std::string> argStrings;
    argStrings.push_back(ksctlBinary().string());
    argStrings.insert(argStrings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argStrings)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    std::map<std::string, std::string> vars;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry = *e;
        const size_t eq = entry.find('=');
        if (eq != std::string::npos) vars[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    for (const auto& [key, value] : env) {
        if (value) {
            vars[key] = *value;
        } else {
            vars.erase(key);
        }
    }
    std::vector<std::string> envStrings;
    for (const auto& [key, value] : vars)
        envStrings.push_back(key + "=" + value);
    std::vector<char*> envp;
    for (std::string& e : envStrings)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    int outPipe[2], errPipe[2];
    if (pipe2(outPipe, O_CLOEXEC) != 0 || pipe2(errPipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(outPipe[1]);
    close(errPipe[1]);
    KsctlRun run;
    if (spawned != 0) {
        close(outPipe[0]);
        close(errPipe[0]);
        run.err = std::string("cannot spawn ksctl: ") + std::strerror(spawned);
        return run;
    }

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
    pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&run.out, &run.err};
    int open = 2;
    bool interrupted = false;
    char buffer[65536];
    while (open > 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            run.timedOut = true;
            kill(pid, SIGKILL);
            break;
        }
        const int ready = poll(fds, 2, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
            const ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<size_t>(n));
                if (i == 0 && !interrupted && !interruptWhen.empty() &&
                    run.out.find(interruptWhen) != std::string::npos) {
                    kill(pid, SIGINT);
                    interrupted = true;
                }
            } else {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (pollfd& f : fds) {
        if (f.fd >= 0) close(f.fd);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) {
        run.exitCode = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        run.exitCode = -WTERMSIG(status);
    }
    return run;
}

TempDir::TempDir()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "ksctl-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir()
{
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

void writeWav(const std::string& path, unsigned rate, unsigned channels, unsigned bits,
              const std::vector<unsigned char>& data)
{
    auto u32 = [](std::ofstream& f, std::uint32_t v) {
        const unsigned char b[4] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8),
                                    static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 24)};
        f.write(reinterpret_cast<const char*>(b), 4);
    };
    auto u16 = [](std::ofstream& f, std::uint16_t v) {
        const unsigned char b[2] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8)};
        f.write(reinterpret_cast<const char*>(b), 2);
    };
    const auto dataBytes = static_cast<std::uint32_t>(data.size());
    const unsigned block = channels * bits / 8;
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write("RIFF", 4);
    u32(f, 36 + dataBytes + (dataBytes & 1));
    f.write("WAVEfmt ", 8);
    u32(f, 16);
    u16(f, 1);  // WAVE_FORMAT_PCM
    u16(f, static_cast<std::uint16_t>(channels));
    u32(f, rate);
    u32(f, rate * block);
    u16(f, static_cast<std::uint16_t>(block));
    u16(f, static_cast<std::uint16_t>(bits));
    f.write("data", 4);
    u32(f, dataBytes);
    f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    if (dataBytes & 1) f.put('\0');
}

void writeWav16(const std::string& path, unsigned rate, unsigned channels, const std::vector<short>& samples)
{
    std::vector<unsigned char> data;
    for (short s : samples) {
        data.push_back(static_cast<unsigned char>(static_cast<unsigned short>(s) & 0xFF));
        data.push_back(static_cast<unsigned char>(static_cast<unsigned short>(s) >> 8));
    }
    writeWav(path, rate, channels, 16, data);
}

std::vector<unsigned char> wavData(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 ||
        std::memcmp(bytes.data() + 8, "WAVE", 4) != 0) {
        return {};
    }
    size_t offset = 12;
    while (offset + 8 <= bytes.size()) {
        std::uint32_t size = 0;
        std::memcpy(&size, bytes.data() + offset + 4, 4);
        if (std::memcmp(bytes.data() + offset, "data", 4) == 0) {
            const size_t end = std::min<size_t>(offset + 8 + size, bytes.size());
            return {bytes.begin() + static_cast<std::ptrdiff_t>(offset + 8),
                    bytes.begin() + static_cast<std::ptrdiff_t>(end)};
        }
        offset += 8 + size + (size & 1);
    }
    return {};
}

}  // namespace ksctl::test
