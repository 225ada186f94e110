/* SPDX-License-Identifier: MIT */
/* The AVStream minidriver SDK: every KS/AVStream DDI type, function, callback and helper macro. */
#pragma once

/*
 * Include this one header in minidriver sources, where a Windows driver
 * includes <ks.h> (and <ksmedia.h> for the client-visible types, which
 * <openks/ks.h> provides):
 *
 *   #include <openks/driver.h>
 *
 *   NTSTATUS DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registry)
 *   {
 *       return KsInitializeDriver(driver, registry, &MyDeviceDescriptor);
 *   }
 *
 * Names, member order, layouts (x64) and signatures are those of the WDK,
 * so existing minidriver code compiles with few changes.  The functions are
 * implemented by libopenks; the gate functions and the KsFilter.../KsPin...
 * wrappers that ks.h defines inline are inline here too.
 *
 * Headers, by concept:
 *   forward.h          forward declarations and opaque handles
 *   handler.h          PFNKSHANDLER and the other shared handler types
 *   property.h method.h event.h automation.h property_items.h
 *                      property/method/event sets and automation tables
 *   device.h filter_factory.h filter.h pin_descriptor.h pin.h topology.h
 *                      the AVStream objects and their descriptors
 *   stream_pointer.h process_pin.h gate.h
 *                      queues, processing and gates
 *   object.h object_bag.h
 *                      the object hierarchy, control mutexes and bags
 *   clock.h allocator.h com.h
 *                      clocks, allocators, kernel COM interfaces
 *   irp.h object_header.h dispatch.h worker.h resource.h bus.h
 *                      the KS 1.0 services
 *
 * Valid C11 and C++20.
 */

#include <openks/ks.h>

#include <openks/driver/allocator.h>
#include <openks/driver/automation.h>
#include <openks/driver/bus.h>
#include <openks/driver/clock.h>
#include <openks/driver/com.h>
#include <openks/driver/device.h>
#include <openks/driver/dispatch.h>
#include <openks/driver/event.h>
#include <openks/driver/filter.h>
#include <openks/driver/filter_factory.h>
#include <openks/driver/forward.h>
#include <openks/driver/gate.h>
#include <openks/driver/handler.h>
#include <openks/driver/irp.h>
#include <openks/driver/method.h>
#include <openks/driver/object.h>
#include <openks/driver/object_bag.h>
#include <openks/driver/object_header.h>
#include <openks/driver/pin.h>
#include <openks/driver/pin_descriptor.h>
#include <openks/driver/process_pin.h>
#include <openks/driver/property.h>
#include <openks/driver/property_items.h>
#include <openks/driver/resource.h>
#include <openks/driver/stream_pointer.h>
#include <openks/driver/topology.h>
#include <openks/driver/worker.h>
