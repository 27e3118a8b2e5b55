package org.iscsilab.testfixtures.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension really sees a leak: a buffer dropped unreleased is reported, one released is not. */
@ExtendWith(NettyLeakDetection.class)
class NettyLeakDetectionTest {

  private static void leakOne() {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(16);
    b.writeInt(42);
    // dropped without release()
  }

  @Test
  void reportsABufferDroppedWithoutRelease() {
    leakOne();
    assertThat(NettyLeakDetection.drain()).anySatisfy(l -> assertThat(l).startsWith("LEAK: ByteBuf"));
  }

  @Test
  void failsTheTestThatLeaked() {
    NettyLeakDetection ext = new NettyLeakDetection();
    leakOne();
    assertThatThrownBy(() -> ext.afterEach(null)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("leaked buffer");
  }

  @Test
  void staysQuietWhenEverythingIsReleased() {
    PooledByteBufAllocator.DEFAULT.buffer(16).release();
    assertThat(NettyLeakDetection.drain()).isEmpty();
  }

  @Test
  void catchesTheLeaksNettysOwnDetectorLogsWhenBuffersWereUsedBeforeTheExtension() {
    NettyLeakDetection.LogHook.install();
    @SuppressWarnings("deprecation")
    io.netty.util.ResourceLeakDetector<Object> netty = new io.netty.util.ResourceLeakDetector<>(Object.class, 1);
    netty.track(new Object()); // tracked, never closed, dropped
    java.util.List<String> seen = new java.util.ArrayList<>();
    for (int i = 0; i < 50 && seen.isEmpty(); i++) {
      System.gc();
      Object probe = new Object();
      netty.track(probe).close(probe); // Netty looks for collected objects when tracking
      seen.addAll(NettyLeakDetection.drain());
    }
    assertThat(seen).anySatisfy(l -> assertThat(l).startsWith("LEAK: Object.release() was not called"));
  }
}
