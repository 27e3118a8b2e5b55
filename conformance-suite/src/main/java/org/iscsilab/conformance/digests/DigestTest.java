package org.iscsilab.conformance.digests;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.SuiteTags;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.codec.Crc32c;
import org.iscsilab.protocol.negotiation.Digest;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.RejectReason;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CRC32C header and data digests once negotiated: every PDU carries them both ways, a header
 * digest error is never acted on, a data digest error is answered with a Reject (RFC 7143 §7.8,
 * §13.1). A target that declines CRC32C is not-supported for these tests.
 */
@Area(ProtocolArea.DIGESTS)
@Tag(SuiteTags.DIGESTS)
class DigestTest {

  private static LoggedInConnection withDigests(ConformanceContext ctx, boolean header, boolean data) {
    LoggedInConnection c = LoggedInConnection.open(ctx, s -> s.withDigests(header ? "CRC32C,None" : "None",
        data ? "CRC32C,None" : "None"));
    var conn = c.negotiated().connection();
    NotSupported.unless(!header || conn.headerDigest() == Digest.CRC32C, "the target declined HeaderDigest=CRC32C");
    NotSupported.unless(!data || conn.dataDigest() == Digest.CRC32C, "the target declined DataDigest=CRC32C");
    return c;
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 13 + 1);
    }
    return b;
  }

  /** A few exchanges whose every PDU the suite's decoder checks against its digests. */
  private static void exchange(LoggedInConnection c) {
    c.clearUnitAttentions();
    c.run(new byte[6], 0);
    byte[] data = pattern(Math.min(1000, c.negotiated().connection().targetMaxRecvDataSegmentLength()));
    int itt = c.itt();
    c.send(NopOut.ping(itt, c.currentCmdSN(), c.expStatSN(), DataSegment.of(data)));
    NopIn in = c.expect(NopIn.class, "NOP-In answering a ping with data");
    assertThat(in.data().toByteArray()).as("ping data echoed under digests").isEqualTo(data);
    int bs = c.blockSize();
    int blocks = Math.max(1, 32768 / bs);
    LoggedInConnection.Exchange read = c.run(new byte[] {0x28, 0, 0, 0, 0, 0, 0, (byte) (blocks >> 8), (byte) blocks,
        0}, blocks * bs);
    assertThat(read.good()).as("READ(10) under digests: %s", read.describe()).isTrue();
  }

  @Test
  @Clause(value = "RFC 7143 §13.1", level = Level.MUST)
  void headerDigestCrc32cIsCarriedByEveryPdu(ConformanceContext ctx) {
    exchange(withDigests(ctx, true, false));
  }

  @Test
  @Clause(value = "RFC 7143 §13.1", level = Level.MUST)
  void dataDigestCrc32cIsCarriedByEveryDataSegment(ConformanceContext ctx) {
    exchange(withDigests(ctx, false, true));
  }

  @Test
  @Clause(value = "RFC 7143 §7.8", level = Level.MUST)
  void pduWithAHeaderDigestErrorIsDiscardedOrTheConnectionClosed(ConformanceContext ctx) {
    LoggedInConnection c = withDigests(ctx, true, false);
    int bad = c.itt();
    RawPdu ping = RawPdu.of(NopOut.ping(bad, c.currentCmdSN(), c.expStatSN(), DataSegment.EMPTY));
    c.send(ping.withHeaderDigest(Crc32c.of(ping.bhs(), 0, ping.bhs().length) ^ 0x00a5a5a5));
    int good = c.itt();
    c.send(NopOut.ping(good, c.currentCmdSN(), c.expStatSN(), DataSegment.EMPTY));
    boolean closed = c.awaitClose(ctx.responseTimeout().compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2)
        : ctx.responseTimeout());
    List<String> answers = c.received().stream().filter(p -> p.initiatorTaskTag() == bad).map(PduSummary::of)
        .toList();
    assertThat(answers).as("answers to a NOP-Out ping whose header digest is wrong (the header cannot be trusted)")
        .isEmpty();
    boolean goodAnswered = c.received().stream().anyMatch(p -> p instanceof NopIn n && n.initiatorTaskTag() == good);
    assertThat(closed || goodAnswered).as("after a header digest error the target either discards the PDU and goes "
        + "on (the next ping is answered) or closes the connection; it did neither: %s",
        c.received().stream().map(PduSummary::of).toList()).isTrue();
  }

  @Test
  @Clause(value = "RFC 7143 §7.8", level = Level.MUST)
  void pduWithADataDigestErrorIsRejectedWithDataDigestError(ConformanceContext ctx) {
    LoggedInConnection c = withDigests(ctx, false, true);
    int bad = c.itt();
    byte[] data = pattern(64);
    RawPdu ping = RawPdu.of(NopOut.ping(bad, c.currentCmdSN(), c.expStatSN(), DataSegment.of(data)));
    c.send(ping.withDataDigest(Crc32c.of(data, 0, data.length) ^ 0x00a5a5a5));
    Pdu p;
    do {
      p = c.next("Reject of a NOP-Out whose data digest is wrong");
    } while (p instanceof NopIn n && n.initiatorTaskTag() == Pdu.RESERVED_TAG);
    assertThat(p).as("the target's answer to a NOP-Out ping with a data digest error (%s)", PduSummary.of(p))
        .isInstanceOf(Reject.class);
    Reject r = (Reject) p;
    assertThat(r.reason()).as("Reject reason for a payload digest error").isEqualTo(RejectReason.DATA_DIGEST_ERROR);
    byte[] header = r.data().toByteArray();
    assertThat(header.length).as("length of the rejected header carried by the Reject").isGreaterThanOrEqualTo(48);
    assertThat(java.nio.ByteBuffer.wrap(header, 16, 4).getInt()).as("ITT in the rejected header").isEqualTo(bad);
  }
}
