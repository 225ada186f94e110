// SPDX-License-Identifier: MIT
// openks-demo: finds a KS render filter, negotiates a format and streams a 440 Hz sine into it, the way PortAudio does.

// The interim main job (ksctl replaces it).  Every step is a call a Windows
// KS client makes — SetupDi enumeration, CreateFile, KSPROPSETID_Pin
// queries, KSPROPERTY_PIN_DATAINTERSECTION, KsCreatePin, state changes,
// overlapped IOCTL_KS_WRITE_STREAM resubmitted from WaitForMultipleObjects —
// so the output shows openks doing what a Windows client expects.

#include <openks/client.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "null_driver.h"

namespace {

struct Options {
    std::string device = "#null#";  // a substring of the device path to pick
    double seconds = 2.0;           // how much audio to stream
    int packets = 4;                // writes in flight (PortAudio's WaveCyclic default is 2, up to 8)
    int packetMs = 10;              // milliseconds of audio per write
    bool quiet = false;
};

void usage(FILE* out)
{
    std::fprintf(out,
                 "usage: openks-demo [--device SUBSTRING] [--seconds S] [--packets N] [--packet-ms MS] [--quiet]\n"
                 "\n"
                 "Enumerates KSCATEGORY_AUDIO filters with a KSCATEGORY_RENDER alias (SetupDi), opens the\n"
                 "one whose path contains SUBSTRING (default \"#null#\", the bundled null sink), queries\n"
                 "its pins, negotiates a PCM format with KSPROPERTY_PIN_DATAINTERSECTION, creates a pin\n"
                 "(KsCreatePin), walks it ACQUIRE -> PAUSE, primes N overlapped writes, sets RUN and\n"
                 "streams S seconds of a 440 Hz sine, resubmitting each packet when it completes, then\n"
                 "drains, sets PAUSE and STOP and closes.  Drivers load in-process: the bundled ones and\n"
                 "those in OPENKS_DRIVER_PATH.  Exit status 0 when every step succeeded.\n");
}

bool parse(int argc, char** argv, Options* options)
{
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "openks-demo: %s needs a value\n", name);
                return nullptr;
            }
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            usage(stdout);
            std::exit(0);
        } else if (arg == "--quiet" || arg == "-q") {
            options->quiet = true;
        } else if (arg == "--device") {
            const char* v = value("--device");
            if (v == nullptr) return false;
            options->device = v;
        } else if (arg == "--seconds") {
            const char* v = value("--seconds");
            if (v == nullptr) return false;
            options->seconds = std::atof(v);
        } else if (arg == "--packets") {
            const char* v = value("--packets");
            if (v == nullptr) return false;
            options->packets = std::atoi(v);
        } else if (arg == "--packet-ms") {
            const char* v = value("--packet-ms");
            if (v == nullptr) return false;
            options->packetMs = std::atoi(v);
        } else {
            std::fprintf(stderr, "openks-demo: unknown argument '%s'\n", arg.c_str());
            usage(stderr);
            return false;
        }
    }
    if (options->seconds <= 0 || options->seconds > 3600 || options->packets < 1 ||
        options->packets > MAXIMUM_WAIT_OBJECTS || options->packetMs < 1 || options->packetMs > 1000) {
        std::fprintf(stderr,
                     "openks-demo: --seconds must be in (0, 3600], --packets in 1..%d, --packet-ms in 1..1000\n",
                     MAXIMUM_WAIT_OBJECTS);
        return false;
    }
    return true;
}

bool gQuiet = false;

#define SAY(...)                                               \
    do {                                                       \
        if (!gQuiet) std::printf("openks-demo: " __VA_ARGS__); \
    } while (0)

int fail(const char* what, DWORD error)
{
    std::fprintf(stderr, "openks-demo: %s failed: %s (%u)\n", what, openks_Win32ErrorName(error),
                 static_cast<unsigned>(error));
    return 1;
}

int failHr(const char* what, HRESULT hr)
{
    std::fprintf(stderr, "openks-demo: %s failed: HRESULT 0x%08X (%s)\n", what, static_cast<unsigned>(hr),
                 openks_Win32ErrorName(static_cast<ULONG>(hr) & 0xFFFF));
    return 1;
}

// The render paths of the AUDIO filters that have a RENDER alias (clients.md §2.1 step 1).
std::vector<std::string> renderDevices()
{
    std::vector<std::string> paths;
    HDEVINFO set = SetupDiGetClassDevsA(&KSCATEGORY_AUDIO, nullptr, nullptr, DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    if (set == INVALID_HANDLE_VALUE) return paths;
    SP_DEVICE_INTERFACE_DATA audio{};
    audio.cbSize = sizeof(audio);
    for (DWORD i = 0; SetupDiEnumDeviceInterfaces(set, nullptr, &KSCATEGORY_AUDIO, i, &audio); ++i) {
        SP_DEVICE_INTERFACE_DATA render{};
        render.cbSize = sizeof(render);
        if (!SetupDiGetDeviceInterfaceAlias(set, &audio, &KSCATEGORY_RENDER, &render)) continue;
        DWORD size = 0;
        SetupDiGetDeviceInterfaceDetailA(set, &render, nullptr, 0, &size, nullptr);
        std::vector<char> buffer(size);
        auto* detail = reinterpret_cast<PSP_DEVICE_INTERFACE_DETAIL_DATA_A>(buffer.data());
        detail->cbSize = sizeof(*detail);
        if (SetupDiGetDeviceInterfaceDetailA(set, &render, detail, size, nullptr, nullptr)) {
            paths.emplace_back(detail->DevicePath);
        }
    }
    SetupDiDestroyDeviceInfoList(set);
    return paths;
}

KSP_PIN pinProperty(ULONG id, ULONG pinId)
{
    KSP_PIN request{};
    request.Property.Set = KSPROPSETID_Pin;
    request.Property.Id = id;
    request.Property.Flags = KSPROPERTY_TYPE_GET;
    request.PinId = pinId;
    return request;
}

template <class T>
HRESULT getPin(HANDLE filter, ULONG id, ULONG pinId, T* value)
{
    KSP_PIN request = pinProperty(id, pinId);
    ULONG returned = 0;
    return KsSynchronousDeviceControl(filter, IOCTL_KS_PROPERTY, &request, sizeof(request), value, sizeof(T),
                                      &returned);
}

// A variable-size pin property: zero-length probe, then the fetch (clients.md §1.2).
HRESULT getPinBytes(HANDLE filter, ULONG id, ULONG pinId, std::vector<unsigned char>* bytes)
{
    KSP_PIN request = pinProperty(id, pinId);
    ULONG size = 0;
    HRESULT hr = KsSynchronousDeviceControl(filter, IOCTL_KS_PROPERTY, &request, sizeof(request), nullptr, 0, &size);
    if (hr != HRESULT_FROM_WIN32(ERROR_MORE_DATA)) return FAILED(hr) ? hr : E_UNEXPECTED;
    bytes->resize(size);
    ULONG returned = 0;
    hr = KsSynchronousDeviceControl(filter, IOCTL_KS_PROPERTY, &request, sizeof(request), bytes->data(), size,
                                    &returned);
    bytes->resize(returned);
    return hr;
}

HRESULT setState(HANDLE pin, KSSTATE state)
{
    KSPROPERTY property{};
    property.Set = KSPROPSETID_Connection;
    property.Id = KSPROPERTY_CONNECTION_STATE;
    property.Flags = KSPROPERTY_TYPE_SET;
    ULONG returned = 0;
    return KsSynchronousDeviceControl(pin, IOCTL_KS_PROPERTY, &property, sizeof(property), &state, sizeof(state),
                                      &returned);
}

const char* stateName(KSSTATE state)
{
    switch (state) {
        case KSSTATE_STOP:
            return "STOP";
        case KSSTATE_ACQUIRE:
            return "ACQUIRE";
        case KSSTATE_PAUSE:
            return "PAUSE";
        case KSSTATE_RUN:
            return "RUN";
    }
    return "?";
}

// Writes `frames` frames of a sine at `phase` (radians, advanced) in the pin's sample format.
void fillSine(const WAVEFORMATEX& wave, bool isFloat, unsigned char* out, ULONG frames, double* phase)
{
    const double step = 2.0 * M_PI * 440.0 / wave.nSamplesPerSec;
    const int bytes = wave.wBitsPerSample / 8;
    for (ULONG f = 0; f < frames; ++f) {
        double value = 0.2 * std::sin(*phase);
        *phase = std::fmod(*phase + step, 2.0 * M_PI);
        for (int c = 0; c < wave.nChannels; ++c) {
            if (isFloat) {
                float sample = static_cast<float>(value);
                std::memcpy(out, &sample, sizeof(sample));
            } else {
                // Little-endian signed PCM of 8..32 bits (8-bit PCM is unsigned).
                auto scaled = static_cast<int64_t>(value * static_cast<double>((int64_t{1} << (bytes * 8 - 1)) - 1));
                if (bytes == 1) scaled += 128;
                for (int b = 0; b < bytes; ++b)
                    out[b] = static_cast<unsigned char>(scaled >> (8 * b));
            }
            out += bytes;
        }
    }
}

int run(const Options& options)
{
    // 1. Find the device.
    std::vector<std::string> devices = renderDevices();
    SAY("%zu KSCATEGORY_AUDIO filter(s) with a KSCATEGORY_RENDER alias\n", devices.size());
    std::string path;
    for (const std::string& candidate : devices) {
        SAY("  %s\n", candidate.c_str());
        if (path.empty() && candidate.find(options.device) != std::string::npos) path = candidate;
    }
    if (path.empty()) {
        std::fprintf(stderr, "openks-demo: no render filter path contains '%s'\n", options.device.c_str());
        return 1;
    }

    // 2. Open the filter and walk its pins.
    HANDLE filter = CreateFileA(path.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                                FILE_FLAG_OVERLAPPED, nullptr);
    if (filter == INVALID_HANDLE_VALUE) return fail("CreateFile", GetLastError());
    SAY("opened %s\n", path.c_str());
    ULONG pinCount = 0;
    HRESULT hr = getPin(filter, KSPROPERTY_PIN_CTYPES, 0, &pinCount);
    if (FAILED(hr)) return failHr("KSPROPERTY_PIN_CTYPES", hr);
    SAY("KSPROPERTY_PIN_CTYPES: %u pin factories\n", static_cast<unsigned>(pinCount));

    // The render pin: data flows in, the client may connect to it, it takes audio.
    KSDATARANGE_AUDIO want{};
    want.DataRange.FormatSize = sizeof(want);
    want.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    want.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    want.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    want.MaximumChannels = 2;
    want.MinimumBitsPerSample = 16;
    want.MaximumBitsPerSample = 16;
    want.MinimumSampleFrequency = 44100;
    want.MaximumSampleFrequency = 48000;
    ULONG pinId = ~0u;
    std::vector<unsigned char> format;
    for (ULONG id = 0; id < pinCount && pinId == ~0u; ++id) {
        KSPIN_DATAFLOW flow{};
        KSPIN_COMMUNICATION communication{};
        std::vector<unsigned char> ranges;
        if (FAILED(getPin(filter, KSPROPERTY_PIN_DATAFLOW, id, &flow)) ||
            FAILED(getPin(filter, KSPROPERTY_PIN_COMMUNICATION, id, &communication)) ||
            FAILED(getPinBytes(filter, KSPROPERTY_PIN_DATARANGES, id, &ranges)) || ranges.size() < 8) {
            continue;
        }
        KSMULTIPLE_ITEM list;
        std::memcpy(&list, ranges.data(), sizeof(list));
        SAY("pin %u: dataflow %s, communication %u, %u data range(s) in %u bytes\n", static_cast<unsigned>(id),
            flow == KSPIN_DATAFLOW_IN ? "IN" : "OUT", static_cast<unsigned>(communication),
            static_cast<unsigned>(list.Count), static_cast<unsigned>(list.Size));
        if (flow != KSPIN_DATAFLOW_IN ||
            (communication != KSPIN_COMMUNICATION_SINK && communication != KSPIN_COMMUNICATION_BOTH)) {
            continue;
        }
        // KSPROPERTY_PIN_DATAINTERSECTION: KSP_PIN + KSMULTIPLE_ITEM + our range.
        struct {
            KSP_PIN pin;
            KSMULTIPLE_ITEM list;
            KSDATARANGE_AUDIO range;
        } request{pinProperty(KSPROPERTY_PIN_DATAINTERSECTION, id),
                  {sizeof(KSMULTIPLE_ITEM) + sizeof(KSDATARANGE_AUDIO), 1},
                  want};
        format.resize(sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE));
        ULONG returned = 0;
        hr = KsSynchronousDeviceControl(filter, IOCTL_KS_PROPERTY, &request, sizeof(request), format.data(),
                                        static_cast<ULONG>(format.size()), &returned);
        if (FAILED(hr)) {
            SAY("pin %u: no 16-bit stereo 44.1/48 kHz format (0x%08X)\n", static_cast<unsigned>(id),
                static_cast<unsigned>(hr));
            continue;
        }
        format.resize(returned);
        pinId = id;
    }
    if (pinId == ~0u || format.size() < sizeof(KSDATAFORMAT_WAVEFORMATEX)) {
        std::fprintf(stderr, "openks-demo: no pin of %s takes 16-bit stereo PCM at 44.1 or 48 kHz\n", path.c_str());
        CloseHandle(filter);
        return 1;
    }
    KSDATAFORMAT_WAVEFORMATEX chosen;
    std::memcpy(&chosen, format.data(), sizeof(chosen));
    const WAVEFORMATEX& wave = chosen.WaveFormatEx;
    const bool isFloat = IsEqualGUID(chosen.DataFormat.SubFormat, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
    SAY("KSPROPERTY_PIN_DATAINTERSECTION on pin %u: %s %u Hz, %u channel(s), %u bits (FormatSize %u)\n",
        static_cast<unsigned>(pinId), isFloat ? "float" : "PCM", static_cast<unsigned>(wave.nSamplesPerSec),
        static_cast<unsigned>(wave.nChannels), static_cast<unsigned>(wave.wBitsPerSample),
        static_cast<unsigned>(chosen.DataFormat.FormatSize));

    // 3. KsCreatePin: KSPIN_CONNECT followed by the format.
    std::vector<unsigned char> create(sizeof(KSPIN_CONNECT) + format.size());
    KSPIN_CONNECT connect{};
    connect.Interface.Set = KSINTERFACESETID_Standard;
    connect.Interface.Id = KSINTERFACE_STANDARD_STREAMING;
    connect.Medium.Set = KSMEDIUMSETID_Standard;
    connect.Medium.Id = KSMEDIUM_TYPE_ANYINSTANCE;
    connect.PinId = pinId;
    connect.Priority.PriorityClass = KSPRIORITY_NORMAL;
    connect.Priority.PrioritySubClass = 1;
    std::memcpy(create.data(), &connect, sizeof(connect));
    std::memcpy(create.data() + sizeof(connect), format.data(), format.size());
    HANDLE pin = INVALID_HANDLE_VALUE;
    DWORD error =
        KsCreatePin(filter, reinterpret_cast<PKSPIN_CONNECT>(create.data()), GENERIC_READ | GENERIC_WRITE, &pin);
    if (error != ERROR_SUCCESS) {
        CloseHandle(filter);
        return fail("KsCreatePin", error);
    }
    SAY("KsCreatePin: pin %u created\n", static_cast<unsigned>(pinId));

    // 4. PortAudio's start: ACQUIRE, PAUSE, prime every packet, RUN.
    const ULONG framesPerPacket = wave.nSamplesPerSec * static_cast<ULONG>(options.packetMs) / 1000;
    const ULONG packetBytes = framesPerPacket * wave.nBlockAlign;
    const int packets = options.packets;
    const long totalPackets = static_cast<long>(std::ceil(options.seconds * 1000.0 / options.packetMs));
    std::vector<unsigned char> host(static_cast<size_t>(packets) * packetBytes);
    std::vector<OVERLAPPED> overlapped(packets);
    std::vector<KSSTREAM_HEADER> headers(packets);
    std::vector<HANDLE> events(packets);
    for (int i = 0; i < packets; ++i) {
        events[i] = CreateEventA(nullptr, TRUE, FALSE, nullptr);
        overlapped[i] = OVERLAPPED{};
        overlapped[i].hEvent = events[i];
        headers[i] = KSSTREAM_HEADER{};
        headers[i].Size = sizeof(KSSTREAM_HEADER);
        headers[i].PresentationTime.Numerator = headers[i].PresentationTime.Denominator = 1;
        headers[i].Data = host.data() + static_cast<size_t>(i) * packetBytes;
        headers[i].FrameExtent = headers[i].DataUsed = packetBytes;
    }

    int status = 0;
    auto step = [&](KSSTATE state) {
        HRESULT r = setState(pin, state);
        if (FAILED(r)) {
            failHr(stateName(state), r);
            status = 1;
        } else {
            SAY("state -> %s\n", stateName(state));
        }
        return SUCCEEDED(r);
    };

    double phase = 0;
    long submitted = 0, completed = 0;
    unsigned long long bytes = 0;
    std::map<DWORD, long> outcomes;  // Win32 code of each completion
    auto submit = [&](int i) {
        fillSine(wave, isFloat, static_cast<unsigned char*>(headers[i].Data), framesPerPacket, &phase);
        ResetEvent(events[i]);
        if (!DeviceIoControl(pin, IOCTL_KS_WRITE_STREAM, nullptr, 0, &headers[i], headers[i].Size, nullptr,
                             &overlapped[i]) &&
            GetLastError() != ERROR_IO_PENDING) {
            fail("IOCTL_KS_WRITE_STREAM", GetLastError());
            return false;
        }
        ++submitted;
        return true;
    };

    DWORD started = GetTickCount();
    bool ok = step(KSSTATE_ACQUIRE) && step(KSSTATE_PAUSE);
    for (int i = 0; ok && i < packets && submitted < totalPackets; ++i)
        ok = submit(i);
    if (ok)
        SAY("primed %ld write(s) of %u bytes (%d ms) while paused\n", submitted, static_cast<unsigned>(packetBytes),
            options.packetMs);
    ok = ok && step(KSSTATE_RUN);

    // 5. Steady state: wait for any packet, resubmit it until enough were sent, then drain.
    while (ok && completed < submitted) {
        DWORD woke = WaitForMultipleObjects(static_cast<DWORD>(packets), events.data(), FALSE, 5000);
        if (woke == WAIT_TIMEOUT) {
            std::fprintf(stderr, "openks-demo: no write completed within 5 s (watchdog)\n");
            ok = false;
            break;
        }
        if (woke >= WAIT_OBJECT_0 + static_cast<DWORD>(packets)) {
            ok = false;
            fail("WaitForMultipleObjects", GetLastError());
            break;
        }
        int i = static_cast<int>(woke - WAIT_OBJECT_0);
        DWORD transferred = 0;
        DWORD result = GetOverlappedResult(pin, &overlapped[i], &transferred, FALSE) ? ERROR_SUCCESS : GetLastError();
        ++outcomes[result];
        ++completed;
        bytes += transferred;
        if (submitted < totalPackets) {
            ok = submit(i);
        } else {
            ResetEvent(events[i]);
        }
    }
    DWORD elapsed = GetTickCount() - started;
    if (!ok) status = 1;

    // 6. What the sink saw, then PortAudio's stop: PAUSE, STOP.
    KSPROPERTY statsProperty{};
    statsProperty.Set = KSPROPSETID_OpenksNull;
    statsProperty.Id = KSPROPERTY_OPENKS_NULL_STATISTICS;
    statsProperty.Flags = KSPROPERTY_TYPE_GET;
    OPENKS_NULL_STATISTICS stats{};
    ULONG returned = 0;
    bool haveStats = SUCCEEDED(KsSynchronousDeviceControl(pin, IOCTL_KS_PROPERTY, &statsProperty, sizeof(statsProperty),
                                                          &stats, sizeof(stats), &returned));
    step(KSSTATE_PAUSE);
    step(KSSTATE_STOP);
    if (!CloseHandle(pin)) status = fail("CloseHandle(pin)", GetLastError());
    if (!CloseHandle(filter)) status = fail("CloseHandle(filter)", GetLastError());
    for (HANDLE event : events)
        CloseHandle(event);

    const double audioSeconds = static_cast<double>(bytes) / wave.nAvgBytesPerSec;
    std::printf(
        "openks-demo: streamed %.2f s of a 440 Hz sine: %ld packet(s) submitted, %ld completed, %llu bytes "
        "in %u ms\n",
        audioSeconds, submitted, completed, bytes, static_cast<unsigned>(elapsed));
    for (const auto& [code, count] : outcomes) {
        std::printf("openks-demo:   %ld completion(s) with %s\n", count, openks_Win32ErrorName(code));
        if (code != ERROR_SUCCESS) status = 1;
    }
    if (haveStats) {
        std::printf("openks-demo: the sink consumed %llu bytes in %llu frame(s)\n",
                    static_cast<unsigned long long>(stats.Bytes), static_cast<unsigned long long>(stats.Frames));
        if (stats.Bytes != bytes) {
            std::fprintf(stderr, "openks-demo: the sink consumed %llu bytes, the writes reported %llu\n",
                         static_cast<unsigned long long>(stats.Bytes), bytes);
            status = 1;
        }
    }
    if (completed != submitted || submitted != totalPackets) status = 1;
    std::printf("openks-demo: %s\n", status == 0 ? "OK" : "FAILED");
    return status;
}

}  // namespace

int main(int argc, char** argv)
{
    Options options;
    if (!parse(argc, argv, &options)) return 2;
    gQuiet = options.quiet;
    return run(options);
}
