package org.iscsilab.conformance.data_transfer;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.SuiteTags;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Solicited writes: every byte asked for by R2Ts (InitialR2T=Yes, ImmediateData=No), R2Ts within
 * MaxBurstLength and MaxOutstandingR2T, R2TSN, TTT, StatSN not advanced (RFC 7143 §11.8, §13.13,
 * §13.17). Writes back the blocks it read: destructive all the same.
 */
@Area(ProtocolArea.DATA_TRANSFER)
@Tag(SuiteTags.DESTRUCTIVE)
class R2TTest {

  private static final int WRITE_BYTES = 65536;

  static LoggedInConnection solicitedOnly(ConformanceContext ctx, int maxBurst) {
    return LoggedInConnection.open(ctx, s -> s
        .withKey(IscsiKeys.INITIAL_R2T, "Yes")
        .withKey(IscsiKeys.IMMEDIATE_DATA, "No")
        .withKey(IscsiKeys.MAX_BURST_LENGTH, Integer.toString(maxBurst))
        .withKey(IscsiKeys.FIRST_BURST_LENGTH, Integer.toString(Math.min(maxBurst, 262144)))
        .withKey(IscsiKeys.MAX_OUTSTANDING_R2T, "1"));
  }

  static Writes.Outcome writeBack(ConformanceContext ctx, LoggedInConnection c) {
    int blocks = Math.max(1, WRITE_BYTES / c.blockSize());
    byte[] data = Writes.contents(c, 0, blocks);
    return Writes.write(c, 0, data, 0, 0, CommandWindowSettle.of(ctx));
  }

  @ParameterizedTest(name = "MaxBurstLength={0}")
  @ValueSource(ints = {4096, 16384})
  @Clause(value = "RFC 7143 §13.13", level = Level.MUST)
  void r2tDesiredLengthWithinMaxBurstLength(int maxBurst, ConformanceContext ctx) {
    LoggedInConnection c = solicitedOnly(ctx, maxBurst);
    int negotiated = c.negotiated().session().maxBurstLength();
    Writes.Outcome o = writeBack(ctx, c);
    List<String> tooLong = o.r2ts().stream()
        .filter(r -> Integer.toUnsignedLong(r.desiredDataTransferLength()) > negotiated).map(PduSummary::of).toList();
    assertThat(tooLong).as("R2Ts asking for more than MaxBurstLength=%d", negotiated).isEmpty();
  }

  @Test
  @Clause(value = "RFC 7143 §13.19", level = Level.MUST)
  void r2tsAskForEveryByteOnceInOrder(ConformanceContext ctx) {
    LoggedInConnection c = solicitedOnly(ctx, 16384);
    Writes.Outcome o = writeBack(ctx, c);
    long expected = 0;
    for (ReadyToTransfer r : o.r2ts()) {
      assertThat(Integer.toUnsignedLong(r.bufferOffset()))
          .as("Buffer Offset of %s (DataSequenceInOrder=Yes: sequences in increasing offset order, no gap)",
              PduSummary.of(r))
          .isEqualTo(expected);
      expected += Integer.toUnsignedLong(r.desiredDataTransferLength());
    }
    int edtl = Math.max(1, WRITE_BYTES / c.blockSize()) * c.blockSize();
    assertThat(expected).as("bytes asked for by all R2Ts of a write of %d bytes without unsolicited data", edtl)
        .isEqualTo(edtl);
    assertThat(o.response().status()).as("status of the write").isZero();
  }

  @Test
  @Clause(value = "RFC 7143 §11.8.2", level = Level.MUST)
  void r2tSNStartsAtZeroAndIncrementsByOne(ConformanceContext ctx) {
    LoggedInConnection c = solicitedOnly(ctx, 8192);
    Writes.Outcome o = writeBack(ctx, c);
    for (int i = 0; i < o.r2ts().size(); i++) {
      assertThat(Integer.toUnsignedString(o.r2ts().get(i).r2tSN())).as("R2TSN of R2T #%d (%s)", i + 1,
          PduSummary.of(o.r2ts().get(i))).isEqualTo(Integer.toString(i));
    }
  }

  @Test
  @Clause(value = "RFC 7143 §11.8.5", level = Level.MUST)
  void r2tTargetTransferTagIsNotTheReservedValue(ConformanceContext ctx) {
    LoggedInConnection c = solicitedOnly(ctx, 16384);
    Writes.Outcome o = writeBack(ctx, c);
    List<String> reserved = o.r2ts().stream().filter(r -> r.targetTransferTag() == Pdu.RESERVED_TAG)
        .map(PduSummary::of).toList();
    assertThat(reserved).as("R2Ts with Target Transfer Tag 0xffffffff").isEmpty();
  }

  @Test
  @Clause(value = "RFC 7143 §13.17", level = Level.MUST)
  void noMoreR2TsOutstandingThanMaxOutstandingR2T(ConformanceContext ctx) {
    LoggedInConnection c = solicitedOnly(ctx, 4096);
    int max = c.negotiated().session().maxOutstandingR2T();
    Writes.Outcome o = writeBack(ctx, c);
    assertThat(o.outstandingMax()).as("R2Ts outstanding at once for one task with MaxOutstandingR2T=%d "
        + "(the suite waited before answering each)", max).isLessThanOrEqualTo(max);
  }

  @Test
  @Clause(value = "RFC 7143 §11.8.3", level = Level.MUST)
  void r2tDoesNotAdvanceStatSN(ConformanceContext ctx) {
    LoggedInConnection c = solicitedOnly(ctx, 8192);
    int blocks = Math.max(1, WRITE_BYTES / c.blockSize());
    byte[] data = Writes.contents(c, 0, blocks);
    int before = c.run(new byte[6], 0).statSN();
    Writes.Outcome o = Writes.write(c, 0, data, 0, 0, CommandWindowSettle.of(ctx));
    assertThat(o.statSNs()).as("StatSN of each R2T and of the final SCSI Response after the status with StatSN %s "
        + "(R2Ts carry the next StatSN without advancing it)", Integer.toUnsignedString(before))
        .allSatisfy(sn -> assertThat(Integer.toUnsignedString(sn)).isEqualTo(Integer.toUnsignedString(before + 1)));
  }

  /** How long the suite waits for further R2Ts before answering one. */
  static final class CommandWindowSettle {
    static Duration of(ConformanceContext ctx) {
      return ctx.responseTimeout().compareTo(Duration.ofMillis(200)) < 0 ? ctx.responseTimeout()
          : Duration.ofMillis(200);
    }
  }
}
