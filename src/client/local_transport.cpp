// SPDX-License-Identifier: MIT
// The in-process transport: client requests go straight to the io layer as UserMode requests of the process table.
#include <atomic>
#include <utility>

#include "avstream/host.h"
#include "client/transport.h"
#include "io/io.h"

namespace openks::client {
namespace {

// Completion sinks.  Each runs once, on the completing thread, after the
// status block was written and the event signalled.

// Drops the reference the request held on the caller's event object.
void releaseEvent(void* eventObject, void* /*key*/, NTSTATUS /*status*/, ULONG_PTR /*information*/)
{
    ObfDereferenceObject(eventObject);
}

// Wakes the issuing thread of a request it waits for.
void wakeIssuer(void* waiter, void* /*key*/, NTSTATUS /*status*/, ULONG_PTR /*information*/)
{
    KeSetEvent(static_cast<PKEVENT>(waiter), 0, FALSE);
}

class LocalTransport final : public Transport {
public:
    NTSTATUS createFile(std::u16string_view path, ACCESS_MASK access, bool synchronous, HANDLE* handle) override
    {
        startHost();
        return io::createFile(io::processRequestor(), path, access,
                              synchronous ? io::kOpenSynchronous : io::kOpenOverlapped, handle);
    }

    NTSTATUS createRelative(HANDLE parent, const void* name, ULONG nameBytes, ACCESS_MASK access, bool synchronous,
                            HANDLE* handle) override
    {
        return io::createRelative(io::processRequestor(), parent, name, nameBytes, access,
                                  synchronous ? io::kOpenSynchronous : io::kOpenOverlapped, handle);
    }

    NTSTATUS close(HANDLE handle) override { return io::closeHandle(io::processRequestor(), handle); }

    NTSTATUS deviceIoControl(const IoRequest& request, PIO_STATUS_BLOCK iosb, bool* issued) override
    {
        bool ignored = false;
        if (issued == nullptr) issued = &ignored;
        *issued = false;
        if (request.completion.complete != nullptr && (request.event != nullptr || request.wait)) {
            return STATUS_INVALID_PARAMETER;
        }
        io::Requestor user = io::processRequestor();

        // The event is referenced for the request's lifetime (the caller may
        // close its handle while the request is pending), as Windows does.
        io::ObjectRef<void> eventObject;
        if (request.event != nullptr) {
            void* object = nullptr;
            NTSTATUS status = user.handles->reference(request.event, EVENT_MODIFY_STATE, *ExEventObjectType, user.mode,
                                                      &object, nullptr);
            if (!NT_SUCCESS(status)) return status;
            eventObject = io::ObjectRef<void>::adopt(object);
        }
        auto* event = static_cast<PKEVENT>(eventObject.get());

        // A waiting request needs the status block for its result; an
        // asynchronous one writes the caller's (possibly none) later.
        IO_STATUS_BLOCK waitIosb;
        if (request.wait && iosb == nullptr) iosb = &waitIosb;

        KEVENT waiter;
        io::CompletionSink sink{request.completion.complete, request.completion.context};
        if (request.wait) {
            KeInitializeEvent(&waiter, NotificationEvent, FALSE);
            sink = io::CompletionSink{wakeIssuer, &waiter};
        } else if (event != nullptr) {
            sink = io::CompletionSink{releaseEvent, eventObject.get()};
        }

        // One handle lookup: the io layer resolves the file, checks the
        // code's access bits and holds the file for the IRP's lifetime.  It
        // says whether an IRP reached the driver: if not, nothing was
        // written, signalled or called.
        NTSTATUS status =
            io::deviceIoControl(user, request.file, request.code, request.input, request.inputLength, request.output,
                                request.outputLength, iosb, event, sink, request.key, false, issued);
        if (!*issued) return status;
        if (request.wait) {
            // The sink runs after the status block is written and the event
            // set, possibly after a synchronous file's wait returned: always
            // wait for it, so that `waiter` outlives its last use.
            (void)io::waitForEvent(&waiter, nullptr);
            return __atomic_load_n(&iosb->Status, __ATOMIC_ACQUIRE);
        }
        if (event != nullptr) (void)eventObject.release();  // the sink owns the reference now
        return status;
    }

    NTSTATUS cancel(HANDLE handle, void* key, bool all, bool* found) override
    {
        io::ObjectRef<FILE_OBJECT> file;
        NTSTATUS status = io::referenceFile(io::processRequestor(), handle, 0, &file);
        if (!NT_SUCCESS(status)) return status == STATUS_OBJECT_TYPE_MISMATCH ? STATUS_INVALID_HANDLE : status;
        *found = io::cancelIo(file.get(), key, all);
        return STATUS_SUCCESS;
    }

    NTSTATUS createEvent(bool manualReset, bool initialState, HANDLE* handle) override
    {
        return io::createEvent(io::processRequestor(), manualReset ? NotificationEvent : SynchronizationEvent,
                               initialState, handle);
    }

    NTSTATUS setEvent(HANDLE handle) override
    {
        io::ObjectRef<void> event;
        NTSTATUS status = referenceEvent(handle, &event);
        if (NT_SUCCESS(status)) KeSetEvent(static_cast<PKEVENT>(event.get()), 0, FALSE);
        return status;
    }

    NTSTATUS resetEvent(HANDLE handle) override
    {
        io::ObjectRef<void> event;
        NTSTATUS status = referenceEvent(handle, &event);
        if (NT_SUCCESS(status)) KeClearEvent(static_cast<PKEVENT>(event.get()));
        return status;
    }

    NTSTATUS wait(const HANDLE* handles, ULONG count, bool all, const LARGE_INTEGER* timeout) override
    {
        if (handles == nullptr || count == 0 || count > MAXIMUM_WAIT_OBJECTS) return STATUS_INVALID_PARAMETER;
        io::Requestor user = io::processRequestor();
        io::ObjectRef<void> objects[MAXIMUM_WAIT_OBJECTS];
        PKEVENT events[MAXIMUM_WAIT_OBJECTS];
        for (ULONG i = 0; i < count; ++i) {
            NTSTATUS status = io::referenceWaitable(user, handles[i], &objects[i], &events[i]);
            if (!NT_SUCCESS(status)) return status;
        }
        if (count == 1) return io::waitForEvent(events[0], timeout);
        return io::waitForMultiple(events, count, all, timeout);
    }

    NTSTATUS enumerateInterfaces(const GUID* category, std::vector<InterfaceInfo>* out) override
    {
        startHost();
        out->clear();
        for (io::DeviceInterface& found : io::enumerateDeviceInterfaces(category)) {
            InterfaceInfo info;
            info.path = std::move(found.symbolicLink);
            info.category = found.category;
            info.device = io::deviceName(found.device.get());
            if (info.device.empty()) {
                // An unnamed device: its identity is the object itself.
                auto id = reinterpret_cast<uintptr_t>(found.device.get());
                for (int shift = 60; shift >= 0; shift -= 4)
                    info.device.push_back(u"0123456789abcdef"[(id >> shift) & 15]);
            }
            info.reference = std::move(found.referenceString);
            info.friendlyName = std::move(found.friendlyName);
            out->push_back(std::move(info));
        }
        return STATUS_SUCCESS;
    }

private:
    // The in-process host loads the drivers once, on the first call that needs a device.
    void startHost()
    {
        if (hostStarted_.load(std::memory_order_acquire)) return;
        avstream::Host::instance().ensureStarted();
        hostStarted_.store(true, std::memory_order_release);
    }

    static NTSTATUS referenceEvent(HANDLE handle, io::ObjectRef<void>* event)
    {
        io::Requestor user = io::processRequestor();
        void* object = nullptr;
        NTSTATUS status =
            user.handles->reference(handle, EVENT_MODIFY_STATE, *ExEventObjectType, user.mode, &object, nullptr);
        if (!NT_SUCCESS(status)) return status == STATUS_OBJECT_TYPE_MISMATCH ? STATUS_INVALID_HANDLE : status;
        *event = io::ObjectRef<void>::adopt(object);
        return STATUS_SUCCESS;
    }

    std::atomic<bool> hostStarted_{false};
};

}  // namespace

Transport& transport()
{
    // Never destroyed: handles may be closed and requests may complete
    // during static destruction.  OPENKS_HOST (a ksd socket) will select the
    // daemon transport here.
    static LocalTransport* local = new LocalTransport;
    return *local;
}

}  // namespace openks::client
