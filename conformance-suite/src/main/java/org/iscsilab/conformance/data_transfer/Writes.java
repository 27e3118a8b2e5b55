package org.iscsilab.conformance.data_transfer;

import org.iscsilab.conformance.LoggedInConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.opentest4j.AssertionFailedError;

/**
 * A WRITE driven by hand: immediate data and unsolicited Data-Out as given, then every R2T
 * answered with Data-Out PDUs of at most the target's MaxRecvDataSegmentLength. What the target
 * sent is kept for the test to judge. Writes back what was read first, so the medium keeps its
 * contents (the tests are destructive all the same).
 */
final class Writes {

  /** What a write looked like on the wire. */
  record Outcome(List<ReadyToTransfer> r2ts, List<Pdu> pdus, ScsiResponse response, int outstandingMax,
      List<Integer> statSNs) {}

  private Writes() {}

  static byte[] write10(long lba, int blocks) {
    return new byte[] {0x2A, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba, 0,
        (byte) (blocks >>> 8), (byte) blocks, 0};
  }

  /** The current contents of {@code blocks} blocks at {@code lba}, to write back. */
  static byte[] contents(LoggedInConnection c, long lba, int blocks) {
    LoggedInConnection.Exchange e = c.run(Reads.read10(lba, blocks), blocks * c.blockSize());
    if (!e.good()) {
      throw new AssertionFailedError("READ(10) before the write failed: " + e.describe());
    }
    return e.data();
  }

  /**
   * Writes {@code data} at {@code lba} with {@code immediate} bytes of immediate data and
   * unsolicited Data-Out up to {@code unsolicited} bytes; answers R2Ts one at a time after
   * watching {@code settle} for further R2Ts (to count how many are outstanding at once).
   */
  static Outcome write(LoggedInConnection c, long lba, byte[] data, int immediate, int unsolicited, Duration settle) {
    int bs = c.blockSize();
    int maxSend = c.negotiated().connection().targetMaxRecvDataSegmentLength();
    int itt = c.itt();
    boolean moreUnsolicited = unsolicited > immediate;
    ScsiCommand cmd = c.command(write10(lba, data.length / bs), itt).write(true).finalFlag(!moreUnsolicited)
        .expectedDataTransferLength(data.length)
        .data(immediate > 0 ? DataSegment.of(data, 0, immediate) : DataSegment.EMPTY).build();
    c.send(cmd);
    if (moreUnsolicited) {
      sendSequence(c, itt, Pdu.RESERVED_TAG, data, immediate, unsolicited - immediate, maxSend, c.lun());
    }
    List<ReadyToTransfer> r2ts = new ArrayList<>();
    List<ReadyToTransfer> pending = new ArrayList<>();
    List<Pdu> pdus = new ArrayList<>();
    List<Integer> statSNs = new ArrayList<>();
    int outstandingMax = 0;
    while (true) {
      Pdu p = c.next("R2T or SCSI Response for " + PduSummary.of(cmd));
      if (p.initiatorTaskTag() != itt) {
        continue;
      }
      pdus.add(p);
      if (p instanceof ScsiResponse r) {
        statSNs.add(r.statSN());
        return new Outcome(r2ts, pdus, r, outstandingMax, statSNs);
      }
      if (p instanceof Reject r) {
        throw new AssertionFailedError("the target rejected a PDU of the write: " + r.reason() + " ("
            + PduSummary.of(cmd) + ")");
      }
      if (!(p instanceof ReadyToTransfer r2t)) {
        throw new AssertionFailedError("the target answered a WRITE with " + PduSummary.of(p));
      }
      r2ts.add(r2t);
      statSNs.add(r2t.statSN());
      pending.add(r2t);
      // Watch for further R2Ts before answering the first: how many does the target keep outstanding?
      while (r2ts.size() == pending.size()) {
        var more = c.poll(settle);
        if (more.isEmpty()) {
          break;
        }
        Pdu q = more.get();
        if (q.initiatorTaskTag() != itt) {
          continue;
        }
        pdus.add(q);
        if (q instanceof ReadyToTransfer r2) {
          r2ts.add(r2);
          statSNs.add(r2.statSN());
          pending.add(r2);
        } else if (q instanceof ScsiResponse r) {
          statSNs.add(r.statSN());
          return new Outcome(r2ts, pdus, r, Math.max(outstandingMax, pending.size()), statSNs);
        } else {
          throw new AssertionFailedError("the target sent " + PduSummary.of(q) + " while R2Ts were outstanding");
        }
      }
      outstandingMax = Math.max(outstandingMax, pending.size());
      for (ReadyToTransfer r : pending) {
        long off = Integer.toUnsignedLong(r.bufferOffset());
        long len = Integer.toUnsignedLong(r.desiredDataTransferLength());
        if (len == 0 || off + len > data.length) {
          throw new AssertionFailedError("R2T asks for bytes outside the write of " + data.length + " bytes: "
              + PduSummary.of(r));
        }
        sendSequence(c, itt, r.targetTransferTag(), data, (int) off, (int) len, maxSend, r.lun());
      }
      pending.clear();
    }
  }

  /** One Data-Out sequence, DataSN from 0, F on the last PDU. */
  static void sendSequence(LoggedInConnection c, int itt, int ttt, byte[] data, int offset, int length, int maxSend,
      long lun) {
    int dataSN = 0;
    for (int off = offset; off < offset + length; ) {
      int n = Math.min(maxSend, offset + length - off);
      boolean last = off + n >= offset + length;
      c.send(new DataOut(last, lun, itt, ttt, c.expStatSN(), dataSN++, off, DataSegment.of(data, off, n)));
      off += n;
    }
  }
}
