// SPDX-License-Identifier: MIT
// Runs a libFuzzer harness without libFuzzer: every corpus file, then deterministic mutations of them.
//
//   stream_header_fuzz_replay <corpus dir or file>... [--random N] [--seed S]
//
// Each corpus file is fed to LLVMFuzzerTestOneInput as is.  Then N inputs
// are derived from the corpus with a fixed-seed generator (bit flips, byte
// and 32-bit edge-value overwrites, insertions, truncations), so a plain
// ctest run under ASan exercises the harness well beyond the seeds.  The
// harness aborts on any violated invariant; exit status 0 means every input
// passed.  Build with any compiler; no fuzzing runtime is needed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Bytes = std::vector<std::uint8_t>;

bool readFile(const std::filesystem::path& path, Bytes* out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return false;
    }
    out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

void run(const Bytes& input)
{
    LLVMFuzzerTestOneInput(input.data(), input.size());
}

// One random edit.  The 32-bit edge values are the sizes and limits parsers
// compare against, so mutations reach past the first checks.
void mutate(Bytes* b, std::mt19937_64& rng)
{
    static constexpr std::uint32_t kEdges[] = {0,  1,   7,   8,    48,         55,         56,         57,
                                               64, 128, 136, 4096, 0x7FFFFFFF, 0x80000000, 0xFFFFFFF8, 0xFFFFFFFF};
    auto pick = [&](std::size_t n) { return n == 0 ? 0 : std::size_t(rng() % n); };
    switch (pick(6)) {
        case 0:
            if (!b->empty()) {
                (*b)[pick(b->size())] ^= std::uint8_t(1u << pick(8));
            }
            break;
        case 1:
            if (!b->empty()) {
                (*b)[pick(b->size())] = std::uint8_t(rng());
            }
            break;
        case 2:
            if (b->size() >= 4) {
                // Aligned to 4 so that it lands on a whole ULONG field most of the time.
                const std::size_t at = pick(b->size() / 4) * 4;
                const std::uint32_t v = kEdges[pick(std::size(kEdges))];
                for (int i = 0; i < 4; ++i) {
                    (*b)[at + i] = std::uint8_t(v >> (8 * i));
                }
            }
            break;
        case 3: {
            const std::size_t at = pick(b->size() + 1);
            const std::size_t n = 1 + pick(64);
            b->insert(b->begin() + std::ptrdiff_t(at), n, std::uint8_t(rng()));
            break;
        }
        case 4:
            b->resize(pick(b->size() + 1));
            break;
        case 5:
            // Duplicate a chunk at the end (grows header arrays).
            if (b->size() > 8) {
                const std::size_t from = 8 + pick(b->size() - 8);
                const std::size_t n = std::min<std::size_t>(b->size() - from, 1 + pick(256));
                Bytes chunk(b->begin() + std::ptrdiff_t(from), b->begin() + std::ptrdiff_t(from + n));
                b->insert(b->end(), chunk.begin(), chunk.end());
            }
            break;
    }
}

}  // namespace

int main(int argc, char** argv)
{
    std::vector<Bytes> corpus;
    unsigned long long randomInputs = 0;
    unsigned long long seed = 0x6f70656e6b73ull;  // "openks"
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--random" && i + 1 < argc) {
            randomInputs = std::strtoull(argv[++i], nullptr, 0);
            continue;
        }
        if (arg == "--seed" && i + 1 < argc) {
            seed = std::strtoull(argv[++i], nullptr, 0);
            continue;
        }
        const std::filesystem::path path(arg);
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(path)) {
            for (const auto& entry : std::filesystem::directory_iterator(path)) {
                if (entry.is_regular_file()) {
                    files.push_back(entry.path());
                }
            }
            std::sort(files.begin(), files.end());  // a stable order makes --random reproducible
        } else {
            files.push_back(path);
        }
        for (const auto& file : files) {
            Bytes bytes;
            if (!readFile(file, &bytes)) {
                std::fprintf(stderr, "cannot read %s\n", file.c_str());
                return 2;
            }
            run(bytes);
            corpus.push_back(std::move(bytes));
        }
    }
    if (corpus.empty() && randomInputs == 0) {
        std::fprintf(stderr, "usage: %s <corpus dir or file>... [--random N] [--seed S]\n", argv[0]);
        return 2;
    }

    std::mt19937_64 rng(seed);
    for (unsigned long long n = 0; n < randomInputs; ++n) {
        Bytes input = corpus.empty() ? Bytes(8 + rng() % 256) : corpus[rng() % corpus.size()];
        if (corpus.empty()) {
            for (auto& byte : input) {
                byte = std::uint8_t(rng());
            }
        }
        const unsigned edits = 1 + unsigned(rng() % 8);
        for (unsigned e = 0; e < edits; ++e) {
            mutate(&input, rng);
        }
        run(input);
    }
    std::printf("replayed %zu corpus files and %llu derived inputs\n", corpus.size(), randomInputs);
    return 0;
}
