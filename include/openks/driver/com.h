/* SPDX-License-Identifier: MIT */
/* The kernel COM interfaces of the AVStream DDI: IUnknown, IKsControl, IKsReferenceClock, IKsDeviceFunctions. */
#pragma once

/*
 * AVStream hands drivers a few COM interfaces: the reference clock of a
 * pin's filter (KsPinGetReferenceClockInterface), IKsControl of a connected
 * pin or filter (KsPinGetConnectedPinInterface), and IKsDeviceFunctions of
 * a device.  In C++ they are abstract classes; in C (or with CINTERFACE)
 * each is a struct whose lpVtbl points at a table of functions taking the
 * object first:
 *
 *   PIKSREFERENCECLOCK clock;
 *   if (NT_SUCCESS(KsPinGetReferenceClockInterface(pin, &clock))) {
 *       LONGLONG now = clock->GetTime();               // C++
 *       // LONGLONG now = clock->lpVtbl->GetTime(clock); // C
 *       clock->Release();
 *   }
 *
 * The kernel flavour of IUnknown returns NTSTATUS (a LONG, as HRESULT is),
 * so these declarations also serve user-mode code; each is guarded so a
 * header of the client face may define the same interface first.  In C++
 * QueryInterface takes REFIID as a reference (const IID &), in C as a
 * pointer: the same machine-level argument.  Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/* The identity interface every COM object answers ({00000000-0000-0000-C000-000000000046}). */
#ifndef STATIC_IID_IUnknown
#define STATIC_IID_IUnknown 0x00000000L, 0x0000, 0x0000, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46
OPENKS_DEFINE_GUIDEX(IID_IUnknown);
#endif
/* IID_IKsControl belongs to the client-visible types; defined here only if <openks/ks.h> lacks it. */
#ifndef STATIC_IID_IKsControl
#define STATIC_IID_IKsControl 0x28f54685L, 0x06fd, 0x11d2, 0xb2, 0x7a, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96
OPENKS_DEFINE_GUIDEX(IID_IKsControl);
#endif
#define STATIC_IID_IKsFastClock 0xc9902485L, 0xc180, 0x11d2, 0x84, 0x73, 0xd4, 0x23, 0x94, 0x45, 0x9e, 0x5e
OPENKS_DEFINE_GUIDEX(IID_IKsFastClock);
#define STATIC_IID_IKsDeviceFunctions 0xe234f2e2L, 0xbd69, 0x4f8c, 0xb3, 0xf2, 0x7c, 0xd7, 0x9e, 0xd4, 0x66, 0xbd
OPENKS_DEFINE_GUIDEX(IID_IKsDeviceFunctions);

OPENKS_END_C

#if defined(__cplusplus) && !defined(CINTERFACE)

#ifndef __IUnknown_INTERFACE_DEFINED__
#define __IUnknown_INTERFACE_DEFINED__
/* The root of every COM interface: identity and reference counting. */
struct IUnknown {
    /* *Interface receives the interface InterfaceId (referenced).  STATUS_SUCCESS or STATUS_NOINTERFACE. */
    virtual NTSTATUS QueryInterface(REFIID InterfaceId, PVOID *Interface) = 0;
    /* Adds a reference; returns the new count (informational). */
    virtual ULONG AddRef() = 0;
    /* Drops a reference (the object may be freed); returns the new count (informational). */
    virtual ULONG Release() = 0;
};
#endif

#ifndef _IKsControl_
#define _IKsControl_
/* Sends property, method and event requests to a KS object (kernel mode, synchronous). */
struct IKsControl : public IUnknown {
    NTSTATUS QueryInterface(REFIID InterfaceId, PVOID *Interface) override = 0;
    ULONG AddRef() override = 0;
    ULONG Release() override = 0;
    /* An IOCTL_KS_PROPERTY: *BytesReturned receives Information.  Returns the request's status. */
    virtual NTSTATUS KsProperty(PKSPROPERTY Property, ULONG PropertyLength, PVOID PropertyData, ULONG DataLength,
                                ULONG *BytesReturned) = 0;
    /* An IOCTL_KS_METHOD. */
    virtual NTSTATUS KsMethod(PKSMETHOD Method, ULONG MethodLength, PVOID MethodData, ULONG DataLength,
                              ULONG *BytesReturned) = 0;
    /* An IOCTL_KS_ENABLE_EVENT (or DISABLE_EVENT with a NULL Event). */
    virtual NTSTATUS KsEvent(PKSEVENT Event, ULONG EventLength, PVOID EventData, ULONG DataLength,
                             ULONG *BytesReturned) = 0;
};
#endif

#ifndef OPENKS_IKSREFERENCECLOCK_DEFINED
#define OPENKS_IKSREFERENCECLOCK_DEFINED
/* A reference clock: times in 100 ns units; any thread, never blocks. */
struct IKsReferenceClock : public IUnknown {
    NTSTATUS QueryInterface(REFIID InterfaceId, PVOID *Interface) override = 0;
    ULONG AddRef() override = 0;
    ULONG Release() override = 0;
    /* The presentation time (stops while the clock is paused). */
    virtual LONGLONG GetTime() = 0;
    /* The physical time (the underlying hardware clock). */
    virtual LONGLONG GetPhysicalTime() = 0;
    /* GetTime with the system time of the same instant in *SystemTime. */
    virtual LONGLONG GetCorrelatedTime(PLONGLONG SystemTime) = 0;
    /* GetPhysicalTime with the system time of the same instant. */
    virtual LONGLONG GetCorrelatedPhysicalTime(PLONGLONG SystemTime) = 0;
    /* The clock's granularity and error.  STATUS_SUCCESS. */
    virtual NTSTATUS GetResolution(PKSRESOLUTION Resolution) = 0;
    /* The clock's KSSTATE.  STATUS_SUCCESS. */
    virtual NTSTATUS GetState(PKSSTATE State) = 0;
};
#endif

#ifndef OPENKS_IKSDEVICEFUNCTIONS_DEFINED
#define OPENKS_IKSDEVICEFUNCTIONS_DEFINED
/* Extra device services (QueryInterface a KSDEVICE's outer unknown for IID_IKsDeviceFunctions). */
struct IKsDeviceFunctions : public IUnknown {
    NTSTATUS QueryInterface(REFIID InterfaceId, PVOID *Interface) override = 0;
    ULONG AddRef() override = 0;
    ULONG Release() override = 0;
    /*
     * KsDeviceRegisterAdapterObject with the adapter's DeviceDescription and
     * map register count.  Returns STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
     * PASSIVE_LEVEL.
     */
    virtual NTSTATUS RegisterAdapterObjectEx(PADAPTER_OBJECT AdapterObject, PDEVICE_DESCRIPTION DeviceDescription,
                                             ULONG NumberOfMapRegisters, ULONG MaxMappingsByteCount,
                                             ULONG MappingTableStride) = 0;
};
#endif

#else /* C, or C++ with CINTERFACE */

OPENKS_BEGIN_C

#ifndef __IUnknown_INTERFACE_DEFINED__
#define __IUnknown_INTERFACE_DEFINED__
typedef struct IUnknownVtbl {
    NTSTATUS (*QueryInterface)(IUnknown *This, REFIID InterfaceId, PVOID *Interface);
    ULONG (*AddRef)(IUnknown *This);
    ULONG (*Release)(IUnknown *This);
} IUnknownVtbl;
struct IUnknown {
    const IUnknownVtbl *lpVtbl;
};
#endif

#ifndef _IKsControl_
#define _IKsControl_
typedef struct IKsControlVtbl {
    NTSTATUS (*QueryInterface)(IKsControl *This, REFIID InterfaceId, PVOID *Interface);
    ULONG (*AddRef)(IKsControl *This);
    ULONG (*Release)(IKsControl *This);
    NTSTATUS (*KsProperty)
    (IKsControl *This, PKSPROPERTY Property, ULONG PropertyLength, PVOID PropertyData, ULONG DataLength,
     ULONG *BytesReturned);
    NTSTATUS (*KsMethod)
    (IKsControl *This, PKSMETHOD Method, ULONG MethodLength, PVOID MethodData, ULONG DataLength, ULONG *BytesReturned);
    NTSTATUS (*KsEvent)
    (IKsControl *This, PKSEVENT Event, ULONG EventLength, PVOID EventData, ULONG DataLength, ULONG *BytesReturned);
} IKsControlVtbl;
struct IKsControl {
    const IKsControlVtbl *lpVtbl;
};
#endif

#ifndef OPENKS_IKSREFERENCECLOCK_DEFINED
#define OPENKS_IKSREFERENCECLOCK_DEFINED
typedef struct IKsReferenceClockVtbl {
    NTSTATUS (*QueryInterface)(IKsReferenceClock *This, REFIID InterfaceId, PVOID *Interface);
    ULONG (*AddRef)(IKsReferenceClock *This);
    ULONG (*Release)(IKsReferenceClock *This);
    LONGLONG (*GetTime)(IKsReferenceClock *This);
    LONGLONG (*GetPhysicalTime)(IKsReferenceClock *This);
    LONGLONG (*GetCorrelatedTime)(IKsReferenceClock *This, PLONGLONG SystemTime);
    LONGLONG (*GetCorrelatedPhysicalTime)(IKsReferenceClock *This, PLONGLONG SystemTime);
    NTSTATUS (*GetResolution)(IKsReferenceClock *This, PKSRESOLUTION Resolution);
    NTSTATUS (*GetState)(IKsReferenceClock *This, PKSSTATE State);
} IKsReferenceClockVtbl;
struct IKsReferenceClock {
    const IKsReferenceClockVtbl *lpVtbl;
};
#endif

#ifndef OPENKS_IKSDEVICEFUNCTIONS_DEFINED
#define OPENKS_IKSDEVICEFUNCTIONS_DEFINED
typedef struct IKsDeviceFunctionsVtbl {
    NTSTATUS (*QueryInterface)(IKsDeviceFunctions *This, REFIID InterfaceId, PVOID *Interface);
    ULONG (*AddRef)(IKsDeviceFunctions *This);
    ULONG (*Release)(IKsDeviceFunctions *This);
    NTSTATUS (*RegisterAdapterObjectEx)
    (IKsDeviceFunctions *This, PADAPTER_OBJECT AdapterObject, PDEVICE_DESCRIPTION DeviceDescription,
     ULONG NumberOfMapRegisters, ULONG MaxMappingsByteCount, ULONG MappingTableStride);
} IKsDeviceFunctionsVtbl;
struct IKsDeviceFunctions {
    const IKsDeviceFunctionsVtbl *lpVtbl;
};
#endif

OPENKS_END_C

#endif
