// SPDX-License-Identifier: MIT
// Saving and loading 8-bit RGB images as PNG (libpng), for ksctl's frame snapshots and their tests.
#pragma once

// writePng() stores top-down RGB pixels (R,G,B bytes, see convert.h) as an
// 8-bit RGB PNG; readPng() loads any PNG libpng understands as the same
// top-down RGB (palette, grey and 16-bit images are converted; an alpha
// channel is composed onto black).  An 8-bit RGB image survives a write/read round trip exactly.
//
//   NTSTATUS s = openks::media::writePng("frame.png", rgb.data(), width, height);
//   std::vector<std::uint8_t> back;
//   std::uint32_t w = 0, h = 0;
//   s = openks::media::readPng("frame.png", &back, &w, &h);   // back == rgb
//
// Threads: any thread; each call is independent.  These allocate (libpng's
// state, the output vector): they are for the CLI, not a data path.

#include <openks/ks/ntstatus.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace openks::media {

// Largest width or height readPng accepts.
inline constexpr std::uint32_t kMaxPngDimension = 16384;

// Writes width × height RGB pixels (rows `stride` bytes apart; 0 means
// 3·width) to `file` (borrowed, left open) or to a new file at `path`.
//   STATUS_SUCCESS
//   STATUS_INVALID_PARAMETER     a null pointer, a zero size, a stride below
//                                3·width, or a size libpng cannot express.
//   STATUS_OBJECT_NAME_NOT_FOUND / STATUS_OBJECT_PATH_NOT_FOUND /
//   STATUS_ACCESS_DENIED         path cannot be created.
//   STATUS_IO_DEVICE_ERROR       libpng or the stream failed while writing.
[[nodiscard]] NTSTATUS writePng(std::FILE* file, const std::uint8_t* rgb, std::uint32_t width, std::uint32_t height,
                                std::size_t stride = 0);
[[nodiscard]] NTSTATUS writePng(const char* path, const std::uint8_t* rgb, std::uint32_t width, std::uint32_t height,
                                std::size_t stride = 0);

// Reads a PNG from `file` (borrowed, read from its current position) or
// `path` into *rgb (resized to 3·width·height, top-down, tightly packed).
// Outputs are written only on success.
//   STATUS_SUCCESS
//   STATUS_INVALID_PARAMETER      a null pointer, or the bytes are not a valid PNG.
//   STATUS_NOT_SUPPORTED          width or height above kMaxPngDimension.
//   STATUS_OBJECT_NAME_NOT_FOUND / STATUS_OBJECT_PATH_NOT_FOUND /
//   STATUS_ACCESS_DENIED          path cannot be opened.
//   STATUS_NO_MEMORY              the pixels do not fit in memory.
[[nodiscard]] NTSTATUS readPng(std::FILE* file, std::vector<std::uint8_t>* rgb, std::uint32_t* width,
                               std::uint32_t* height);
[[nodiscard]] NTSTATUS readPng(const char* path, std::vector<std::uint8_t>* rgb, std::uint32_t* width,
                               std::uint32_t* height);

}  // namespace openks::media
