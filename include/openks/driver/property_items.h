/* SPDX-License-Identifier: MIT */
/* Ready-made items for the standard KS property and method sets (connection, stream, topology, general...). */
#pragma once

/*
 * Each DEFINE_KSPROPERTY_ITEM_<SET>_<ID> builds the KSPROPERTY_ITEM of one
 * standard property with its documented request and value sizes, so a
 * driver only names its handlers:
 *
 *   DEFINE_KSPROPERTY_TABLE(ConnectionItems) {
 *       DEFINE_KSPROPERTY_ITEM_CONNECTION_STATE(GetState, SetState),
 *       DEFINE_KSPROPERTY_ITEM_CONNECTION_DATAFORMAT(GetFormat, SetFormat),
 *   };
 *
 * The pin, clock and allocator sets are in pin_descriptor.h, clock.h and
 * allocator.h.  A macro needs the value types it names (KSQUALITY,
 * KSRATE...) from <openks/ks.h> only where it is used.  Valid C11 and C++20.
 */

#include <openks/driver/method.h>
#include <openks/driver/property.h>

/* ---- KSPROPSETID_General ---------------------------------------------------- */

#define DEFINE_KSPROPERTY_ITEM_GENERAL_COMPONENTID(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_GENERAL_COMPONENTID, Handler, sizeof(KSPROPERTY), sizeof(KSCOMPONENTID))

/* ---- KSMETHODSETID_StreamIo ------------------------------------------------- */

/* READ fills the caller's buffer (the driver writes it); WRITE consumes it. */
#define DEFINE_KSMETHOD_ITEM_STREAMIO_READ(Handler) \
    DEFINE_KSMETHOD_ITEM(KSMETHOD_STREAMIO_READ, KSMETHOD_TYPE_WRITE, (Handler), sizeof(KSMETHOD), 0, NULL)
#define DEFINE_KSMETHOD_ITEM_STREAMIO_WRITE(Handler) \
    DEFINE_KSMETHOD_ITEM(KSMETHOD_STREAMIO_WRITE, KSMETHOD_TYPE_READ, (Handler), sizeof(KSMETHOD), 0, NULL)

/* ---- KSPROPSETID_MediaSeeking ----------------------------------------------- */

#define DEFINE_KSPROPERTY_ITEM_MEDIASEEKING_CAPABILITIES(Handler)                                 \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_MEDIASEEKING_CAPABILITIES, Handler, sizeof(KSPROPERTY), \
                               sizeof(KS_SEEKING_CAPABILITIES))
#define DEFINE_KSPROPERTY_ITEM_MEDIASEEKING_FORMATS(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_MEDIASEEKING_FORMATS, Handler, sizeof(KSPROPERTY), 0)
#define DEFINE_KSPROPERTY_ITEM_MEDIASEEKING_TIMEFORMAT(GetHandler, SetHandler)                                    \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_MEDIASEEKING_TIMEFORMAT, GetHandler, SetHandler, sizeof(KSPROPERTY), \
                                  sizeof(GUID))
#define DEFINE_KSPROPERTY_ITEM_MEDIASEEKING_POSITION(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_MEDIASEEKING_POSITION, Handler, sizeof(KSPROPERTY), sizeof(LONGLONG))
#define DEFINE_KSPROPERTY_ITEM_MEDIASEEKING_STOPPOSITION(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_MEDIASEEKING_STOPPOSITION, Handler, sizeof(KSPROPERTY), sizeof(LONGLONG))
#define DEFINE_KSPROPERTY_ITEM_MEDIASEEKING_POSITIONS(Handler)                                 \
    OPENKS_KSPROPERTY_ITEM_SET(KSPROPERTY_MEDIASEEKING_POSITIONS, Handler, sizeof(KSPROPERTY), \
                               sizeof(KSPROPERTY_POSITIONS))
#define DEFINE_KSPROPERTY_ITEM_MEDIASEEKING_DURATION(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_MEDIASEEKING_DURATION, Handler, sizeof(KSPROPERTY), sizeof(LONGLONG))
#define DEFINE_KSPROPERTY_ITEM_MEDIASEEKING_AVAILABLE(Handler)                                 \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_MEDIASEEKING_AVAILABLE, Handler, sizeof(KSPROPERTY), \
                               sizeof(KSPROPERTY_MEDIAAVAILABLE))
#define DEFINE_KSPROPERTY_ITEM_MEDIASEEKING_PREROLL(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_MEDIASEEKING_PREROLL, Handler, sizeof(KSPROPERTY), sizeof(LONGLONG))
#define DEFINE_KSPROPERTY_ITEM_MEDIASEEKING_CONVERTTIMEFORMAT(Handler)                                     \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_MEDIASEEKING_CONVERTTIMEFORMAT, Handler, sizeof(KSP_TIMEFORMAT), \
                               sizeof(LONGLONG))

/* ---- KSPROPSETID_Topology --------------------------------------------------- */

#define DEFINE_KSPROPERTY_ITEM_TOPOLOGY_CATEGORIES(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_TOPOLOGY_CATEGORIES, Handler, sizeof(KSPROPERTY), 0)
#define DEFINE_KSPROPERTY_ITEM_TOPOLOGY_NODES(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_TOPOLOGY_NODES, Handler, sizeof(KSPROPERTY), 0)
#define DEFINE_KSPROPERTY_ITEM_TOPOLOGY_CONNECTIONS(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_TOPOLOGY_CONNECTIONS, Handler, sizeof(KSPROPERTY), 0)
#define DEFINE_KSPROPERTY_ITEM_TOPOLOGY_NAME(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_TOPOLOGY_NAME, Handler, sizeof(KSP_NODE), 0)

/* The topology property table, one handler (usually calling KsTopologyPropertyHandler) for all four items. */
#define DEFINE_KSPROPERTY_TOPOLOGYSET(TopologySet, Handler)                                                     \
    DEFINE_KSPROPERTY_TABLE(TopologySet)                                                                        \
    {                                                                                                           \
        DEFINE_KSPROPERTY_ITEM_TOPOLOGY_CATEGORIES(Handler), DEFINE_KSPROPERTY_ITEM_TOPOLOGY_NODES(Handler),    \
            DEFINE_KSPROPERTY_ITEM_TOPOLOGY_CONNECTIONS(Handler), DEFINE_KSPROPERTY_ITEM_TOPOLOGY_NAME(Handler) \
    }

/* ---- KSPROPSETID_Quality ---------------------------------------------------- */

#define DEFINE_KSPROPERTY_ITEM_QUALITY_REPORT(GetHandler, SetHandler)                                    \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_QUALITY_REPORT, GetHandler, SetHandler, sizeof(KSPROPERTY), \
                                  sizeof(KSQUALITY))
#define DEFINE_KSPROPERTY_ITEM_QUALITY_ERROR(GetHandler, SetHandler) \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_QUALITY_ERROR, GetHandler, SetHandler, sizeof(KSPROPERTY), sizeof(KSERROR))

/* ---- KSPROPSETID_Connection ------------------------------------------------- */

#define DEFINE_KSPROPERTY_ITEM_CONNECTION_STATE(GetHandler, SetHandler)                                    \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_CONNECTION_STATE, GetHandler, SetHandler, sizeof(KSPROPERTY), \
                                  sizeof(KSSTATE))
#define DEFINE_KSPROPERTY_ITEM_CONNECTION_PRIORITY(GetHandler, SetHandler)                                    \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_CONNECTION_PRIORITY, GetHandler, SetHandler, sizeof(KSPROPERTY), \
                                  sizeof(KSPRIORITY))
#define DEFINE_KSPROPERTY_ITEM_CONNECTION_DATAFORMAT(GetHandler, SetHandler) \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_CONNECTION_DATAFORMAT, GetHandler, SetHandler, sizeof(KSPROPERTY), 0)
#define DEFINE_KSPROPERTY_ITEM_CONNECTION_ALLOCATORFRAMING(Handler)                                 \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_CONNECTION_ALLOCATORFRAMING, Handler, sizeof(KSPROPERTY), \
                               sizeof(KSALLOCATOR_FRAMING))
#define DEFINE_KSPROPERTY_ITEM_CONNECTION_ALLOCATORFRAMING_EX(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX, Handler, sizeof(KSPROPERTY), 0)
#define DEFINE_KSPROPERTY_ITEM_CONNECTION_PROPOSEDATAFORMAT(Handler)                                 \
    OPENKS_KSPROPERTY_ITEM_SET(KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT, Handler, sizeof(KSPROPERTY), \
                               sizeof(KSDATAFORMAT))
#define DEFINE_KSPROPERTY_ITEM_CONNECTION_ACQUIREORDERING(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_CONNECTION_ACQUIREORDERING, Handler, sizeof(KSPROPERTY), sizeof(int))
#define DEFINE_KSPROPERTY_ITEM_CONNECTION_STARTAT(Handler) \
    OPENKS_KSPROPERTY_ITEM_SET(KSPROPERTY_CONNECTION_STARTAT, Handler, sizeof(KSPROPERTY), sizeof(KSRELATIVEEVENT))

/* ---- KSPROPSETID_MemoryTransport -------------------------------------------- */

#define DEFINE_KSPROPERTY_ITEM_MEMORY_TRANSPORT(SetHandler) \
    OPENKS_KSPROPERTY_ITEM_SET(KSPROPERTY_MEMORY_TRANSPORT, SetHandler, sizeof(KSPROPERTY), sizeof(WINBOOL))

/* ---- KSPROPSETID_StreamInterface -------------------------------------------- */

#define DEFINE_KSPROPERTY_ITEM_STREAMINTERFACE_HEADERSIZE(GetHandler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_STREAMINTERFACE_HEADERSIZE, GetHandler, sizeof(KSPROPERTY), sizeof(ULONG))
#define DEFINE_KSPROPERTY_STREAMINTERFACESET(StreamInterfaceSet, HeaderSizeHandler) \
    DEFINE_KSPROPERTY_TABLE(StreamInterfaceSet)                                     \
    {                                                                               \
        DEFINE_KSPROPERTY_ITEM_STREAMINTERFACE_HEADERSIZE(HeaderSizeHandler)        \
    }

/* ---- KSPROPSETID_Stream ----------------------------------------------------- */

#define DEFINE_KSPROPERTY_ITEM_STREAM_ALLOCATOR(GetHandler, SetHandler)                                    \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_STREAM_ALLOCATOR, GetHandler, SetHandler, sizeof(KSPROPERTY), \
                                  sizeof(HANDLE))
#define DEFINE_KSPROPERTY_ITEM_STREAM_QUALITY(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_STREAM_QUALITY, Handler, sizeof(KSPROPERTY), sizeof(KSQUALITY_MANAGER))
#define DEFINE_KSPROPERTY_ITEM_STREAM_DEGRADATION(GetHandler, SetHandler) \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_STREAM_DEGRADATION, GetHandler, SetHandler, sizeof(KSPROPERTY), 0)
#define DEFINE_KSPROPERTY_ITEM_STREAM_MASTERCLOCK(GetHandler, SetHandler)                                    \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_STREAM_MASTERCLOCK, GetHandler, SetHandler, sizeof(KSPROPERTY), \
                                  sizeof(HANDLE))
#define DEFINE_KSPROPERTY_ITEM_STREAM_TIMEFORMAT(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_STREAM_TIMEFORMAT, Handler, sizeof(KSPROPERTY), sizeof(GUID))
#define DEFINE_KSPROPERTY_ITEM_STREAM_PRESENTATIONTIME(GetHandler, SetHandler)                                    \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_STREAM_PRESENTATIONTIME, GetHandler, SetHandler, sizeof(KSPROPERTY), \
                                  sizeof(KSTIME))
#define DEFINE_KSPROPERTY_ITEM_STREAM_PRESENTATIONEXTENT(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_STREAM_PRESENTATIONEXTENT, Handler, sizeof(KSPROPERTY), sizeof(LONGLONG))
#define DEFINE_KSPROPERTY_ITEM_STREAM_FRAMETIME(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_STREAM_FRAMETIME, Handler, sizeof(KSPROPERTY), sizeof(KSFRAMETIME))
#define DEFINE_KSPROPERTY_ITEM_STREAM_RATECAPABILITY(Handler) \
    OPENKS_KSPROPERTY_ITEM_GET(KSPROPERTY_STREAM_RATECAPABILITY, Handler, sizeof(KSRATE_CAPABILITY), sizeof(KSRATE))
#define DEFINE_KSPROPERTY_ITEM_STREAM_RATE(GetHandler, SetHandler) \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_STREAM_RATE, GetHandler, SetHandler, sizeof(KSPROPERTY), sizeof(KSRATE))
#define DEFINE_KSPROPERTY_ITEM_STREAM_PIPE_ID(GetHandler, SetHandler) \
    OPENKS_KSPROPERTY_ITEM_GETSET(KSPROPERTY_STREAM_PIPE_ID, GetHandler, SetHandler, sizeof(KSPROPERTY), sizeof(HANDLE))
