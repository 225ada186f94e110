// SPDX-License-Identifier: MIT
// The per-thread current requestor and the two process-wide handle tables.
#include "io/requestor.h"

#include "io/handle_table.h"

namespace openks::io {
namespace {

// Trivially destructible, so the thread-local costs no registration or allocation.
thread_local const Requestor* tCurrent = nullptr;

}  // namespace

HandleTable& systemHandleTable()
{
    // Never destroyed: handles may still close while static destructors run.
    static HandleTable* table = new HandleTable(KernelMode);
    return *table;
}

HandleTable& processHandleTable()
{
    static HandleTable* table = new HandleTable(UserMode);
    return *table;
}

Requestor systemRequestor()
{
    return Requestor{&systemHandleTable(), KernelMode};
}

Requestor processRequestor()
{
    return Requestor{&processHandleTable(), UserMode};
}

Requestor currentRequestor()
{
    return tCurrent != nullptr ? *tCurrent : systemRequestor();
}

bool hasCurrentRequestor()
{
    return tCurrent != nullptr;
}

RequestorScope::RequestorScope(const Requestor& requestor) : requestor_(requestor), outer_(tCurrent)
{
    if (requestor_.handles == nullptr) requestor_.handles = &systemHandleTable();
    tCurrent = &requestor_;
}

RequestorScope::~RequestorScope()
{
    tCurrent = outer_;
}

}  // namespace openks::io
