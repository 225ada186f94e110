// SPDX-License-Identifier: MIT
// A test's client of KS filters and pins: its own handle table, raw property requests and pin creation through the io
// layer.
#include "support/ks_session.h"

#include <cstdlib>
#include <cstring>

#include "avstream/host.h"
#include "io/request.h"
#include "support/shared_dir.h"

namespace openks::test {

void startHostWithTestDrivers()
{
    static const bool started = [] {
        const std::string drivers = (buildDir() / "tests" / "drivers").string();
        setenv("OPENKS_DRIVER_PATH", drivers.c_str(), 0);  // an explicit setting wins
        avstream::Host::instance().ensureStarted();
        return true;
    }();
    (void)started;
}

std::u16string filterPath(const std::string& driver)
{
    startHostWithTestDrivers();
    for (const avstream::PublishedFilter& filter : avstream::Host::instance().publishedFilters()) {
        if (filter.driver == driver) {
            return filter.symbolicLink;
        }
    }
    return {};
}

std::vector<std::u16string> publishedFilterPaths()
{
    startHostWithTestDrivers();
    std::vector<std::u16string> paths;
    for (const avstream::PublishedFilter& filter : avstream::Host::instance().publishedFilters()) {
        paths.push_back(filter.symbolicLink);
    }
    return paths;
}

KsSession::KsSession(KPROCESSOR_MODE mode) : table_(mode)
{
    startHostWithTestDrivers();
}

KsSession::~KsSession() = default;

NTSTATUS KsSession::openFilter(std::u16string_view path, HANDLE* filter, ACCESS_MASK access)
{
    return io::createFile(requestor(), path, access, io::kOpenOverlapped, filter);
}

NTSTATUS KsSession::createPin(HANDLE filter, const KSPIN_CONNECT& connect, const KSDATAFORMAT* format, HANDLE* pin,
                              ACCESS_MASK access)
{
    static const char16_t kPinClass[] = u"{146F1A80-4791-11D0-A5D6-28DB04C10000}\\";
    const size_t textBytes = sizeof(kPinClass) - sizeof(char16_t);
    const ULONG formatSize = format == nullptr ? 0 : format->FormatSize;
    std::vector<uint8_t> name(textBytes + sizeof(KSPIN_CONNECT) + formatSize);
    std::memcpy(name.data(), kPinClass, textBytes);
    std::memcpy(name.data() + textBytes, &connect, sizeof(KSPIN_CONNECT));
    if (formatSize != 0) {
        std::memcpy(name.data() + textBytes + sizeof(KSPIN_CONNECT), format, formatSize);
    }
    return io::createRelative(requestor(), filter, name.data(), static_cast<ULONG>(name.size()), access,
                              io::kOpenOverlapped, pin);
}

NTSTATUS KsSession::createRaw(HANDLE filter, const void* name, ULONG nameBytes, HANDLE* child)
{
    return io::createRelative(requestor(), filter, name, nameBytes, GENERIC_READ | GENERIC_WRITE, io::kOpenOverlapped,
                              child);
}

NTSTATUS KsSession::close(HANDLE handle)
{
    return io::closeHandle(requestor(), handle);
}

IoResult KsSession::ioctl(HANDLE handle, ULONG code, void* input, ULONG inputLength, void* output, ULONG outputLength)
{
    IO_STATUS_BLOCK iosb{};
    iosb.Status = STATUS_PENDING;  // still STATUS_PENDING: no IRP was ever completed
    KEVENT done;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    NTSTATUS status = io::deviceIoControl(requestor(), handle, code, input, inputLength, output, outputLength, &iosb,
                                          &done, io::CompletionSink{}, nullptr);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, nullptr);
        return IoResult{iosb.Status, iosb.Information};
    }
    if (iosb.Status == STATUS_PENDING) {
        return IoResult{status, 0};  // refused before an IRP existed
    }
    return IoResult{status, iosb.Information};
}

IoResult KsSession::property(HANDLE handle, const GUID& set, ULONG id, ULONG flags, void* value, ULONG valueLength)
{
    KSPROPERTY request{};
    request.Set = set;
    request.Id = id;
    request.Flags = flags;
    return ioctl(handle, IOCTL_KS_PROPERTY, &request, sizeof(request), value, valueLength);
}

IoResult KsSession::pinProperty(HANDLE filter, ULONG pinId, const GUID& set, ULONG id, ULONG flags, void* value,
                                ULONG valueLength)
{
    KSP_PIN request{};
    request.Property.Set = set;
    request.Property.Id = id;
    request.Property.Flags = flags;
    request.PinId = pinId;
    return ioctl(filter, IOCTL_KS_PROPERTY, &request, sizeof(request), value, valueLength);
}

IoResult KsSession::setState(HANDLE pin, KSSTATE state)
{
    return property(pin, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE, KSPROPERTY_TYPE_SET, &state,
                    sizeof(state));
}

IoResult KsSession::getState(HANDLE pin, KSSTATE* state)
{
    return property(pin, KSPROPSETID_Connection, KSPROPERTY_CONNECTION_STATE, KSPROPERTY_TYPE_GET, state,
                    sizeof(*state));
}

io::ObjectRef<FILE_OBJECT> KsSession::fileObject(HANDLE handle)
{
    io::ObjectRef<FILE_OBJECT> file;
    if (!NT_SUCCESS(io::referenceFile(requestor(), handle, 0, &file))) {
        return {};
    }
    return file;
}

KSPIN_CONNECT standardConnect(ULONG pinId)
{
    KSPIN_CONNECT connect{};
    connect.Interface.Set = KSINTERFACESETID_Standard;
    connect.Interface.Id = KSINTERFACE_STANDARD_STREAMING;
    connect.Medium.Set = KSMEDIUMSETID_Standard;
    connect.Medium.Id = KSMEDIUM_TYPE_ANYINSTANCE;
    connect.PinId = pinId;
    connect.PinToHandle = nullptr;
    connect.Priority.PriorityClass = KSPRIORITY_NORMAL;
    connect.Priority.PrioritySubClass = 1;
    return connect;
}

KSDATAFORMAT_WAVEFORMATEX waveFormat(USHORT channels, ULONG samplesPerSecond, USHORT bitsPerSample, bool floatingPoint)
{
    KSDATAFORMAT_WAVEFORMATEX format{};
    format.DataFormat.FormatSize = sizeof(KSDATAFORMAT_WAVEFORMATEX);
    format.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    format.DataFormat.SubFormat = floatingPoint ? KSDATAFORMAT_SUBTYPE_IEEE_FLOAT : KSDATAFORMAT_SUBTYPE_PCM;
    format.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    format.WaveFormatEx.wFormatTag = floatingPoint ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM;
    format.WaveFormatEx.nChannels = channels;
    format.WaveFormatEx.nSamplesPerSec = samplesPerSecond;
    format.WaveFormatEx.wBitsPerSample = bitsPerSample;
    format.WaveFormatEx.nBlockAlign = static_cast<USHORT>(channels * bitsPerSample / 8);
    format.WaveFormatEx.nAvgBytesPerSec = samplesPerSecond * format.WaveFormatEx.nBlockAlign;
    format.WaveFormatEx.cbSize = 0;
    format.DataFormat.SampleSize = format.WaveFormatEx.nBlockAlign;
    return format;
}

}  // namespace openks::test
