// SPDX-License-Identifier: MIT
// Pin-to-pin connections (KSPIN_CONNECT.PinToHandle): creation rules, the sink's Connect/Disconnect, the standard
// transport between the pins, STOP and RESET propagation, KsPinHandshake and KsPinGetConnectedPin* on connected pins.
#include <gtest/gtest.h>

#include <openks/driver.h>

#include <chrono>
#include <cstring>

#include "avstream/linkdrv/linkdrv_protocol.h"
#include "io/event.h"
#include "io/object.h"
#include "support/ks_session.h"

namespace openks::test {
namespace {

class ConnectionTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        path_ = filterPath("openks_linkdrv");
        ASSERT_FALSE(path_.empty()) << "openks_linkdrv is not published (OPENKS_DRIVER_PATH?)";
        ASSERT_EQ(session_.openFilter(path_, &filterA_), STATUS_SUCCESS);
        ASSERT_EQ(session_.openFilter(path_, &filterB_), STATUS_SUCCESS);
    }

    static KSDATAFORMAT streamFormat()
    {
        KSDATAFORMAT format{};
        format.FormatSize = sizeof(format);
        format.SampleSize = LINKDRV_FRAME_SIZE;
        format.MajorFormat = KSDATAFORMAT_TYPE_STREAM;
        format.SubFormat = KSDATAFORMAT_SUBTYPE_NONE;
        format.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
        return format;
    }

    NTSTATUS createPin(HANDLE filter, ULONG pinId, HANDLE pinTo, HANDLE* pin)
    {
        KSPIN_CONNECT connect = standardConnect(pinId);
        connect.PinToHandle = pinTo;
        KSDATAFORMAT format = streamFormat();
        return session_.createPin(filter, connect, &format, pin);
    }

    // A sink on filter B and a source on filter A connected to it.
    void connectPair()
    {
        ASSERT_EQ(createPin(filterB_, LINKDRV_PIN_SINK, nullptr, &sink_), STATUS_SUCCESS);
        ASSERT_EQ(createPin(filterA_, LINKDRV_PIN_SOURCE, sink_, &source_), STATUS_SUCCESS);
    }

    // connectPair(), the sink holding its frames if asked, both pins in RUN (sink first).
    void connectAndRun(bool holdSink = false)
    {
        connectPair();
        if (holdSink) {
            ASSERT_EQ(setUlong(sink_, LINKDRV_PROPERTY_HOLD, 1), STATUS_SUCCESS);
        }
        walk(sink_, KSSTATE_RUN);
        walk(source_, KSSTATE_RUN);
    }

    LINKDRV_STATS stats(HANDLE pin)
    {
        LINKDRV_STATS value{};
        EXPECT_EQ(session_
                      .property(pin, KSPROPSETID_OpenksLink, LINKDRV_PROPERTY_STATS, KSPROPERTY_TYPE_GET, &value,
                                sizeof(value))
                      .status,
                  STATUS_SUCCESS);
        return value;
    }

    LINKDRV_PEER peer(HANDLE pin)
    {
        LINKDRV_PEER value{};
        EXPECT_EQ(session_
                      .property(pin, KSPROPSETID_OpenksLink, LINKDRV_PROPERTY_PEER, KSPROPERTY_TYPE_GET, &value,
                                sizeof(value))
                      .status,
                  STATUS_SUCCESS);
        return value;
    }

    NTSTATUS setUlong(HANDLE pin, ULONG id, ULONG value)
    {
        return session_.property(pin, KSPROPSETID_OpenksLink, id, KSPROPERTY_TYPE_SET, &value, sizeof(value)).status;
    }

    void walk(HANDLE pin, KSSTATE state) { ASSERT_EQ(session_.setState(pin, state).status, STATUS_SUCCESS); }

    NTSTATUS reset(HANDLE pin, KSRESET value)
    {
        return session_.ioctl(pin, IOCTL_KS_RESET_STATE, &value, sizeof(value), nullptr, 0).status;
    }

    ULONG instances(HANDLE filter, ULONG pinId)
    {
        KSPIN_CINSTANCES value{};
        EXPECT_EQ(session_
                      .pinProperty(filter, pinId, KSPROPSETID_Pin, KSPROPERTY_PIN_CINSTANCES, KSPROPERTY_TYPE_GET,
                                   &value, sizeof(value))
                      .status,
                  STATUS_SUCCESS);
        return value.CurrentCount;
    }

    std::u16string path_;
    KsSession session_;
    HANDLE filterA_ = nullptr;
    HANDLE filterB_ = nullptr;
    HANDLE sink_ = nullptr;
    HANDLE source_ = nullptr;
};

// The acceptance test: a connected source -> sink pair streams
// 10,000 frames with no client in the middle, in order and byte-exact.
TEST_F(ConnectionTest, ConnectedSourceToSinkStreamsTenThousandFramesInOrder)
{
    connectAndRun();
    ASSERT_EQ(setUlong(source_, LINKDRV_PROPERTY_LIMIT, 10000), STATUS_SUCCESS);
    ASSERT_EQ(setUlong(sink_, LINKDRV_PROPERTY_WAIT_CONSUMED, 10000), STATUS_SUCCESS);
    const LINKDRV_STATS in = stats(sink_);
    EXPECT_EQ(in.Consumed, 10000u);
    EXPECT_EQ(in.OrderErrors, 0u);
    EXPECT_EQ(in.DataErrors, 0u);
    EXPECT_EQ(in.NextExpected, 10000u);
    EXPECT_EQ(stats(source_).Produced, 10000u);
    walk(source_, KSSTATE_STOP);
    walk(sink_, KSSTATE_STOP);
}

// Both pins in one filter instance (one control mutex for both).
TEST_F(ConnectionTest, SourceAndSinkOfTheSameFilterStream)
{
    ASSERT_EQ(createPin(filterA_, LINKDRV_PIN_SINK, nullptr, &sink_), STATUS_SUCCESS);
    ASSERT_EQ(createPin(filterA_, LINKDRV_PIN_SOURCE, sink_, &source_), STATUS_SUCCESS);
    walk(sink_, KSSTATE_RUN);
    walk(source_, KSSTATE_RUN);
    ASSERT_EQ(setUlong(source_, LINKDRV_PROPERTY_LIMIT, 1000), STATUS_SUCCESS);
    ASSERT_EQ(setUlong(sink_, LINKDRV_PROPERTY_WAIT_CONSUMED, 1000), STATUS_SUCCESS);
    EXPECT_EQ(stats(sink_).OrderErrors, 0u);
    EXPECT_EQ(stats(sink_).DataErrors, 0u);
    EXPECT_EQ(session_.close(source_), STATUS_SUCCESS);  // closing a running source stops the transport
    EXPECT_EQ(stats(sink_).Disconnects, 1u);
}

// The other direction: the IRP source consumes (KSPIN_DATAFLOW_IN) and the
// sink it names produces, so the transport reads from the sink and writes
// into the source; the frame geometry comes from the sink's framing.
TEST_F(ConnectionTest, ASourceThatConsumesReadsFromItsSink)
{
    HANDLE producer = nullptr;
    HANDLE consumer = nullptr;
    ASSERT_EQ(createPin(filterB_, LINKDRV_PIN_SINK_OUT, nullptr, &producer), STATUS_SUCCESS);
    ASSERT_EQ(createPin(filterA_, LINKDRV_PIN_SOURCE_IN, producer, &consumer), STATUS_SUCCESS);
    EXPECT_EQ(stats(producer).Connects, 1u);
    walk(producer, KSSTATE_RUN);
    walk(consumer, KSSTATE_RUN);
    ASSERT_EQ(setUlong(producer, LINKDRV_PROPERTY_LIMIT, 500), STATUS_SUCCESS);
    ASSERT_EQ(setUlong(consumer, LINKDRV_PROPERTY_WAIT_CONSUMED, 500), STATUS_SUCCESS);
    const LINKDRV_STATS in = stats(consumer);
    EXPECT_EQ(in.Consumed, 500u);
    EXPECT_EQ(in.OrderErrors, 0u);
    EXPECT_EQ(in.DataErrors, 0u);
    EXPECT_EQ(session_.close(consumer), STATUS_SUCCESS);
    EXPECT_EQ(stats(producer).Disconnects, 1u);
}

// Frames wait at the source until the sink is ready: a sink in STOP refuses
// them at the door, and they flow once it reaches RUN.
TEST_F(ConnectionTest, FramesWaitForTheSinkAndFlowOnceItRuns)
{
    connectPair();
    ASSERT_EQ(setUlong(source_, LINKDRV_PROPERTY_LIMIT, 100), STATUS_SUCCESS);
    walk(source_, KSSTATE_RUN);  // the sink is still in STOP
    walk(sink_, KSSTATE_RUN);
    ASSERT_EQ(setUlong(sink_, LINKDRV_PROPERTY_WAIT_CONSUMED, 100), STATUS_SUCCESS);
    const LINKDRV_STATS in = stats(sink_);
    EXPECT_EQ(in.Consumed, 100u);
    EXPECT_EQ(in.OrderErrors, 0u);
    EXPECT_EQ(in.DataErrors, 0u);
}

TEST_F(ConnectionTest, TheSinkHearsConnectOnceAndDisconnectWhenTheSourceCloses)
{
    connectPair();
    EXPECT_EQ(stats(sink_).Connects, 1u);
    EXPECT_EQ(stats(sink_).Disconnects, 0u);
    EXPECT_EQ(stats(source_).Connects, 0u);  // Connect is the sink's dispatch
    EXPECT_EQ(session_.close(source_), STATUS_SUCCESS);
    EXPECT_EQ(stats(sink_).Disconnects, 1u);
    // The sink is free again.
    ASSERT_EQ(createPin(filterA_, LINKDRV_PIN_SOURCE, sink_, &source_), STATUS_SUCCESS);
    EXPECT_EQ(stats(sink_).Connects, 2u);
}

// ks-spec §12 item 6: KsPinHandshake delivers In to the connected pin.
TEST_F(ConnectionTest, KsPinHandshakeReachesTheConnectedPinFromEitherSide)
{
    connectPair();
    const LINKDRV_PEER fromSource = peer(source_);
    EXPECT_EQ(fromSource.HandshakeStatus, STATUS_SUCCESS);
    EXPECT_EQ(fromSource.HandshakeCookieOk, 1u);
    EXPECT_EQ(fromSource.AnswerIsPeer, 1u);
    EXPECT_EQ(fromSource.UnknownHandshake, STATUS_INVALID_DEVICE_REQUEST);
    const LINKDRV_PEER fromSink = peer(sink_);
    EXPECT_EQ(fromSink.HandshakeStatus, STATUS_SUCCESS);
    EXPECT_EQ(fromSink.HandshakeCookieOk, 1u);
    EXPECT_EQ(fromSink.AnswerIsPeer, 1u);
    EXPECT_EQ(fromSink.UnknownHandshake, STATUS_INVALID_DEVICE_REQUEST);
}

// KsPinGetConnectedPinInterface / KsPinGetConnectedFilterInterface on an
// intra-AVStream connection: IKsControl of the peer, whose KsProperty
// reaches the peer's automation table; an unknown IID is STATUS_NOINTERFACE.
TEST_F(ConnectionTest, ConnectedPinInterfaceIsThePeersIKsControl)
{
    connectPair();
    for (HANDLE pin : {source_, sink_}) {
        const LINKDRV_PEER p = peer(pin);
        EXPECT_EQ(p.ControlStatus, STATUS_SUCCESS);
        EXPECT_EQ(p.ControlPropertyStatus, STATUS_SUCCESS);
        EXPECT_EQ(p.NoInterfaceStatus, STATUS_NOINTERFACE);
        EXPECT_EQ(p.FilterControlStatus, STATUS_SUCCESS);
        // An interface the peer's minidriver aggregated (KsRegisterAggregatedClientUnknown).
        EXPECT_EQ(p.PrivateStatus, STATUS_SUCCESS);
        EXPECT_EQ(p.PrivateIsPeers, 1u);
    }
}

TEST_F(ConnectionTest, ConnectedPinFileAndDeviceObjectsAreTheSourcesOnly)
{
    connectPair();
    const LINKDRV_PEER fromSource = peer(source_);
    EXPECT_EQ(fromSource.HasConnectedFile, 1u);
    EXPECT_EQ(fromSource.HasConnectedDevice, 1u);
    EXPECT_EQ(fromSource.ConnectedFileIsPeer, 1u);
    EXPECT_EQ(fromSource.ConnectionIsExternal, 0u);
    // "If Pin is not a source pin, it returns NULL" (KsPinGetConnectedPinFileObject).
    const LINKDRV_PEER fromSink = peer(sink_);
    EXPECT_EQ(fromSink.HasConnectedFile, 0u);
    EXPECT_EQ(fromSink.HasConnectedDevice, 0u);
    EXPECT_EQ(fromSink.ConnectionIsExternal, 0u);
}

TEST_F(ConnectionTest, AnUnconnectedPinHasNobodyToHandshakeWith)
{
    ASSERT_EQ(createPin(filterB_, LINKDRV_PIN_SINK, nullptr, &sink_), STATUS_SUCCESS);
    const LINKDRV_PEER alone = peer(sink_);
    EXPECT_EQ(alone.HandshakeStatus, STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(alone.HasConnectedFile, 0u);
    EXPECT_EQ(alone.ConnectionIsExternal, 1u);
    EXPECT_EQ(alone.ControlStatus, STATUS_UNSUCCESSFUL);  // "Otherwise, STATUS_UNSUCCESSFUL is returned."
    EXPECT_EQ(alone.FilterControlStatus, STATUS_UNSUCCESSFUL);
}

TEST_F(ConnectionTest, TheSinkIsExternalAgainOnceItsSourceCloses)
{
    connectPair();
    ASSERT_EQ(session_.close(source_), STATUS_SUCCESS);
    const LINKDRV_PEER alone = peer(sink_);
    EXPECT_EQ(alone.ConnectionIsExternal, 1u);
    EXPECT_EQ(alone.HandshakeStatus, STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(ConnectionTest, RefusedConnectionsLeaveNoInstanceBehind)
{
    ASSERT_EQ(createPin(filterB_, LINKDRV_PIN_SINK, nullptr, &sink_), STATUS_SUCCESS);
    HANDLE pin = nullptr;
    // A pin factory that cannot be an IRP source.
    EXPECT_EQ(createPin(filterA_, LINKDRV_PIN_SINK, sink_, &pin), STATUS_INVALID_PARAMETER);
    // A handle that names nothing.
    EXPECT_EQ(createPin(filterA_, LINKDRV_PIN_SOURCE, reinterpret_cast<HANDLE>(0x7ff0), &pin), STATUS_INVALID_HANDLE);
    // A filter is not a pin.
    EXPECT_EQ(createPin(filterA_, LINKDRV_PIN_SOURCE, filterB_, &pin), STATUS_INVALID_DEVICE_REQUEST);
    // A pin with the same data flow (two producers).
    HANDLE plainSource = nullptr;
    ASSERT_EQ(createPin(filterB_, LINKDRV_PIN_SOURCE, nullptr, &plainSource), STATUS_SUCCESS);
    EXPECT_EQ(createPin(filterA_, LINKDRV_PIN_SOURCE, plainSource, &pin), STATUS_INVALID_DEVICE_REQUEST);
    // A different format.
    KSPIN_CONNECT connect = standardConnect(LINKDRV_PIN_SOURCE);
    connect.PinToHandle = sink_;
    KSDATAFORMAT other = streamFormat();
    other.SubFormat = KSDATAFORMAT_SUBTYPE_WAVEFORMATEX;
    EXPECT_NE(session_.createPin(filterA_, connect, &other, &pin), STATUS_SUCCESS);
    EXPECT_EQ(instances(filterA_, LINKDRV_PIN_SOURCE), 0u);
    EXPECT_EQ(instances(filterA_, LINKDRV_PIN_SINK), 0u);
    EXPECT_EQ(stats(sink_).Connects, 0u);
    // One source per sink.
    ASSERT_EQ(createPin(filterA_, LINKDRV_PIN_SOURCE, sink_, &source_), STATUS_SUCCESS);
    EXPECT_EQ(createPin(filterA_, LINKDRV_PIN_SOURCE, sink_, &pin), STATUS_INVALID_DEVICE_REQUEST);
    EXPECT_EQ(instances(filterA_, LINKDRV_PIN_SOURCE), 1u);
    EXPECT_EQ(stats(sink_).Connects, 1u);
}

// STOP on the source retrieves every frame: the ones waiting in the sink's
// queue are cancelled and come home before the state change returns, so
// after a restart the sink sees only frames produced after it.
TEST_F(ConnectionTest, StoppingTheSourceTakesItsFramesBackFromTheSink)
{
    connectAndRun(true);
    ASSERT_EQ(setUlong(source_, LINKDRV_PROPERTY_LIMIT, 4), STATUS_SUCCESS);
    ASSERT_EQ(setUlong(sink_, LINKDRV_PROPERTY_WAIT_QUEUED, 4), STATUS_SUCCESS);  // frames 0..3 wait in the sink
    walk(source_, KSSTATE_STOP);                                                  // the sink itself stays in RUN
    EXPECT_EQ(stats(sink_).Consumed, 0u);
    ASSERT_EQ(setUlong(sink_, LINKDRV_PROPERTY_HOLD, 0), STATUS_SUCCESS);
    ASSERT_EQ(setUlong(source_, LINKDRV_PROPERTY_LIMIT, 8), STATUS_SUCCESS);
    walk(source_, KSSTATE_RUN);
    ASSERT_EQ(setUlong(sink_, LINKDRV_PROPERTY_WAIT_CONSUMED, 4), STATUS_SUCCESS);
    const LINKDRV_STATS in = stats(sink_);
    EXPECT_EQ(in.Consumed, 4u);
    EXPECT_EQ(in.NextExpected, 8u);  // frames 4..7: 0..3 never reached the minidriver
    EXPECT_EQ(in.OrderErrors, 1u);   // the one gap
    EXPECT_EQ(in.DataErrors, 0u);
}

// A reset sent to one pin of a connection reaches the other: the sink's
// queue is flushed (its Reset dispatch runs) and streaming resumes after
// KSRESET_END.
TEST_F(ConnectionTest, ResetOnTheSourceReachesTheSinkAndStreamingResumes)
{
    connectAndRun(true);
    ASSERT_EQ(setUlong(source_, LINKDRV_PROPERTY_LIMIT, 4), STATUS_SUCCESS);
    ASSERT_EQ(setUlong(sink_, LINKDRV_PROPERTY_WAIT_QUEUED, 4), STATUS_SUCCESS);
    const ULONG sinkResets = stats(sink_).Resets;
    ASSERT_EQ(reset(source_, KSRESET_BEGIN), STATUS_SUCCESS);
    EXPECT_GT(stats(sink_).Resets, sinkResets);
    ASSERT_EQ(reset(source_, KSRESET_END), STATUS_SUCCESS);
    ASSERT_EQ(setUlong(sink_, LINKDRV_PROPERTY_HOLD, 0), STATUS_SUCCESS);
    ASSERT_EQ(setUlong(source_, LINKDRV_PROPERTY_LIMIT, 104), STATUS_SUCCESS);
    ASSERT_EQ(setUlong(sink_, LINKDRV_PROPERTY_WAIT_CONSUMED, 100), STATUS_SUCCESS);
    const LINKDRV_STATS in = stats(sink_);
    EXPECT_EQ(in.Consumed, 100u);
    EXPECT_EQ(in.NextExpected, 104u);  // the four flushed frames are gone; 4..103 arrived in order
    EXPECT_EQ(in.OrderErrors, 1u);
    EXPECT_EQ(in.DataErrors, 0u);
}

TEST_F(ConnectionTest, ResetOnTheSinkReachesTheSource)
{
    connectPair();
    const ULONG sourceResets = stats(source_).Resets;
    ASSERT_EQ(reset(sink_, KSRESET_BEGIN), STATUS_SUCCESS);
    ASSERT_EQ(reset(sink_, KSRESET_END), STATUS_SUCCESS);
    EXPECT_GT(stats(source_).Resets, sourceResets);
}

// Closing the sink's handle first: the source's reference keeps the sink
// alive until the source closes (ASan checks the rest).
TEST_F(ConnectionTest, ClosingTheSinkFirstWhileStreamingIsSafe)
{
    connectAndRun();
    ASSERT_EQ(setUlong(source_, LINKDRV_PROPERTY_LIMIT, 1000000), STATUS_SUCCESS);
    ASSERT_EQ(setUlong(sink_, LINKDRV_PROPERTY_WAIT_CONSUMED, 50), STATUS_SUCCESS);
    EXPECT_EQ(session_.close(sink_), STATUS_SUCCESS);
    EXPECT_EQ(stats(source_).Connects, 0u);  // the source still answers
    EXPECT_EQ(session_.close(source_), STATUS_SUCCESS);
    EXPECT_EQ(instances(filterB_, LINKDRV_PIN_SINK), 0u);  // the sink closed with its source
}

// KSPIN_FLAG_GENERATE_EOS_EVENTS (linkdrv's sink): AVStream signals
// KSEVENT_CONNECTION_ENDOFSTREAM once a write carrying an end-of-stream
// frame has been consumed, and not for ordinary frames.
TEST_F(ConnectionTest, AConsumedEndOfStreamFrameSignalsTheEndOfStreamEvent)
{
    ASSERT_EQ(createPin(filterB_, LINKDRV_PIN_SINK, nullptr, &sink_), STATUS_SUCCESS);
    HANDLE handle = nullptr;
    ASSERT_EQ(io::createEvent(session_.requestor(), NotificationEvent, false, &handle), STATUS_SUCCESS);
    io::ObjectRef<void> object;
    PKEVENT event = nullptr;
    ASSERT_EQ(io::referenceWaitable(session_.requestor(), handle, &object, &event), STATUS_SUCCESS);
    KSEVENT request{};
    request.Set = KSEVENTSETID_Connection;
    request.Id = KSEVENT_CONNECTION_ENDOFSTREAM;
    request.Flags = KSEVENT_TYPE_ENABLE;
    KSEVENTDATA data{};
    data.NotificationType = KSEVENTF_EVENT_HANDLE;
    data.EventHandle.Event = handle;
    ASSERT_EQ(session_.ioctl(sink_, IOCTL_KS_ENABLE_EVENT, &request, sizeof(request), &data, sizeof(data)).status,
              STATUS_SUCCESS);
    walk(sink_, KSSTATE_RUN);

    auto write = [&](ULONGLONG index, ULONG flags) {
        UCHAR frame[LINKDRV_FRAME_SIZE];
        const LINKDRV_FRAME head{index, LINKDRV_MAGIC, 0};
        std::memcpy(frame, &head, sizeof head);
        for (ULONG i = sizeof head; i < sizeof frame; ++i) {
            frame[i] = static_cast<UCHAR>(index * 31 + i);
        }
        KSSTREAM_HEADER header{};
        header.Size = sizeof header;
        header.FrameExtent = sizeof frame;
        header.DataUsed = sizeof frame;
        header.Data = frame;
        header.OptionsFlags = flags | KSSTREAM_HEADER_OPTIONSF_TIMEVALID;
        header.PresentationTime.Time = static_cast<LONGLONG>(index);
        header.PresentationTime.Numerator = header.PresentationTime.Denominator = 1;
        return session_.ioctl(sink_, IOCTL_KS_WRITE_STREAM, nullptr, 0, &header, sizeof header).status;
    };
    ASSERT_EQ(write(0, 0), STATUS_SUCCESS);  // consumed at once: the session waits for completion
    EXPECT_EQ(KeReadStateEvent(event), 0);
    ASSERT_EQ(write(1, KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM), STATUS_SUCCESS);
    EXPECT_NE(KeReadStateEvent(event), 0);  // signalled before the write completed
    EXPECT_EQ(stats(sink_).DataErrors, 0u);
    object.reset();
    EXPECT_EQ(session_.close(handle), STATUS_SUCCESS);
}

}  // namespace
}  // namespace openks::test
