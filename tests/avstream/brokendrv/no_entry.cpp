// SPDX-License-Identifier: MIT
// openks_noentry: a module without DriverEntry, which the host must report and skip.
#include <openks/driver.h>

extern "C" NTSTATUS NTAPI NotADriverEntry(PDRIVER_OBJECT, PUNICODE_STRING)
{
    return STATUS_SUCCESS;
}
