/* SPDX-License-Identifier: MIT */
/* KsProbeStreamIrp flags (KSPROBE_*) and the stream I/O flags of KsStreamIo (KSSTREAM_*). */
#pragma once

/*
 * KsProbeStreamIrp validates the KSSTREAM_HEADER array of a READ_STREAM or
 * WRITE_STREAM request before a driver touches it.  ProbeFlags say which
 * direction the request goes and what to build:
 *
 *   // a write whose buffers the driver will read through system addresses
 *   ULONG flags = KSPROBE_STREAMWRITE | KSPROBE_ALLOCATEMDL | KSPROBE_PROBEANDLOCK | KSPROBE_SYSTEMADDRESS;
 *   // a read that may carry a format change
 *   ULONG readFlags = KSPROBE_STREAMREAD | KSPROBE_ALLOWFORMATCHANGE;
 *
 * KSSTREAM_READ/WRITE and the paging flags are the flags of KsStreamIo.
 * Windows declares all of these only for kernel (_NTDDK_) builds; openks
 * declares them for every build.  Valid C11 and C++20.
 */

#define KSPROBE_STREAMREAD 0x00000000
#define KSPROBE_STREAMWRITE 0x00000001
#define KSPROBE_ALLOCATEMDL 0x00000010
#define KSPROBE_PROBEANDLOCK 0x00000020
#define KSPROBE_SYSTEMADDRESS 0x00000040
#define KSPROBE_MODIFY 0x00000200
#define KSPROBE_STREAMWRITEMODIFY (KSPROBE_MODIFY | KSPROBE_STREAMWRITE)
#define KSPROBE_ALLOWFORMATCHANGE 0x00000080

#define KSSTREAM_READ KSPROBE_STREAMREAD
#define KSSTREAM_WRITE KSPROBE_STREAMWRITE
#define KSSTREAM_PAGED_DATA 0x00000000
#define KSSTREAM_NONPAGED_DATA 0x00000100
#define KSSTREAM_SYNCHRONOUS 0x00001000
#define KSSTREAM_FAILUREEXCEPTION 0x00002000
