/* SPDX-License-Identifier: MIT */
/* The Windows-layout Kernel Streaming face of openks: every KS type, constant, status and GUID in one include. */
#pragma once

/*
 * <openks/ks.h> is what Windows code gets from <ks.h> and <ksmedia.h>
 * (plus the base types, NTSTATUS and Win32 error codes they lean on), with
 * the x64 Windows layouts on Linux: ULONG is 32 bits, WCHAR is char16_t,
 * pointers and handles are 64 bits.  Kernel-mode (_NTDDK_) items such as
 * KSHANDSHAKE, IOCTL_KS_HANDSHAKE and the KSPROBE_* flags are always
 * declared.  Named GUIDs are `const GUID` objects, so &KSPROPSETID_Pin and
 * `const GUID& g = KSPROPSETID_Pin;` work; every GUID also has a
 * STATIC_<name> initializer list, and its name is a macro (expanding to
 * itself) so `#ifndef KSDATAFORMAT_SUBTYPE_IEEE_FLOAT` guards behave as with
 * the Windows headers.
 *
 *   #include <openks/ks.h>
 *
 *   KSP_PIN p = {0};
 *   p.Property.Set = KSPROPSETID_Pin;
 *   p.Property.Id = KSPROPERTY_PIN_CTYPES;
 *   p.Property.Flags = KSPROPERTY_TYPE_GET;
 *   ULONG pinCount = 0;
 *   // send IOCTL_KS_PROPERTY with &p / &pinCount through the client API
 *
 * Windows sources that include <ks.h>, <ksmedia.h>, <mmreg.h>, ... compile
 * unchanged with -I<prefix>/include/openks/compat (pkg-config adds it).
 * Valid C11 and C++20.
 */

#include <openks/ks/allocator.h>
#include <openks/ks/audio.h>
#include <openks/ks/audio_3d.h>
#include <openks/ks/audio_format.h>
#include <openks/ks/audio_wave.h>
#include <openks/ks/bibliographic.h>
#include <openks/ks/categories.h>
#include <openks/ks/clock.h>
#include <openks/ks/connection.h>
#include <openks/ks/dataformat.h>
#include <openks/ks/encoder.h>
#include <openks/ks/event.h>
#include <openks/ks/ext_device.h>
#include <openks/ks/guid.h>
#include <openks/ks/handshake.h>
#include <openks/ks/identifier.h>
#include <openks/ks/ioctl.h>
#include <openks/ks/media_types.h>
#include <openks/ks/mpeg.h>
#include <openks/ks/names.h>
#include <openks/ks/nodetypes.h>
#include <openks/ks/ntstatus.h>
#include <openks/ks/pin.h>
#include <openks/ks/probe.h>
#include <openks/ks/property.h>
#include <openks/ks/proxy.h>
#include <openks/ks/rtaudio.h>
#include <openks/ks/seeking.h>
#include <openks/ks/status.h>
#include <openks/ks/stream.h>
#include <openks/ks/stream_header.h>
#include <openks/ks/topology.h>
#include <openks/ks/vbi.h>
#include <openks/ks/video.h>
#include <openks/ks/video_control.h>
#include <openks/ks/wdm.h>
#include <openks/ks/winerror.h>
#include <openks/ks/wintypes.h>
