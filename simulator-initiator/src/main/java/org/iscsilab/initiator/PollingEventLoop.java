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
import java.util.concurrent.locks.LockSupport;

/**
 * A one-thread event loop that polls its sockets on a timer while I/O flows ({@link
 * SessionConfig#withPolling(Duration)}), the way a network card moderates its interrupts. After an
 * event it does not wait on the sockets: it sleeps for {@code interval} on a timer, then checks
 * them without blocking and handles everything that arrived meanwhile in one go. Nobody waits on
 * the sockets, so a target sending data never has to wake this thread (on a virtual machine, an
 * inter-processor interrupt per segment for the target's CPU to pay), and each check finds whole
 * PDUs instead of the first segment of one. Once {@link #idleWindow(Duration)} passes with nothing
 * to do the loop waits on its sockets like any other, so an idle session costs nothing. Scheduled
 * tasks (task deadlines, NOP-Out pings, ABORT TASK) run between checks as on any loop: a hung target
 * is diagnosed on time.
 */
final class PollingEventLoop {

  private PollingEventLoop() {}

  /** How long the loop keeps polling with nothing to do before it waits on its sockets again. */
  static Duration idleWindow(Duration interval) {
    Duration tenChecks = interval.multipliedBy(10);
    return tenChecks.compareTo(Duration.ofMillis(1)) > 0 ? tenChecks : Duration.ofMillis(1);
  }

  /** A new group of one polling loop; the session that owns it shuts it down. */
  static EventLoopGroup newGroup(Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("poll interval must be positive");
    }
    long intervalNanos = interval.toNanos();
    long windowNanos = idleWindow(interval).toNanos();
    DefaultThreadFactory tf = new DefaultThreadFactory("iscsi-initiator-poll", true);
    return Epoll.isAvailable()
        ? new MultiThreadIoEventLoopGroup(1, tf,
            EpollIoHandler.newFactory(0, () -> new Strategy(intervalNanos, windowNanos)))
        : new MultiThreadIoEventLoopGroup(1, tf,
            NioIoHandler.newFactory(SelectorProvider.provider(), () -> new Strategy(intervalNanos, windowNanos)));
  }

  /** Shuts a group down without the usual two-second quiet period. */
  static void shutdown(EventLoopGroup group) {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** Check, else sleep on a timer, else (after the idle window) wait: asked before every turn of the loop. */
  static final class Strategy implements SelectStrategy {
    private final long intervalNanos;
    private final long windowNanos;
    private long lastActive = System.nanoTime();

    Strategy(long intervalNanos, long windowNanos) {
      this.intervalNanos = intervalNanos;
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
        return SelectStrategy.SELECT; // quiet for a whole window: wait until an event or a deadline
      }
      // Sleep on a timer rather than on the sockets, then let the loop run due scheduled tasks and
      // come back here (CONTINUE) for the next check. The kernel's timer slack (50 µs by default)
      // may lengthen the sleep.
      LockSupport.parkNanos(intervalNanos);
      return SelectStrategy.CONTINUE;
    }
  }
}
