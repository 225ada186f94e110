// SPDX-License-Identifier: MIT
// Helpers the client tests share: finding the bundled null driver and the test minidriver, pin create buffers, states.
#pragma once

#include <openks/client.h>

#include <string>

#include "null_driver.h"

namespace openks::test {

// Registered by every client test binary (a gtest global environment):
// points OPENKS_DRIVER_PATH at ${OPENKS_BUILD_DIR}/tests/drivers (the test
// minidriver) before anything starts the in-process host.
void useTestDrivers();

// The device path of the first interface of `category` whose path names
// `driver` ("#null#"), found with SetupDi; empty when there is none.
std::string devicePath(const char* driver, const GUID& category);

// The null driver's filter in KSCATEGORY_RENDER (a test failure if it is missing).
std::string nullPath();

// CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, overlapped ? FILE_FLAG_OVERLAPPED : 0).
HANDLE openFilter(const std::string& path, bool overlapped = true);

// What KsCreatePin takes: a KSPIN_CONNECT immediately followed by its format.
struct AudioPinCreate {
    KSPIN_CONNECT connect;
    KSDATAFORMAT_WAVEFORMATEX format;
};
struct StreamPinCreate {
    KSPIN_CONNECT connect;
    KSDATAFORMAT format;
};
static_assert(offsetof(AudioPinCreate, format) == sizeof(KSPIN_CONNECT));
static_assert(offsetof(StreamPinCreate, format) == sizeof(KSPIN_CONNECT));

// The standard interface and medium, normal priority.
KSPIN_CONNECT standardConnect(ULONG pinId);
// A PCM (or IEEE float) KSDATAFORMAT_WAVEFORMATEX as PortAudio sends it (FormatSize 82).
AudioPinCreate audioPin(ULONG pinId, WORD channels, DWORD rate, WORD bits, bool isFloat = false);
// The null stream pin's format (TYPE_STREAM / SUBTYPE_NONE / SPECIFIER_NONE, 64 bytes).
StreamPinCreate streamPin();

// KSPROPERTY_CONNECTION_STATE SET / GET through KsSynchronousDeviceControl.
HRESULT setState(HANDLE pin, KSSTATE state);
KSSTATE getState(HANDLE pin);

// The null pin's consumption counters (KSPROPSETID_OpenksNull).
OPENKS_NULL_STATISTICS nullStatistics(HANDLE pin);

// A write header for `bytes` bytes at `data`, as clients fill it.
KSSTREAM_HEADER writeHeader(void* data, ULONG bytes);

}  // namespace openks::test
