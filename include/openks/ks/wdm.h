/* SPDX-License-Identifier: MIT */
/* The kernel objects KS is built on: drivers, devices, files, IRPs, events, and the I/O manager calls. */
#pragma once

/*
 * openks runs KS in user space, but minidrivers and KS itself are written
 * against the Windows kernel model, so the objects keep their Windows names
 * and the fields drivers touch keep their Windows names:
 *
 *   NTSTATUS MyDispatch(PDEVICE_OBJECT dev, PIRP irp) {
 *       PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
 *       ULONG code = sp->Parameters.DeviceIoControl.IoControlCode;
 *       irp->IoStatus.Status = STATUS_SUCCESS;
 *       irp->IoStatus.Information = 0;
 *       IoCompleteRequest(irp, IO_NO_INCREMENT);
 *       return STATUS_SUCCESS;
 *   }
 *
 * Layouts of these structures are openks's own (no Windows table pins them);
 * only the member names and meanings are Windows'.  The I/O manager
 * (src/io) owns every object here; drivers borrow them for a call.
 *
 * Threads: every function here may be called from any thread unless its
 * comment says otherwise.  Valid C11 and C++20.
 */

#include <openks/ks/ntstatus.h>
#include <openks/ks/wintypes.h>
#include <openks/ks/guid.h>

OPENKS_BEGIN_C

typedef struct _DEVICE_OBJECT DEVICE_OBJECT, *PDEVICE_OBJECT;
typedef struct _DRIVER_OBJECT DRIVER_OBJECT, *PDRIVER_OBJECT;
typedef struct _FILE_OBJECT FILE_OBJECT, *PFILE_OBJECT;
typedef struct _IRP IRP, *PIRP;
typedef struct _MDL MDL, *PMDL;
typedef struct _IO_STACK_LOCATION IO_STACK_LOCATION, *PIO_STACK_LOCATION;
typedef struct _KTHREAD *PKTHREAD, *PETHREAD;
typedef struct _EPROCESS *PEPROCESS;
typedef struct _OBJECT_TYPE *POBJECT_TYPE;
typedef struct _ADAPTER_OBJECT *PADAPTER_OBJECT;
typedef PVOID PSECURITY_DESCRIPTOR;
typedef PVOID PACCESS_STATE;
typedef ULONG DEVICE_TYPE;
typedef CHAR CCHAR;

/* ---- I/O status ---------------------------------------------------------- */

typedef struct _IO_STATUS_BLOCK {
    union {
        NTSTATUS Status;
        PVOID Pointer;
    };
    ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

typedef VOID(NTAPI *PIO_APC_ROUTINE)(PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, ULONG Reserved);

/* ---- Kernel events ------------------------------------------------------- */

typedef enum _EVENT_TYPE { NotificationEvent = 0, SynchronizationEvent = 1 } EVENT_TYPE;

/* A kernel event.  Opaque storage; use the Ke*Event calls.  Futex-based:
   signalling an event nobody waits on makes no system call. */
typedef struct _KEVENT {
    volatile LONG State; /* bit 0: signalled; higher bits: blocked waiters (KeReadStateEvent reads it) */
    LONG Type;           /* EVENT_TYPE */
    volatile LONG Waiters; /* unused */
    LONG Reserved;         /* 0 for an event; the kind of object a KTIMER, KMUTEX, KSEMAPHORE or thread starts with */
} KEVENT, *PKEVENT, *PRKEVENT;

typedef enum _KWAIT_REASON { Executive = 0, UserRequest = 6 } KWAIT_REASON;

VOID NTAPI KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State);
/* Signals the event; returns the previous state. */
LONG NTAPI KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait);
LONG NTAPI KeResetEvent(PRKEVENT Event);
VOID NTAPI KeClearEvent(PRKEVENT Event);
LONG NTAPI KeReadStateEvent(PRKEVENT Event);
/*
 * Waits for a dispatcher object: a KEVENT, KTIMER, KMUTEX (acquired; at once
 * if the caller owns it), KSEMAPHORE (one unit taken) or thread object (see
 * <openks/ks/wdm_runtime.h>).  Timeout NULL waits forever; otherwise a
 * negative value is a relative time in 100 ns units (0 polls) and a positive
 * one an absolute system time.  Returns STATUS_SUCCESS or STATUS_TIMEOUT.  A
 * wait that may block (Timeout NULL or nonzero) at DISPATCH_LEVEL is a driver
 * bug: openks logs one line and waits anyway.
 */
NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                                     BOOLEAN Alertable, PLARGE_INTEGER Timeout);

typedef enum _WAIT_TYPE { WaitAll = 0, WaitAny = 1 } WAIT_TYPE;
typedef struct _KWAIT_BLOCK *PKWAIT_BLOCK;
#ifndef MAXIMUM_WAIT_OBJECTS
#define MAXIMUM_WAIT_OBJECTS 64
#endif
#ifndef THREAD_WAIT_OBJECTS
#define THREAD_WAIT_OBJECTS 3
#endif

/*
 * Waits for up to MAXIMUM_WAIT_OBJECTS dispatcher objects (as
 * KeWaitForSingleObject; a file object is waited on through
 * &FileObject->Event).  WaitAny returns
 * STATUS_WAIT_0 + the index of a signalled object (a synchronization event is
 * consumed); WaitAll returns STATUS_WAIT_0 once all are signalled.
 * STATUS_TIMEOUT as KeWaitForSingleObject; STATUS_INVALID_PARAMETER for
 * Count 0, Count > MAXIMUM_WAIT_OBJECTS or a NULL entry.  WaitBlockArray is
 * ignored.  Any thread.
 */
NTSTATUS NTAPI KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
                                        KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                                        PKWAIT_BLOCK WaitBlockArray);

/* ---- Major functions and IRP stack --------------------------------------- */

#define IRP_MJ_CREATE 0x00
#define IRP_MJ_CREATE_NAMED_PIPE 0x01
#define IRP_MJ_CLOSE 0x02
#define IRP_MJ_READ 0x03
#define IRP_MJ_WRITE 0x04
#define IRP_MJ_QUERY_INFORMATION 0x05
#define IRP_MJ_SET_INFORMATION 0x06
#define IRP_MJ_FLUSH_BUFFERS 0x09
#define IRP_MJ_QUERY_SECURITY 0x14
#define IRP_MJ_SET_SECURITY 0x15
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_MJ_INTERNAL_DEVICE_CONTROL 0x0f
#define IRP_MJ_SHUTDOWN 0x10
#define IRP_MJ_CLEANUP 0x12
#define IRP_MJ_POWER 0x16
#define IRP_MJ_SYSTEM_CONTROL 0x17
#define IRP_MJ_PNP 0x1b
#define IRP_MJ_MAXIMUM_FUNCTION 0x1b

/* IRP_MJ_PNP minor functions (IO_STACK_LOCATION.MinorFunction). */
#define IRP_MN_START_DEVICE 0x00
#define IRP_MN_QUERY_REMOVE_DEVICE 0x01
#define IRP_MN_REMOVE_DEVICE 0x02
#define IRP_MN_CANCEL_REMOVE_DEVICE 0x03
#define IRP_MN_STOP_DEVICE 0x04
#define IRP_MN_QUERY_STOP_DEVICE 0x05
#define IRP_MN_CANCEL_STOP_DEVICE 0x06
#define IRP_MN_QUERY_DEVICE_RELATIONS 0x07
#define IRP_MN_QUERY_INTERFACE 0x08
#define IRP_MN_QUERY_CAPABILITIES 0x09
#define IRP_MN_SURPRISE_REMOVAL 0x17
/* IRP_MJ_POWER minor functions. */
#define IRP_MN_WAIT_WAKE 0x00
#define IRP_MN_POWER_SEQUENCE 0x01
#define IRP_MN_SET_POWER 0x02
#define IRP_MN_QUERY_POWER 0x03

/* IO_STACK_LOCATION.Control */
#define SL_PENDING_RETURNED 0x01
#define SL_ERROR_RETURNED 0x02
#define SL_INVOKE_ON_CANCEL 0x20
#define SL_INVOKE_ON_SUCCESS 0x40
#define SL_INVOKE_ON_ERROR 0x80

#define IO_NO_INCREMENT 0

/* How many stack locations every IRP carries (drivers may forward this deep). */
#define OPENKS_IRP_STACK_SIZE 4

typedef struct _IO_SECURITY_CONTEXT {
    PVOID SecurityQos;
    PACCESS_STATE AccessState;
    ACCESS_MASK DesiredAccess;
    ULONG FullCreateOptions;
} IO_SECURITY_CONTEXT, *PIO_SECURITY_CONTEXT;

typedef NTSTATUS(NTAPI IO_COMPLETION_ROUTINE)(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);
typedef IO_COMPLETION_ROUTINE *PIO_COMPLETION_ROUTINE;

struct _IO_STACK_LOCATION {
    UCHAR MajorFunction;
    UCHAR MinorFunction;
    UCHAR Flags;
    UCHAR Control;
    union {
        struct {
            PIO_SECURITY_CONTEXT SecurityContext;
            ULONG Options;
            USHORT FileAttributes;
            USHORT ShareAccess;
            ULONG EaLength;
        } Create;
        struct {
            ULONG Length;
            ULONG Key;
            LARGE_INTEGER ByteOffset;
        } Read;
        struct {
            ULONG Length;
            ULONG Key;
            LARGE_INTEGER ByteOffset;
        } Write;
        /* METHOD_NEITHER: the caller's raw buffers.  Input is Type3InputBuffer /
           InputBufferLength; output is IRP::UserBuffer / OutputBufferLength. */
        struct {
            ULONG OutputBufferLength;
            ULONG InputBufferLength;
            ULONG IoControlCode;
            PVOID Type3InputBuffer;
        } DeviceIoControl;
        struct {
            PVOID Argument1;
            PVOID Argument2;
            PVOID Argument3;
            PVOID Argument4;
        } Others;
    } Parameters;
    PDEVICE_OBJECT DeviceObject;
    PFILE_OBJECT FileObject;
    PIO_COMPLETION_ROUTINE CompletionRoutine;
    PVOID Context;
};

/* ---- Driver, device and file objects ------------------------------------- */

typedef NTSTATUS(NTAPI DRIVER_DISPATCH)(PDEVICE_OBJECT DeviceObject, PIRP Irp);
typedef DRIVER_DISPATCH *PDRIVER_DISPATCH;
typedef VOID(NTAPI DRIVER_CANCEL)(PDEVICE_OBJECT DeviceObject, PIRP Irp);
typedef DRIVER_CANCEL *PDRIVER_CANCEL;
typedef NTSTATUS(NTAPI DRIVER_ADD_DEVICE)(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject);
typedef DRIVER_ADD_DEVICE *PDRIVER_ADD_DEVICE;
typedef VOID(NTAPI DRIVER_UNLOAD)(PDRIVER_OBJECT DriverObject);
typedef DRIVER_UNLOAD *PDRIVER_UNLOAD;
typedef NTSTATUS(NTAPI DRIVER_INITIALIZE)(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
typedef DRIVER_INITIALIZE *PDRIVER_INITIALIZE;

typedef struct _DRIVER_EXTENSION {
    PDRIVER_OBJECT DriverObject;
    PDRIVER_ADD_DEVICE AddDevice;
    ULONG Count;
    UNICODE_STRING ServiceKeyName;
} DRIVER_EXTENSION, *PDRIVER_EXTENSION;

struct _DRIVER_OBJECT {
    SHORT Type;
    SHORT Size;
    PDEVICE_OBJECT DeviceObject; /* first device this driver created */
    ULONG Flags;
    PVOID DriverStart;
    ULONG DriverSize;
    PVOID DriverSection;
    PDRIVER_EXTENSION DriverExtension;
    UNICODE_STRING DriverName;
    PUNICODE_STRING HardwareDatabase;
    PVOID FastIoDispatch;
    PDRIVER_INITIALIZE DriverInit;
    PVOID DriverStartIo;
    PDRIVER_UNLOAD DriverUnload;
    PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
};

#define DO_BUFFERED_IO 0x00000004
#define DO_EXCLUSIVE 0x00000008
#define DO_DIRECT_IO 0x00000010
#define DO_DEVICE_INITIALIZING 0x00000080
#define DO_POWER_PAGABLE 0x00002000

#define FILE_DEVICE_UNKNOWN 0x00000022
#define FILE_DEVICE_SECURE_OPEN 0x00000100
#define FILE_AUTOGENERATED_DEVICE_NAME 0x00000080

struct _DEVICE_OBJECT {
    SHORT Type;
    USHORT Size;
    LONG ReferenceCount;
    PDRIVER_OBJECT DriverObject;
    PDEVICE_OBJECT NextDevice;     /* next device of the same driver */
    PDEVICE_OBJECT AttachedDevice; /* device stacked on top of this one */
    PIRP CurrentIrp;
    PVOID Timer;
    ULONG Flags;
    ULONG Characteristics;
    PVOID Vpb;
    PVOID DeviceExtension; /* DeviceExtensionSize zeroed bytes owned by the driver */
    DEVICE_TYPE DeviceType;
    CCHAR StackSize;
    ULONG AlignmentRequirement;
};

#define FO_SYNCHRONOUS_IO 0x00000002

struct _FILE_OBJECT {
    SHORT Type;
    SHORT Size;
    PDEVICE_OBJECT DeviceObject;
    PVOID Vpb;
    PVOID FsContext;  /* owned by the driver that answered the create (KS: object header) */
    PVOID FsContext2; /* owned by the driver that answered the create */
    PVOID SectionObjectPointer;
    PVOID PrivateCacheMap;
    NTSTATUS FinalStatus;
    PFILE_OBJECT RelatedFileObject; /* parent object for a relative create (pin -> filter) */
    BOOLEAN LockOperation;
    BOOLEAN DeletePending;
    BOOLEAN ReadAccess;
    BOOLEAN WriteAccess;
    BOOLEAN DeleteAccess;
    BOOLEAN SharedRead;
    BOOLEAN SharedWrite;
    BOOLEAN SharedDelete;
    ULONG Flags;
    /* For IRP_MJ_CREATE: the name relative to the device (the reference
       string, e.g. "\{guid}") or, for a relative create, the object class
       string, a '\' and the binary create parameters.  Length is in bytes
       and may include binary data after the text. */
    UNICODE_STRING FileName;
    LARGE_INTEGER CurrentByteOffset;
    /* Signalled when a request on this file completes that was issued
       without an event of its own; waiting on the file handle waits on it. */
    KEVENT Event;
};

/* ---- IRP ----------------------------------------------------------------- */

#define IRP_BUFFERED_IO 0x00000010
#define IRP_DEALLOCATE_BUFFER 0x00000020
#define IRP_INPUT_OPERATION 0x00000040
#define IRP_SYNCHRONOUS_API 0x00000004

struct _IRP {
    SHORT Type;
    USHORT Size;
    PMDL MdlAddress;
    ULONG Flags; /* IRP_BUFFERED_IO | IRP_INPUT_OPERATION: copy SystemBuffer back to UserBuffer on completion */
    union {
        struct _IRP *MasterIrp;
        LONG IrpCount;
        PVOID SystemBuffer;
    } AssociatedIrp;
    LIST_ENTRY ThreadListEntry;
    IO_STATUS_BLOCK IoStatus;
    KPROCESSOR_MODE RequestorMode; /* KernelMode or UserMode: who issued the request */
    BOOLEAN PendingReturned;
    CHAR StackCount;
    CHAR CurrentLocation;
    BOOLEAN Cancel; /* set by IoCancelIrp (atomic store): read with __atomic_load_n off the cancelling thread */
    KIRQL CancelIrql;
    CCHAR ApcEnvironment;
    UCHAR AllocationFlags;
    PIO_STATUS_BLOCK UserIosb;
    PKEVENT UserEvent;
    union {
        struct {
            PIO_APC_ROUTINE UserApcRoutine;
            PVOID UserApcContext;
        } AsynchronousParameters;
        LARGE_INTEGER AllocationSize;
    } Overlay;
    PDRIVER_CANCEL CancelRoutine; /* exchanged atomically: use IoSetCancelRoutine */
    PVOID UserBuffer;             /* METHOD_NEITHER output buffer */
    union {
        struct {
            PVOID DriverContext[4]; /* owned by the driver that holds the IRP */
            PETHREAD Thread;
            PCHAR AuxiliaryBuffer;
            struct {
                LIST_ENTRY ListEntry; /* owned by the driver that holds the IRP */
                union {
                    PIO_STACK_LOCATION CurrentStackLocation;
                    ULONG PacketType;
                };
            };
            PFILE_OBJECT OriginalFileObject;
        } Overlay;
    } Tail;
    IO_STACK_LOCATION Stack[OPENKS_IRP_STACK_SIZE];
};

static inline PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP Irp)
{
    return Irp->Tail.Overlay.CurrentStackLocation;
}

static inline PIO_STACK_LOCATION IoGetNextIrpStackLocation(PIRP Irp)
{
    return Irp->Tail.Overlay.CurrentStackLocation - 1;
}

static inline VOID IoSkipCurrentIrpStackLocation(PIRP Irp)
{
    Irp->CurrentLocation++;
    Irp->Tail.Overlay.CurrentStackLocation++;
}

static inline VOID IoCopyCurrentIrpStackLocationToNext(PIRP Irp)
{
    PIO_STACK_LOCATION cur = IoGetCurrentIrpStackLocation(Irp);
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);
    __builtin_memcpy(next, cur, offsetof(IO_STACK_LOCATION, CompletionRoutine));
    next->Control = 0;
}

static inline VOID IoMarkIrpPending(PIRP Irp)
{
    IoGetCurrentIrpStackLocation(Irp)->Control |= SL_PENDING_RETURNED;
}

static inline VOID IoSetCompletionRoutine(PIRP Irp, PIO_COMPLETION_ROUTINE CompletionRoutine, PVOID Context,
                                          BOOLEAN InvokeOnSuccess, BOOLEAN InvokeOnError, BOOLEAN InvokeOnCancel)
{
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);
    next->CompletionRoutine = CompletionRoutine;
    next->Context = Context;
    next->Control = 0;
    if (InvokeOnSuccess) next->Control |= SL_INVOKE_ON_SUCCESS;
    if (InvokeOnError) next->Control |= SL_INVOKE_ON_ERROR;
    if (InvokeOnCancel) next->Control |= SL_INVOKE_ON_CANCEL;
}

/* Atomically replaces the IRP's cancel routine and returns the previous one.
   A NULL result on the completion path means a cancel is already running and
   owns the IRP. */
static inline PDRIVER_CANCEL IoSetCancelRoutine(PIRP Irp, PDRIVER_CANCEL CancelRoutine)
{
    return __atomic_exchange_n(&Irp->CancelRoutine, CancelRoutine, __ATOMIC_ACQ_REL);
}

/* ---- The I/O manager ----------------------------------------------------- */

/*
 * Completes an IRP: runs the completion routines up the stack (honouring
 * SL_INVOKE_ON_* and STATUS_MORE_PROCESSING_REQUIRED, which hands the IRP
 * back to that routine's driver), copies back a buffered output, fills the
 * issuer's IO_STATUS_BLOCK, signals its event (or the file object's Event)
 * and releases the IRP — write-backs before any signal.  Exactly once per
 * IRP; a second completion is a bug and stops the process through
 * KeBugCheckEx(MULTIPLE_IRP_COMPLETE_REQUESTS), as does completing with
 * STATUS_PENDING.  Any thread; do not hold a lock the driver's IRP_MJ_CLOSE
 * needs: releasing the IRP may drop the file object's last reference.
 */
VOID NTAPI IoCompleteRequest(PIRP Irp, CCHAR PriorityBoost);
#define IofCompleteRequest IoCompleteRequest

/* Sends an IRP to a device: advances the stack and calls the driver's
   MajorFunction.  Returns what the driver returned (STATUS_PENDING if the IRP
   will complete later, on any thread).  A NULL device or MajorFunction entry
   completes the IRP with STATUS_INVALID_DEVICE_REQUEST; forwarding past the
   last stack location stops the process (NO_MORE_IRP_STACK_LOCATIONS). */
NTSTATUS NTAPI IoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp);
#define IofCallDriver IoCallDriver

/* Requests cancellation.  Sets Irp->Cancel; if a cancel routine is set, takes
   it (atomically) and calls it with the cancel spin lock held — the routine
   must call IoReleaseCancelSpinLock(Irp->CancelIrql) and complete the IRP with
   STATUS_CANCELLED.  Returns TRUE if a cancel routine was called.  The IRP
   may be completing on another thread meanwhile (the caller must only know it
   was not yet recycled); it stays pinned until IoCancelIrp returns. */
BOOLEAN NTAPI IoCancelIrp(PIRP Irp);
/* The global cancel spin lock: not recursive (taking it twice on one thread,
   or releasing it unheld, stops the process).  *Irql receives PASSIVE_LEVEL. */
VOID NTAPI IoAcquireCancelSpinLock(PKIRQL Irql);
VOID NTAPI IoReleaseCancelSpinLock(KIRQL Irql);

/* IRPs for drivers that build their own requests (from a pool: no allocation
   in steady state).  An IRP from IoAllocateIrp is freed with IoFreeIrp by its
   owner, typically in a completion routine returning
   STATUS_MORE_PROCESSING_REQUIRED; one that completes all the way instead
   goes back to the pool by itself.  NULL for a StackSize outside
   1..OPENKS_IRP_STACK_SIZE. */
PIRP NTAPI IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota);
VOID NTAPI IoFreeIrp(PIRP Irp);

/*
 * Creates a device of a driver (the driver object must come from the I/O
 * manager), with DeviceExtensionSize zeroed, 16-byte aligned bytes
 * (DeviceExtension is NULL for 0), DO_DEVICE_INITIALIZING set and StackSize 1.
 * A DeviceName ("\Device\tone") is unique, compared ignoring ASCII case.
 * STATUS_OBJECT_NAME_COLLISION, STATUS_OBJECT_NAME_INVALID (not starting with
 * '\'), STATUS_INVALID_PARAMETER, STATUS_INSUFFICIENT_RESOURCES.
 * IoDeleteDevice unpublishes the device (name, interfaces) at once; the
 * object goes when the last file opened on it has closed.
 */
NTSTATUS NTAPI IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize, PUNICODE_STRING DeviceName,
                              DEVICE_TYPE DeviceType, ULONG DeviceCharacteristics, BOOLEAN Exclusive,
                              PDEVICE_OBJECT *DeviceObject);
VOID NTAPI IoDeleteDevice(PDEVICE_OBJECT DeviceObject);
PDEVICE_OBJECT NTAPI IoAttachDeviceToDeviceStack(PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice);
VOID NTAPI IoDetachDevice(PDEVICE_OBJECT TargetDevice);
PDEVICE_OBJECT NTAPI IoGetRelatedDeviceObject(PFILE_OBJECT FileObject);
PDEVICE_OBJECT NTAPI IoGetAttachedDeviceReference(PDEVICE_OBJECT DeviceObject);
/* The top of the device stack DeviceObject belongs to, without a reference. */
PDEVICE_OBJECT NTAPI IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject);

/*
 * Device interfaces: a device is published in a category (interface class
 * GUID) under a symbolic link path that clients pass to CreateFile.  The
 * reference string becomes the FileName ("\" + reference) of creates made
 * through that path.  The link is
 *   \\?\openks#<device name>#<instance>#{<category, lower case>}[\<reference>]
 * (see src/io/device.h), the same for the same (device, category, reference),
 * allocated for the caller (RtlFreeUnicodeString).  STATUS_INVALID_PARAMETER
 * (NULL arguments, '\' or '/' in the reference string), STATUS_NO_SUCH_DEVICE
 * (deleted device).  IoSetDeviceInterfaceState: STATUS_OBJECT_NAME_NOT_FOUND
 * for an unknown link; enabling or disabling twice succeeds.
 */
NTSTATUS NTAPI IoRegisterDeviceInterface(PDEVICE_OBJECT PhysicalDeviceObject, const GUID *InterfaceClassGuid,
                                         PUNICODE_STRING ReferenceString, PUNICODE_STRING SymbolicLinkName);
NTSTATUS NTAPI IoSetDeviceInterfaceState(PUNICODE_STRING SymbolicLinkName, BOOLEAN Enable);

/*
 * Sends IoControl to the device of FileObject as an IRP_MJ_DEVICE_CONTROL
 * whose RequestorMode is RequestorMode (METHOD_NEITHER buffers, passed
 * unvalidated), waits out STATUS_PENDING and returns the final status.
 * *BytesReturned receives the final Information, also for warning statuses
 * (STATUS_BUFFER_OVERFLOW size queries).  STATUS_INVALID_PARAMETER for a NULL
 * FileObject.  A kernel (KS) function that the I/O manager implements; any
 * thread that may block (not from a completion routine).
 */
NTSTATUS NTAPI KsSynchronousIoControlDevice(PFILE_OBJECT FileObject, KPROCESSOR_MODE RequestorMode, ULONG IoControl,
                                            PVOID InBuffer, ULONG InSize, PVOID OutBuffer, ULONG OutSize,
                                            PULONG BytesReturned);

/* ---- Objects and handles ------------------------------------------------- */

typedef struct _OBJECT_HANDLE_INFORMATION {
    ULONG HandleAttributes;
    ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

/* Access rights (ACCESS_MASK bits), as Windows. */
#ifndef DELETE
#define DELETE 0x00010000
#endif
#ifndef READ_CONTROL
#define READ_CONTROL 0x00020000
#endif
#ifndef WRITE_DAC
#define WRITE_DAC 0x00040000
#endif
#ifndef WRITE_OWNER
#define WRITE_OWNER 0x00080000
#endif
#ifndef SYNCHRONIZE
#define SYNCHRONIZE 0x00100000
#endif
#ifndef STANDARD_RIGHTS_REQUIRED
#define STANDARD_RIGHTS_REQUIRED 0x000F0000
#endif
#ifndef STANDARD_RIGHTS_READ
#define STANDARD_RIGHTS_READ READ_CONTROL
#endif
#ifndef STANDARD_RIGHTS_WRITE
#define STANDARD_RIGHTS_WRITE READ_CONTROL
#endif
#ifndef STANDARD_RIGHTS_EXECUTE
#define STANDARD_RIGHTS_EXECUTE READ_CONTROL
#endif
#ifndef STANDARD_RIGHTS_ALL
#define STANDARD_RIGHTS_ALL 0x001F0000
#endif
#ifndef MAXIMUM_ALLOWED
#define MAXIMUM_ALLOWED 0x02000000
#endif
#ifndef GENERIC_READ
#define GENERIC_READ 0x80000000
#endif
#ifndef GENERIC_WRITE
#define GENERIC_WRITE 0x40000000
#endif
#ifndef GENERIC_EXECUTE
#define GENERIC_EXECUTE 0x20000000
#endif
#ifndef GENERIC_ALL
#define GENERIC_ALL 0x10000000
#endif
#ifndef FILE_READ_DATA
#define FILE_READ_DATA 0x0001
#endif
#ifndef FILE_WRITE_DATA
#define FILE_WRITE_DATA 0x0002
#endif
#ifndef FILE_APPEND_DATA
#define FILE_APPEND_DATA 0x0004
#endif
#ifndef FILE_READ_EA
#define FILE_READ_EA 0x0008
#endif
#ifndef FILE_WRITE_EA
#define FILE_WRITE_EA 0x0010
#endif
#ifndef FILE_EXECUTE
#define FILE_EXECUTE 0x0020
#endif
#ifndef FILE_READ_ATTRIBUTES
#define FILE_READ_ATTRIBUTES 0x0080
#endif
#ifndef FILE_WRITE_ATTRIBUTES
#define FILE_WRITE_ATTRIBUTES 0x0100
#endif
#ifndef FILE_ALL_ACCESS
#define FILE_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1FF)
#endif
#ifndef FILE_GENERIC_READ
#define FILE_GENERIC_READ (STANDARD_RIGHTS_READ | FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE)
#endif
#ifndef FILE_GENERIC_WRITE
#define FILE_GENERIC_WRITE \
    (STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | FILE_APPEND_DATA | SYNCHRONIZE)
#endif
#ifndef FILE_GENERIC_EXECUTE
#define FILE_GENERIC_EXECUTE (STANDARD_RIGHTS_EXECUTE | FILE_READ_ATTRIBUTES | FILE_EXECUTE | SYNCHRONIZE)
#endif
#ifndef EVENT_QUERY_STATE
#define EVENT_QUERY_STATE 0x0001
#endif
#ifndef EVENT_MODIFY_STATE
#define EVENT_MODIFY_STATE 0x0002
#endif
#ifndef EVENT_ALL_ACCESS
#define EVENT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#endif

/* Object Type/Size tags of the I/O manager's objects (the Type member). */
#define IO_TYPE_DEVICE 3
#define IO_TYPE_DRIVER 4
#define IO_TYPE_FILE 5
#define IO_TYPE_IRP 6

/*
 * Object types.  Every object the I/O manager creates (files, devices,
 * drivers, events) carries a reference-counted header, so ObReferenceObject
 * and ObDereferenceObject work on any of them.  As on Windows, each name is a
 * POBJECT_TYPE* and callers pass the type itself: *IoFileObjectType.
 *
 *   PFILE_OBJECT file;
 *   ObReferenceObjectByHandle(h, 0, *IoFileObjectType, KernelMode, (PVOID*)&file, NULL);
 */
OPENKS_EXTERN_C POBJECT_TYPE *IoFileObjectType;
/* Events created through the object manager; the body is a KEVENT. */
OPENKS_EXTERN_C POBJECT_TYPE *ExEventObjectType;
OPENKS_EXTERN_C POBJECT_TYPE *IoDeviceObjectType;
OPENKS_EXTERN_C POBJECT_TYPE *IoDriverObjectType;

/*
 * Resolves a handle in the handle table of the requestor of the request being
 * dispatched on this thread (the client process or connection that sent it),
 * or in the system table when no request is being dispatched, and adds a
 * reference to the object.  STATUS_INVALID_HANDLE for an unknown or closed
 * handle, STATUS_OBJECT_TYPE_MISMATCH for a wrong ObjectType,
 * STATUS_ACCESS_DENIED when AccessMode is UserMode and the handle lacks
 * DesiredAccess.  Release with ObDereferenceObject.
 */
NTSTATUS NTAPI ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                                         KPROCESSOR_MODE AccessMode, PVOID *Object,
                                         POBJECT_HANDLE_INFORMATION HandleInformation);
LONG_PTR NTAPI ObfReferenceObject(PVOID Object);
LONG_PTR NTAPI ObfDereferenceObject(PVOID Object);
#define ObReferenceObject(Object) ObfReferenceObject(Object)
#define ObDereferenceObject(Object) ObfDereferenceObject(Object)

/* ---- Bug checks ---------------------------------------------------------- */

#define MULTIPLE_IRP_COMPLETE_REQUESTS 0x00000044
#define NO_MORE_IRP_STACK_LOCATIONS 0x00000035
#define DRIVER_VERIFIER_DETECTED_VIOLATION 0x000000C4

/* Reports a broken kernel-mode invariant and stops the process (never returns). */
__attribute__((noreturn)) VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                                                  ULONG_PTR P4);

/* ---- Deferred work ------------------------------------------------------- */

/* KSEVENTDATA (KSEVENTF_DPC / KSEVENTF_WORKITEM) points at these. */
typedef struct _KDPC KDPC, *PKDPC, *PRKDPC;

typedef enum _WORK_QUEUE_TYPE {
    CriticalWorkQueue = 0,
    DelayedWorkQueue = 1,
    HyperCriticalWorkQueue = 2,
    NormalWorkQueue = 3,
    BackgroundWorkQueue = 4,
    RealTimeWorkQueue = 5,
    SuperCriticalWorkQueue = 6,
    MaximumWorkQueue = 7,
    CustomPriorityWorkQueue = 32
} WORK_QUEUE_TYPE;

typedef VOID(NTAPI WORKER_THREAD_ROUTINE)(PVOID Parameter);
typedef WORKER_THREAD_ROUTINE *PWORKER_THREAD_ROUTINE;

/* A work item a driver owns; List is owned by whoever queued it. */
typedef struct _WORK_QUEUE_ITEM {
    LIST_ENTRY List;
    PWORKER_THREAD_ROUTINE WorkerRoutine;
    volatile PVOID Parameter;
} WORK_QUEUE_ITEM, *PWORK_QUEUE_ITEM;

/* Fills a work item before its first queuing (KsQueueWorkItem). */
#define ExInitializeWorkItem(Item, Routine, Context) \
    do {                                             \
        (Item)->WorkerRoutine = (Routine);           \
        (Item)->Parameter = (Context);               \
        (Item)->List.Flink = NULL;                   \
    } while (0)

/* ---- Doubly linked lists ------------------------------------------------- */

/*
 * The wdm list helpers over LIST_ENTRY (a circular list with a head entry),
 * as drivers use them, e.g. in a KSEVENT_ITEM RemoveHandler:
 *   RemoveEntryList(&EventEntry->ListEntry);
 */
static inline VOID InitializeListHead(PLIST_ENTRY ListHead)
{
    ListHead->Flink = ListHead->Blink = ListHead;
}

static inline BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead)
{
    return (BOOLEAN)(ListHead->Flink == ListHead);
}

/* Unlinks Entry; TRUE if the list it was on is now empty. */
static inline BOOLEAN RemoveEntryList(PLIST_ENTRY Entry)
{
    PLIST_ENTRY next = Entry->Flink;
    PLIST_ENTRY previous = Entry->Blink;
    previous->Flink = next;
    next->Blink = previous;
    return (BOOLEAN)(previous == next);
}

static inline VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
    PLIST_ENTRY last = ListHead->Blink;
    Entry->Flink = ListHead;
    Entry->Blink = last;
    last->Flink = Entry;
    ListHead->Blink = Entry;
}

static inline VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
    PLIST_ENTRY first = ListHead->Flink;
    Entry->Flink = first;
    Entry->Blink = ListHead;
    first->Blink = Entry;
    ListHead->Flink = Entry;
}

/* Unlinks and returns the first entry (the head itself when the list is empty). */
static inline PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead)
{
    PLIST_ENTRY first = ListHead->Flink;
    RemoveEntryList(first);
    return first;
}

/* ---- Pool and time ------------------------------------------------------- */

typedef enum _POOL_TYPE {
    NonPagedPool = 0,
    PagedPool = 1,
    NonPagedPoolMustSucceed = 2,
    NonPagedPoolCacheAligned = 4,
    PagedPoolCacheAligned = 5,
    NonPagedPoolNx = 512
} POOL_TYPE;

PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID NTAPI ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes);
VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG Tag);
VOID NTAPI ExFreePool(PVOID P);

/* 100 ns units since 1601-01-01 UTC, as Windows. */
VOID NTAPI KeQuerySystemTime(PLARGE_INTEGER CurrentTime);
/* 100 ns units of a monotonic clock. */
ULONGLONG NTAPI KeQueryInterruptTime(VOID);
LARGE_INTEGER NTAPI KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency);

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString);
BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive);
/* Formats a GUID as "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" into a new buffer (free with RtlFreeUnicodeString). */
NTSTATUS NTAPI RtlStringFromGUID(REFGUID Guid, PUNICODE_STRING GuidString);
NTSTATUS NTAPI RtlGUIDFromString(PCUNICODE_STRING GuidString, GUID *Guid);
VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString);

/* ---- Kernel types the AVStream DDI names ---------------------------------- */

/*
 * Types that KS and AVStream function signatures and structures name.  The
 * ones openks never looks inside (timers, resource lists, DMA and
 * capability descriptions) are opaque: a driver only passes pointers to them.
 */
typedef struct _KTIMER KTIMER, *PKTIMER, *PRKTIMER;
typedef struct _IO_WORKITEM IO_WORKITEM, *PIO_WORKITEM;
typedef struct _CM_RESOURCE_LIST CM_RESOURCE_LIST, *PCM_RESOURCE_LIST;
typedef struct _DEVICE_CAPABILITIES DEVICE_CAPABILITIES, *PDEVICE_CAPABILITIES;
typedef struct _DEVICE_DESCRIPTION DEVICE_DESCRIPTION, *PDEVICE_DESCRIPTION;
typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

#ifndef UNICODE_NULL
#define UNICODE_NULL ((WCHAR)0)
#endif

/* A COM object pointer; the interfaces themselves are declared where used. */
typedef struct IUnknown IUnknown;
typedef IUnknown *PUNKNOWN;

/* Power states and actions, as the PnP power IRPs report them. */
typedef enum _DEVICE_POWER_STATE {
    PowerDeviceUnspecified = 0,
    PowerDeviceD0,
    PowerDeviceD1,
    PowerDeviceD2,
    PowerDeviceD3,
    PowerDeviceMaximum
} DEVICE_POWER_STATE, *PDEVICE_POWER_STATE;

typedef enum _SYSTEM_POWER_STATE {
    PowerSystemUnspecified = 0,
    PowerSystemWorking,
    PowerSystemSleeping1,
    PowerSystemSleeping2,
    PowerSystemSleeping3,
    PowerSystemHibernate,
    PowerSystemShutdown,
    PowerSystemMaximum
} SYSTEM_POWER_STATE, *PSYSTEM_POWER_STATE;

typedef enum _POWER_ACTION {
    PowerActionNone = 0,
    PowerActionReserved,
    PowerActionSleep,
    PowerActionHibernate,
    PowerActionShutdown,
    PowerActionShutdownReset,
    PowerActionShutdownOff,
    PowerActionWarmEject,
    PowerActionDisplayOff
} POWER_ACTION, *PPOWER_ACTION;

/* File information classes (IRP_MJ_QUERY/SET_INFORMATION). */
typedef enum _FILE_INFORMATION_CLASS {
    FileBasicInformation = 4,
    FileStandardInformation = 5,
    FilePositionInformation = 14,
    FileAlignmentInformation = 17,
    FileEndOfFileInformation = 20
} FILE_INFORMATION_CLASS, *PFILE_INFORMATION_CLASS;

/* Fast I/O entry points: a synchronous call that bypasses IRP allocation.
   Returning FALSE sends the caller down the IRP path instead. */
typedef BOOLEAN(NTAPI FAST_IO_DEVICE_CONTROL)(PFILE_OBJECT FileObject, BOOLEAN Wait, PVOID InputBuffer,
                                              ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
                                              ULONG IoControlCode, PIO_STATUS_BLOCK IoStatus,
                                              PDEVICE_OBJECT DeviceObject);
typedef FAST_IO_DEVICE_CONTROL *PFAST_IO_DEVICE_CONTROL;
typedef BOOLEAN(NTAPI FAST_IO_READ)(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length, BOOLEAN Wait,
                                    ULONG LockKey, PVOID Buffer, PIO_STATUS_BLOCK IoStatus,
                                    PDEVICE_OBJECT DeviceObject);
typedef FAST_IO_READ *PFAST_IO_READ;
typedef BOOLEAN(NTAPI FAST_IO_WRITE)(PFILE_OBJECT FileObject, PLARGE_INTEGER FileOffset, ULONG Length, BOOLEAN Wait,
                                     ULONG LockKey, PVOID Buffer, PIO_STATUS_BLOCK IoStatus,
                                     PDEVICE_OBJECT DeviceObject);
typedef FAST_IO_WRITE *PFAST_IO_WRITE;

/* The header every driver-to-driver interface (IRP_MN_QUERY_INTERFACE) starts with. */
typedef VOID(NTAPI *PINTERFACE_REFERENCE)(PVOID Context);
typedef VOID(NTAPI *PINTERFACE_DEREFERENCE)(PVOID Context);
typedef struct _INTERFACE {
    USHORT Size;
    USHORT Version;
    PVOID Context;
    PINTERFACE_REFERENCE InterfaceReference;
    PINTERFACE_DEREFERENCE InterfaceDereference;
} INTERFACE, *PINTERFACE;

OPENKS_END_C

/* The rest of the kernel runtime: IRQL, spin locks, timers, DPCs, threads, work items, MDLs, debug output. */
#include <openks/ks/wdm_runtime.h>
