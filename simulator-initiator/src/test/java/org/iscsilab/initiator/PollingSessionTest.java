package org.iscsilab.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.SelectStrategy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.initiator.workload.PerfWorkload;
import org.iscsilab.protocol.scsi.cdb.SynchronizeCache;
import org.iscsilab.target.IscsiTarget;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session that polls ({@link SessionConfig#withPolling}) runs on a loop of its own, moves data
 * like any other, still meets its deadlines while polling, and gives its thread back when closed.
 */
@ExtendWith(NettyLeakDetection.class)
@Timeout(60)
class PollingSessionTest {

  private static IscsiTarget start(String... quirks) {
    return OwnTargets.start("64MiB", quirks);
  }

  private static SessionConfig config(IscsiTarget t) {
    return OwnTargets.config(t, Duration.ofSeconds(20)).withPolling(Duration.ofNanos(20_000));
  }

  private static String loopThreadName(IscsiSession s) throws Exception {
    CompletableFuture<String> name = new CompletableFuture<>();
    s.connections().get(0).eventLoop().execute(() -> name.complete(Thread.currentThread().getName()));
    return name.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aPollingSessionWritesReadsAndRunsPerfOnItsOwnLoop() throws Exception {
    try (IscsiTarget t = start()) {
      io.netty.channel.EventLoop loop;
      try (IscsiSession s = IscsiSession.open(config(t))) {
        assertThat(s.config().polls()).isTrue();
        loop = s.connections().get(0).eventLoop();
        assertThat(loop.parent()).isNotSameAs(IscsiConnection.sharedGroup());
        assertThat(loopThreadName(s)).startsWith("iscsi-initiator-poll");
        BlockDevice d = BlockDevice.open(s, 0);
        byte[] data = new byte[4 << 20];
        new Random(7).nextBytes(data);
        d.write(0, data);
        assertThat(d.read(0, data.length / d.blockSize())).isEqualTo(data);
        PerfWorkload.Result r = new PerfWorkload(d, new PerfWorkload.Options(128 << 10, 16, Duration.ofMillis(500),
            false, 0, 16 << 20, 1)).run(null);
        assertThat(r.errors()).isZero();
        assertThat(r.ios()).isPositive();
        assertThat(s.targetViolations()).isEmpty();
      }
      // Closing the session shuts its loop down: no spinning thread is left behind.
      assertThat(loop.parent().awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aPollingSessionStillMeetsItsDeadlinesAndAborts() {
    try (IscsiTarget t = start("sync-cache-never-answered");
        IscsiSession s = IscsiSession.open(config(t).withAbortOnTimeout(Duration.ofSeconds(2)))) {
      BlockDevice.open(s, 0);
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.execute(ScsiRequest.noData(0, SynchronizeCache.wholeMedium(10, false).toBytes())
          .withTimeout(Duration.ofSeconds(1))))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.awaited()).isEqualTo(Awaited.SCSI_RESPONSE);
            assertThat(e.abort()).get().extracting(AbortOutcome::kind).isEqualTo(AbortOutcome.Kind.ANSWERED);
          });
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
      assertThat(s.trackedTasks()).isZero();
    }
  }

  @Test
  void aLoginThatFailsShutsThePollingLoopDown() {
    try (IscsiTarget t = start()) {
      InetSocketAddress a = t.address();
      SessionConfig wrongName = SessionConfig.of(a.getHostString(), a.getPort(),
          LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, "iqn.2026-11.org.iscsilab:nobody"))
          .withPolling(Duration.ofNanos(20_000));
      long before = pollThreads();
      assertThatThrownBy(() -> IscsiSession.open(wrongName)).isInstanceOf(LoginFailedException.class);
      // Shut down with no quiet period: the thread ends within the bounded wait below.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (pollThreads() > before && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(pollThreads()).isLessThanOrEqualTo(before);
    }
  }

  private static long pollThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(th -> th.isAlive() && th.getName().startsWith("iscsi-initiator-poll")).count();
  }

  @Test
  void theStrategyChecksSleepsOnATimerAndWaitsOnceIdle() throws Exception {
    long hour = TimeUnit.HOURS.toNanos(1);
    PollingEventLoop.Strategy polling = new PollingEventLoop.Strategy(TimeUnit.MICROSECONDS.toNanos(20), hour);
    assertThat(polling.calculateStrategy(() -> 3, false)).isEqualTo(3);      // events: handle them
    assertThat(polling.calculateStrategy(() -> 0, true)).isZero();           // tasks: run them
    long t0 = System.nanoTime();
    assertThat(polling.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.CONTINUE);
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MICROSECONDS.toNanos(20)); // slept
    PollingEventLoop.Strategy idle = new PollingEventLoop.Strategy(TimeUnit.MICROSECONDS.toNanos(20), 0);
    assertThat(idle.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
    assertThat(idle.calculateStrategy(() -> 1, false)).isEqualTo(1);
    assertThat(PollingEventLoop.idleWindow(Duration.ofNanos(20_000))).isEqualTo(Duration.ofMillis(1));
    assertThat(PollingEventLoop.idleWindow(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(10));
    assertThatThrownBy(() -> SessionConfig.of("127.0.0.1", 3260, LoginSpec.discovery("iqn.x"))
        .withPolling(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poll interval");
  }
}
