// SPDX-License-Identifier: MIT
// Peers for the stream round trips: a GStreamer pad push into fakesink, and one bare ioctl on a pipe.

// The targets are relative: a single-header write round trip should
// cost at most one gst_pad_push of a 4 KiB buffer into a fakesink, and with
// 8 headers per request a header should cost at most a quarter of that.
// BM_Peer_IoctlPipe is the floor: one system call that does nothing.

#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#ifdef OPENKS_BENCH_HAVE_GSTREAMER
#include <gst/gst.h>
#endif

namespace {

#ifdef OPENKS_BENCH_HAVE_GSTREAMER

// A source pad linked to a fakesink's sink pad, the element PLAYING with
// sync=false and async=false (no clock waits, no preroll), the stream
// started with stream-start, caps and segment events as a real source does.
struct GstPeer {
    GstElement* sink = nullptr;
    GstPad* src = nullptr;
    GstBuffer* buffer = nullptr;
    const char* error = nullptr;

    static GstPeer& instance()
    {
        static GstPeer peer;
        return peer;
    }

private:
    GstPeer()
    {
        gst_init(nullptr, nullptr);
        sink = gst_element_factory_make("fakesink", "sink");
        if (sink == nullptr) {
            error = "GStreamer has no fakesink element";
            return;
        }
        g_object_set(sink, "sync", FALSE, "async", FALSE, "silent", TRUE, nullptr);
        src = gst_pad_new("src", GST_PAD_SRC);
        GstPad* sinkPad = gst_element_get_static_pad(sink, "sink");
        if (gst_pad_link(src, sinkPad) != GST_PAD_LINK_OK) error = "gst_pad_link failed";
        gst_object_unref(sinkPad);
        gst_pad_set_active(src, TRUE);
        if (gst_element_set_state(sink, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
            error = "fakesink refused PLAYING";
            return;
        }
        gst_pad_push_event(src, gst_event_new_stream_start("openks-bench"));
        GstCaps* caps = gst_caps_new_empty_simple("application/octet-stream");
        gst_pad_push_event(src, gst_event_new_caps(caps));
        gst_caps_unref(caps);
        GstSegment segment;
        gst_segment_init(&segment, GST_FORMAT_BYTES);
        gst_pad_push_event(src, gst_event_new_segment(&segment));
        buffer = gst_buffer_new_allocate(nullptr, 4096, nullptr);
    }
};

void BM_Peer_GstPadPush_4KiB(benchmark::State& state)
{
    GstPeer& peer = GstPeer::instance();
    if (peer.error != nullptr) {
        state.SkipWithError(peer.error);
        return;
    }
    for (auto _ : state) {
        // gst_pad_push takes a reference; keep ours so the buffer is reused, not reallocated.
        gst_buffer_ref(peer.buffer);
        if (gst_pad_push(peer.src, peer.buffer) != GST_FLOW_OK) {
            state.SkipWithError("gst_pad_push did not return GST_FLOW_OK");
            break;
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * 4096);
}

#else

void BM_Peer_GstPadPush_4KiB(benchmark::State& state)
{
    state.SkipWithError(
        "built without GStreamer: gstreamer-1.0 was not found by pkg-config at configure time "
        "(install libgstreamer1.0-dev and reconfigure)");
}

#endif

BENCHMARK(BM_Peer_GstPadPush_4KiB);

void BM_Peer_IoctlPipe(benchmark::State& state)
{
    int fds[2];
    if (pipe(fds) != 0) {
        state.SkipWithError("pipe() failed");
        return;
    }
    int pending = 0;
    for (auto _ : state) {
        if (ioctl(fds[0], FIONREAD, &pending) != 0) {
            state.SkipWithError("ioctl(FIONREAD) failed");
            break;
        }
        benchmark::DoNotOptimize(pending);
    }
    close(fds[0]);
    close(fds[1]);
}
BENCHMARK(BM_Peer_IoctlPipe);

}  // namespace
