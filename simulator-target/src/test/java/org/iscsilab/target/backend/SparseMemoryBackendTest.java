package org.iscsilab.target.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class SparseMemoryBackendTest {

  @Test
  void oneTebibyteLunWithTenMebibytesWrittenUsesWellUnderOneHundredMebibytes() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    System.gc();
    long before = mem.getHeapMemoryUsage().getUsed();
    SparseMemoryBackend b = new SparseMemoryBackend(1L << 40, false);
    byte[] block = new byte[1 << 20];
    for (int i = 0; i < 10; i++) {
      java.util.Arrays.fill(block, (byte) (i + 1));
      // Spread across the whole medium.
      b.write((long) i * (100L << 30) + 4096, block, 0, block.length, false);
    }
    System.gc();
    long after = mem.getHeapMemoryUsage().getUsed();
    assertThat(b.allocatedBytes()).isLessThan(12L << 20);
    assertThat(after - before).isLessThan(100L << 20);
    byte[] back = new byte[1 << 20];
    b.read(9L * (100L << 30) + 4096, back, 0, back.length);
    assertThat(back).containsOnly((byte) 10);
    byte[] empty = new byte[4096];
    b.read((1L << 40) - 4096, empty, 0, 4096);
    assertThat(empty).containsOnly((byte) 0);
  }

  @Test
  void unmappedRangesReadAsZerosAndReportDeallocated() {
    SparseMemoryBackend b = new SparseMemoryBackend(1 << 24, false);
    byte[] ones = new byte[1 << 17];
    java.util.Arrays.fill(ones, (byte) 1);
    b.write(0, ones, 0, ones.length, false);
    b.unmap(512, (1 << 17) - 1024);
    byte[] back = new byte[1 << 17];
    b.read(0, back, 0, back.length);
    assertThat(back[0]).isEqualTo((byte) 1);
    assertThat(back[600]).isZero();
    assertThat(back[(1 << 17) - 1]).isEqualTo((byte) 1);
    assertThat(b.mapped(1 << 20, 4096)).isFalse();
    assertThat(b.mapped(0, 512)).isTrue();
  }
}
