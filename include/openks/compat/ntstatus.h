/* SPDX-License-Identifier: MIT */
/* Windows <ntstatus.h> for sources built against openks: the NTSTATUS codes and NT_SUCCESS. */
#pragma once

#include <openks/ks/ntstatus.h>
