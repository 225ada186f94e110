// SPDX-License-Identifier: MIT
// A YUV4MPEG2 (.y4m) stream writer taking YUY2 frames, for ksctl's video capture to a file or pipe.
#pragma once

// YUV4MPEG2 is a header line followed by raw planar frames; ffmpeg, mpv and
// x264 read it directly.  Y4mWriter writes
//
//   YUV4MPEG2 W<width> H<height> F<num>:<den> Ip A1:1 C422\n
//
// and then, per frame, "FRAME\n" and the three planes of 4:2:2 planar video
// (yuv422p): Y (width × height bytes), then U and V (width/2 × height bytes
// each), all top-down.  A YUY2 frame (Y0 U Y1 V per pixel pair) maps onto it
// without resampling: Y bytes go to the Y plane, each pair's U and V to the
// chroma planes.  The samples stay BT.601 limited range, which is what a
// y4m reader assumes when the header names no range.
//
//   std::FILE* out = std::fopen("capture.y4m", "wb");
//   openks::media::Y4mWriter writer(out);                 // borrows out
//   NTSTATUS s = writer.begin(640, 480, 30, 1);
//   s = writer.writeYuy2Frame(frame, frameBytes);          // once per frame
//   std::fclose(out);
//
// Threads: not synchronised; one thread at a time.  begin() allocates one
// row buffer; writeYuy2Frame() never allocates.

#include <openks/ks/ntstatus.h>
#include <openks/ks/wintypes.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace openks::media {

// The frame rate of a KS_VIDEOINFOHEADER AvgTimePerFrame (100-ns units per
// frame) as a reduced fraction num/den = 10 000 000 / avgTimePerFrame.
// Returns false (outputs untouched) for avgTimePerFrame ≤ 0, a null
// output, or a fraction whose terms do not fit 32 bits.
bool frameRateFromAvgTimePerFrame(LONGLONG avgTimePerFrame, std::uint32_t* num, std::uint32_t* den);

class Y4mWriter {
public:
    // `file` is borrowed; it must outlive the writer.
    explicit Y4mWriter(std::FILE* file) : file_(file) {}

    // Writes the stream header.  Callable once.
    //   STATUS_SUCCESS
    //   STATUS_INVALID_DEVICE_STATE  already begun.
    //   STATUS_INVALID_PARAMETER     no file, a zero or odd width, a zero
    //                                height, or a zero fps term.
    //   STATUS_NO_MEMORY             the row buffer cannot be allocated.
    //   STATUS_IO_DEVICE_ERROR       the stream refused the header.
    [[nodiscard]] NTSTATUS begin(std::uint32_t width, std::uint32_t height, std::uint32_t fpsNum, std::uint32_t fpsDen);

    // Writes one frame from a YUY2 image yuy2[0, bytes) whose rows are
    // `stride` bytes apart (0 means 2·width).
    //   STATUS_SUCCESS
    //   STATUS_INVALID_DEVICE_STATE  not begun.
    //   STATUS_INVALID_PARAMETER     yuy2 null, or a stride below 2·width.
    //   STATUS_BUFFER_TOO_SMALL      bytes cannot hold the frame; nothing written.
    //   STATUS_IO_DEVICE_ERROR       the stream refused the frame.
    [[nodiscard]] NTSTATUS writeYuy2Frame(const void* yuy2, std::size_t bytes, std::size_t stride = 0);

    // Frames written so far.
    std::uint64_t frames() const { return frames_; }

private:
    std::FILE* file_;
    std::uint32_t width_ = 0;
    std::uint32_t height_ = 0;
    std::uint64_t frames_ = 0;
    std::vector<std::uint8_t> row_;  // one plane row, gathered from the packed frame
};

}  // namespace openks::media
