// SPDX-License-Identifier: MIT
// Stream round trips into the null sink through the Win32 surface and the C++ API, and allocations per request.

// Every benchmark writes into the bundled null driver's stream pin (pin 1),
// running: the pin consumes each frame as soon as the write arrives, so a
// write completes inside the submitting call and a round trip measures the
// whole request path (handle lookup, IRP, dispatch, header probe, queue,
// Process, completion, status block, event) and nothing else.

#include <openks/client.h>

#include <benchmark/benchmark.h>

#include <array>
#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "alloc_counter.h"
#include "null_driver.h"

namespace {

constexpr ULONG kPacket = 4096;
constexpr int kMaxHeaders = 8;
constexpr int kInFlight = 64;

// The null filter and a running stream pin, opened once for the whole run.
struct NullSink {
    HANDLE filter = INVALID_HANDLE_VALUE;
    HANDLE pin = INVALID_HANDLE_VALUE;
    openks::Filter cppFilter;
    openks::Pin cppPin;
    std::vector<unsigned char> data = std::vector<unsigned char>(kPacket * kInFlight, 0x11);
    std::string error;

    static NullSink& instance()
    {
        static NullSink sink;
        return sink;
    }

private:
    NullSink() { open(); }

    void open()
    {
        std::vector<openks::Device> devices =
            openks::listDevices(KSCATEGORY_RENDER).value_or(std::vector<openks::Device>{});
        std::string path;
        for (const openks::Device& d : devices) {
            if (d.path.find("#null#") != std::string::npos) path = d.path;
        }
        if (path.empty()) {
            error = "the null driver is not published (is lib/openks/drivers/null.so built?)";
            return;
        }
        filter = CreateFileA(path.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                             FILE_FLAG_OVERLAPPED, nullptr);
        if (filter == INVALID_HANDLE_VALUE) {
            error = "CreateFile failed";
            return;
        }
        struct {
            KSPIN_CONNECT connect;
            KSDATAFORMAT format;
        } create{};
        create.connect.Interface.Set = KSINTERFACESETID_Standard;
        create.connect.Medium.Set = KSMEDIUMSETID_Standard;
        create.connect.PinId = NULL_PIN_STREAM;
        create.connect.Priority.PriorityClass = KSPRIORITY_NORMAL;
        create.format.FormatSize = sizeof(KSDATAFORMAT);
        create.format.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
        create.format.SubFormat = KSDATAFORMAT_SUBTYPE_NONE;
        create.format.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
        if (KsCreatePin(filter, &create.connect, GENERIC_WRITE | GENERIC_READ, &pin) != ERROR_SUCCESS) {
            error = "KsCreatePin failed";
            return;
        }
        for (KSSTATE state : {KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN}) {
            KSPROPERTY property{};
            property.Set = KSPROPSETID_Connection;
            property.Id = KSPROPERTY_CONNECTION_STATE;
            property.Flags = KSPROPERTY_TYPE_SET;
            ULONG returned = 0;
            if (FAILED(KsSynchronousDeviceControl(pin, IOCTL_KS_PROPERTY, &property, sizeof(property), &state,
                                                  sizeof(state), &returned))) {
                error = "setting the pin's state failed";
                return;
            }
        }
        auto filterResult = openks::Filter::open(path);
        if (!filterResult) {
            error = filterResult.error().message();
            return;
        }
        cppFilter = std::move(filterResult).value();
        auto pinResult = openks::Pin::create(
            cppFilter, NULL_PIN_STREAM,
            std::span<const std::byte>(reinterpret_cast<const std::byte*>(&create.format), sizeof(create.format)));
        if (!pinResult || !pinResult->setState(KSSTATE_RUN)) {
            error = "openks::Pin::create or setState failed";
            return;
        }
        cppPin = std::move(pinResult).value();
    }
};

KSSTREAM_HEADER makeHeader(unsigned char* data)
{
    KSSTREAM_HEADER header{};
    header.Size = sizeof(header);
    header.PresentationTime.Numerator = 1;
    header.PresentationTime.Denominator = 1;
    header.Data = data;
    header.FrameExtent = kPacket;
    header.DataUsed = kPacket;
    return header;
}

// One IOCTL_KS_WRITE_STREAM through DeviceIoControl + OVERLAPPED, waited for if it pends.
bool writeC(HANDLE pin, KSSTREAM_HEADER* headers, int count, OVERLAPPED* overlapped)
{
    if (!DeviceIoControl(pin, IOCTL_KS_WRITE_STREAM, nullptr, 0, headers,
                         static_cast<DWORD>(count * sizeof(KSSTREAM_HEADER)), nullptr, overlapped)) {
        if (GetLastError() != ERROR_IO_PENDING) return false;
        DWORD transferred = 0;
        return GetOverlappedResult(pin, overlapped, &transferred, TRUE) != FALSE;
    }
    return true;
}

// The same through openks::Pin (no callback: the request is polled).
bool writeCpp(const openks::Pin& pin, KSSTREAM_HEADER* headers, int count, openks::Request& request)
{
    NTSTATUS status = pin.write({headers, static_cast<size_t>(count)}, request);
    if (status == STATUS_PENDING) {
        while (request.pending())
            std::this_thread::yield();
        status = request.status();
    }
    return NT_SUCCESS(status);
}

void reportHeaders(benchmark::State& state, int headers)
{
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * headers * kPacket);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * headers);
    // Seconds per stream header (an inverted per-iteration rate).
    state.counters["per_header"] =
        benchmark::Counter(headers, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void writeStreamC(benchmark::State& state, int headersPerRequest)
{
    NullSink& sink = NullSink::instance();
    if (!sink.error.empty()) {
        state.SkipWithError(sink.error.c_str());
        return;
    }
    std::array<KSSTREAM_HEADER, kMaxHeaders> headers;
    for (int i = 0; i < headersPerRequest; ++i)
        headers[i] = makeHeader(sink.data.data() + i * kPacket);
    HANDLE event = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    OVERLAPPED overlapped{};
    overlapped.hEvent = event;
    for (auto _ : state) {
        if (!writeC(sink.pin, headers.data(), headersPerRequest, &overlapped)) {
            state.SkipWithError("IOCTL_KS_WRITE_STREAM failed");
            break;
        }
    }
    CloseHandle(event);
    reportHeaders(state, headersPerRequest);
}

void writeStreamCpp(benchmark::State& state, int headersPerRequest)
{
    NullSink& sink = NullSink::instance();
    if (!sink.error.empty()) {
        state.SkipWithError(sink.error.c_str());
        return;
    }
    std::array<KSSTREAM_HEADER, kMaxHeaders> headers;
    for (int i = 0; i < headersPerRequest; ++i)
        headers[i] = makeHeader(sink.data.data() + i * kPacket);
    openks::Request request;
    for (auto _ : state) {
        if (!writeCpp(sink.cppPin, headers.data(), headersPerRequest, request)) {
            state.SkipWithError("openks::Pin::write failed");
            break;
        }
    }
    reportHeaders(state, headersPerRequest);
}

void BM_WriteStream_1x4KiB(benchmark::State& state)
{
    writeStreamC(state, 1);
}
BENCHMARK(BM_WriteStream_1x4KiB);

void BM_WriteStream_8x4KiB(benchmark::State& state)
{
    writeStreamC(state, 8);
}
BENCHMARK(BM_WriteStream_8x4KiB);

void BM_Cpp_WriteStream_1x4KiB(benchmark::State& state)
{
    writeStreamCpp(state, 1);
}
BENCHMARK(BM_Cpp_WriteStream_1x4KiB);

void BM_Cpp_WriteStream_8x4KiB(benchmark::State& state)
{
    writeStreamCpp(state, 8);
}
BENCHMARK(BM_Cpp_WriteStream_8x4KiB);

// 64 packets, each with its manual-reset event, resubmitted when
// WaitForMultipleObjects reports it complete (PortAudio's loop).  The null
// sink completes a write inside the submitting call, so a slot is back
// before the wait: this measures the loop's cost per request, wait included.
void BM_WriteStream_64InFlight(benchmark::State& state)
{
    NullSink& sink = NullSink::instance();
    if (!sink.error.empty()) {
        state.SkipWithError(sink.error.c_str());
        return;
    }
    std::array<KSSTREAM_HEADER, kInFlight> headers;
    std::array<OVERLAPPED, kInFlight> overlapped{};
    std::array<HANDLE, kInFlight> events;
    for (int i = 0; i < kInFlight; ++i) {
        headers[i] = makeHeader(sink.data.data() + i * kPacket);
        events[i] = CreateEventA(nullptr, TRUE, FALSE, nullptr);
        overlapped[i].hEvent = events[i];
        if (!DeviceIoControl(sink.pin, IOCTL_KS_WRITE_STREAM, nullptr, 0, &headers[i], sizeof(KSSTREAM_HEADER), nullptr,
                             &overlapped[i]) &&
            GetLastError() != ERROR_IO_PENDING) {
            state.SkipWithError("priming write failed");
        }
    }
    for (auto _ : state) {
        DWORD woke = WaitForMultipleObjects(kInFlight, events.data(), FALSE, INFINITE);
        if (woke >= WAIT_OBJECT_0 + kInFlight) {
            state.SkipWithError("WaitForMultipleObjects failed");
            break;
        }
        int i = static_cast<int>(woke - WAIT_OBJECT_0);
        DWORD transferred = 0;
        if (!GetOverlappedResult(sink.pin, &overlapped[i], &transferred, FALSE)) {
            state.SkipWithError("a write failed");
            break;
        }
        ResetEvent(events[i]);
        if (!DeviceIoControl(sink.pin, IOCTL_KS_WRITE_STREAM, nullptr, 0, &headers[i], sizeof(KSSTREAM_HEADER), nullptr,
                             &overlapped[i]) &&
            GetLastError() != ERROR_IO_PENDING) {
            state.SkipWithError("write failed");
            break;
        }
    }
    // Drain.
    WaitForMultipleObjects(kInFlight, events.data(), TRUE, INFINITE);
    for (HANDLE event : events)
        CloseHandle(event);
    reportHeaders(state, 1);
}
BENCHMARK(BM_WriteStream_64InFlight);

// 64 openks::Requests used round robin: each is resubmitted as soon as it has
// completed (its callback marks it), so up to 64 are in flight.
void BM_Cpp_WriteStream_64InFlight(benchmark::State& state)
{
    NullSink& sink = NullSink::instance();
    if (!sink.error.empty()) {
        state.SkipWithError(sink.error.c_str());
        return;
    }
    struct Slot {
        KSSTREAM_HEADER header;
        openks::Request request;
        std::atomic<bool> done{true};
        static void complete(openks::Request& /*request*/, void* context)
        {
            static_cast<Slot*>(context)->done.store(true, std::memory_order_release);
        }
    };
    std::vector<Slot> slots(kInFlight);
    for (int i = 0; i < kInFlight; ++i) {
        slots[i].header = makeHeader(sink.data.data() + i * kPacket);
        slots[i].request.setCallback(Slot::complete, &slots[i]);
    }
    size_t next = 0;
    for (auto _ : state) {
        Slot& slot = slots[next];
        next = (next + 1) % kInFlight;
        while (!slot.done.load(std::memory_order_acquire))
            std::this_thread::yield();
        if (!NT_SUCCESS(slot.request.status())) {
            state.SkipWithError("a write failed");
            break;
        }
        slot.done.store(false, std::memory_order_relaxed);
        NTSTATUS status = sink.cppPin.write({&slot.header, 1}, slot.request);
        if (!NT_SUCCESS(status)) {
            state.SkipWithError("openks::Pin::write failed");
            break;
        }
    }
    for (Slot& slot : slots) {
        while (!slot.done.load(std::memory_order_acquire))
            std::this_thread::yield();
    }
    reportHeaders(state, 1);
}
BENCHMARK(BM_Cpp_WriteStream_64InFlight);

// Heap allocations per write request in steady state, after a warm-up
// (counted process-wide, every thread): must be 0.
template <class Write>
void allocationsPerRequest(benchmark::State& state, Write write)
{
    if (!openks::bench::allocationCountingAvailable()) {
        state.SkipWithError("allocation counting is unavailable in this build (sanitizer or non-glibc)");
        return;
    }
    for (int i = 0; i < 2000; ++i) {
        if (!write()) {
            state.SkipWithError("warm-up write failed");
            return;
        }
    }
    uint64_t before = openks::bench::allocationCount();
    for (auto _ : state) {
        if (!write()) {
            state.SkipWithError("write failed");
            break;
        }
    }
    uint64_t allocations = openks::bench::allocationCount() - before;
    state.counters["allocs_per_request"] =
        benchmark::Counter(static_cast<double>(allocations) / static_cast<double>(state.iterations()));
    state.counters["allocations"] = benchmark::Counter(static_cast<double>(allocations));
}

void BM_AllocationsPerRequest(benchmark::State& state)
{
    NullSink& sink = NullSink::instance();
    if (!sink.error.empty()) {
        state.SkipWithError(sink.error.c_str());
        return;
    }
    KSSTREAM_HEADER header = makeHeader(sink.data.data());
    HANDLE event = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    OVERLAPPED overlapped{};
    overlapped.hEvent = event;
    allocationsPerRequest(state, [&] { return writeC(sink.pin, &header, 1, &overlapped); });
    CloseHandle(event);
}
BENCHMARK(BM_AllocationsPerRequest);

void BM_Cpp_AllocationsPerRequest(benchmark::State& state)
{
    NullSink& sink = NullSink::instance();
    if (!sink.error.empty()) {
        state.SkipWithError(sink.error.c_str());
        return;
    }
    KSSTREAM_HEADER header = makeHeader(sink.data.data());
    openks::Request request;
    allocationsPerRequest(state, [&] { return writeCpp(sink.cppPin, &header, 1, request); });
}
BENCHMARK(BM_Cpp_AllocationsPerRequest);

}  // namespace
