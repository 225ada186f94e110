/* SPDX-License-Identifier: MIT */
/* A C11 program built against an installed openks with pkg-config: the Windows-layout face is plain C. */
#include <openks/ks.h>

#include <stdio.h>

int main(void)
{
    int failures = 0;
    if (sizeof(KSSTREAM_HEADER) != 56) {
        fprintf(stderr, "consumer.c: sizeof(KSSTREAM_HEADER) != 56\n");
        ++failures;
    }
    if (RtlNtStatusToDosError(STATUS_BUFFER_TOO_SMALL) != 122) {
        fprintf(stderr, "consumer.c: RtlNtStatusToDosError(STATUS_BUFFER_TOO_SMALL) != 122\n");
        ++failures;
    }
    printf("C consumer: %s\n", openks_NtStatusName(STATUS_BUFFER_TOO_SMALL));
    return failures == 0 ? 0 : 1;
}
