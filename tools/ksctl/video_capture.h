// SPDX-License-Identifier: MIT
// Video capture for ksctl capture: a KS video pin driven as GStreamer's ksvideosrc drives one, into .y4m or .png.

// ksvideosrc picks a KS_DATARANGE_VIDEO, builds the pin's
// KS_DATAFORMAT_VIDEOINFOHEADER from it (width and height as the range
// says, AvgTimePerFrame clamped to the range's frame intervals), creates
// the pin for reading, walks it STOP -> ACQUIRE -> PAUSE -> RUN, then keeps
// N reads in flight, each a KSSTREAM_HEADER + KS_FRAME_INFO (128 bytes) and
// a page-aligned frame buffer, collected in submission order.  A read with
// DataUsed 0 carries no frame.
//
//   if (isVideoOutput(options.output)) result = captureVideo(options);
//
// .y4m takes YUY2 frames (YUV4MPEG2 4:2:2); .png saves one frame (the
// --frames'th, default the first), converted from YUY2 or RGB24.
// Threads: the calling thread.
#pragma once

#include <string>

#include "ksctl/commands.h"

namespace ksctl {

bool isVideoOutput(const std::string& path);
StreamResult captureVideo(const CaptureOptions& options);

}  // namespace ksctl
