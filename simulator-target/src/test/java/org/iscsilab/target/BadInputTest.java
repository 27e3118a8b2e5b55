package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.codec.FramingState;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.RejectReason;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class BadInputTest {

  @Test
  void unknownOpcodeIsRejectedWithTheOffendingHeader() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      RawPdu raw = new NopOut(true, 0, 0x10, Pdu.RESERVED_TAG, i.cmdSN, i.expStatSN, DataSegment.EMPTY).toRaw()
          .withByte(0, 0x40 | 0x1c);
      i.send(raw);
      Reject r = i.receive(Reject.class);
      assertThat(r.reason()).isEqualTo(RejectReason.COMMAND_NOT_SUPPORTED);
      assertThat(r.data().toByteArray()).isEqualTo(raw.bhs());
    }
  }

  @Test
  void dataSegmentLongerThanMaxRecvDataSegmentLengthClosesTheConnection() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      // Tell our own encoder that anything goes, then send 300 KiB against the target's 256 KiB.
      FramingState.of(i.channel).outbound(new FramingLimits(false, false, FramingLimits.MAX_DATA_SEGMENT_LENGTH_FIELD));
      i.send(new NopOut(true, 0, 0x11, Pdu.RESERVED_TAG, i.cmdSN, i.expStatSN, DataSegment.of(new byte[300 * 1024])));
      assertThat(i.awaitClosed(TestInitiator.WAIT)).isTrue();
    }
  }

  @Test
  void dataOutForAnUnknownTaskIsRejected() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      i.send(new DataOut(true, 0, 0x999, 0x1234, i.expStatSN, 0, 0, DataSegment.of(new byte[512])));
      assertThat(i.receive(Reject.class).reason()).isEqualTo(RejectReason.INVALID_PDU_FIELD);
    }
  }

  @Test
  void headerDigestErrorClosesTheConnection() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("HeaderDigest", "CRC32C"));
      i.send(new NopOut(true, 0, 0x12, Pdu.RESERVED_TAG, i.cmdSN, i.expStatSN, DataSegment.EMPTY).toRaw()
          .withHeaderDigest(0xdeadbeef));
      assertThat(i.awaitClosed(TestInitiator.WAIT)).isTrue();
    }
  }

  @Test
  void dataDigestErrorIsRejectedAndTheConnectionLives() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("DataDigest", "CRC32C"));
      i.send(new NopOut(true, 0, 0x13, Pdu.RESERVED_TAG, i.cmdSN, i.expStatSN, DataSegment.of(new byte[16]))
          .toRaw().withDataDigest(0xdeadbeef));
      assertThat(i.receive(Reject.class).reason()).isEqualTo(RejectReason.DATA_DIGEST_ERROR);
      i.send(new NopOut(true, 0, 0x14, Pdu.RESERVED_TAG, i.cmdSN, i.expStatSN, DataSegment.EMPTY));
      assertThat(i.receive().initiatorTaskTag()).isEqualTo(0x14);
    }
  }
}
