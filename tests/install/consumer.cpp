// SPDX-License-Identifier: MIT
// An outside program built against an installed openks: uses a few KS names and links libopenks.
#include <openks/ks.h>

#include <cstdio>

int main()
{
    int failures = 0;
    auto check = [&failures](bool ok, const char* what) {
        if (!ok) {
            std::fprintf(stderr, "consumer: %s\n", what);
            ++failures;
        }
    };
    check(sizeof(KSSTREAM_HEADER) == 56, "sizeof(KSSTREAM_HEADER) != 56");
    check(!NT_SUCCESS(STATUS_BUFFER_OVERFLOW), "STATUS_BUFFER_OVERFLOW counted as success");
    // A call into libopenks.so, so the link line is exercised, not just the include path.
    check(RtlNtStatusToDosError(STATUS_BUFFER_OVERFLOW) == 234, "RtlNtStatusToDosError(STATUS_BUFFER_OVERFLOW) != 234");
    check(IsEqualGUID(GUID_NULL, GUID_NULL), "GUID_NULL differs from itself");
    std::printf("C++ consumer: %s -> %s\n", openks_NtStatusName(STATUS_BUFFER_OVERFLOW),
                openks_Win32ErrorName(RtlNtStatusToDosError(STATUS_BUFFER_OVERFLOW)));
    return failures == 0 ? 0 : 1;
}
