// SPDX-License-Identifier: MIT
// The wavout render sink: an AVStream minidriver whose pin writes what it plays to a WAV file (wavout_props.h).

// Written only against the public DDI, as a third-party minidriver: one
// device, one filter, one pin-centric IN pin.  Process consumes the write
// at the leading edge whole: appends its bytes to the file through the
// wavout core's WavWriter and moves on.  In real-time pacing a write is
// consumed no earlier than its last byte's time on the pin's running clock:
// when it is not due yet, Process arms a timeout on the leading edge whose
// callback asks for processing again, and returns STATUS_PENDING.  Process
// never sleeps.
//
// Locks: the pin record's mutex guards the file, the position and the
// running clock.  It is never held while calling the AVStream runtime.

#include <openks/driver.h>

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <optional>
#include <string>

#include "core/audio_position.h"
#include "core/byte_sink.h"
#include "core/wav_writer.h"
#include "wavout_props.h"

namespace {

using openks::wavout::AudioPosition;
using openks::wavout::FileSink;
using openks::wavout::WavWriter;

constexpr ULONG kPoolTag = 0x6f766157;  // "Wavo"
constexpr LONGLONG kUnitsPerSecond = 10'000'000;

// ---- Time -----------------------------------------------------------------------------------------

std::uint64_t monotonicNs()
{
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

// Time the pin has spent in KSSTATE_RUN since it last left STOP.
class RunClock {
public:
    void run(std::uint64_t nowNs)
    {
        if (!running_) {
            startNs_ = nowNs;
            running_ = true;
        }
    }
    void pause(std::uint64_t nowNs)
    {
        if (running_) {
            baseNs_ += nowNs - startNs_;
            running_ = false;
        }
    }
    void stop()
    {
        baseNs_ = 0;
        running_ = false;
    }
    // Running time in 100 ns units.
    LONGLONG elapsed(std::uint64_t nowNs) const
    {
        const std::uint64_t ns = baseNs_ + (running_ && nowNs > startNs_ ? nowNs - startNs_ : 0);
        return static_cast<LONGLONG>(ns / 100);
    }

private:
    std::uint64_t baseNs_ = 0;
    std::uint64_t startNs_ = 0;
    bool running_ = false;
};

// The time (100 ns units) at which `bytes` of a stream of `bytesPerSecond` have played, rounded up.
LONGLONG bytesToTime(std::uint64_t bytes, std::uint32_t bytesPerSecond)
{
    if (bytesPerSecond == 0) {
        return 0;
    }
    const unsigned __int128 units = static_cast<unsigned __int128>(bytes) * kUnitsPerSecond;
    return static_cast<LONGLONG>((units + bytesPerSecond - 1) / bytesPerSecond);
}

// ---- File names -----------------------------------------------------------------------------------

std::atomic<unsigned> gPinsCreated{0};

// The default path of a new pin's file (UTF-8; see wavout_props.h).
std::string defaultPath()
{
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    std::string path = runtime != nullptr && runtime[0] == '/' ? runtime : "/tmp";
    return path + "/openks-wavout-" + std::to_string(static_cast<long>(getpid())) + "-" +
           std::to_string(gPinsCreated.fetch_add(1) + 1) + ".wav";
}

// UTF-16 to UTF-8; false for an unpaired surrogate.
bool toUtf8(const std::u16string& text, std::string* out)
{
    out->clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::uint32_t c = text[i];
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (i + 1 >= text.size() || text[i + 1] < 0xDC00 || text[i + 1] > 0xDFFF) {
                return false;
            }
            c = 0x10000 + ((c - 0xD800) << 10) + (text[++i] - 0xDC00);
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
            return false;
        }
        if (c < 0x80) {
            out->push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out->push_back(static_cast<char>(0xC0 | (c >> 6)));
            out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out->push_back(static_cast<char>(0xE0 | (c >> 12)));
            out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out->push_back(static_cast<char>(0xF0 | (c >> 18)));
            out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return true;
}

// UTF-8 (the environment's directory) to UTF-16, for the default name; a
// byte that does not start a well-formed sequence is taken as Latin-1.
std::u16string fromUtf8(const std::string& text)
{
    std::u16string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = [&](std::size_t k) {
            return static_cast<std::uint32_t>(static_cast<unsigned char>(text[k]));
        };
        const std::uint32_t b = byte(i);
        std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        std::uint32_t c = n == 4 ? b & 0x07 : n == 3 ? b & 0x0F : n == 2 ? b & 0x1F : b;
        for (std::size_t k = 1; k < n; ++k) {
            if (i + k >= text.size() || (byte(i + k) & 0xC0) != 0x80) {
                n = 1;
                c = b;
                break;
            }
            c = (c << 6) | (byte(i + k) & 0x3F);
        }
        if (c >= 0x10000) {
            c -= 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (c >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(c));
        }
        i += n;
    }
    return out;
}

NTSTATUS statusForErrno(int error)
{
    switch (error) {
        case ENOENT:
        case ENOTDIR:
            return STATUS_OBJECT_PATH_NOT_FOUND;
        case EACCES:
        case EPERM:
        case EROFS:
            return STATUS_ACCESS_DENIED;
        case EISDIR:
            return STATUS_OBJECT_NAME_INVALID;
        case ENOSPC:
        case EIO:
            return STATUS_IO_DEVICE_ERROR;
        case ENOMEM:
            return STATUS_INSUFFICIENT_RESOURCES;
        default:
            return STATUS_UNSUCCESSFUL;
    }
}

// ---- The pin record -------------------------------------------------------------------------------

struct WavoutPin {
    std::mutex lock;  // guards everything below
    std::u16string fileName;
    bool defaultName = true;  // fileName is the generated default (no FILENAME SET yet)
    std::FILE* file = nullptr;
    std::optional<FileSink> sink;
    std::optional<WavWriter> writer;
    NTSTATUS writeStatus = STATUS_SUCCESS;  // the file's first failure since it was opened
    AudioPosition position;
    ULONG pacing = OPENKS_WAVOUT_PACING_REALTIME;
    std::uint32_t bytesPerSecond = 0;
    RunClock clock;
};

void freeWavoutPin(PVOID record)
{
    delete static_cast<WavoutPin*>(record);
}

WavoutPin* recordOf(PKSPIN pin)
{
    return pin != nullptr ? static_cast<WavoutPin*>(pin->Context) : nullptr;
}

// The WAVEFORMATEX(TENSIBLE) image after the pin's KSDATAFORMAT.
const void* formatImage(PKSPIN pin, std::size_t* bytes)
{
    const KSDATAFORMAT* format = pin->ConnectionFormat;
    *bytes = format->FormatSize - sizeof(KSDATAFORMAT);
    return reinterpret_cast<const UCHAR*>(format) + sizeof(KSDATAFORMAT);
}

// Creates the file and writes its headers.  Called with r->lock held.
NTSTATUS openFileLocked(PKSPIN pin, WavoutPin* r)
{
    std::string path;
    if (!toUtf8(r->fileName, &path)) {
        return STATUS_OBJECT_NAME_INVALID;
    }
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) {
        return statusForErrno(errno);
    }
    r->file = file;
    r->sink.emplace(file);
    r->writer.emplace(&*r->sink);
    std::size_t bytes = 0;
    const void* image = formatImage(pin, &bytes);
    openks::wavout::WavWriterOptions options;
    options.patchInterval = r->bytesPerSecond;  // crash tolerance: sizes patched every second of audio
    NTSTATUS status = r->writer->begin(image, bytes, options);
    if (!NT_SUCCESS(status)) {
        r->writer.reset();
        r->sink.reset();
        std::fclose(file);
        r->file = nullptr;
        std::remove(path.c_str());
        return status;
    }
    r->writeStatus = STATUS_SUCCESS;
    return STATUS_SUCCESS;
}

// Patches the sizes and closes the file.  A default-named file that got no
// audio is removed (a pin merely walked through RUN leaves nothing behind).
// Called with r->lock held.
void closeFileLocked(WavoutPin* r)
{
    if (r->file == nullptr) {
        return;
    }
    const bool empty = !r->writer || r->writer->dataBytes() == 0;
    if (r->writer && NT_SUCCESS(r->writeStatus)) {
        (void)r->writer->finish();
    }
    r->writer.reset();
    r->sink.reset();
    std::fclose(r->file);
    r->file = nullptr;
    std::string path;
    if (empty && r->defaultName && toUtf8(r->fileName, &path)) {
        std::remove(path.c_str());
    }
}

// ---- Pin dispatch ---------------------------------------------------------------------------------

// The pin's allocator framing: FrameSize = 10 ms of the connection format.
NTSTATUS setFraming(PKSPIN pin, std::uint32_t bytesPerSecond, std::uint32_t blockAlign)
{
    NTSTATUS status = KsEdit(pin, &pin->Descriptor, kPoolTag);
    if (NT_SUCCESS(status)) {
        status = KsEdit(pin, &pin->Descriptor->AllocatorFraming, kPoolTag);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto* framing = const_cast<PKSALLOCATOR_FRAMING_EX>(pin->Descriptor->AllocatorFraming);
    const ULONG bytes = blockAlign == 0 ? 0 : bytesPerSecond / 100 / blockAlign * blockAlign;
    framing->FramingItem[0].PhysicalRange.MinFrameSize = bytes;
    framing->FramingItem[0].PhysicalRange.MaxFrameSize = bytes;
    framing->FramingItem[0].FramingRange.Range.MinFrameSize = bytes;
    framing->FramingItem[0].FramingRange.Range.MaxFrameSize = bytes;
    return STATUS_SUCCESS;
}

// Reads nAvgBytesPerSec and nBlockAlign of the pin's WAVEFORMATEX; false
// for an image the WAV writer would not take.
bool formatRates(const KSDATAFORMAT* format, std::uint32_t* bytesPerSecond, std::uint32_t* blockAlign)
{
    if (format == nullptr || format->FormatSize < sizeof(KSDATAFORMAT_WAVEFORMATEX) ||
        !IsEqualGUID(format->Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        return false;
    }
    openks::wavout::WaveFormat parsed;
    if (!NT_SUCCESS(openks::wavout::parseWaveFormat(reinterpret_cast<const UCHAR*>(format) + sizeof(KSDATAFORMAT),
                                                    format->FormatSize - sizeof(KSDATAFORMAT), &parsed)) ||
        parsed.avgBytesPerSec == 0) {
        return false;
    }
    *bytesPerSecond = parsed.avgBytesPerSec;
    *blockAlign = parsed.blockAlign;
    return true;
}

NTSTATUS NTAPI wavoutPinSetDataFormat(PKSPIN pin, PKSDATAFORMAT, PKSMULTIPLE_ITEM, const KSDATARANGE*,
                                      const KSATTRIBUTE_LIST*)
{
    std::uint32_t rate = 0;
    std::uint32_t block = 0;
    return formatRates(pin->ConnectionFormat, &rate, &block) ? STATUS_SUCCESS : STATUS_NO_MATCH;
}

NTSTATUS NTAPI wavoutPinCreate(PKSPIN pin, PIRP)
{
    auto* r = new (std::nothrow) WavoutPin;
    if (r == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NTSTATUS status = KsAddItemToObjectBag(pin->Bag, r, freeWavoutPin);
    if (!NT_SUCCESS(status)) {
        delete r;
        return status;
    }
    std::uint32_t block = 0;
    if (!formatRates(pin->ConnectionFormat, &r->bytesPerSecond, &block)) {
        return STATUS_NO_MATCH;  // SetDataFormat accepted it: cannot happen
    }
    r->fileName = fromUtf8(defaultPath());
    status = setFraming(pin, r->bytesPerSecond, block);
    if (NT_SUCCESS(status)) {
        pin->Context = r;
    }
    return status;
}

NTSTATUS NTAPI wavoutPinClose(PKSPIN pin, PIRP)
{
    WavoutPin* r = recordOf(pin);
    std::lock_guard lk(r->lock);
    closeFileLocked(r);  // closed without a STOP: the file is still finalised
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI wavoutPinSetDeviceState(PKSPIN pin, KSSTATE to, KSSTATE from)
{
    WavoutPin* r = recordOf(pin);
    const std::uint64_t now = monotonicNs();
    {
        std::lock_guard lk(r->lock);
        if (to == KSSTATE_RUN) {
            if (r->file == nullptr) {
                NTSTATUS status = openFileLocked(pin, r);
                if (!NT_SUCCESS(status)) {
                    return status;
                }
            }
            r->clock.run(now);
        } else if (from == KSSTATE_RUN) {
            r->clock.pause(now);
        }
        if (to == KSSTATE_STOP) {
            closeFileLocked(r);
            r->clock.stop();
            r->position.reset();
        }
    }
    if (to == KSSTATE_STOP) {
        if (PKSSTREAM_POINTER edge = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_UNLOCKED)) {
            KsStreamPointerCancelTimeout(edge);
        }
    }
    return STATUS_SUCCESS;
}

void NTAPI wavoutDue(PKSSTREAM_POINTER edge)
{
    KsPinAttemptProcessing(edge->Pin, TRUE);
}

// Consumes the writes at the leading edge, one per loop, until none is
// queued or (real time) the next one is not due yet.
NTSTATUS NTAPI wavoutPinProcess(PKSPIN pin)
{
    WavoutPin* r = recordOf(pin);
    for (;;) {
        PKSSTREAM_POINTER edge = KsPinGetLeadingEdgeStreamPointer(pin, KSSTREAM_POINTER_STATE_LOCKED);
        if (edge == nullptr) {
            return STATUS_PENDING;
        }
        const ULONG bytes = edge->OffsetIn.Remaining;
        LONGLONG wait = 0;
        NTSTATUS status = STATUS_SUCCESS;
        {
            std::lock_guard lk(r->lock);
            if (r->pacing == OPENKS_WAVOUT_PACING_REALTIME && bytes != 0) {
                const LONGLONG due = bytesToTime(r->position.value().PlayOffset + bytes, r->bytesPerSecond);
                const LONGLONG now = r->clock.elapsed(monotonicNs());
                wait = due > now ? due - now : 0;
            }
            if (wait == 0) {
                if (NT_SUCCESS(r->writeStatus) && r->writer) {
                    r->writeStatus = r->writer->append(edge->OffsetIn.Data, bytes);
                } else if (!r->writer) {
                    r->writeStatus = STATUS_INVALID_DEVICE_STATE;
                }
                status = r->writeStatus;
                if (NT_SUCCESS(status)) {
                    r->position.advanceWrite(bytes);
                    (void)r->position.advancePlay(bytes);
                }
            }
        }
        if (wait != 0) {
            KsStreamPointerUnlock(edge, FALSE);
            KsStreamPointerScheduleTimeout(edge, wavoutDue, static_cast<ULONGLONG>(wait));
            return STATUS_PENDING;
        }
        if (!NT_SUCCESS(status)) {
            KsStreamPointerSetStatusCode(edge, status);
        }
        if (!NT_SUCCESS(KsStreamPointerAdvanceOffsets(edge, bytes, 0, TRUE))) {
            return STATUS_PENDING;
        }
        KsStreamPointerUnlock(edge, FALSE);
    }
}

const KSPIN_DISPATCH kWavoutPinDispatch = {
    wavoutPinCreate,
    wavoutPinClose,
    wavoutPinProcess,
    nullptr,  // Reset
    wavoutPinSetDataFormat,
    wavoutPinSetDeviceState,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

// ---- Properties -----------------------------------------------------------------------------------

ULONG outputLength(PIRP irp)
{
    return IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.OutputBufferLength;
}

NTSTATUS NTAPI getFileName(PIRP irp, PKSPROPERTY, PVOID data)
{
    WavoutPin* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::lock_guard lk(r->lock);
    const ULONG bytes = static_cast<ULONG>((r->fileName.size() + 1) * sizeof(char16_t));
    irp->IoStatus.Information = bytes;
    const ULONG length = outputLength(irp);
    if (length == 0) {
        return STATUS_BUFFER_OVERFLOW;
    }
    if (length < bytes) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    std::memcpy(data, r->fileName.c_str(), bytes);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setFileName(PIRP irp, PKSPROPERTY, PVOID data)
{
    WavoutPin* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const ULONG units = outputLength(irp) / sizeof(char16_t);
    const auto* text = static_cast<const char16_t*>(data);
    ULONG length = 0;
    while (length < units && text[length] != u'\0') {
        ++length;
    }
    std::string check;
    if (length == 0 || length == units || !toUtf8(std::u16string(text, length), &check)) {
        return STATUS_INVALID_PARAMETER;  // empty, unterminated, or not UTF-16
    }
    std::lock_guard lk(r->lock);
    if (r->file != nullptr) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    r->fileName.assign(text, length);
    r->defaultName = false;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI getPacing(PIRP irp, PKSPROPERTY, PVOID data)
{
    WavoutPin* r = recordOf(KsGetPinFromIrp(irp));
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::lock_guard lk(r->lock);
    *static_cast<ULONG*>(data) = r->pacing;
    irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI setPacing(PIRP irp, PKSPROPERTY, PVOID data)
{
    PKSPIN pin = KsGetPinFromIrp(irp);
    WavoutPin* r = recordOf(pin);
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    const ULONG pacing = *static_cast<const ULONG*>(data);
    if (pacing != OPENKS_WAVOUT_PACING_REALTIME && pacing != OPENKS_WAVOUT_PACING_FREERUNNING) {
        return STATUS_INVALID_PARAMETER;
    }
    {
        std::lock_guard lk(r->lock);
        r->pacing = pacing;
    }
    KsPinAttemptProcessing(pin, TRUE);  // a write waiting for its time may be due now
    return STATUS_SUCCESS;
}

// KSPROPERTY_AUDIO_POSITION: PlayOffset = bytes written to the file,
// WriteOffset = that plus the bytes still queued.
NTSTATUS NTAPI getPosition(PIRP irp, PKSPROPERTY, PVOID data)
{
    PKSPIN pin = KsGetPinFromIrp(irp);
    WavoutPin* r = recordOf(pin);
    if (r == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    LONG queued = 0;
    if (!NT_SUCCESS(KsPinGetAvailableByteCount(pin, &queued, nullptr)) || queued < 0) {
        queued = 0;
    }
    KSAUDIO_POSITION position;
    {
        std::lock_guard lk(r->lock);
        const openks::wavout::AudioPositionValue v = r->position.value();
        position.PlayOffset = v.PlayOffset;
        position.WriteOffset = v.WriteOffset + static_cast<ULONGLONG>(queued);
    }
    std::memcpy(data, &position, sizeof(position));
    irp->IoStatus.Information = sizeof(position);
    return STATUS_SUCCESS;
}

DEFINE_KSPROPERTY_TABLE(kWavoutItems){
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_OPENKS_WAVOUT_FILENAME, getFileName, sizeof(KSPROPERTY), 0, setFileName, nullptr,
                           0, nullptr, nullptr, 0),
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_OPENKS_WAVOUT_PACING, getPacing, sizeof(KSPROPERTY), sizeof(ULONG), setPacing,
                           nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_TABLE(kAudioItems){
    DEFINE_KSPROPERTY_ITEM(KSPROPERTY_AUDIO_POSITION, getPosition, sizeof(KSPROPERTY), sizeof(KSAUDIO_POSITION),
                           nullptr, nullptr, 0, nullptr, nullptr, 0),
};

DEFINE_KSPROPERTY_SET_TABLE(kWavoutPinSets){
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_OpenksWavout, SIZEOF_ARRAY(kWavoutItems), kWavoutItems, 0, nullptr),
    DEFINE_KSPROPERTY_SET(&KSPROPSETID_Audio, SIZEOF_ARRAY(kAudioItems), kAudioItems, 0, nullptr),
};

DEFINE_KSAUTOMATION_TABLE(kWavoutPinAutomation){
    DEFINE_KSAUTOMATION_PROPERTIES(kWavoutPinSets),
    DEFINE_KSAUTOMATION_METHODS_NULL,
    DEFINE_KSAUTOMATION_EVENTS_NULL,
};

// ---- Format intersection --------------------------------------------------------------------------

bool guidFits(const GUID& caller, const GUID& own)
{
    return IsEqualGUID(caller, GUID_NULL) || IsEqualGUID(caller, own);
}

// KSPROPERTY_PIN_DATAINTERSECTION: stereo when both ranges allow it (else
// mono), 16 bits when both allow it (else the smallest common size; float
// is 32), 48 kHz when both allow it (else the common rate nearest to it),
// as a KSDATAFORMAT_WAVEFORMATEX.  A caller range without audio bounds
// bounds nothing.
NTSTATUS NTAPI wavoutIntersect(PVOID, PIRP, PKSP_PIN, PKSDATARANGE callerRange, PKSDATARANGE ownRange, ULONG bufferSize,
                               PVOID data, PULONG dataSize)
{
    const auto* own = reinterpret_cast<const KSDATARANGE_AUDIO*>(ownRange);
    if (!guidFits(callerRange->MajorFormat, own->DataRange.MajorFormat) ||
        !guidFits(callerRange->SubFormat, own->DataRange.SubFormat) ||
        !guidFits(callerRange->Specifier, own->DataRange.Specifier)) {
        return STATUS_NO_MATCH;
    }
    ULONG maxChannels = own->MaximumChannels;
    ULONG minBits = own->MinimumBitsPerSample;
    ULONG maxBits = own->MaximumBitsPerSample;
    ULONG minRate = own->MinimumSampleFrequency;
    ULONG maxRate = own->MaximumSampleFrequency;
    if (callerRange->FormatSize >= sizeof(KSDATARANGE_AUDIO) &&
        IsEqualGUID(callerRange->Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        const auto* caller = reinterpret_cast<const KSDATARANGE_AUDIO*>(callerRange);
        maxChannels = caller->MaximumChannels < maxChannels ? caller->MaximumChannels : maxChannels;
        minBits = caller->MinimumBitsPerSample > minBits ? caller->MinimumBitsPerSample : minBits;
        maxBits = caller->MaximumBitsPerSample < maxBits ? caller->MaximumBitsPerSample : maxBits;
        minRate = caller->MinimumSampleFrequency > minRate ? caller->MinimumSampleFrequency : minRate;
        maxRate = caller->MaximumSampleFrequency < maxRate ? caller->MaximumSampleFrequency : maxRate;
    }
    const ULONG bits = minBits <= 16 && 16 <= maxBits ? 16 : (minBits + 7) & ~7u;
    if (maxChannels == 0 || bits > maxBits || minRate > maxRate) {
        return STATUS_NO_MATCH;
    }
    const ULONG channels = maxChannels >= 2 ? 2 : 1;
    const ULONG rate = 48000 < minRate ? minRate : (48000 > maxRate ? maxRate : 48000);

    *dataSize = sizeof(KSDATAFORMAT_WAVEFORMATEX);
    if (bufferSize == 0) {
        return STATUS_BUFFER_OVERFLOW;
    }
    if (bufferSize < sizeof(KSDATAFORMAT_WAVEFORMATEX)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    const bool isFloat = IsEqualGUID(own->DataRange.SubFormat, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
    KSDATAFORMAT_WAVEFORMATEX format{};
    format.DataFormat.FormatSize = sizeof(KSDATAFORMAT_WAVEFORMATEX);
    format.DataFormat.MajorFormat = own->DataRange.MajorFormat;
    format.DataFormat.SubFormat = own->DataRange.SubFormat;
    format.DataFormat.Specifier = own->DataRange.Specifier;
    format.WaveFormatEx.wFormatTag = isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM;
    format.WaveFormatEx.nChannels = static_cast<WORD>(channels);
    format.WaveFormatEx.nSamplesPerSec = rate;
    format.WaveFormatEx.wBitsPerSample = static_cast<WORD>(bits);
    format.WaveFormatEx.nBlockAlign = static_cast<WORD>(channels * bits / 8);
    format.WaveFormatEx.nAvgBytesPerSec = rate * format.WaveFormatEx.nBlockAlign;
    format.DataFormat.SampleSize = format.WaveFormatEx.nBlockAlign;
    std::memcpy(data, &format, sizeof(format));
    return STATUS_SUCCESS;
}

// ---- Descriptors ----------------------------------------------------------------------------------

const KSDATARANGE_AUDIO kPcmRange = {
    {{sizeof(KSDATARANGE_AUDIO),
      0,
      0,
      0,
      {STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO)},
      {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM)},
      {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)}}},
    8,       // MaximumChannels
    16,      // MinimumBitsPerSample
    32,      // MaximumBitsPerSample
    8000,    // MinimumSampleFrequency
    192000,  // MaximumSampleFrequency
};

const KSDATARANGE_AUDIO kFloatRange = {
    {{sizeof(KSDATARANGE_AUDIO),
      0,
      0,
      0,
      {STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO)},
      {STATICGUIDOF(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)},
      {STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)}}},
    8,
    32,
    32,
    8000,
    192000,
};

const PKSDATARANGE kWavoutRanges[] = {
    const_cast<PKSDATARANGE>(&kPcmRange.DataRange),
    const_cast<PKSDATARANGE>(&kFloatRange.DataRange),
};

// Replaced per pin by setFraming (10 ms of the pin's format).
DECLARE_SIMPLE_FRAMING_EX(kWavoutFraming, STATICGUIDOF(KSMEMORY_TYPE_KERNEL_NONPAGED),
                          KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY | KSALLOCATOR_REQUIREMENTF_PREFERENCES_ONLY, 2,
                          FILE_BYTE_ALIGNMENT, 80 * 2, 1920 * 8 * 4);

const GUID kSpeakerCategory = {STATICGUIDOF(KSNODETYPE_SPEAKER)};

const KSPIN_DESCRIPTOR_EX kWavoutPins[] = {
    {
        &kWavoutPinDispatch,
        &kWavoutPinAutomation,
        {
            DEFINE_KSPIN_DEFAULT_INTERFACES,
            DEFINE_KSPIN_DEFAULT_MEDIUMS,
            SIZEOF_ARRAY(kWavoutRanges),
            kWavoutRanges,
            KSPIN_DATAFLOW_IN,
            KSPIN_COMMUNICATION_SINK,
            &kSpeakerCategory,
            nullptr,
            {0},
        },
        KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY | KSPIN_FLAG_FIXED_FORMAT,
        1,  // InstancesPossible: one stream at a time, as a render endpoint
        0,  // InstancesNecessary
        &kWavoutFraming,
        wavoutIntersect,
    },
};

const GUID kWavoutCategories[] = {
    {STATICGUIDOF(KSCATEGORY_AUDIO)},
    {STATICGUIDOF(KSCATEGORY_RENDER)},
};

const GUID kWavoutFilterGuid = {STATICGUIDOF(OPENKS_WAVOUT_FILTER)};

DEFINE_KSFILTER_DESCRIPTOR(kWavoutFilter){
    nullptr,  // Dispatch: pin-centric
    nullptr,  // AutomationTable
    KSFILTER_DESCRIPTOR_VERSION,
    0,
    &kWavoutFilterGuid,
    DEFINE_KSFILTER_PIN_DESCRIPTORS(kWavoutPins),
    DEFINE_KSFILTER_CATEGORIES(kWavoutCategories),
    DEFINE_KSFILTER_NODE_DESCRIPTORS_NULL,
    DEFINE_KSFILTER_DEFAULT_CONNECTIONS,
    nullptr,  // ComponentId
};

DEFINE_KSFILTER_DESCRIPTOR_TABLE(kWavoutFilters){&kWavoutFilter};

const KSDEVICE_DESCRIPTOR kWavoutDevice = {nullptr, SIZEOF_ARRAY(kWavoutFilters), kWavoutFilters,
                                           KSDEVICE_DESCRIPTOR_VERSION, 0};

}  // namespace

extern "C" NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    return KsInitializeDriver(driver, registryPath, &kWavoutDevice);
}
