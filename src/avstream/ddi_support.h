// SPDX-License-Identifier: MIT
// Helpers shared by the ddi_*.cpp files that implement the less common KS DDI functions.
#pragma once

#include <openks/driver.h>

#include <cstddef>

namespace openks::avstream {

// Writes "openks: <name> is not implemented" once per name per process.  Any thread.
void logNotImplemented(const char* name);

// Returns an 8-byte aligned copy of `length` bytes of a create request's
// parameters, kept alive while `file` is (a later call for the same file
// object replaces it; KsValidate*CreateRequest results live as long as the
// file object on Windows).  nullptr when out of memory.  Any thread.
const void* stashCreateParameters(PFILE_OBJECT file, const void* bytes, size_t length);

// The binary parameters of a create IRP of class `objectClass` (a KS
// object-class string such as KSSTRING_Clock in the file name).  Accepts the
// full "{class}\<binary>" name.  STATUS_SUCCESS with *bytes/*length set,
// STATUS_INVALID_PARAMETER for a missing file object/name or another class.
NTSTATUS createParameters(PIRP irp, int objectClass, const std::byte** bytes, size_t* length);

}  // namespace openks::avstream
