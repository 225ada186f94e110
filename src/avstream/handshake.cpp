// SPDX-License-Identifier: MIT
// Pin handshakes: IOCTL_KS_HANDSHAKE, KsPinRegisterHandshakeCallback and KsPinHandshake.
#include <openks/driver.h>

#include "avstream/pin.h"

namespace openks::avstream {

// Races (the callback pointer is an atomic, never a lock held across the call):
// - register/clear vs a handshake in flight: the handshake loads the pointer
//   once; a request that loaded the old callback before a clear may still run
//   it once after KsPinRegisterHandshakeCallback(pin, NULL) returns.  That is
//   safe because driver modules are never unloaded and the pin outlives every
//   request addressed to it;
// - handshake vs pin close: the io layer sends IRP_MJ_CLOSE only once no
//   request is outstanding on the pin's file object (each IRP holds a
//   reference), so the pin cannot go away under an IOCTL_KS_HANDSHAKE.

NTSTATUS Pin::handshakeIoctl(PIRP irp)
{
    irp->IoStatus.Information = 0;
    // Kernel-only (ks-spec §2.6, §12 item 2): a user-mode requestor is refused
    // whatever its buffers look like.
    if (irp->RequestorMode != KernelMode) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    if (stack->Parameters.DeviceIoControl.InputBufferLength != sizeof(KSHANDSHAKE) ||
        stack->Parameters.DeviceIoControl.OutputBufferLength != sizeof(KSHANDSHAKE)) {
        return STATUS_INVALID_BUFFER_SIZE;  // item 3
    }
    auto* in = static_cast<PKSHANDSHAKE>(stack->Parameters.DeviceIoControl.Type3InputBuffer);
    auto* out = static_cast<PKSHANDSHAKE>(irp->UserBuffer);
    if (in == nullptr || out == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    PFNKSPINHANDSHAKE callback = handshake_.load(std::memory_order_acquire);
    if (callback == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;  // item 5: no protocol is supported
    }
    NTSTATUS status = callback(ks(), in, out);
    if (NT_SUCCESS(status)) {
        irp->IoStatus.Information = sizeof(KSHANDSHAKE);  // item 4
    }
    return status;
}

NTSTATUS Pin::handshake(PKSHANDSHAKE in, PKSHANDSHAKE out)
{
    // KsPinHandshake talks to the pin *connected* to this one, through the
    // same door a kernel client uses: IOCTL_KS_HANDSHAKE, KernelMode, on the
    // peer's file object (so a sink that is not an AVStream pin is asked
    // too).  A pin with no connection has nobody to ask: the status an
    // unsupported protocol gets (ks-spec §5).
    if (in == nullptr || out == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    PFILE_OBJECT peer = referencePeerFile();
    if (peer == nullptr) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    ULONG returned = 0;
    const NTSTATUS status = KsSynchronousIoControlDevice(peer, KernelMode, IOCTL_KS_HANDSHAKE, in, sizeof(KSHANDSHAKE),
                                                         out, sizeof(KSHANDSHAKE), &returned);
    ObDereferenceObject(peer);
    return status;
}

}  // namespace openks::avstream

using PinObject = openks::avstream::Pin;

extern "C" {

void NTAPI KsPinRegisterHandshakeCallback(PKSPIN Pin, PFNKSPINHANDSHAKE Handshake)
{
    if (PinObject* pin = PinObject::fromPublic(Pin)) {
        pin->registerHandshake(Handshake);
    }
}

NTSTATUS NTAPI KsPinHandshake(PKSPIN Pin, PKSHANDSHAKE In, PKSHANDSHAKE Out)
{
    PinObject* pin = PinObject::fromPublic(Pin);
    return pin == nullptr ? STATUS_INVALID_PARAMETER : pin->handshake(In, Out);
}

}  // extern "C"
