// SPDX-License-Identifier: MIT
// openks_failingdrv: a driver whose DriverEntry fails, which the host must report and skip.
#include <openks/driver.h>

extern "C" NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT, PUNICODE_STRING)
{
    return STATUS_UNSUCCESSFUL;
}
