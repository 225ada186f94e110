// SPDX-License-Identifier: MIT
// Pin creation: a relative IRP_MJ_CREATE on a filter, validated in the documented order, unwound completely on failure;
// and the kernel KsCreatePin.
#include <openks/driver.h>

#include <cstring>
#include <string>

#include "avstream/device.h"
#include "avstream/filter.h"
#include "avstream/filter_factory.h"
#include "avstream/log.h"
#include "avstream/pin.h"
#include "avstream/pin_format.h"
#include "io/file.h"
#include "ks/connect.h"

namespace openks::avstream {

// Validation order and statuses (ks-spec §8.1, §12 items 37, 49, 50):
//   1. malformed name / KSPIN_CONNECT / KSDATAFORMAT -> STATUS_INVALID_PARAMETER
//      (ks/connect.h; another object class -> STATUS_OBJECT_NAME_NOT_FOUND);
//   2. (PinToHandle is checked after the format, step 6a);
//   3. PinId >= pin factories -> STATUS_INVALID_PARAMETER;
//   4. a UserMode requestor on a KSPIN_FLAG_DENY_USERMODE_ACCESS pin -> STATUS_ACCESS_DENIED;
//   5. interface or medium the pin does not list -> STATUS_NO_MATCH (item 49;
//      the issue text said ERROR_INVALID_PARAMETER, the spec wins);
//   6. a format matching none of the pin's ranges -> STATUS_NO_MATCH;
//   6a. PinToHandle set (a pin-to-pin connection): Pin::prepareLink's
//      checks (pin_connection.cpp);
//   7. InstancesPossible reached -> STATUS_INSUFFICIENT_RESOURCES, which
//      KsCreatePin reports as ERROR_NO_SYSTEM_RESOURCES (1450), the error
//      clients show for "device in use" (ReactOS answers
//      STATUS_UNSUCCESSFUL; §13);
//   8. SetDataFormat for each matching range until one is accepted
//      (STATUS_NO_MATCH moves on, any other failure stops), then Create.
// Steps 1-7 allocate nothing but the parsed copy of the request, so a storm
// of failing creates is cheap.  A failure at step 8 unwinds everything: the
// instance count is unchanged and the minidriver gets no Close.  A source
// pin whose sink refuses the connection (its Connect dispatch fails) has
// been created: it gets its Close, then the creation fails with the sink's
// status.

NTSTATUS Filter::createPin(PIRP irp, PFILE_OBJECT file)
{
    ks::ConnectView view;
    NTSTATUS status = ks::parseConnect(file->FileName.Buffer, file->FileName.Length, &view);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    const KSPIN_CONNECT* connect = view.connect;
    const ULONG pinId = connect->PinId;
    const KSPIN_DESCRIPTOR_EX* descriptor = pinDescriptor(pinId);
    if (descriptor == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (irp->RequestorMode == UserMode && (descriptor->Flags & KSPIN_FLAG_DENY_USERMODE_ACCESS) != 0) {
        return STATUS_ACCESS_DENIED;
    }
    status = ks::validateInterfaceAndMedium(*connect, descriptor->PinDescriptor);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (!formatMatchesDescriptor(descriptor, view.format, view.formatSize)) {
        return STATUS_NO_MATCH;
    }
    Pin::SinkLink link;
    if (connect->PinToHandle != nullptr) {
        status = Pin::prepareLink(irp, *connect, descriptor, view.format, &link);  // pin_connection.cpp
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    if (!reserveInstance(pinId, descriptor->InstancesPossible)) {
        Pin::releaseLink(&link);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    const PinConnection connection{connect, view.format, view.formatSize, view.attributes};
    std::unique_ptr<Pin> pin = Pin::make(this, pinId, descriptor, connection, file,
                                         connect->PinToHandle != nullptr ? &link : nullptr, &status);
    if (pin == nullptr) {
        cancelReservation(pinId);
        return status;
    }
    // KsGetPinFromIrp works inside SetDataFormat and Create.
    file->FsContext = pin->fileContext();
    const KSPIN_DISPATCH* dispatch = descriptor->Dispatch;
    {
        std::lock_guard control(controlMutex_);
        commitInstance(pin.get());
        if (dispatch != nullptr && dispatch->SetDataFormat != nullptr) {
            status = offerFormat(pin->ks(), nullptr, nullptr);  // OldFormat NULL: the creation-time check
        }
        if (NT_SUCCESS(status) && dispatch != nullptr && dispatch->Create != nullptr) {
            status = dispatch->Create(pin->ks(), irp);
            if (status == STATUS_PENDING) {
                logLine("%s: pin %u Create returned STATUS_PENDING, which openks does not support",
                        factory_->owner()->name().c_str(), static_cast<unsigned>(pinId));
                status = STATUS_NOT_SUPPORTED;
            }
        }
        if (!NT_SUCCESS(status)) {
            unlinkPin(pin.get());
        }
    }
    if (NT_SUCCESS(status)) {
        // A source pin's sink hears of the connection once the source exists.
        status = pin->completeLink();
        if (!NT_SUCCESS(status)) {
            std::lock_guard control(controlMutex_);
            if (dispatch != nullptr && dispatch->Close != nullptr) {
                (void)dispatch->Close(pin->ks(), irp);
            }
            unlinkPin(pin.get());
        }
    }
    if (!NT_SUCCESS(status)) {
        file->FsContext = nullptr;
        return status;  // `pin` (its queue, its link) is destroyed here, outside every lock
    }
    if (processor_ != nullptr) {
        processor_->pinAdded(pin->ks());
    }
    // The pin's file object holds a reference on the filter's (io/file.h),
    // so the filter outlives the pin.
    pin.release();  // owned by its file object until IRP_MJ_CLOSE
    return STATUS_SUCCESS;
}

}  // namespace openks::avstream

extern "C" {

NTSTATUS NTAPI openks_KsCreatePinKernel(HANDLE FilterHandle, PKSPIN_CONNECT Connect, ACCESS_MASK DesiredAccess,
                                        PHANDLE ConnectionHandle)
{
    if (Connect == nullptr || ConnectionHandle == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    // The request bytes are KSSTRING_Pin, '\', KSPIN_CONNECT and the
    // KSDATAFORMAT that follows it in memory (FormatSize bytes), as the
    // kernel KsCreatePin builds them.
    const auto* format = reinterpret_cast<const KSDATAFORMAT*>(Connect + 1);
    const ULONG formatSize = format->FormatSize;
    if (formatSize < sizeof(KSDATAFORMAT) || formatSize > 0x10000) {
        return STATUS_INVALID_PARAMETER;
    }
    std::u16string name = u"{146F1A80-4791-11D0-A5D6-28DB04C10000}\\";
    const size_t textBytes = name.size() * sizeof(char16_t);
    const size_t total = textBytes + sizeof(KSPIN_CONNECT) + formatSize;
    name.resize((total + 1) / sizeof(char16_t));
    auto* bytes = reinterpret_cast<uint8_t*>(name.data());
    std::memcpy(bytes + textBytes, Connect, sizeof(KSPIN_CONNECT));
    std::memcpy(bytes + textBytes + sizeof(KSPIN_CONNECT), format, formatSize);
    return openks::io::createRelative(openks::io::systemRequestor(), FilterHandle, bytes, static_cast<ULONG>(total),
                                      DesiredAccess, openks::io::kOpenOverlapped, ConnectionHandle);
}

}  // extern "C"
