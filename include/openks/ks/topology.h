/* SPDX-License-Identifier: MIT */
/* Filter topology: the nodes inside a filter and the connections between nodes and pins. */
#pragma once

/*
 * KSPROPSETID_Topology describes a filter's inside: CATEGORIES and NODES are
 * KSMULTIPLE_ITEM lists of GUIDs (node types such as KSNODETYPE_VOLUME),
 * CONNECTIONS a list of KSTOPOLOGY_CONNECTION.  A connection whose node is
 * KSFILTER_NODE refers to a pin of the filter itself (the pin id is in
 * FromNodePin / ToNodePin).  Node properties are addressed with KSP_NODE
 * (or KSNODEPROPERTY for audio) and KSPROPERTY_TYPE_TOPOLOGY.
 *
 *   // after GET KSPROPERTY_TOPOLOGY_CONNECTIONS into a buffer:
 *   KSMULTIPLE_ITEM* list = (KSMULTIPLE_ITEM*)buffer;
 *   KSTOPOLOGY_CONNECTION* c = (KSTOPOLOGY_CONNECTION*)(list + 1);
 *   for (ULONG i = 0; i < list->Count; ++i)
 *       if (c[i].FromNode == KSFILTER_NODE && c[i].FromNodePin == pinId) { ... }
 *
 * Valid C11 and C++20.
 */

#include <openks/ks/guid.h>
#include <openks/ks/wintypes.h>

OPENKS_BEGIN_C

#define STATIC_KSPROPSETID_Topology 0x720d4ac0, 0x7533, 0x11d0, 0xa5, 0xd6, 0x28, 0xdb, 0x04, 0xc1, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSPROPSETID_Topology);
#define KSPROPSETID_Topology KSPROPSETID_Topology

typedef enum {
    KSPROPERTY_TOPOLOGY_CATEGORIES,
    KSPROPERTY_TOPOLOGY_NODES,
    KSPROPERTY_TOPOLOGY_CONNECTIONS,
    KSPROPERTY_TOPOLOGY_NAME /* KSP_NODE request, WCHAR string answer */
} KSPROPERTY_TOPOLOGY;

typedef struct {
    ULONG FromNode; /* KSFILTER_NODE: a pin of the filter */
    ULONG FromNodePin;
    ULONG ToNode;
    ULONG ToNodePin;
} KSTOPOLOGY_CONNECTION, *PKSTOPOLOGY_CONNECTION;

/* A filter's static topology (as a driver declares it). */
typedef struct {
    ULONG CategoriesCount;
    const GUID *Categories;
    ULONG TopologyNodesCount;
    const GUID *TopologyNodes;
    ULONG TopologyConnectionsCount;
    const KSTOPOLOGY_CONNECTION *TopologyConnections;
    const GUID *TopologyNodesNames;
    ULONG Reserved;
} KSTOPOLOGY, *PKSTOPOLOGY;

#define KSFILTER_NODE ((ULONG)-1)
#define KSALL_NODES ((ULONG)-1)

/* Create parameters of a topology node object (KsCreateTopologyNode). */
typedef struct {
    ULONG CreateFlags;
    ULONG Node;
} KSNODE_CREATE, *PKSNODE_CREATE;

/* Enabling or resetting one node. */
#define STATIC_KSPROPSETID_TopologyNode 0x45ffaaa1, 0x6e1b, 0x11d0, 0xbc, 0xf2, 0x44, 0x45, 0x53, 0x54, 0x00, 0x00
OPENKS_DEFINE_GUIDEX(KSPROPSETID_TopologyNode);
#define KSPROPSETID_TopologyNode KSPROPSETID_TopologyNode

typedef enum { KSPROPERTY_TOPOLOGYNODE_ENABLE = 1, KSPROPERTY_TOPOLOGYNODE_RESET } KSPROPERTY_TOPOLOGYNODE;

OPENKS_STATIC_ASSERT(sizeof(KSTOPOLOGY_CONNECTION) == 16, "KSTOPOLOGY_CONNECTION layout");

OPENKS_END_C
