// SPDX-License-Identifier: MIT
// Helpers shared by the ddi_*.cpp files: the once-per-name "not implemented" log and create-parameter access.

#include "avstream/ddi_support.h"

#include "avstream/log.h"
#include "ks/connect.h"

#include <cstdint>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace openks::avstream {

void logNotImplemented(const char* name)
{
    static std::mutex mutex;
    static std::set<std::string> logged;
    {
        std::lock_guard lock(mutex);
        if (!logged.insert(name).second) return;
    }
    logLine("%s is not implemented", name);
}

const void* stashCreateParameters(PFILE_OBJECT file, const void* bytes, size_t length)
{
    static std::mutex mutex;
    static std::unordered_map<PFILE_OBJECT, std::vector<std::uint64_t>> copies;
    try {
        std::lock_guard lock(mutex);
        auto& copy = copies[file];
        copy.assign((length + sizeof(std::uint64_t) - 1) / sizeof(std::uint64_t) + 1, 0);
        if (length != 0) std::memcpy(copy.data(), bytes, length);
        return copy.data();
    } catch (...) {
        return nullptr;
    }
}

NTSTATUS createParameters(PIRP irp, int objectClass, const std::byte** bytes, size_t* length)
{
    if (irp == nullptr) return STATUS_INVALID_PARAMETER;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(irp);
    if (sp == nullptr || sp->FileObject == nullptr || sp->FileObject->FileName.Buffer == nullptr)
        return STATUS_INVALID_PARAMETER;
    ks::ObjectClassName name;
    NTSTATUS status = ks::parseObjectClass(sp->FileObject->FileName.Buffer, sp->FileObject->FileName.Length, &name);
    if (!NT_SUCCESS(status)) return STATUS_INVALID_PARAMETER;
    if (static_cast<int>(name.objectClass) != objectClass) return STATUS_INVALID_PARAMETER;
    *bytes = name.parameters;
    *length = name.parametersLength;
    return STATUS_SUCCESS;
}

}  // namespace openks::avstream
