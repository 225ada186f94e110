// SPDX-License-Identifier: MIT
// openks::Object: handle ownership and synchronous device control for the C++ API.
#include <openks/client/object.h>

#include "client/transport.h"

namespace openks {

void Object::close() noexcept
{
    if (HANDLE handle = std::exchange(handle_, nullptr)) (void)client::transport().close(handle);
}

IoResult Object::ioctl(ULONG code, const void* in, ULONG inLength, void* out, ULONG outLength) const noexcept
{
    client::IoRequest request;
    request.file = handle_;
    request.code = code;
    request.input = const_cast<void*>(in);
    request.inputLength = inLength;
    request.output = out;
    request.outputLength = outLength;
    request.wait = true;
    IO_STATUS_BLOCK iosb{};
    bool issued = false;
    NTSTATUS status = client::transport().deviceIoControl(request, &iosb, &issued);
    IoResult result;
    result.status = status;
    result.information = issued ? static_cast<ULONG>(iosb.Information) : 0;
    return result;
}

Result<ULONG> Object::control(ULONG code, const void* in, ULONG inLength, void* out, ULONG outLength) const
{
    IoResult result = ioctl(code, in, inLength, out, outLength);
    if (!NT_SUCCESS(result.status)) return make_ntstatus_error(result.status);
    return result.information;
}

Result<std::vector<std::byte>> Object::getBytes(const void* request, ULONG requestLength) const
{
    // The answer can grow between the probe and the fetch (a pin instance
    // appears): probe again, a few times, before giving up.
    for (int attempt = 0; attempt < 4; ++attempt) {
        IoResult probe = ioctl(IOCTL_KS_PROPERTY, request, requestLength, nullptr, 0);
        if (NT_SUCCESS(probe.status)) return std::vector<std::byte>{};  // an empty answer
        if (probe.status != STATUS_BUFFER_OVERFLOW && probe.status != STATUS_BUFFER_TOO_SMALL) {
            return make_ntstatus_error(probe.status);
        }
        ULONG size = probe.information;
        if (size == 0) {
            // A driver that answers BUFFER_TOO_SMALL without the size: read
            // the leading ULONG (KSMULTIPLE_ITEM.Size), as ksproxy does.
            ULONG leading = 0;
            IoResult sized = ioctl(IOCTL_KS_PROPERTY, request, requestLength, &leading, sizeof(leading));
            if (!NT_SUCCESS(sized.status) || sized.information < sizeof(leading) || leading == 0) {
                return make_ntstatus_error(NT_SUCCESS(sized.status) ? probe.status : sized.status);
            }
            size = leading;
        }
        std::vector<std::byte> value(size);
        IoResult fetch = ioctl(IOCTL_KS_PROPERTY, request, requestLength, value.data(), size);
        if (fetch.status == STATUS_BUFFER_OVERFLOW || fetch.status == STATUS_BUFFER_TOO_SMALL) continue;
        if (!NT_SUCCESS(fetch.status)) return make_ntstatus_error(fetch.status);
        value.resize(fetch.information < size ? fetch.information : size);
        return value;
    }
    return make_ntstatus_error(STATUS_BUFFER_OVERFLOW);
}

Result<std::vector<std::byte>> Object::getBytes(const GUID& set, ULONG id) const
{
    KSPROPERTY property = makeProperty(set, id, KSPROPERTY_TYPE_GET);
    return getBytes(&property, sizeof(property));
}

}  // namespace openks
