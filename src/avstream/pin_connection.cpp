// SPDX-License-Identifier: MIT
// The connected-pin DDI (KsPinGetConnectedPin*, KsPinSubmitFrame...): pins are never connected to another pin yet, so
// each answers "not connected".
#include <openks/driver.h>

// Pin-to-pin connections (KSPIN_CONNECT.PinToHandle) arrive with the
// connection issue; until then every pin is a client's sink and these
// functions report what the DDI documents for an unconnected pin, so a
// minidriver that calls them loads and runs.

extern "C" {

NTSTATUS NTAPI KsPinGetConnectedPinInterface(PKSPIN Pin, const GUID* InterfaceId, PVOID* Interface)
{
    (void)Pin;
    (void)InterfaceId;
    if (Interface != nullptr) {
        *Interface = nullptr;
    }
    return STATUS_UNSUCCESSFUL;  // not connected to an AVStream pin
}

PFILE_OBJECT NTAPI KsPinGetConnectedPinFileObject(PKSPIN Pin)
{
    (void)Pin;
    return nullptr;
}

PDEVICE_OBJECT NTAPI KsPinGetConnectedPinDeviceObject(PKSPIN Pin)
{
    (void)Pin;
    return nullptr;
}

NTSTATUS NTAPI KsPinGetConnectedFilterInterface(PKSPIN Pin, const GUID* InterfaceId, PVOID* Interface)
{
    return KsPinGetConnectedPinInterface(Pin, InterfaceId, Interface);
}

void NTAPI KsPinGetCopyRelationships(PKSPIN Pin, PKSPIN* CopySource, PKSPIN* DelegateBranch)
{
    // No splitter branches exist without connections.
    (void)Pin;
    if (CopySource != nullptr) {
        *CopySource = nullptr;
    }
    if (DelegateBranch != nullptr) {
        *DelegateBranch = nullptr;
    }
}

// KsPinGetReferenceClockInterface and KsPinSetPinClockTime live with the pin clocks (pin_clock.cpp).

NTSTATUS NTAPI KsPinSubmitFrame(PKSPIN Pin, PVOID Data, ULONG Size, PKSSTREAM_HEADER StreamHeader, PVOID Context)
{
    // Frames submitted this way travel to the connected pin; there is none.
    (void)Pin;
    (void)Data;
    (void)Size;
    (void)StreamHeader;
    (void)Context;
    return STATUS_INVALID_DEVICE_REQUEST;
}

NTSTATUS NTAPI KsPinSubmitFrameMdl(PKSPIN Pin, PMDL Mdl, PKSSTREAM_HEADER StreamHeader, PVOID Context)
{
    (void)Pin;
    (void)Mdl;
    (void)StreamHeader;
    (void)Context;
    return STATUS_INVALID_DEVICE_REQUEST;
}

}  // extern "C"
