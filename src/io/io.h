// SPDX-License-Identifier: MIT
// The io layer's internal API in one include, for the layers above (ks, avstream, ipc, client).
#pragma once

#include "io/device.h"        // drivers, devices, interfaces, path resolution
#include "io/event.h"         // multi-object waits, event objects, waitable handles
#include "io/file.h"          // createFile, createRelative, closeHandle, cancelIo
#include "io/handle_table.h"  // HandleTable
#include "io/irp.h"           // CompletionSink, the IRP pool
#include "io/object.h"        // ObjectRef, object headers
#include "io/request.h"       // deviceIoControl
#include "io/requestor.h"     // Requestor, RequestorScope, the process-wide tables
#include "io/strings.h"       // UTF-16 helpers
