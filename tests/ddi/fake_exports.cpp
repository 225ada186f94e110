// SPDX-License-Identifier: MIT
// Recording stand-ins for the exported KS functions that the inline wrappers and macros of <openks/driver.h> call.
#include "ddi/fake_exports.h"

#include <openks/driver.h>

#include <type_traits>

namespace openks::test::ddi {
namespace {

ExportCall gLastCall;
void* gPointerResult = nullptr;
NTSTATUS gStatusResult = STATUS_SUCCESS;

template <class... Args>
void record(const char* function, Args... args)
{
    gLastCall.function = function;
    gLastCall.args.clear();
    auto asInteger = [](auto arg) {
        if constexpr (std::is_pointer_v<decltype(arg)>) {
            return reinterpret_cast<std::uintptr_t>(arg);
        } else {
            return static_cast<std::uintptr_t>(arg);
        }
    };
    (gLastCall.args.push_back(asInteger(args)), ...);
}

}  // namespace

const ExportCall& lastExportCall()
{
    return gLastCall;
}

void resetExportCalls()
{
    gLastCall = ExportCall{};
}

void setFakeResult(void* pointer, std::int32_t status)
{
    gPointerResult = pointer;
    gStatusResult = status;
}

}  // namespace openks::test::ddi

using openks::test::ddi::gPointerResult;
using openks::test::ddi::gStatusResult;
using openks::test::ddi::record;

extern "C" {

PVOID NTAPI KsGetParent(PVOID Object)
{
    record("KsGetParent", Object);
    return gPointerResult;
}

PVOID NTAPI KsGetFirstChild(PVOID Object)
{
    record("KsGetFirstChild", Object);
    return gPointerResult;
}

PVOID NTAPI KsGetNextSibling(PVOID Object)
{
    record("KsGetNextSibling", Object);
    return gPointerResult;
}

PKSDEVICE NTAPI KsGetDevice(PVOID Object)
{
    record("KsGetDevice", Object);
    return static_cast<PKSDEVICE>(gPointerResult);
}

void NTAPI KsAcquireControl(PVOID Object)
{
    record("KsAcquireControl", Object);
}

void NTAPI KsReleaseControl(PVOID Object)
{
    record("KsReleaseControl", Object);
}

PUNKNOWN NTAPI KsRegisterAggregatedClientUnknown(PVOID Object, PUNKNOWN ClientUnknown)
{
    record("KsRegisterAggregatedClientUnknown", Object, ClientUnknown);
    return static_cast<PUNKNOWN>(gPointerResult);
}

PUNKNOWN NTAPI KsGetOuterUnknown(PVOID Object)
{
    record("KsGetOuterUnknown", Object);
    return static_cast<PUNKNOWN>(gPointerResult);
}

void NTAPI KsAddEvent(PVOID Object, PKSEVENT_ENTRY EventEntry)
{
    record("KsAddEvent", Object, EventEntry);
}

void NTAPI KsGenerateEvents(PVOID Object, const GUID* EventSet, ULONG EventId, ULONG DataSize, PVOID Data,
                            PFNKSGENERATEEVENTCALLBACK CallBack, PVOID CallBackContext)
{
    record("KsGenerateEvents", Object, EventSet, EventId, DataSize, Data, CallBack, CallBackContext);
}

PVOID NTAPI KsGetObjectFromFileObject(PFILE_OBJECT FileObject)
{
    record("KsGetObjectFromFileObject", FileObject);
    return gPointerResult;
}

NTSTATUS NTAPI _KsEdit(KSOBJECT_BAG ObjectBag, PVOID* PointerToPointerToItem, ULONG NewSize, ULONG OldSize, ULONG Tag)
{
    record("_KsEdit", ObjectBag, PointerToPointerToItem, NewSize, OldSize, Tag);
    return gStatusResult;
}

ULONG NTAPI KsRemoveItemFromObjectBag(KSOBJECT_BAG ObjectBag, PVOID Item, BOOLEAN Free)
{
    record("KsRemoveItemFromObjectBag", ObjectBag, Item, Free);
    return 0;
}

NTSTATUS NTAPI KsFreeObjectCreateItemsByContext(KSDEVICE_HEADER Header, PVOID Context)
{
    record("KsFreeObjectCreateItemsByContext", Header, Context);
    return gStatusResult;
}

}  // extern "C"
