package org.iscsilab.conformance.nop;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NOP-Out pings and their NOP-In answers, field by field (RFC 7143 §11.18, §11.19). */
@Area(ProtocolArea.NOP)
class NopOutPingTest {

  private static NopIn ping(LoggedInConnection c, int itt, long lun, byte[] data) {
    NopOut out = new NopOut(true, lun, itt, Pdu.RESERVED_TAG, c.currentCmdSN(), c.expStatSN(), DataSegment.of(data));
    c.send(out);
    while (true) {
      Pdu p = c.next("NOP-In answering " + PduSummary.of(out));
      if (p instanceof NopIn in && in.initiatorTaskTag() != Pdu.RESERVED_TAG) {
        return in;
      }
    }
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + 3);
    }
    return b;
  }

  @ParameterizedTest(name = "{0} bytes of ping data")
  @ValueSource(ints = {1, 3, 5, 512, 4093})
  @Clause(value = "RFC 7143 §11.18.3", level = Level.MUST)
  void pingDataIsEchoedByteForByte(int length, ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int max = c.negotiated().connection().targetMaxRecvDataSegmentLength();
    byte[] data = pattern(Math.min(length, max));
    NopIn in = ping(c, c.itt(), 0, data);
    assertThat(in.data().toByteArray()).as("data of the NOP-In answering a ping with %d bytes of data "
        + "(ping data are reflected in the NOP-In)", data.length).isEqualTo(data);
  }

  @Test
  @Clause(value = "RFC 7143 §11.19", level = Level.MUST)
  void answerCarriesThePingsInitiatorTaskTag(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int itt = 0x5a5a0001;
    NopIn in = ping(c, itt, 0, new byte[0]);
    assertThat(String.format("0x%08x", in.initiatorTaskTag())).as("ITT of the NOP-In answering a ping with ITT "
        + "0x%08x", itt).isEqualTo(String.format("0x%08x", itt));
  }

  @Test
  @Clause(value = "RFC 7143 §11.19.1", level = Level.MUST)
  void answerCarriesTheReservedTargetTransferTag(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    NopIn in = ping(c, c.itt(), 0, new byte[0]);
    assertThat(String.format("0x%08x", in.targetTransferTag()))
        .as("TTT of a NOP-In answering a NOP-Out (%s)", PduSummary.of(in)).isEqualTo("0xffffffff");
  }

  @Test
  @Clause(value = "RFC 7143 §11.19.3", level = Level.MAY)
  void answerEchoesThePingsLun(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    long lun = c.lun() == 0 ? org.iscsilab.protocol.scsi.Lun.of(1).toLong() : c.lun();
    NopIn in = ping(c, c.itt(), lun, new byte[0]);
    // A LUN is required only with a valid TTT; echoing the ping's LUN is what initiators expect (C12).
    assertThat(String.format("0x%016x", in.lun())).as("LUN of the NOP-In answering a ping with LUN 0x%016x", lun)
        .isEqualTo(String.format("0x%016x", lun));
  }

  @Test
  @Clause(value = "RFC 7143 §11.18.1", level = Level.MUST)
  void nopOutWithReservedTagsIsNotAnswered(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    NopOut oneWay = new NopOut(true, 0, Pdu.RESERVED_TAG, Pdu.RESERVED_TAG, c.currentCmdSN(), c.expStatSN(),
        DataSegment.EMPTY);
    c.send(oneWay);
    // A ping right after: its answer bounds the wait; nothing may answer the one-way NOP-Out.
    int itt = c.itt();
    ping(c, itt, 0, new byte[0]);
    c.poll(Duration.ofMillis(Math.min(300, ctx.responseTimeout().toMillis())));
    List<String> unexpected = c.received().stream()
        .filter(p -> p instanceof NopIn n && n.initiatorTaskTag() != itt && n.targetTransferTag() == Pdu.RESERVED_TAG)
        .map(PduSummary::of).toList();
    assertThat(unexpected).as("NOP-In answers to a NOP-Out with ITT and TTT 0xffffffff (no response is requested)")
        .isEmpty();
  }
}
