package org.iscsilab.conformance.data_transfer;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.SuiteTags;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Immediate data and unsolicited Data-Out up to FirstBurstLength (RFC 7143 §13.10, §13.11,
 * §13.14): the target takes them and asks with R2T only for what follows; and a Data-Out whose
 * DataSN skips is never taken for good data (§7.9). Writes back what it read: destructive.
 */
@Area(ProtocolArea.DATA_TRANSFER)
@Tag(SuiteTags.DESTRUCTIVE)
class UnsolicitedDataTest {

  private static final int FIRST_BURST = 8192;

  private static Duration settle(ConformanceContext ctx) {
    return R2TTest.CommandWindowSettle.of(ctx);
  }

  private static long firstR2TOffset(Writes.Outcome o, String what) {
    assertThat(o.response().status()).as("status of %s", what).isZero();
    return o.r2ts().isEmpty() ? -1 : Integer.toUnsignedLong(o.r2ts().get(0).bufferOffset());
  }

  @Test
  @Clause(value = "RFC 7143 §13.14", level = Level.MUST)
  void unsolicitedDataUpToFirstBurstLengthIsTakenAndNotAskedForAgain(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx, s -> s
        .withKey(IscsiKeys.INITIAL_R2T, "No").withKey(IscsiKeys.IMMEDIATE_DATA, "Yes")
        .withKey(IscsiKeys.FIRST_BURST_LENGTH, Integer.toString(FIRST_BURST))
        .withKey(IscsiKeys.MAX_BURST_LENGTH, "65536"));
    var p = c.negotiated().session();
    NotSupported.unless(!p.initialR2T(), "the target negotiated InitialR2T=Yes (no unsolicited Data-Out)");
    int fbl = p.firstBurstLength();
    int maxSend = c.negotiated().connection().targetMaxRecvDataSegmentLength();
    int blocks = Math.max(1, 32768 / c.blockSize());
    byte[] data = Writes.contents(c, 0, blocks);
    int unsolicited = Math.min(fbl, data.length);
    int immediate = p.immediateData() ? Math.min(unsolicited, maxSend) : 0;
    Writes.Outcome o = Writes.write(c, 0, data, immediate, unsolicited, settle(ctx));
    long first = firstR2TOffset(o, "a write with " + unsolicited + " bytes of unsolicited data");
    if (unsolicited < data.length) {
      assertThat(first).as("Buffer Offset of the first R2T after %d bytes of immediate and unsolicited data "
          + "(FirstBurstLength=%d): the target asks only for the rest (%s)", unsolicited, fbl,
          o.r2ts().stream().map(PduSummary::of).toList()).isEqualTo(unsolicited);
    }
  }

  @Test
  @Clause(value = "RFC 7143 §13.11", level = Level.MUST)
  void immediateDataWithInitialR2TIsTakenAndNotAskedForAgain(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx, s -> s
        .withKey(IscsiKeys.INITIAL_R2T, "Yes").withKey(IscsiKeys.IMMEDIATE_DATA, "Yes")
        .withKey(IscsiKeys.FIRST_BURST_LENGTH, Integer.toString(FIRST_BURST)));
    var p = c.negotiated().session();
    NotSupported.unless(p.immediateData(), "the target negotiated ImmediateData=No");
    int maxSend = c.negotiated().connection().targetMaxRecvDataSegmentLength();
    int blocks = Math.max(1, 32768 / c.blockSize());
    byte[] data = Writes.contents(c, 0, blocks);
    int immediate = Math.min(Math.min(p.firstBurstLength(), maxSend), data.length);
    Writes.Outcome o = Writes.write(c, 0, data, immediate, immediate, settle(ctx));
    long first = firstR2TOffset(o, "a write with " + immediate + " bytes of immediate data");
    if (immediate < data.length) {
      assertThat(first).as("Buffer Offset of the first R2T after %d bytes of immediate data", immediate)
          .isEqualTo(immediate);
    }
  }

  @Test
  @Clause(value = "RFC 7143 §7.9", level = Level.MUST)
  void dataOutWithADataSNGapIsNotTakenForGoodData(ConformanceContext ctx) {
    LoggedInConnection c = R2TTest.solicitedOnly(ctx, 65536);
    int maxSend = Math.min(4096, c.negotiated().connection().targetMaxRecvDataSegmentLength());
    int blocks = Math.max(2, 16384 / c.blockSize());
    byte[] data = Writes.contents(c, 0, blocks);
    int itt = c.itt();
    ScsiCommand cmd = c.command(Writes.write10(0, blocks), itt).write(true).expectedDataTransferLength(data.length)
        .build();
    c.send(cmd);
    ReadyToTransfer r2t = c.expect(ReadyToTransfer.class, "R2T for " + PduSummary.of(cmd));
    int off = (int) Integer.toUnsignedLong(r2t.bufferOffset());
    int end = off + (int) Integer.toUnsignedLong(r2t.desiredDataTransferLength());
    // DataSN 0, 2, 3, ...: the PDU numbered 1 is "lost"; offsets stay right.
    int dataSN = 0;
    for (int o = off; o < end; ) {
      int n = Math.min(maxSend, end - o);
      c.send(new DataOut(o + n >= end, r2t.lun(), itt, r2t.targetTransferTag(), c.expStatSN(),
          dataSN == 1 ? ++dataSN : dataSN, o, DataSegment.of(data, o, n)));
      dataSN++;
      o += n;
    }
    List<String> seen = new ArrayList<>();
    boolean reacted = false;
    while (true) {
      var p = c.poll(ctx.responseTimeout());
      if (p.isEmpty()) {
        break;
      }
      Pdu q = p.get();
      seen.add(PduSummary.of(q));
      if (q instanceof Reject) {
        reacted = true;
        break;
      }
      if (q instanceof ScsiResponse r && r.initiatorTaskTag() == itt) {
        assertThat(r.status() == 0 && r.response() == 0)
            .as("the write whose Data-Out DataSN skipped from 0 to 2 completed with GOOD (%s)", seen).isFalse();
        reacted = true;
        break;
      }
      if (q instanceof ReadyToTransfer) {
        reacted = true; // a recovery R2T for the missing data
        break;
      }
    }
    boolean closed = !c.connection().isOpen();
    assertThat(reacted || closed).as("a reaction (Reject, recovery R2T, error status or connection close) to "
        + "Data-Out PDUs whose DataSN skipped 1; the target sent %s", seen).isTrue();
  }
}
