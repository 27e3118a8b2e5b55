package org.iscsilab.testfixtures.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector reports a buffer that was never released (style.md §7).
 * Installs a {@link ResourceLeakDetectorFactory} whose detectors record every report instead of
 * only logging it; after each test it collects garbage and allocates a few buffers, which is when
 * Netty looks for leaked ones, and fails the test with Netty's access records. Run with
 * {@code -Dio.netty.leakDetection.level=paranoid} (the build does) so that every buffer is tracked.
 *
 * <p>The factory takes effect only if it is in place before Netty's buffer classes are first used
 * in the JVM; when another test class used buffers earlier, the extension falls back to catching the
 * ERROR lines Netty's own detector logs (through a Logback appender), so a leak fails the test
 * either way. Use it with {@code @ExtendWith(NettyLeakDetection.class)}.
 */
public final class NettyLeakDetection implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

  private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
      @Override
      @SuppressWarnings("deprecation")
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
          long maxActive) {
        return new RecordingDetector<>(resource, samplingInterval);
      }

      @Override
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
        return new RecordingDetector<>(resource, samplingInterval);
      }
    });
  }

  static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      LEAKS.add("LEAK: " + resourceType + " was not released; recent access records:" + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      LEAKS.add("LEAK: " + resourceType + " was not released (no access records)");
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
      throw new IllegalStateException("run tests with -Dio.netty.leakDetection.level=paranoid, not "
          + ResourceLeakDetector.getLevel());
    }
    Field f = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
    f.setAccessible(true);
    if (!(f.get(null) instanceof RecordingDetector)) {
      // Netty's buffers were first used before this extension (another test class in the same
      // JVM): their detector is Netty's own, which logs each leak at ERROR. Catch those lines.
      LogHook.install();
    }
  }

  /** Collects the ERROR lines Netty's own detector logs, through Logback (a test dependency everywhere). */
  static final class LogHook {
    private static volatile boolean installed;

    static synchronized void install() {
      if (installed) {
        return;
      }
      ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
          ResourceLeakDetector.class);
      if (!logger.isErrorEnabled()) {
        logger.setLevel(ch.qos.logback.classic.Level.ERROR);
      }
      ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> appender =
          new ch.qos.logback.core.AppenderBase<>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
              if (e.getLevel() == ch.qos.logback.classic.Level.ERROR && e.getFormattedMessage().startsWith("LEAK:")) {
                LEAKS.add(e.getFormattedMessage());
              }
            }
          };
      appender.setContext(logger.getLoggerContext());
      appender.setName("netty-leak-detection");
      appender.start();
      logger.addAppender(appender);
      installed = true;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (unreleased() > 0) {
      sweep();
    }
    LEAKS.clear();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    // Fast path: every tracked buffer was released, so nothing can have leaked; otherwise collect
    // garbage so that Netty finds the buffers that became unreachable unreleased.
    if (unreleased() > 0) {
      sweep();
    }
    List<String> leaks = new ArrayList<>(LEAKS);
    LEAKS.clear();
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.size() + " leaked buffer(s) in " + (context == null ? "this test" : context.getDisplayName()) + "\n"
          + String.join("\n", leaks));
    }
  }

  /** Buffers tracked by the detector and not released yet (reachable or not). */
  private static int unreleased() {
    try {
      Field d = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
      d.setAccessible(true);
      Field all = ResourceLeakDetector.class.getDeclaredField("allLeaks");
      all.setAccessible(true);
      return ((java.util.Set<?>) all.get(d.get(null))).size();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Integer.MAX_VALUE; // cannot tell: take the slow path
    }
  }

  /** Leaks are found when a collected buffer's reference is polled, which happens on allocation. */
  private static void sweep() {
    // Collected buffers reach Netty's reference queue asynchronously: poll until every tracked
    // buffer is either reported or still reachable (held on purpose), within a bound.
    int before = LEAKS.size();
    for (int i = 0; i < 30; i++) {
      System.gc();
      ByteBuf a = Unpooled.buffer(1);
      ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(1);
      ByteBuf c = Unpooled.directBuffer(1);
      a.release();
      b.release();
      c.release();
      if (unreleased() == 0 || (i >= 3 && LEAKS.size() > before)) {
        return;
      }
      Thread.yield();
    }
  }

  /** The leaks reported so far and not yet claimed by a test (for the extension's own test). */
  static List<String> drain() {
    sweep();
    List<String> l = new ArrayList<>(LEAKS);
    LEAKS.clear();
    return l;
  }
}
