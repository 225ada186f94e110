// SPDX-License-Identifier: MIT
// Helpers the bundled-driver tests share (see driver_test_support.h).
#include "driver_test_support.h"

#include <gtest/gtest.h>

#include <cstring>

namespace openks::test {

std::string driverPath(const char* driver, const GUID& category)
{
    Result<std::vector<Device>> devices = listDevices(category);
    if (!devices) {
        return {};
    }
    const std::string wanted = std::string("#") + driver + "#";
    for (const Device& device : *devices) {
        if (device.path.find(wanted) != std::string::npos) {
            return device.path;
        }
    }
    return {};
}

std::vector<std::byte> audioFormat(WORD channels, DWORD rate, WORD bits, bool isFloat, bool extensible)
{
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE f{};
    const ULONG size = extensible ? sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE) : sizeof(KSDATAFORMAT_WAVEFORMATEX);
    f.DataFormat.FormatSize = size;
    f.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    f.DataFormat.SubFormat = isFloat ? KSDATAFORMAT_SUBTYPE_IEEE_FLOAT : KSDATAFORMAT_SUBTYPE_PCM;
    f.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    WAVEFORMATEX& w = f.WaveFormatExt.Format;
    w.wFormatTag = extensible ? WAVE_FORMAT_EXTENSIBLE : (isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM);
    w.nChannels = channels;
    w.nSamplesPerSec = rate;
    w.wBitsPerSample = bits;
    w.nBlockAlign = static_cast<WORD>(channels * bits / 8);
    w.nAvgBytesPerSec = rate * w.nBlockAlign;
    w.cbSize = extensible ? 22 : 0;
    f.DataFormat.SampleSize = w.nBlockAlign;
    if (extensible) {
        static const DWORD kMasks[] = {0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3F, 0x13F, 0x63F};
        f.WaveFormatExt.Samples.wValidBitsPerSample = bits;
        f.WaveFormatExt.dwChannelMask = channels < 9 ? kMasks[channels] : 0;
        f.WaveFormatExt.SubFormat = f.DataFormat.SubFormat;
    }
    std::vector<std::byte> bytes(size);
    std::memcpy(bytes.data(), &f, size);
    return bytes;
}

KSSTREAM_HEADER streamHeader(void* data, ULONG bytes, bool write)
{
    KSSTREAM_HEADER h{};
    h.Size = sizeof(KSSTREAM_HEADER);
    h.PresentationTime.Numerator = 1;
    h.PresentationTime.Denominator = 1;
    h.Data = data;
    h.FrameExtent = bytes;
    h.DataUsed = write ? bytes : 0;
    return h;
}

AsyncIo::AsyncIo()
{
    overlapped_.hEvent = CreateEventA(nullptr, TRUE, FALSE, nullptr);
}

AsyncIo::~AsyncIo()
{
    if (started_) {
        (void)wait();
    }
    CloseHandle(overlapped_.hEvent);
}

NTSTATUS AsyncIo::start(const Pin& pin, ULONG ioControl, void* headers, ULONG length)
{
    pin_ = pin.handle();
    DWORD bytes = 0;
    const BOOL ok = DeviceIoControl(pin_, ioControl, nullptr, 0, headers, length, &bytes, &overlapped_);
    started_ = ok || GetLastError() == ERROR_IO_PENDING || overlapped_.Internal != STATUS_PENDING;
    if (ok) {
        return STATUS_SUCCESS;
    }
    if (GetLastError() == ERROR_IO_PENDING) {
        return STATUS_PENDING;
    }
    // Completed at once with an error, or refused before an IRP existed (nothing written).
    return started_ ? static_cast<NTSTATUS>(overlapped_.Internal) : STATUS_UNSUCCESSFUL;
}

Completion AsyncIo::wait()
{
    DWORD bytes = 0;
    (void)GetOverlappedResult(pin_, &overlapped_, &bytes, TRUE);
    started_ = false;
    return Completion{static_cast<NTSTATUS>(overlapped_.Internal), overlapped_.InternalHigh};
}

Completion submitAndWait(const Pin& pin, ULONG ioControl, void* headers, ULONG length)
{
    AsyncIo io;
    const NTSTATUS status = io.start(pin, ioControl, headers, length);
    if (!io.started()) {
        return Completion{status, 0};  // refused before it was issued
    }
    return io.wait();
}

NTSTATUS setUlong(const Object& object, const GUID& set, ULONG id, ULONG value)
{
    Result<void> r = object.set(set, id, value);
    return r ? STATUS_SUCCESS : r.status();
}

NTSTATUS getUlong(const Object& object, const GUID& set, ULONG id, ULONG* value)
{
    Result<ULONG> r = object.get<ULONG>(set, id);
    if (!r) {
        return r.status();
    }
    *value = *r;
    return STATUS_SUCCESS;
}

void setStateOrFail(const Pin& pin, KSSTATE state)
{
    Result<void> r = pin.setState(state);
    ASSERT_TRUE(r.ok()) << "setState(" << state << "): " << r.error().message();
}

}  // namespace openks::test
