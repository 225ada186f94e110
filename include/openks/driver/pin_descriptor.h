/* SPDX-License-Identifier: MIT */
/* KSPIN_DESCRIPTOR: what a pin type offers (interfaces, mediums, data ranges, flow), and the pin-factory helpers. */
#pragma once

/*
 * Every pin type of a filter is described by a KSPIN_DESCRIPTOR: the
 * interfaces and mediums it accepts (none listed = the standard ones), the
 * data ranges it can stream, its data flow and communication.  AVStream
 * drivers embed it in a KSPIN_DESCRIPTOR_EX (pin.h); KS 1.0 drivers answer
 * KSPROPSETID_Pin with KsPinPropertyHandler from an array of them:
 *
 *   static const PKSDATARANGE Ranges[] = {(PKSDATARANGE)&MyAudioRange};
 *   static const KSPIN_DESCRIPTOR Pins[] = {
 *       DEFINE_KSPIN_DESCRIPTOR_ITEM(0, NULL, 0, NULL, SIZEOF_ARRAY(Ranges), Ranges,
 *                                    KSPIN_DATAFLOW_IN, KSPIN_COMMUNICATION_SINK),
 *   };
 *
 * The KSPROPSETID_Pin item macros at the end build the standard pin
 * property set for a KS 1.0 filter.  Valid C11 and C++20.
 */

#include <openks/driver/forward.h>
#include <openks/driver/property.h>

OPENKS_BEGIN_C

/* One pin type. */
typedef struct _KSPIN_DESCRIPTOR {
    ULONG InterfacesCount; /* 0: KSINTERFACE_STANDARD_STREAMING only */
    const KSPIN_INTERFACE *Interfaces;
    ULONG MediumsCount; /* 0: KSMEDIUM_TYPE_ANYINSTANCE only */
    const KSPIN_MEDIUM *Mediums;
    ULONG DataRangesCount;
    const PKSDATARANGE *DataRanges;
    KSPIN_DATAFLOW DataFlow;
    KSPIN_COMMUNICATION Communication;
    const GUID *Category; /* may be NULL */
    const GUID *Name;     /* may be NULL: the category's name */
    union {
        LONGLONG Reserved;
        struct {
            ULONG ConstrainedDataRangesCount;
            PKSDATARANGE *ConstrainedDataRanges;
        };
    };
} KSPIN_DESCRIPTOR, *PKSPIN_DESCRIPTOR;
typedef const KSPIN_DESCRIPTOR *PCKSPIN_DESCRIPTOR;

/* `DEFINE_KSPIN_DESCRIPTOR_TABLE(name) { items... };` declares a constant descriptor array. */
#define DEFINE_KSPIN_DESCRIPTOR_TABLE(tablename) const KSPIN_DESCRIPTOR tablename[] =

/* One KSPIN_DESCRIPTOR initializer without category and name. */
#define DEFINE_KSPIN_DESCRIPTOR_ITEM(InterfacesCount, Interfaces, MediumsCount, Mediums, DataRangesCount, DataRanges, \
                                     DataFlow, Communication)                                                         \
    DEFINE_KSPIN_DESCRIPTOR_ITEMEX(InterfacesCount, Interfaces, MediumsCount, Mediums, DataRangesCount, DataRanges,   \
                                   DataFlow, Communication, NULL, NULL)

/* One KSPIN_DESCRIPTOR initializer with category and name GUID pointers (the union gets its own braces). */
/* clang-format off */
#define DEFINE_KSPIN_DESCRIPTOR_ITEMEX(InterfacesCount, Interfaces, MediumsCount, Mediums, DataRangesCount, \
                                       DataRanges, DataFlow, Communication, Category, Name)                 \
    {                                                                                                       \
        (ULONG)(InterfacesCount), (Interfaces), (ULONG)(MediumsCount), (Mediums), (ULONG)(DataRangesCount), \
        (DataRanges), (DataFlow), (Communication), (Category), (Name), {0}                                  \
    }
/* clang-format on */

/* The Interfaces and Mediums members of a descriptor that lists none (the standard ones apply). */
#define DEFINE_KSPIN_DEFAULT_INTERFACES 0, NULL
#define DEFINE_KSPIN_DEFAULT_MEDIUMS 0, NULL

/*
 * Finds a format in the intersection of the client's DataRange and one of
 * the pin's ranges (KsPinDataIntersection calls it for each pair whose
 * major format, subformat and specifier match).  Writes the format to Data
 * (NULL or too small: only the size) and sets Irp->IoStatus.Information.
 * Returns STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW (size only),
 * STATUS_BUFFER_TOO_SMALL or STATUS_NO_MATCH.  PASSIVE_LEVEL.
 */
typedef NTSTATUS (*PFNKSINTERSECTHANDLER)(PIRP Irp, PKSP_PIN Pin, PKSDATARANGE DataRange, PVOID Data);

/*
 * The AVStream form (KSPIN_DESCRIPTOR_EX.IntersectHandler): Context is the
 * filter; DataRange is the client's range, MatchingDataRange the pin's;
 * writes at most DataBufferSize bytes to Data and the size to *DataSize.
 * Same statuses.  PASSIVE_LEVEL, filter control mutex held.
 */
typedef NTSTATUS (*PFNKSINTERSECTHANDLEREX)(PVOID Context, PIRP Irp, PKSP_PIN Pin, PKSDATARANGE DataRange,
                                            PKSDATARANGE MatchingDataRange, ULONG DataBufferSize, PVOID Data,
                                            PULONG DataSize);

/*
 * Answers a KSPROPSETID_Pin request (CINSTANCES excepted: the caller owns
 * instance counts) from DescriptorsCount descriptors.  Returns
 * STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW (size query),
 * STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_PARAMETER (pin id out of range),
 * STATUS_NOT_FOUND (no category or name) or STATUS_INVALID_DEVICE_REQUEST
 * (unsupported id).  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsPinPropertyHandler(PIRP Irp, PKSPROPERTY Property, PVOID Data, ULONG DescriptorsCount,
                                    const KSPIN_DESCRIPTOR *Descriptor);

/*
 * Answers KSPROPERTY_PIN_DATAINTERSECTION: walks the client's KSMULTIPLE_ITEM
 * of ranges (after the KSP_PIN in Pin) and calls IntersectHandler for each
 * pin range that matches, returning the first success.  Returns the
 * handler's status, STATUS_NO_MATCH, STATUS_INVALID_PARAMETER or
 * STATUS_INVALID_BUFFER_SIZE.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsPinDataIntersection(PIRP Irp, PKSP_PIN Pin, PVOID Data, ULONG DescriptorsCount,
                                     const KSPIN_DESCRIPTOR *Descriptor, PFNKSINTERSECTHANDLER IntersectHandler);

/*
 * KsPinDataIntersection over descriptors DescriptorSize bytes apart (e.g.
 * the PinDescriptor of KSPIN_DESCRIPTOR_EX entries) with the extended
 * handler, which receives HandlerContext.  Same statuses.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsPinDataIntersectionEx(PIRP Irp, PKSP_PIN Pin, PVOID Data, ULONG DescriptorsCount,
                                       const KSPIN_DESCRIPTOR *Descriptor, ULONG DescriptorSize,
                                       PFNKSINTERSECTHANDLEREX IntersectHandler, PVOID HandlerContext);

/*
 * Validates the KSPIN_CONNECT (and the KSDATAFORMAT after it) of a pin
 * create IRP against DescriptorsCount descriptors: pin id, interface,
 * medium, communication, and a data range that accepts the format.
 * *Connect points into the IRP.  Returns STATUS_SUCCESS,
 * STATUS_INVALID_PARAMETER (pin id), STATUS_NO_MATCH (interface, medium or
 * format), STATUS_INVALID_BUFFER_SIZE or STATUS_INVALID_DEVICE_REQUEST.
 * PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsValidateConnectRequest(PIRP Irp, ULONG DescriptorsCount, const KSPIN_DESCRIPTOR *Descriptor,
                                        PKSPIN_CONNECT *Connect);

/*
 * Creates a pin on the filter FilterHandle (a create of KSSTRING_Pin with
 * Connect and the data format after it); *ConnectionHandle receives it.
 * Kernel-mode form of ksuser's KsCreatePin: returns the NTSTATUS of the
 * create, issued as a KernelMode request with FilterHandle and
 * *ConnectionHandle in the system handle table.  PASSIVE_LEVEL.
 *
 * One C symbol cannot be both this and the user-mode KsCreatePin (ksuser,
 * <openks/client.h>), which returns a Win32 error code: the exported
 * KsCreatePin is the user-mode one, and minidriver source calling
 * KsCreatePin gets this function through the macro below.
 */
NTSTATUS NTAPI openks_KsCreatePinKernel(HANDLE FilterHandle, PKSPIN_CONNECT Connect, ACCESS_MASK DesiredAccess,
                                        PHANDLE ConnectionHandle);
#define KsCreatePin openks_KsCreatePinKernel

/*
 * Records, under the medium cache, that the device interface SymbolicLink
 * has a pin on Medium with direction PinDirection (KSPIN_DATAFLOW_IN/OUT), so
 * the graph builder can connect by medium.  Returns STATUS_SUCCESS, or a
 * registry failure; a standard medium is not cached (STATUS_SUCCESS).
 * PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsCacheMedium(PUNICODE_STRING SymbolicLink, PKSPIN_MEDIUM Medium, ULONG PinDirection);

/* ---- The KSPROPSETID_Pin items ---------------------------------------------- */

#define DEFINE_KSPROPERTY_ITEM_PIN_CINSTANCES(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_CINSTANCES, Handler, sizeof(KSP_PIN), sizeof(KSPIN_CINSTANCES))
#define DEFINE_KSPROPERTY_ITEM_PIN_CTYPES(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_CTYPES, Handler, sizeof(KSPROPERTY), sizeof(ULONG))
#define DEFINE_KSPROPERTY_ITEM_PIN_DATAFLOW(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_DATAFLOW, Handler, sizeof(KSP_PIN), sizeof(KSPIN_DATAFLOW))
#define DEFINE_KSPROPERTY_ITEM_PIN_DATARANGES(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_DATARANGES, Handler, sizeof(KSP_PIN), 0)
#define DEFINE_KSPROPERTY_ITEM_PIN_DATAINTERSECTION(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_DATAINTERSECTION, Handler, sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM), 0)
#define DEFINE_KSPROPERTY_ITEM_PIN_INTERFACES(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_INTERFACES, Handler, sizeof(KSP_PIN), 0)
#define DEFINE_KSPROPERTY_ITEM_PIN_MEDIUMS(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_MEDIUMS, Handler, sizeof(KSP_PIN), 0)
#define DEFINE_KSPROPERTY_ITEM_PIN_COMMUNICATION(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_COMMUNICATION, Handler, sizeof(KSP_PIN), sizeof(KSPIN_COMMUNICATION))
#define DEFINE_KSPROPERTY_ITEM_PIN_GLOBALCINSTANCES(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_GLOBALCINSTANCES, Handler, sizeof(KSP_PIN), sizeof(KSPIN_CINSTANCES))
#define DEFINE_KSPROPERTY_ITEM_PIN_NECESSARYINSTANCES(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_NECESSARYINSTANCES, Handler, sizeof(KSP_PIN), sizeof(ULONG))
#define DEFINE_KSPROPERTY_ITEM_PIN_PHYSICALCONNECTION(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_PHYSICALCONNECTION, Handler, sizeof(KSP_PIN), 0)
#define DEFINE_KSPROPERTY_ITEM_PIN_CATEGORY(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_CATEGORY, Handler, sizeof(KSP_PIN), sizeof(GUID))
#define DEFINE_KSPROPERTY_ITEM_PIN_NAME(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_NAME, Handler, sizeof(KSP_PIN), 0)
#define DEFINE_KSPROPERTY_ITEM_PIN_CONSTRAINEDDATARANGES(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_PIN_CONSTRAINEDDATARANGES, Handler, sizeof(KSP_PIN), 0)
#define DEFINE_KSPROPERTY_ITEM_PIN_PROPOSEDATAFORMAT(Handler) \
    OPENKS_KSPROPERTY_ITEM_SET(KSPROPERTY_PIN_PROPOSEDATAFORMAT, Handler, sizeof(KSP_PIN), sizeof(KSDATAFORMAT))

/*
 * The standard pin property table of a KS 1.0 filter: PropGeneral serves
 * every item but CINSTANCES (PropInstances) and DATAINTERSECTION
 * (PropIntersection); usually PropGeneral calls KsPinPropertyHandler.
 */
#define DEFINE_KSPROPERTY_PINSET(PinSet, PropGeneral, PropInstances, PropIntersection)                               \
    DEFINE_KSPROPERTY_TABLE(PinSet)                                                                                  \
    {                                                                                                                \
        DEFINE_KSPROPERTY_ITEM_PIN_CINSTANCES(PropInstances), DEFINE_KSPROPERTY_ITEM_PIN_CTYPES(PropGeneral),        \
            DEFINE_KSPROPERTY_ITEM_PIN_DATAFLOW(PropGeneral), DEFINE_KSPROPERTY_ITEM_PIN_DATARANGES(PropGeneral),    \
            DEFINE_KSPROPERTY_ITEM_PIN_DATAINTERSECTION(PropIntersection),                                           \
            DEFINE_KSPROPERTY_ITEM_PIN_INTERFACES(PropGeneral), DEFINE_KSPROPERTY_ITEM_PIN_MEDIUMS(PropGeneral),     \
            DEFINE_KSPROPERTY_ITEM_PIN_COMMUNICATION(PropGeneral), DEFINE_KSPROPERTY_ITEM_PIN_CATEGORY(PropGeneral), \
            DEFINE_KSPROPERTY_ITEM_PIN_NAME(PropGeneral)                                                             \
    }

/* DEFINE_KSPROPERTY_PINSET plus CONSTRAINEDDATARANGES (served by PropGeneral). */
#define DEFINE_KSPROPERTY_PINSETCONSTRAINED(PinSet, PropGeneral, PropInstances, PropIntersection)                    \
    DEFINE_KSPROPERTY_TABLE(PinSet)                                                                                  \
    {                                                                                                                \
        DEFINE_KSPROPERTY_ITEM_PIN_CINSTANCES(PropInstances), DEFINE_KSPROPERTY_ITEM_PIN_CTYPES(PropGeneral),        \
            DEFINE_KSPROPERTY_ITEM_PIN_DATAFLOW(PropGeneral), DEFINE_KSPROPERTY_ITEM_PIN_DATARANGES(PropGeneral),    \
            DEFINE_KSPROPERTY_ITEM_PIN_DATAINTERSECTION(PropIntersection),                                           \
            DEFINE_KSPROPERTY_ITEM_PIN_INTERFACES(PropGeneral), DEFINE_KSPROPERTY_ITEM_PIN_MEDIUMS(PropGeneral),     \
            DEFINE_KSPROPERTY_ITEM_PIN_COMMUNICATION(PropGeneral), DEFINE_KSPROPERTY_ITEM_PIN_CATEGORY(PropGeneral), \
            DEFINE_KSPROPERTY_ITEM_PIN_NAME(PropGeneral),                                                            \
            DEFINE_KSPROPERTY_ITEM_PIN_CONSTRAINEDDATARANGES(PropGeneral)                                            \
    }

OPENKS_END_C
