package org.iscsilab.initiator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.pdu.Pdu;

/**
 * The PDUs a connection exchanged, newest last: a bounded ring (for diagnoses on long sessions)
 * or unbounded (raw connections in tests). Thread-safe.
 */
public final class PduHistoryLog {

  private final PduRecord[] ring;
  private final boolean unbounded;
  private final List<PduRecord> all;
  private long count;

  private PduHistoryLog(int capacity, boolean unbounded) {
    this.ring = unbounded ? null : new PduRecord[capacity];
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

  synchronized void add(PduRecord.Direction direction, Pdu pdu) {
    PduRecord r = new PduRecord(Instant.now(), System.nanoTime(), direction, pdu);
    if (unbounded) {
      all.add(r);
    } else {
      ring[(int) (count % ring.length)] = r;
    }
    count++;
  }

  /** Everything kept, oldest first. */
  public synchronized List<PduRecord> all() {
    if (unbounded) {
      return List.copyOf(all);
    }
    return last(ring.length);
  }

  /** The last {@code n} records kept, oldest first. */
  public synchronized List<PduRecord> last(int n) {
    if (unbounded) {
      return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }
    int kept = (int) Math.min(count, ring.length);
    int k = Math.min(n, kept);
    List<PduRecord> out = new ArrayList<>(k);
    for (long i = count - k; i < count; i++) {
      out.add(ring[(int) (i % ring.length)]);
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
