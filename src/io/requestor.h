// SPDX-License-Identifier: MIT
// Who issued a request: the handle table it resolves handles in and its processor mode.
#pragma once

#include <openks/ks/wdm.h>

namespace openks::io {

class HandleTable;

// The issuer of a request.  `handles` is the table that handles named by the
// request (and by drivers through ObReferenceObjectByHandle while it is being
// dispatched) resolve in: a client process's table, a ksd connection's table,
// or the system table for kernel code.  `mode` becomes IRP::RequestorMode.
//
//   Requestor user{&processHandleTable(), UserMode};
//   HANDLE filter;
//   NTSTATUS s = createFile(user, path, GENERIC_READ | GENERIC_WRITE, kOpenOverlapped, &filter);
struct Requestor {
    HandleTable* handles = nullptr;
    KPROCESSOR_MODE mode = KernelMode;
};

// The table kernel handles live in (KernelMode; never destroyed).  Any thread.
HandleTable& systemHandleTable();
// The one user table of the in-process transport (UserMode; never destroyed).  Any thread.
HandleTable& processHandleTable();

// {&systemHandleTable(), KernelMode}.
Requestor systemRequestor();
// {&processHandleTable(), UserMode}.
Requestor processRequestor();

// The requestor of the request being dispatched on this thread, or the
// system requestor when none is.  ObReferenceObjectByHandle resolves here.
Requestor currentRequestor();
// True while a request issued through the io layer is being dispatched on this thread.
bool hasCurrentRequestor();

// Makes `requestor` current on this thread for the scope's lifetime and
// restores the outer one after (scopes nest).  The io layer opens one around
// every dispatch it makes; higher layers need one only to call driver code
// on behalf of a requestor without an IRP.
class RequestorScope {
public:
    explicit RequestorScope(const Requestor& requestor);
    ~RequestorScope();
    RequestorScope(const RequestorScope&) = delete;
    RequestorScope& operator=(const RequestorScope&) = delete;

private:
    Requestor requestor_;
    const Requestor* outer_;
};

}  // namespace openks::io
