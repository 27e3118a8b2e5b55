package org.iscsilab.pcap.analysis;

/**
 * Latency distribution in constant memory: log-linear buckets (16 per power of two) over
 * nanoseconds, so percentiles are exact to within about 6% however many samples there are.
 */
final class LatencyHistogram {
  private static final int SUB = 16;
  private final long[] counts = new long[64 * SUB];
  private long count;
  private long min = Long.MAX_VALUE;
  private long max;
  private double sum;

  void record(long nanos) {
    long v = Math.max(nanos, 0);
    counts[bucket(v)]++;
    count++;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }

  private static int bucket(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int exp = 63 - Long.numberOfLeadingZeros(v); // >= 4
    int sub = (int) ((v >>> (exp - 4)) & (SUB - 1));
    return (exp - 3) * SUB + sub;
  }

  private static long bucketUpperBound(int b) {
    if (b < SUB) {
      return b;
    }
    int exp = b / SUB + 3;
    int sub = b % SUB;
    return ((long) (SUB + sub + 1) << (exp - 4)) - 1;
  }

  long count() {
    return count;
  }

  long min() {
    return count == 0 ? 0 : min;
  }

  long max() {
    return max;
  }

  double mean() {
    return count == 0 ? 0 : sum / count;
  }

  /** The value at {@code quantile} (0..1), as the upper bound of its bucket, capped at the max seen. */
  long percentile(double quantile) {
    if (count == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(quantile * count);
    long seen = 0;
    for (int b = 0; b < counts.length; b++) {
      seen += counts[b];
      if (seen >= rank && counts[b] > 0) {
        return Math.min(bucketUpperBound(b), max);
      }
    }
    return max;
  }
}
