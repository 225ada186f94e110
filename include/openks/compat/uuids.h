/* SPDX-License-Identifier: MIT */
/* DirectShow <uuids.h> for sources built against openks: the media type, subtype and format GUIDs KS formats use. */
#pragma once

#include <openks/ks/media_types.h>
