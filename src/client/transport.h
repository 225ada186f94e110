// SPDX-License-Identifier: MIT
// The seam between the client API and where drivers run: open, create, device control, cancel, close, events, waits.
#pragma once

// Every client call (the Win32/ksuser/ksproxy functions and the C++ API)
// reaches drivers through one Transport.  Today there is one
// implementation, the in-process transport: requests go to the io layer
// with the process's user handle table as requestor (UserMode), and the
// first call starts the in-process host (bundled drivers and
// OPENKS_DRIVER_PATH).  A daemon transport (ksd over a Unix socket) slots
// in behind the same interface: transport() will pick it when OPENKS_HOST
// names a daemon socket; nothing above this header changes.  Handles are
// transport handles: opaque values, never pointers.
//
//   Transport& t = transport();
//   HANDLE filter;
//   NTSTATUS s = t.createFile(u"\\\\?\\openks#null#0#{...}\\{...}", GENERIC_READ | GENERIC_WRITE, false, &filter);
//   IoRequest r{filter, IOCTL_KS_PROPERTY, &prop, sizeof prop, &value, sizeof value};
//   r.wait = true;
//   s = t.deviceIoControl(r, &iosb, nullptr);
//
// Threads: every member may be called from any thread, concurrently.
// Completion callbacks run on the completing thread.

#include <openks/ks/wdm.h>

#include <string>
#include <string_view>
#include <vector>

namespace openks::client {

// Called once when an issued request completes, after the status block was
// written and the event (or the file handle) signalled.  Must not block;
// must not allocate if the caller's path is to stay allocation-free.
struct Completion {
    void (*complete)(void* context, void* key, NTSTATUS status, ULONG_PTR information) = nullptr;
    void* context = nullptr;
};

// One device control.
struct IoRequest {
    HANDLE file = nullptr;
    ULONG code = 0;
    void* input = nullptr;
    ULONG inputLength = 0;
    void* output = nullptr;
    ULONG outputLength = 0;
    // An event handle to signal at completion (instead of the file handle).
    HANDLE event = nullptr;
    // Notified at completion.  Not together with `event` (STATUS_INVALID_PARAMETER).
    Completion completion{};
    // Names the request for cancel() (the OVERLAPPED, the openks::Request).
    void* key = nullptr;
    // Return only once the request has completed, whatever the handle's mode
    // (a NULL-OVERLAPPED DeviceIoControl, KsSynchronousDeviceControl).  Not together with `completion`.
    bool wait = false;
};

// One enabled device interface.
struct InterfaceInfo {
    std::u16string path;
    GUID category{};
    std::u16string device;     // identifies the device (aliases share it)
    std::u16string reference;  // the reference string (aliases share it)
    std::u16string friendlyName;
};

class Transport {
public:
    virtual ~Transport() = default;

    // Opens a device interface path.  `synchronous`: requests that pend are
    // waited out inside deviceIoControl.  Statuses: STATUS_OBJECT_NAME_NOT_FOUND,
    // STATUS_OBJECT_NAME_INVALID, STATUS_ACCESS_DENIED, the driver's create status.
    [[nodiscard]] virtual NTSTATUS createFile(std::u16string_view path, ACCESS_MASK access, bool synchronous,
                                              HANDLE* handle) = 0;

    // Creates a child object of `parent` named by `nameBytes` bytes (object
    // class string, '\', binary parameters).  STATUS_INVALID_HANDLE, the
    // driver's create status.
    [[nodiscard]] virtual NTSTATUS createRelative(HANDLE parent, const void* name, ULONG nameBytes, ACCESS_MASK access,
                                                  bool synchronous, HANDLE* handle) = 0;

    // Closes any handle (file or event).  STATUS_INVALID_HANDLE.
    [[nodiscard]] virtual NTSTATUS close(HANDLE handle) = 0;

    // Issues a device control.  `iosb` (may be null) receives the final
    // status and information before anything is signalled.  Returns
    // STATUS_PENDING (completion later) or the final status; with
    // request.wait (or on a synchronous handle) never STATUS_PENDING.
    // *issued (may be null) says whether the request reached the driver;
    // when it did not, nothing was written, signalled or called, and the
    // status says why: STATUS_INVALID_HANDLE (bad file or event handle),
    // STATUS_ACCESS_DENIED, STATUS_INVALID_PARAMETER,
    // STATUS_INSUFFICIENT_RESOURCES.
    [[nodiscard]] virtual NTSTATUS deviceIoControl(const IoRequest& request, PIO_STATUS_BLOCK iosb, bool* issued) = 0;

    // Requests cancellation of the requests outstanding on `file` issued
    // with `key` (all of them when `all`).  STATUS_SUCCESS with *found,
    // STATUS_INVALID_HANDLE.
    [[nodiscard]] virtual NTSTATUS cancel(HANDLE file, void* key, bool all, bool* found) = 0;

    // Events: notification (manual reset) or synchronization (auto reset).
    [[nodiscard]] virtual NTSTATUS createEvent(bool manualReset, bool initialState, HANDLE* handle) = 0;
    [[nodiscard]] virtual NTSTATUS setEvent(HANDLE event) = 0;
    [[nodiscard]] virtual NTSTATUS resetEvent(HANDLE event) = 0;

    // Waits for event and file handles (1..MAXIMUM_WAIT_OBJECTS): any
    // (STATUS_WAIT_0 + index) or all (STATUS_WAIT_0).  `timeout` as
    // KeWaitForSingleObject (null: forever; negative: relative 100 ns).
    // STATUS_TIMEOUT, STATUS_INVALID_PARAMETER, STATUS_INVALID_HANDLE,
    // STATUS_OBJECT_TYPE_MISMATCH.
    [[nodiscard]] virtual NTSTATUS wait(const HANDLE* handles, ULONG count, bool all, const LARGE_INTEGER* timeout) = 0;

    // The enabled device interfaces of `category` (all when null), in a stable order.
    [[nodiscard]] virtual NTSTATUS enumerateInterfaces(const GUID* category, std::vector<InterfaceInfo>* out) = 0;
};

// The process's transport (the in-process one; see the top of this file).
Transport& transport();

}  // namespace openks::client
