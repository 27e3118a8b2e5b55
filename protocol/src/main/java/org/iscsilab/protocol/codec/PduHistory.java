package org.iscsilab.protocol.codec;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.TargetPdu;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponse;

/**
 * The last N PDUs of one connection, both directions, in a ring: what the initiator prints when a
 * peer stops answering. An {@link PduTap.Observer}; one per connection. Recording allocates
 * nothing; {@link #describe()} may be called from any thread.
 */
public final class PduHistory implements PduTap.Observer {

  /** One PDU seen. */
  public record Entry(PduTap.Direction direction, long timestampNanos, Pdu pdu) {}

  private final PduTap.Direction[] directions;
  private final long[] times;
  private final Pdu[] pdus;
  private long count;

  public PduHistory(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    directions = new PduTap.Direction[capacity];
    times = new long[capacity];
    pdus = new Pdu[capacity];
  }

  @Override
  public void onInbound(Pdu pdu, long timestampNanos) {
    record(PduTap.Direction.INBOUND, pdu, timestampNanos);
  }

  @Override
  public void onOutbound(Pdu pdu, long timestampNanos) {
    record(PduTap.Direction.OUTBOUND, pdu, timestampNanos);
  }

  public synchronized void record(PduTap.Direction direction, Pdu pdu, long timestampNanos) {
    int i = (int) (count % pdus.length);
    directions[i] = direction;
    times[i] = timestampNanos;
    pdus[i] = pdu;
    count++;
  }

  public int capacity() {
    return pdus.length;
  }

  /** How many PDUs were recorded in all (more than {@link #capacity()} once the ring wrapped). */
  public synchronized long total() {
    return count;
  }

  /** The PDUs kept, oldest first. */
  public synchronized List<Entry> entries() {
    int n = (int) Math.min(count, pdus.length);
    List<Entry> out = new ArrayList<>(n);
    for (long k = count - n; k < count; k++) {
      int i = (int) (k % pdus.length);
      out.add(new Entry(directions[i], times[i], pdus[i]));
    }
    return out;
  }

  /**
   * One line per PDU kept, oldest first: time relative to the newest, direction ({@code <-} in,
   * {@code ->} out) and a summary, e.g. {@code -1.204 ms  ->  SCSI Command ITT=0x00000007 CmdSN=12 CDB=28000000...}.
   */
  public String describe() {
    List<Entry> es = entries();
    StringBuilder sb = new StringBuilder();
    long total = total();
    if (total > es.size()) {
      sb.append("(").append(total - es.size()).append(" earlier PDUs not kept)\n");
    }
    long last = es.isEmpty() ? 0 : es.get(es.size() - 1).timestampNanos();
    for (Entry e : es) {
      sb.append(String.format("%10.3f ms  %s  %s%n", (e.timestampNanos() - last) / 1e6,
          e.direction() == PduTap.Direction.INBOUND ? "<-" : "->", summary(e.pdu())));
    }
    return sb.toString();
  }

  /** A one-line summary of a PDU: opcode, tags, sequence numbers and what matters for its kind. */
  public static String summary(Pdu pdu) {
    StringBuilder sb = new StringBuilder(96);
    sb.append(pdu.opcode().name());
    if (pdu instanceof RawPdu) {
      sb.append(" (raw)");
    }
    if (pdu.immediate()) {
      sb.append(" I");
    }
    sb.append(String.format(" ITT=0x%08x", pdu.initiatorTaskTag()));
    if (pdu instanceof TargetPdu t) {
      sb.append(" StatSN=").append(Integer.toUnsignedString(t.statSN()))
          .append(" ExpCmdSN=").append(Integer.toUnsignedString(t.expCmdSN()))
          .append(" MaxCmdSN=").append(Integer.toUnsignedString(t.maxCmdSN()));
    }
    if (pdu instanceof ScsiCommand c) {
      sb.append(" CmdSN=").append(Integer.toUnsignedString(c.cmdSN()))
          .append(c.read() ? " R" : "").append(c.write() ? " W" : "")
          .append(" EDTL=").append(Integer.toUnsignedString(c.expectedDataTransferLength()))
          .append(" CDB=").append(java.util.HexFormat.of().formatHex(c.cdb(), 0, c.cdbLength()));
    } else if (pdu instanceof ScsiResponse r) {
      sb.append(String.format(" response=0x%02x status=0x%02x", r.response(), r.status()));
    } else if (pdu instanceof DataIn d) {
      sb.append(" DataSN=").append(Integer.toUnsignedString(d.dataSN())).append(" offset=")
          .append(Integer.toUnsignedString(d.bufferOffset()));
      if (d.statusPresent()) {
        sb.append(String.format(" S status=0x%02x", d.status()));
      }
    } else if (pdu instanceof LoginRequest l) {
      sb.append(" CSG=").append(l.currentStage().code()).append(" NSG=").append(l.nextStage().code())
          .append(l.transit() ? " T" : "");
    } else if (pdu instanceof LoginResponse l) {
      sb.append(" status=").append(l.status());
    } else if (pdu instanceof TaskManagementRequest t) {
      sb.append(" ").append(t.function()).append(String.format(" RTT=0x%08x", t.referencedTaskTag()));
    } else if (pdu instanceof TaskManagementResponse t) {
      sb.append(" ").append(t.response());
    } else if (pdu instanceof Reject r) {
      sb.append(" ").append(r.reason());
    }
    if (!pdu.data().isEmpty()) {
      sb.append(" DSL=").append(pdu.data().length());
    }
    return sb.toString();
  }
}
