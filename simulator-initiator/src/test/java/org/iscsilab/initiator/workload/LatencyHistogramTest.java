package org.iscsilab.initiator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void bucketsRoundTripWithinATenthOfAPercent() {
    qt().forAll(longs().between(0, 1L << 40)).checkAssert(v -> {
      long back = LatencyHistogram.value(LatencyHistogram.index(v));
      assertThat(back).isLessThanOrEqualTo(v);
      assertThat(v - back).isLessThanOrEqualTo(Math.max(0, v / 1000));
    });
  }

  @Test
  void percentilesAgreeWithSortingTheSamples() {
    qt().forAll(lists().of(longs().between(0, 10_000_000)).ofSizeBetween(1, 500)).checkAssert(samples -> {
      LatencyHistogram h = new LatencyHistogram();
      samples.forEach(h::record);
      List<Long> sorted = new ArrayList<>(samples);
      Collections.sort(sorted);
      for (double p : new double[] {0.5, 0.99, 0.999}) {
        long exact = sorted.get((int) Math.ceil(p * sorted.size()) - 1);
        long got = h.percentile(p);
        assertThat(got).isBetween(exact - exact / 1000 - 1, exact);
      }
      assertThat(h.maxMicros()).isEqualTo(sorted.get(sorted.size() - 1));
    });
  }

  @Test
  void anEmptyHistogramSaysZero() {
    assertThat(new LatencyHistogram().percentile(0.99)).isZero();
  }
}
