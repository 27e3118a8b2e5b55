package org.iscsilab.initiator;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A one-thread event loop that polls instead of sleeping while I/O flows ({@link
 * SessionConfig#withPolling(Duration)}). After an event, and while tasks keep arriving, it checks
 * its sockets without blocking every {@value #CHECK_EVERY_MICROS} µs; once {@code window} has passed
 * with nothing to do it sleeps in epoll_wait like any other loop, so an idle session costs nothing.
 * Scheduled tasks (task deadlines, NOP-Out pings, ABORT TASK) run between checks exactly as on a
 * sleeping loop: a hung target is still diagnosed on time.
 */
final class PollingEventLoop {

  /** Microseconds between two non-blocking checks while polling. */
  static final int CHECK_EVERY_MICROS = 10;

  private PollingEventLoop() {}

  /** A new group of one polling loop; the session that owns it shuts it down. */
  static EventLoopGroup newGroup(Duration window) {
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("poll window must be positive");
    }
    long windowNanos = window.toNanos();
    DefaultThreadFactory tf = new DefaultThreadFactory("iscsi-initiator-poll", true);
    return Epoll.isAvailable()
        ? new MultiThreadIoEventLoopGroup(1, tf, EpollIoHandler.newFactory(0, () -> new Strategy(windowNanos)))
        : new MultiThreadIoEventLoopGroup(1, tf,
            NioIoHandler.newFactory(SelectorProvider.provider(), () -> new Strategy(windowNanos)));
  }

  /** Shuts a group down without the usual two-second quiet period. */
  static void shutdown(EventLoopGroup group) {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** Spin, then sleep: {@link SelectStrategy} is asked before every turn of the loop. */
  static final class Strategy implements SelectStrategy {
    private static final long CHECK_EVERY_NANOS = TimeUnit.MICROSECONDS.toNanos(CHECK_EVERY_MICROS);
    private final long windowNanos;
    private long lastActive = System.nanoTime();

    Strategy(long windowNanos) {
      this.windowNanos = windowNanos;
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
      int ready = selectNow.get(); // epoll_wait with a zero timeout
      long now = System.nanoTime();
      if (ready > 0 || hasTasks) {
        lastActive = now;
        return ready; // handle what is ready, then run the tasks
      }
      if (now - lastActive >= windowNanos) {
        return SelectStrategy.SELECT; // quiet for a whole window: sleep until an event or a deadline
      }
      // Nothing yet: wait a little without a system call, then let the loop run due scheduled tasks
      // and come back here (CONTINUE) for the next check.
      long until = now + CHECK_EVERY_NANOS;
      while (System.nanoTime() - until < 0) {
        Thread.onSpinWait();
      }
      return SelectStrategy.CONTINUE;
    }
  }
}
