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
}
