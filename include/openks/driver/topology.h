/* SPDX-License-Identifier: MIT */
/* Topology: the nodes inside a filter, how pins and nodes connect, and the KS topology helpers. */
#pragma once

/*
 * A filter's topology is a graph of nodes (a volume control, a mixer...)
 * joined by KSTOPOLOGY_CONNECTIONs between pins and nodes.  A filter
 * descriptor lists its node descriptors; each node may carry its own
 * automation table for node properties (KSPROPERTY_TYPE_TOPOLOGY requests):
 *
 *   static const KSNODE_DESCRIPTOR Nodes[] = {
 *       DEFINE_NODE_DESCRIPTOR(&VolumeAutomation, &KSNODETYPE_VOLUME, NULL),
 *   };
 *   static const KSTOPOLOGY_CONNECTION Connections[] = {
 *       {KSFILTER_NODE, 0, 0, 1},   // filter pin 0 -> node 0 input 1
 *       {0, 0, KSFILTER_NODE, 1},   // node 0 output 0 -> filter pin 1
 *   };
 *
 * Valid C11 and C++20.
 */

#include <openks/driver/forward.h>

OPENKS_BEGIN_C

/* One topology node of a filter.  x64 has no trailing Alignment member. */
struct _KSNODE_DESCRIPTOR {
    const KSAUTOMATION_TABLE *AutomationTable; /* may be NULL */
    const GUID *Type;                          /* KSNODETYPE_* */
    const GUID *Name;                          /* may be NULL: the type's name */
};

/* One KSNODE_DESCRIPTOR initializer. */
#define DEFINE_NODE_DESCRIPTOR(automation, type, name) \
    {                                                  \
        (automation), (type), (name)                   \
    }

/*
 * Answers a KSPROPSETID_Topology request (CATEGORIES, NODES, CONNECTIONS,
 * NAME) from Topology, in the KSMULTIPLE_ITEM size protocol.  Returns
 * STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW (size query),
 * STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_PARAMETER (node id out of range),
 * STATUS_NOT_FOUND (unknown id or no name) or STATUS_INSUFFICIENT_RESOURCES.
 * PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsTopologyPropertyHandler(PIRP Irp, PKSPROPERTY Property, PVOID Data, const KSTOPOLOGY *Topology);

/*
 * Opens a topology node of the filter ParentHandle as a file object (a
 * create of KSSTRING_TopologyNode with a KSNODE_CREATE), as a KernelMode
 * request; *NodeHandle receives the handle.  Returns STATUS_SUCCESS or the
 * create's failure.  PASSIVE_LEVEL.
 *
 * The exported KsCreateTopologyNode is ksuser's (a Win32 error code, in
 * <openks/client.h>); minidriver source calling KsCreateTopologyNode gets
 * this kernel form through the macro, as with KsCreatePin.
 */
NTSTATUS NTAPI openks_KsCreateTopologyNodeKernel(HANDLE ParentHandle, PKSNODE_CREATE NodeCreate,
                                                 ACCESS_MASK DesiredAccess, PHANDLE NodeHandle);
#define KsCreateTopologyNode openks_KsCreateTopologyNodeKernel

/*
 * Validates the KSNODE_CREATE of a topology node create IRP against
 * Topology; *NodeCreate points into the IRP.  Returns STATUS_SUCCESS,
 * STATUS_INVALID_BUFFER_SIZE, STATUS_INVALID_PARAMETER (bad node id) or
 * STATUS_INVALID_DEVICE_REQUEST.  PASSIVE_LEVEL.
 */
NTSTATUS NTAPI KsValidateTopologyNodeCreateRequest(PIRP Irp, PKSTOPOLOGY Topology, PKSNODE_CREATE *NodeCreate);

OPENKS_END_C
