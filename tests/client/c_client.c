/* SPDX-License-Identifier: MIT */
/* A KS client in C11: SetupDi enumeration, CreateFile, properties, KsCreatePin, overlapped writes, waits (ctest
 * c_client). */
#include <openks/client.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "null_driver.h"

static int failures = 0;

#define CHECK(cond)                                                                                                   \
    do {                                                                                                              \
        if (!(cond)) {                                                                                                \
            fprintf(stderr, "c_client.c:%d: %s failed (last error %u)\n", __LINE__, #cond, (unsigned)GetLastError()); \
            ++failures;                                                                                               \
        }                                                                                                             \
    } while (0)

/* The RENDER alias path of the first AUDIO interface of the null driver, or NULL. */
static char *findNullRender(void)
{
    char *found = NULL;
    HDEVINFO set = SetupDiGetClassDevsA(&KSCATEGORY_AUDIO, NULL, NULL, DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    if (set == INVALID_HANDLE_VALUE) return NULL;
    SP_DEVICE_INTERFACE_DATA audio;
    memset(&audio, 0, sizeof(audio));
    audio.cbSize = sizeof(audio);
    for (DWORD i = 0; found == NULL && SetupDiEnumDeviceInterfaces(set, NULL, &KSCATEGORY_AUDIO, i, &audio); ++i) {
        SP_DEVICE_INTERFACE_DATA render;
        memset(&render, 0, sizeof(render));
        render.cbSize = sizeof(render);
        if (!SetupDiGetDeviceInterfaceAlias(set, &audio, &KSCATEGORY_RENDER, &render)) continue;
        DWORD size = 0;
        SetupDiGetDeviceInterfaceDetailA(set, &render, NULL, 0, &size, NULL);
        PSP_DEVICE_INTERFACE_DETAIL_DATA_A detail = (PSP_DEVICE_INTERFACE_DETAIL_DATA_A)malloc(size);
        detail->cbSize = sizeof(*detail);
        if (SetupDiGetDeviceInterfaceDetailA(set, &render, detail, size, NULL, NULL) &&
            strstr(detail->DevicePath, "#null#") != NULL) {
            found = (char *)malloc(strlen(detail->DevicePath) + 1);
            strcpy(found, detail->DevicePath);
        }
        free(detail);
    }
    SetupDiDestroyDeviceInfoList(set);
    return found;
}

static HRESULT setState(HANDLE pin, KSSTATE state)
{
    KSPROPERTY property;
    memset(&property, 0, sizeof(property));
    property.Set = KSPROPSETID_Connection;
    property.Id = KSPROPERTY_CONNECTION_STATE;
    property.Flags = KSPROPERTY_TYPE_SET;
    ULONG returned = 0;
    return KsSynchronousDeviceControl(pin, IOCTL_KS_PROPERTY, &property, sizeof(property), &state, sizeof(state),
                                      &returned);
}

int main(void)
{
    char *path = findNullRender();
    CHECK(path != NULL);
    if (path == NULL) return 1;

    HANDLE filter = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    CHECK(filter != INVALID_HANDLE_VALUE);

    KSP_PIN ctypes;
    memset(&ctypes, 0, sizeof(ctypes));
    ctypes.Property.Set = KSPROPSETID_Pin;
    ctypes.Property.Id = KSPROPERTY_PIN_CTYPES;
    ctypes.Property.Flags = KSPROPERTY_TYPE_GET;
    ULONG pins = 0;
    DWORD returned = 0;
    CHECK(DeviceIoControl(filter, IOCTL_KS_PROPERTY, &ctypes, sizeof(ctypes), &pins, sizeof(pins), &returned, NULL));
    CHECK(pins == 2 && returned == sizeof(ULONG));

    /* The size probe: ERROR_MORE_DATA with the size (0x800700EA from KsSynchronousDeviceControl). */
    KSP_PIN ranges = ctypes;
    ranges.Property.Id = KSPROPERTY_PIN_DATARANGES;
    ULONG size = 0;
    CHECK(KsSynchronousDeviceControl(filter, IOCTL_KS_PROPERTY, &ranges, sizeof(ranges), NULL, 0, &size) ==
          HRESULT_FROM_WIN32(ERROR_MORE_DATA));
    CHECK(size == sizeof(KSMULTIPLE_ITEM) + 2 * sizeof(KSDATARANGE_AUDIO));

    struct {
        KSPIN_CONNECT connect;
        KSDATAFORMAT_WAVEFORMATEX format;
    } create;
    memset(&create, 0, sizeof(create));
    create.connect.Interface.Set = KSINTERFACESETID_Standard;
    create.connect.Interface.Id = KSINTERFACE_STANDARD_STREAMING;
    create.connect.Medium.Set = KSMEDIUMSETID_Standard;
    create.connect.Medium.Id = KSMEDIUM_TYPE_ANYINSTANCE;
    create.connect.PinId = NULL_PIN_AUDIO;
    create.connect.Priority.PriorityClass = KSPRIORITY_NORMAL;
    create.connect.Priority.PrioritySubClass = 1;
    create.format.DataFormat.FormatSize = sizeof(KSDATAFORMAT_WAVEFORMATEX);
    create.format.DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    create.format.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    create.format.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    create.format.DataFormat.SampleSize = 4;
    create.format.WaveFormatEx.wFormatTag = WAVE_FORMAT_PCM;
    create.format.WaveFormatEx.nChannels = 2;
    create.format.WaveFormatEx.nSamplesPerSec = 48000;
    create.format.WaveFormatEx.nAvgBytesPerSec = 48000 * 4;
    create.format.WaveFormatEx.nBlockAlign = 4;
    create.format.WaveFormatEx.wBitsPerSample = 16;
    HANDLE pin = INVALID_HANDLE_VALUE;
    CHECK(KsCreatePin(filter, &create.connect, GENERIC_WRITE | GENERIC_READ, &pin) == ERROR_SUCCESS);
    create.format.WaveFormatEx.nChannels = 99;
    HANDLE refused = NULL;
    CHECK(KsCreatePin(filter, &create.connect, GENERIC_WRITE, &refused) == ERROR_NO_MATCH);
    CHECK(refused == INVALID_HANDLE_VALUE);

    CHECK(setState(pin, KSSTATE_ACQUIRE) == S_OK);
    CHECK(setState(pin, KSSTATE_PAUSE) == S_OK);

    static unsigned char data[2][1920];
    OVERLAPPED overlapped[2];
    KSSTREAM_HEADER headers[2];
    HANDLE events[2];
    for (int i = 0; i < 2; ++i) {
        memset(&overlapped[i], 0, sizeof(overlapped[i]));
        memset(&headers[i], 0, sizeof(headers[i]));
        events[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
        overlapped[i].hEvent = events[i];
        headers[i].Size = sizeof(KSSTREAM_HEADER);
        headers[i].PresentationTime.Numerator = headers[i].PresentationTime.Denominator = 1;
        headers[i].Data = data[i];
        headers[i].FrameExtent = headers[i].DataUsed = sizeof(data[i]);
        BOOL done =
            DeviceIoControl(pin, IOCTL_KS_WRITE_STREAM, NULL, 0, &headers[i], headers[i].Size, NULL, &overlapped[i]);
        CHECK(!done && GetLastError() == ERROR_IO_PENDING);
        CHECK(!HasOverlappedIoCompleted(&overlapped[i]));
    }
    CHECK(setState(pin, KSSTATE_RUN) == S_OK);
    CHECK(WaitForMultipleObjects(2, events, TRUE, 5000) == WAIT_OBJECT_0);
    for (int i = 0; i < 2; ++i) {
        DWORD transferred = 0;
        CHECK(GetOverlappedResult(pin, &overlapped[i], &transferred, FALSE));
        CHECK(transferred == sizeof(data[i]));
        CloseHandle(events[i]);
    }

    CHECK(setState(pin, KSSTATE_PAUSE) == S_OK);
    CHECK(setState(pin, KSSTATE_STOP) == S_OK);
    CHECK(CloseHandle(pin));
    CHECK(CloseHandle(filter));
    CHECK(!CloseHandle(filter) && GetLastError() == ERROR_INVALID_HANDLE);
    free(path);
    printf("c_client: %s\n", failures == 0 ? "all checks passed" : "FAILED");
    return failures == 0 ? 0 : 1;
}
