// SPDX-License-Identifier: MIT
// ksctl's requests to KS objects through the public Win32/ksuser calls, and the --trace line of each.
#include "ksctl/ks_io.h"

#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>

#include "ksctl/names.h"
#include "ksctl/property_value.h"

namespace ksctl {

namespace {

std::atomic<bool> gTrace{false};

std::mutex gLabelsMutex;
std::map<HANDLE, std::string>& labels()
{
    static auto* map = new std::map<HANDLE, std::string>;  // never destroyed: handles close during exit
    return *map;
}

std::string labelOf(HANDLE handle)
{
    std::lock_guard lock(gLabelsMutex);
    auto it = labels().find(handle);
    return it != labels().end() ? it->second : fmt::format("handle {}", fmt::ptr(handle));
}

void remember(HANDLE handle, const std::string& label)
{
    std::lock_guard lock(gLabelsMutex);
    labels()[handle] = label;
}

long long microsecondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
}

void traceLine(const std::string& line)
{
    // One fputs per line: stdio locks the stream for the call, so lines never interleave.
    std::fputs(("trace: " + line + "\n").c_str(), stderr);
}

// What a property/method/event request asks for: "KSPROPSETID_Pin/CTYPES GET pin=0".
std::string describeIdentifier(ULONG code, const void* in, ULONG inLength)
{
    if (in == nullptr || inLength < sizeof(KSIDENTIFIER)) return "(no identifier)";
    KSIDENTIFIER id;
    std::memcpy(&id, in, sizeof(id));
    std::string text;
    if (code == IOCTL_KS_PROPERTY) {
        text = propertyLabel(id.Set, id.Id) + " " + propertyFlagsText(id.Flags);
    } else {
        text = fmt::format("{}/{} flags=0x{:X}", guidLabel(id.Set), id.Id, id.Flags);
    }
    if (inLength >= sizeof(KSP_PIN)) {
        ULONG extra = 0;
        std::memcpy(&extra, static_cast<const std::byte*>(in) + sizeof(KSIDENTIFIER), sizeof(extra));
        if ((id.Flags & KSPROPERTY_TYPE_TOPOLOGY) != 0) {
            text += fmt::format(" node={}", extra);
            if (inLength >= sizeof(KSP_NODE) + 2 * sizeof(ULONG) && IsEqualGUID(id.Set, KSPROPSETID_Audio)) {
                LONG channel = 0;  // KSNODEPROPERTY_AUDIO_CHANNEL.Channel
                std::memcpy(&channel, static_cast<const std::byte*>(in) + sizeof(KSP_NODE), sizeof(channel));
                text += fmt::format(" channel={}", channel);
            }
        } else if (code == IOCTL_KS_PROPERTY && IsEqualGUID(id.Set, KSPROPSETID_Pin)) {
            text += fmt::format(" pin={}", extra);
        }
    }
    return text;
}

// The value a SET carries, for the known small types: " value=PAUSE".
std::string describeSetValue(const void* in, ULONG inLength, const void* out, ULONG outLength)
{
    if (in == nullptr || inLength < sizeof(KSIDENTIFIER) || out == nullptr || outLength == 0 || outLength > 512) {
        return {};
    }
    KSIDENTIFIER id;
    std::memcpy(&id, in, sizeof(id));
    if ((id.Flags & KSPROPERTY_TYPE_SET) == 0) return {};
    const PropertySetName* set = findSet(id.Set);
    const PropertyName* property = set != nullptr ? findProperty(*set, id.Id) : nullptr;
    if (property == nullptr || property->type == ValueType::Unknown) return {};
    std::string text = decodeValue(property->type, std::span(static_cast<const std::byte*>(out), outLength)).text;
    const size_t newline = text.find('\n');
    if (newline != std::string::npos) text = text.substr(0, newline) + " ...";
    return " value=" + text;
}

std::string describeRequest(ULONG code, const void* in, ULONG inLength)
{
    switch (code) {
        case IOCTL_KS_PROPERTY:
        case IOCTL_KS_METHOD:
        case IOCTL_KS_ENABLE_EVENT:
            return describeIdentifier(code, in, inLength);
        case IOCTL_KS_RESET_STATE:
            if (in != nullptr && inLength >= sizeof(ULONG)) {
                ULONG value = 0;
                std::memcpy(&value, in, sizeof(value));
                return value == KSRESET_BEGIN ? "KSRESET_BEGIN" : value == KSRESET_END ? "KSRESET_END" : "KSRESET_?";
            }
            return "(no value)";
        default:
            return {};
    }
}

// The status a Win32 failure stands for when the request never reached the driver.
NTSTATUS statusFromWin32(DWORD error)
{
    switch (error) {
        case ERROR_INVALID_HANDLE:
            return STATUS_INVALID_HANDLE;
        case ERROR_ACCESS_DENIED:
            return STATUS_ACCESS_DENIED;
        case ERROR_INVALID_PARAMETER:
            return STATUS_INVALID_PARAMETER;
        case ERROR_NOT_ENOUGH_MEMORY:
            return STATUS_INSUFFICIENT_RESOURCES;
        case ERROR_FILE_NOT_FOUND:
            return STATUS_OBJECT_NAME_NOT_FOUND;
        case ERROR_PATH_NOT_FOUND:
            return STATUS_OBJECT_PATH_NOT_FOUND;
        default:
            return STATUS_UNSUCCESSFUL;
    }
}

// The calling thread's event for synchronous requests (kept for the thread's life).
HANDLE threadEvent()
{
    thread_local HANDLE event = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    return event;
}

}  // namespace

void setTrace(bool enabled)
{
    gTrace.store(enabled, std::memory_order_relaxed);
}

bool tracing()
{
    return gTrace.load(std::memory_order_relaxed);
}

std::string statusName(NTSTATUS status)
{
    return openks_NtStatusName(status);
}

std::string win32Name(DWORD error)
{
    return openks_Win32ErrorName(error);
}

HANDLE openFilter(const std::string& path, const std::string& label, NTSTATUS* status)
{
    const auto start = std::chrono::steady_clock::now();
    HANDLE handle = CreateFileA(path.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                                FILE_FLAG_OVERLAPPED, nullptr);
    const DWORD error = handle == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS;
    if (tracing()) {
        traceLine(fmt::format("CreateFileA {} -> {}{} ({} µs)", path, win32Name(error),
                              error == ERROR_SUCCESS ? " handle=" + label : "", microsecondsSince(start)));
    }
    if (handle == INVALID_HANDLE_VALUE) {
        *status = statusFromWin32(error);
        return nullptr;
    }
    remember(handle, label);
    *status = STATUS_SUCCESS;
    return handle;
}

DWORD createPin(HANDLE filter, std::vector<std::byte>& connectAndFormat, ACCESS_MASK access, const std::string& label,
                HANDLE* pin)
{
    *pin = nullptr;
    if (connectAndFormat.size() < sizeof(KSPIN_CONNECT) + sizeof(KSDATAFORMAT)) return ERROR_INVALID_PARAMETER;
    KSPIN_CONNECT connect;
    KSDATAFORMAT format;
    std::memcpy(&connect, connectAndFormat.data(), sizeof(connect));
    std::memcpy(&format, connectAndFormat.data() + sizeof(connect), sizeof(format));
    const auto start = std::chrono::steady_clock::now();
    HANDLE handle = INVALID_HANDLE_VALUE;
    const DWORD error = KsCreatePin(filter, reinterpret_cast<PKSPIN_CONNECT>(connectAndFormat.data()), access, &handle);
    if (tracing()) {
        traceLine(fmt::format("KsCreatePin {} pin={} format={}/{}/{} FormatSize={} access={}{} -> {}{} ({} µs)",
                              labelOf(filter), connect.PinId, formatLabel(format.MajorFormat),
                              formatLabel(format.SubFormat), formatLabel(format.Specifier), format.FormatSize,
                              (access & GENERIC_READ) != 0 ? "R" : "", (access & GENERIC_WRITE) != 0 ? "W" : "",
                              win32Name(error), error == ERROR_SUCCESS ? " handle=" + label : "",
                              microsecondsSince(start)));
    }
    if (error != ERROR_SUCCESS) return error;
    remember(handle, label);
    *pin = handle;
    return ERROR_SUCCESS;
}

void closeObject(HANDLE handle)
{
    if (handle == nullptr || handle == INVALID_HANDLE_VALUE) return;
    std::string label = labelOf(handle);
    const auto start = std::chrono::steady_clock::now();
    const BOOL closed = CloseHandle(handle);
    const DWORD error = closed ? ERROR_SUCCESS : GetLastError();
    if (tracing())
        traceLine(fmt::format("CloseHandle {} -> {} ({} µs)", label, win32Name(error), microsecondsSince(start)));
    std::lock_guard lock(gLabelsMutex);
    labels().erase(handle);
}

Answer control(HANDLE handle, ULONG code, const void* in, ULONG inLength, void* out, ULONG outLength)
{
    const auto start = std::chrono::steady_clock::now();
    OVERLAPPED overlapped{};
    overlapped.hEvent = threadEvent();
    Answer answer;
    if (overlapped.hEvent == nullptr) {
        answer.status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        ResetEvent(overlapped.hEvent);
        const BOOL done =
            DeviceIoControl(handle, code, const_cast<void*>(in), inLength, out, outLength, nullptr, &overlapped);
        const DWORD error = done ? ERROR_SUCCESS : GetLastError();
        if (!done && error == ERROR_IO_PENDING) {
            DWORD bytes = 0;
            (void)GetOverlappedResult(handle, &overlapped, &bytes, TRUE);
        }
        if (!done && error != ERROR_IO_PENDING && static_cast<NTSTATUS>(overlapped.Internal) == STATUS_PENDING) {
            answer.status = statusFromWin32(error);  // refused before it reached the driver
        } else {
            answer.status = static_cast<NTSTATUS>(overlapped.Internal);
            answer.information = static_cast<ULONG>(overlapped.InternalHigh);
        }
    }
    if (tracing()) {
        const std::string value = code == IOCTL_KS_PROPERTY ? describeSetValue(in, inLength, out, outLength) : "";
        traceLine(fmt::format("{} {} {}{} in={} out={} -> {} returned={} ({} µs)", ioctlName(code), labelOf(handle),
                              describeRequest(code, in, inLength), value, inLength, outLength,
                              statusName(answer.status), answer.information, microsecondsSince(start)));
    }
    return answer;
}

NTSTATUS getBytes(HANDLE handle, const void* request, ULONG requestLength, std::vector<std::byte>* bytes)
{
    bytes->clear();
    for (int attempt = 0; attempt < 4; ++attempt) {
        Answer probe = control(handle, IOCTL_KS_PROPERTY, request, requestLength, nullptr, 0);
        if (NT_SUCCESS(probe.status) && probe.status != STATUS_BUFFER_OVERFLOW) {
            return STATUS_SUCCESS;  // an empty answer
        }
        if (probe.status != STATUS_BUFFER_OVERFLOW && probe.status != STATUS_BUFFER_TOO_SMALL) return probe.status;
        if (probe.information == 0) return probe.status;  // a size query that gave no size
        bytes->resize(probe.information);
        Answer fetch = control(handle, IOCTL_KS_PROPERTY, request, requestLength, bytes->data(),
                               static_cast<ULONG>(bytes->size()));
        if (fetch.ok()) {
            bytes->resize(std::min<size_t>(fetch.information, bytes->size()));
            return STATUS_SUCCESS;
        }
        // The answer grew between the probe and the fetch: ask again.
        if (fetch.status != STATUS_BUFFER_OVERFLOW && fetch.status != STATUS_BUFFER_TOO_SMALL) {
            bytes->clear();
            return fetch.status;
        }
    }
    bytes->clear();
    return STATUS_BUFFER_OVERFLOW;
}

NTSTATUS setState(HANDLE pin, KSSTATE state)
{
    return setValue(pin, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE, state);
}

NTSTATUS submitStream(HANDLE pin, ULONG code, void* headers, ULONG length, StreamRequest* request, bool* issued)
{
    *issued = true;
    HANDLE event = request->overlapped.hEvent;
    request->overlapped = OVERLAPPED{};
    request->overlapped.hEvent = event;
    ResetEvent(event);
    request->issued = std::chrono::steady_clock::now();
    if (DeviceIoControl(pin, code, nullptr, 0, headers, length, nullptr, &request->overlapped)) {
        return static_cast<NTSTATUS>(request->overlapped.Internal);
    }
    const DWORD error = GetLastError();
    if (error == ERROR_IO_PENDING) return STATUS_PENDING;
    const NTSTATUS internal = static_cast<NTSTATUS>(request->overlapped.Internal);
    if (internal != STATUS_PENDING) return internal;  // completed at once with an error; the event is set
    const NTSTATUS refused = statusFromWin32(error);
    *issued = false;
    if (tracing()) {
        traceLine(fmt::format("{} {} in=0 out={} -> {} (not issued)", ioctlName(code), labelOf(pin), length,
                              statusName(refused)));
    }
    return refused;
}

Answer finishStream(HANDLE pin, ULONG code, const void* headers, ULONG length, StreamRequest* request)
{
    Answer answer;
    answer.status = static_cast<NTSTATUS>(request->overlapped.Internal);
    answer.information = static_cast<ULONG>(request->overlapped.InternalHigh);
    if (tracing()) {
        // Walk the headers by Size, as KS does, summing the data they carry.
        unsigned long long data = 0;
        unsigned count = 0;
        const auto* p = static_cast<const std::byte*>(headers);
        ULONG offset = 0;
        while (offset + sizeof(KSSTREAM_HEADER) <= length) {
            KSSTREAM_HEADER h;
            std::memcpy(&h, p + offset, sizeof(h));
            data += h.DataUsed;
            ++count;
            if (h.Size < sizeof(KSSTREAM_HEADER)) break;
            offset += h.Size;
        }
        traceLine(fmt::format("{} {} headers={} in=0 out={} -> {} returned={} DataUsed={} ({} µs)", ioctlName(code),
                              labelOf(pin), count, length, statusName(answer.status), answer.information, data,
                              microsecondsSince(request->issued)));
    }
    return answer;
}

}  // namespace ksctl
