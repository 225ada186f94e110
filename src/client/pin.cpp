// SPDX-License-Identifier: MIT
// openks::Pin: pin creation, state and reset, and stream requests completed through caller-owned Requests.
#include <openks/client/pin.h>

#include <cstring>
#include <memory>
#include <vector>

#include "client/create.h"
#include "client/transport.h"

namespace openks {
namespace {

// The transport's completion for a Request: `key` is the Request.
void completeRequest(void* /*context*/, void* key, NTSTATUS status, ULONG_PTR information)
{
    static_cast<Request*>(key)->complete(status, information);
}

// A writeAsync/readAsync submission: owns itself until it completes.
struct AsyncRequest {
    Request request;
    std::promise<Completion> promise;

    static void done(Request& request, void* context)
    {
        auto* self = static_cast<AsyncRequest*>(context);
        self->promise.set_value(Completion{request.status(), request.information()});
        delete self;
    }
};

// Issues a stream request completed through `request`.  On refusal the
// request records the status and no callback runs.
NTSTATUS submitRequest(HANDLE pin, ULONG code, void* headers, ULONG length, Request& request, bool* issued)
{
    client::IoRequest io;
    io.file = pin;
    io.code = code;
    io.output = headers;
    io.outputLength = length;
    io.completion = client::Completion{completeRequest, nullptr};
    io.key = &request;
    request.begin();
    NTSTATUS status = client::transport().deviceIoControl(io, nullptr, issued);
    if (!*issued) request.refuse(status);
    return status;
}

std::future<Completion> submitAsync(const Pin& pin, ULONG code, std::span<KSSTREAM_HEADER> headers)
{
    auto* async = new AsyncRequest;
    std::future<Completion> future = async->promise.get_future();
    async->request.setCallback(AsyncRequest::done, async);
    bool issued = false;
    NTSTATUS status = submitRequest(pin.handle(), code, headers.data(), static_cast<ULONG>(headers.size_bytes()),
                                    async->request, &issued);
    if (!issued) {
        // No callback will come; once issued, `async` belongs to the callback.
        async->promise.set_value(Completion{status, 0});
        delete async;
    }
    return future;
}

}  // namespace

Result<Pin> Pin::create(const Filter& filter, ULONG pinId, std::span<const std::byte> format, ACCESS_MASK access)
{
    KSPIN_CONNECT connect{};
    connect.Interface.Set = KSINTERFACESETID_Standard;
    connect.Interface.Id = KSINTERFACE_STANDARD_STREAMING;
    connect.Medium.Set = KSMEDIUMSETID_Standard;
    connect.Medium.Id = KSMEDIUM_TYPE_ANYINSTANCE;
    connect.PinId = pinId;
    connect.PinToHandle = nullptr;
    connect.Priority.PriorityClass = KSPRIORITY_NORMAL;
    connect.Priority.PrioritySubClass = 1;
    return create(filter, connect, format, access);
}

Result<Pin> Pin::create(const Filter& filter, const KSPIN_CONNECT& connect, std::span<const std::byte> format,
                        ACCESS_MASK access)
{
    if (format.size() < sizeof(KSDATAFORMAT)) return make_ntstatus_error(STATUS_INVALID_PARAMETER);
    std::vector<std::byte> parameters(sizeof(KSPIN_CONNECT) + format.size());
    std::memcpy(parameters.data(), &connect, sizeof(connect));
    std::memcpy(parameters.data() + sizeof(connect), format.data(), format.size());
    HANDLE handle = nullptr;
    NTSTATUS status =
        client::createObject(filter.handle(), KSSTRING_Pin, parameters.data(), parameters.size(), access, &handle);
    if (!NT_SUCCESS(status)) return make_ntstatus_error(status);
    return Pin(handle);
}

Result<void> Pin::setState(KSSTATE state) const
{
    return set(KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE, state);
}

Result<KSSTATE> Pin::state() const
{
    return get<KSSTATE>(KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE);
}

Result<void> Pin::reset(KSRESET value) const
{
    Result<ULONG> r = control(IOCTL_KS_RESET_STATE, &value, sizeof(value), nullptr, 0);
    if (!r) return r.error();
    return {};
}

NTSTATUS Pin::submit(ULONG ioControl, void* headers, ULONG length, Request& request) const noexcept
{
    bool issued = false;
    return submitRequest(handle(), ioControl, headers, length, request, &issued);
}

NTSTATUS Pin::write(std::span<KSSTREAM_HEADER> headers, Request& request) const noexcept
{
    return submit(IOCTL_KS_WRITE_STREAM, headers.data(), static_cast<ULONG>(headers.size_bytes()), request);
}

NTSTATUS Pin::read(std::span<KSSTREAM_HEADER> headers, Request& request) const noexcept
{
    return submit(IOCTL_KS_READ_STREAM, headers.data(), static_cast<ULONG>(headers.size_bytes()), request);
}

std::future<Completion> Pin::writeAsync(std::span<KSSTREAM_HEADER> headers) const
{
    return submitAsync(*this, IOCTL_KS_WRITE_STREAM, headers);
}

std::future<Completion> Pin::readAsync(std::span<KSSTREAM_HEADER> headers) const
{
    return submitAsync(*this, IOCTL_KS_READ_STREAM, headers);
}

bool Pin::cancel(Request& request) const noexcept
{
    bool found = false;
    return NT_SUCCESS(client::transport().cancel(handle(), &request, false, &found)) && found;
}

bool Pin::cancelAll() const noexcept
{
    bool found = false;
    return NT_SUCCESS(client::transport().cancel(handle(), nullptr, true, &found)) && found;
}

}  // namespace openks
