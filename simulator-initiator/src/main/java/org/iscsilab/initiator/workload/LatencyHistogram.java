package org.iscsilab.initiator.workload;

/**
 * Log-linear latency histogram in microseconds: exact below 2048 µs, then 1024 buckets per power
 * of two (under 0.1 % error). Not thread-safe: record from one thread (the session's event loop).
 */
public final class LatencyHistogram {
  private static final int LINEAR = 2048;
  private static final int PER_OCTAVE = 1024;
  private final long[] counts = new long[LINEAR + 42 * PER_OCTAVE];
  private long total;
  private long max;

  static int index(long us) {
    if (us < LINEAR) {
      return (int) Math.max(0, us);
    }
    int e = 63 - Long.numberOfLeadingZeros(us);
    int shift = e - 10;
    return LINEAR + (e - 11) * PER_OCTAVE + (int) ((us >> shift) - PER_OCTAVE);
  }

  static long value(int idx) {
    if (idx < LINEAR) {
      return idx;
    }
    int e = 11 + (idx - LINEAR) / PER_OCTAVE;
    long m = PER_OCTAVE + (idx - LINEAR) % PER_OCTAVE;
    return m << (e - 10);
  }

  public void record(long micros) {
    counts[index(micros)]++;
    total++;
    if (micros > max) {
      max = micros;
    }
  }

  public long count() {
    return total;
  }

  public long maxMicros() {
    return max;
  }

  /** The latency at or below which {@code p} (0..1) of the samples lie, in µs. */
  public long percentile(double p) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(p * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(value(i), max);
      }
    }
    return max;
  }
}
