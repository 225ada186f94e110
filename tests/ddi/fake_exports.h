// SPDX-License-Identifier: MIT
// Recording stand-ins for the exported KS functions that the inline wrappers and macros of <openks/driver.h> call.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace openks::test::ddi {

// The last call any stand-in received: its name and arguments, in order,
// as integers (pointers by address).
struct ExportCall {
    std::string function;
    std::vector<std::uintptr_t> args;
};

// The stand-ins are defined in the test executable, so they take the place
// of libopenks's exports for the wrappers compiled into the tests.
const ExportCall& lastExportCall();
void resetExportCalls();

// What every pointer-returning stand-in returns, and every status-returning one.
void setFakeResult(void* pointer, std::int32_t status);

}  // namespace openks::test::ddi
