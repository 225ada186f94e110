// SPDX-License-Identifier: MIT
// End-to-end streaming helpers: filter lookup, overlapped stream requests with completion order, streamdrv properties and pins.

#include "stream_client.h"

#include "avstream/host.h"
#include "io/file.h"
#include "io/request.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace openks::test {
namespace {

std::u16string lower(std::u16string s)
{
    for (char16_t& c : s) {
        if (c >= u'A' && c <= u'Z') {
            c = static_cast<char16_t>(c - u'A' + u'a');
        }
    }
    return s;
}

std::u16string guidText(const GUID& g)
{
    char text[40];
    std::snprintf(text, sizeof(text), "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", g.Data1, g.Data2, g.Data3,
                  g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3], g.Data4[4], g.Data4[5], g.Data4[6], g.Data4[7]);
    return std::u16string(text, text + 38);
}

}  // namespace

std::u16string streamFilterPath(const GUID& reference)
{
    startHostWithTestDrivers();
    const std::u16string want = guidText(reference);
    for (const avstream::PublishedFilter& filter : avstream::Host::instance().publishedFilters()) {
        if (filter.driver == "openks_streamdrv" && lower(filter.referenceString) == want) {
            return filter.symbolicLink;
        }
    }
    return {};
}

void StreamClient::onComplete(void* context, void* key, NTSTATUS, ULONG_PTR)
{
    auto* self = static_cast<StreamClient*>(context);
    auto* r = static_cast<Request*>(key);
    std::lock_guard lk(self->mutex_);
    r->order.store(++self->next_);
    self->cv_.notify_all();
}

NTSTATUS StreamClient::submit(HANDLE pin, ULONG code, void* headers, ULONG length, Request* r, void* input,
                              ULONG inputLength)
{
    r->order.store(0);
    r->iosb = IO_STATUS_BLOCK{};
    KeInitializeEvent(&r->event, NotificationEvent, FALSE);
    r->dispatched = io::deviceIoControl(session_.requestor(), pin, code, input, inputLength, headers, length,
                                        &r->iosb, &r->event, io::CompletionSink{&StreamClient::onComplete, this}, r);
    return r->dispatched;
}

NTSTATUS StreamClient::wait(Request* r, int timeoutMs)
{
    if (r->dispatched != STATUS_PENDING && !done(r)) {
        return r->dispatched;  // refused before an IRP existed: nothing will signal
    }
    LARGE_INTEGER timeout;
    timeout.QuadPart = -static_cast<LONGLONG>(timeoutMs) * 10000;
    if (KeWaitForSingleObject(&r->event, Executive, KernelMode, FALSE, &timeout) != STATUS_SUCCESS) {
        return STATUS_TIMEOUT;
    }
    // The sink runs right after the event: wait for the order it assigns.
    std::unique_lock lk(mutex_);
    cv_.wait(lk, [&] { return r->order.load() != 0; });
    return __atomic_load_n(&r->iosb.Status, __ATOMIC_ACQUIRE);
}

bool StreamClient::done(Request* r)
{
    return KeReadStateEvent(&r->event) != 0;
}

bool StreamClient::cancel(HANDLE pin, Request* r)
{
    io::ObjectRef<FILE_OBJECT> file = session_.fileObject(pin);
    return file.get() != nullptr && io::cancelIo(file.get(), r, false);
}

STREAMDRV_COUNTERS streamCounters(KsSession& session, HANDLE handle)
{
    STREAMDRV_COUNTERS c{};
    (void)session.property(handle, KSPROPSETID_OpenksStream, STREAMDRV_PROPERTY_COUNTERS, KSPROPERTY_TYPE_GET, &c,
                           sizeof(c));
    return c;
}

NTSTATUS setStreamProperty(KsSession& session, HANDLE handle, ULONG id, ULONG value)
{
    return session.property(handle, KSPROPSETID_OpenksStream, id, KSPROPERTY_TYPE_SET, &value, sizeof(value)).status;
}

NTSTATUS createAudioPin(KsSession& session, HANDLE filter, ULONG pinId, HANDLE* pin)
{
    KSDATAFORMAT_WAVEFORMATEX format = waveFormat(2, 48000, 16);
    return session.createPin(filter, standardConnect(pinId), &format.DataFormat, pin);
}

NTSTATUS createVideoPin(KsSession& session, HANDLE filter, HANDLE* pin)
{
    KSDATAFORMAT format{};
    format.FormatSize = sizeof(KSDATAFORMAT);
    format.MajorFormat = KSDATAFORMAT_TYPE_VIDEO;
    format.SubFormat = KSDATAFORMAT_SUBTYPE_YUY2;
    format.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
    return session.createPin(filter, standardConnect(STREAMDRV_PIN_VIDEO), &format, pin);
}

NTSTATUS createBytePin(KsSession& session, HANDLE filter, ULONG pinId, HANDLE* pin)
{
    KSDATAFORMAT format{};
    format.FormatSize = sizeof(KSDATAFORMAT);
    format.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
    format.SubFormat = KSDATAFORMAT_SUBTYPE_NONE;
    format.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
    return session.createPin(filter, standardConnect(pinId), &format, pin);
}

NTSTATUS setPinState(KsSession& session, HANDLE pin, KSSTATE state)
{
    return session.setState(pin, state).status;
}

}  // namespace openks::test
