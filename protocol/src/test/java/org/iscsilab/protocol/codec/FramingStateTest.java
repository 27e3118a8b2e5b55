package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Stage;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Digests start with the first PDU after the final Login Response, in both directions at once. */
@ExtendWith(NettyLeakDetection.class)
class FramingStateTest {

  @Test
  void theFinalLoginResponseGoesWithoutDigestsAndTheNextPduWithThem() {
    EmbeddedChannel target = new EmbeddedChannel(new PduFrameEncoder(), new PduFrameDecoder());
    EmbeddedChannel initiator = new EmbeddedChannel(new PduFrameEncoder(), new PduFrameDecoder());
    LoginResponse last = LoginResponse.builder().transit(true).currentStage(Stage.LOGIN_OPERATIONAL_NEGOTIATION)
        .nextStage(Stage.FULL_FEATURE_PHASE).initiatorTaskTag(1).data(DataSegment.ofText("HeaderDigest=CRC32C\0"))
        .build();
    NopIn ping = new NopIn(0, Pdu.RESERVED_TAG, 0x77, 1, 2, 3, DataSegment.EMPTY);

    target.writeOutbound(last);
    FramingState.of(target).enterFullFeaturePhase(true, true, 262144, 65536);
    target.writeOutbound(ping);

    ByteBuf first = target.readOutbound();
    ByteBuf second = target.readOutbound();
    assertThat(first.readableBytes()).isEqualTo(48 + 20);
    assertThat(second.readableBytes()).isEqualTo(48 + 4); // header digest, no data

    initiator.writeInbound(first);
    assertThat((Object) initiator.readInbound()).isEqualTo(last);
    FramingState.of(initiator).enterFullFeaturePhase(true, true, 65536, 262144);
    initiator.writeInbound(second);
    assertThat((Object) initiator.readInbound()).isEqualTo(ping);

    assertThat(FramingState.of(target).outbound().maxDataSegmentLength()).isEqualTo(65536);
    assertThat(FramingState.of(initiator).inbound().maxDataSegmentLength()).isEqualTo(65536);
    assertThat(target.finish()).isFalse();
    assertThat(initiator.finish()).isFalse();
  }
}
