package org.iscsilab.initiator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.pdu.Pdu;

/**
 * The PDUs a connection exchanged, newest last, fed by the shared {@link
 * org.iscsilab.protocol.codec.PduTap}: a bounded ring (for diagnoses on long sessions) or unbounded
 * (raw connections in tests), with wall-clock times for people. Thread-safe.
 */
public final class PduHistoryLog implements org.iscsilab.protocol.codec.PduTap.Observer {

  // Wall-clock time derived from nanoTime: no clock read per PDU beyond the tap's own.
  private final Instant baseTime = Instant.now();
  private final long baseNanos = System.nanoTime();
  // The ring keeps bare fields; records are made only when someone reads (no allocation per PDU).
  private final Pdu[] ringPdus;
  private final long[] ringNanos;
  private final boolean[] ringIn;
  private final boolean unbounded;
  private final List<PduRecord> all;
  private long count;

  private PduHistoryLog(int capacity, boolean unbounded) {
    this.ringPdus = unbounded ? null : new Pdu[capacity];
    this.ringNanos = unbounded ? null : new long[capacity];
    this.ringIn = unbounded ? null : new boolean[capacity];
    this.unbounded = unbounded;
    this.all = unbounded ? new ArrayList<>() : null;
  }

  /** Keeps the last {@code capacity} PDUs. */
  public static PduHistoryLog bounded(int capacity) {
    return new PduHistoryLog(capacity, false);
  }

  /** Keeps everything (raw API). */
  public static PduHistoryLog unbounded() {
    return new PduHistoryLog(0, true);
  }

  @Override
  public void onInbound(Pdu pdu, long timestampNanos) {
    add(PduRecord.Direction.IN, pdu, timestampNanos);
  }

  @Override
  public void onOutbound(Pdu pdu, long timestampNanos) {
    add(PduRecord.Direction.OUT, pdu, timestampNanos);
  }

  synchronized void add(PduRecord.Direction direction, Pdu pdu, long nanos) {
    if (unbounded) {
      all.add(new PduRecord(baseTime.plusNanos(nanos - baseNanos), nanos, direction, pdu));
    } else {
      int i = (int) (count % ringPdus.length);
      ringPdus[i] = pdu;
      ringNanos[i] = nanos;
      ringIn[i] = direction == PduRecord.Direction.IN;
    }
    count++;
  }

  /** Everything kept, oldest first. */
  public synchronized List<PduRecord> all() {
    if (unbounded) {
      return List.copyOf(all);
    }
    return last(ringPdus.length);
  }

  /** The last {@code n} records kept, oldest first. */
  public synchronized List<PduRecord> last(int n) {
    if (unbounded) {
      return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }
    int kept = (int) Math.min(count, ringPdus.length);
    int k = Math.min(n, kept);
    List<PduRecord> out = new ArrayList<>(k);
    for (long i = count - k; i < count; i++) {
      int j = (int) (i % ringPdus.length);
      out.add(new PduRecord(baseTime.plusNanos(ringNanos[j] - baseNanos), ringNanos[j],
          ringIn[j] ? PduRecord.Direction.IN : PduRecord.Direction.OUT, ringPdus[j]));
    }
    return out;
  }

  /** How many PDUs went through, including those no longer kept. */
  public synchronized long total() {
    return count;
  }

  /** The last {@code n} as indented lines for a diagnosis. */
  public String describeLast(int n) {
    List<PduRecord> l = last(n);
    if (l.isEmpty()) {
      return "  (none)";
    }
    StringBuilder sb = new StringBuilder();
    for (PduRecord r : l) {
      sb.append("\n  ").append(r.describe());
    }
    return sb.toString();
  }
}
