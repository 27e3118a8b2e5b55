package org.iscsilab.initiator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run a session: where, the login, and the session engine's limits and deadlines.
 *
 * @param host           portal host
 * @param port           portal port
 * @param login          the login (keys, CHAP, identifiers)
 * @param connectTimeout TCP connect deadline
 * @param taskTimeout    default deadline of a task
 * @param queueDepth     most SCSI tasks outstanding at once
 * @param connections    connections wanted (used when the target agrees to MaxConnections &gt; 1)
 * @param nopInterval    NOP-Out ping period, or zero for none
 * @param nopTimeout     deadline for a NOP-In answering a ping
 * @param reconnect      log in again (ERL 0 session reinstatement) when the connection drops
 * @param quirks         quirks to apply
 * @param abortTimeout   when a SCSI task's deadline passes, send ABORT TASK for it and wait this long for
 *                       the Task Management Function Response before failing the task with the
 *                       diagnosis (which then says how the abort went); zero: fail at once, no abort
 * @param wireTap        shows every connection's bytes (pcap recording), or null
 * @param pollInterval   while I/O flows, how often the session's own event loop checks its sockets
 *                       instead of waiting on them (zero: it waits on them, the default); see
 *                       {@link #withPolling(Duration)}
 */
public record SessionConfig(String host, int port, LoginSpec login, Duration connectTimeout, Duration taskTimeout,
    int queueDepth, int connections, Duration nopInterval, Duration nopTimeout, boolean reconnect,
    List<InitiatorQuirk> quirks, Duration abortTimeout, ConnectionTap wireTap, Duration pollInterval) {

  public SessionConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(login, "login");
    quirks = List.copyOf(quirks);
    Objects.requireNonNull(abortTimeout, "abortTimeout");
    if (abortTimeout.isNegative()) {
      throw new IllegalArgumentException("abort timeout must not be negative");
    }
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative()) {
      throw new IllegalArgumentException("poll interval must not be negative");
    }
    if (queueDepth < 1) {
      throw new IllegalArgumentException("queue depth must be at least 1");
    }
  }

  /**
   * Defaults: 10 s connect, 30 s tasks, depth 64, one connection, no pings, no reconnect, no abort
   * on timeout, no wire tap.
   */
  public static SessionConfig of(String host, int port, LoginSpec login) {
    return new SessionConfig(host, port, login, Duration.ofSeconds(10), Duration.ofSeconds(30), 64, 1,
        Duration.ZERO, Duration.ofSeconds(10), false, List.of(), Duration.ZERO, null, Duration.ZERO);
  }

  public SessionConfig withTaskTimeout(Duration t) {
    return new SessionConfig(host, port, login, connectTimeout, t, queueDepth, connections, nopInterval, nopTimeout,
        reconnect, quirks, abortTimeout, wireTap, pollInterval);
  }

  public SessionConfig withConnectTimeout(Duration t) {
    return new SessionConfig(host, port, login, t, taskTimeout, queueDepth, connections, nopInterval, nopTimeout,
        reconnect, quirks, abortTimeout, wireTap, pollInterval);
  }

  public SessionConfig withQueueDepth(int d) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, d, connections, nopInterval, nopTimeout,
        reconnect, quirks, abortTimeout, wireTap, pollInterval);
  }

  public SessionConfig withConnections(int n) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, n, nopInterval, nopTimeout,
        reconnect, quirks, abortTimeout, wireTap, pollInterval);
  }

  public SessionConfig withNops(Duration interval, Duration timeout) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, connections, interval,
        timeout, reconnect, quirks, abortTimeout, wireTap, pollInterval);
  }

  public SessionConfig withReconnect(boolean r) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, connections, nopInterval,
        nopTimeout, r, quirks, abortTimeout, wireTap, pollInterval);
  }

  public SessionConfig withQuirks(List<InitiatorQuirk> q) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, connections, nopInterval,
        nopTimeout, reconnect, q, abortTimeout, wireTap, pollInterval);
  }

  public SessionConfig withLogin(LoginSpec l) {
    return new SessionConfig(host, port, l, connectTimeout, taskTimeout, queueDepth, connections, nopInterval,
        nopTimeout, reconnect, quirks, abortTimeout, wireTap, pollInterval);
  }

  /**
   * On a SCSI task's deadline, send ABORT TASK for it (RFC 7143 §11.5) and wait at most
   * {@code answerDeadline} for the response; the task then fails with the diagnosis, which reports
   * the abort's outcome. A late SCSI Response or Data-In for the aborted task is ignored.
   */
  public SessionConfig withAbortOnTimeout(Duration answerDeadline) {
    if (answerDeadline.isZero() || answerDeadline.isNegative()) {
      throw new IllegalArgumentException("the ABORT TASK deadline must be positive");
    }
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, connections, nopInterval,
        nopTimeout, reconnect, quirks, answerDeadline, wireTap, pollInterval);
  }

  /** A task whose deadline passes fails at once, without ABORT TASK (the default). */
  public SessionConfig withoutAbortOnTimeout() {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, connections, nopInterval,
        nopTimeout, reconnect, quirks, Duration.ZERO, wireTap, pollInterval);
  }

  /** Whether tasks are aborted when their deadline passes. */
  public boolean abortOnTimeout() {
    return !abortTimeout.isZero();
  }

  /** Shows every connection of the session (first, extra and reconnected) to {@code tap}; null: none. */
  public SessionConfig withWireTap(ConnectionTap tap) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, connections, nopInterval,
        nopTimeout, reconnect, quirks, abortTimeout, tap, pollInterval);
  }

  /**
   * Gives the session an event loop of its own that, while I/O flows, sleeps for {@code interval} on
   * a timer and then checks its sockets without blocking, instead of waiting on them: completions
   * are handled in batches, the way a network card moderates its interrupts. A receiver waiting on
   * its socket costs the sender a wake-up for every segment (on a virtual machine an
   * inter-processor interrupt), and a single-threaded target such as tgt pays for it out of the
   * CPU time that limits its IOPS; each check also finds whole PDUs rather than the first segment
   * of one. The price is latency: up to {@code interval} plus the kernel's timer slack (50 µs by
   * default) per completion, so it suits queue depths that keep the target busy, not single
   * commands. After {@link PollingEventLoop#idleWindow} with nothing to do the loop waits on its
   * sockets again. Zero: wait on the sockets (the default, and the shared loops).
   */
  public SessionConfig withPolling(Duration interval) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, connections, nopInterval,
        nopTimeout, reconnect, quirks, abortTimeout, wireTap, interval);
  }

  /** Whether the session polls ({@link #withPolling(Duration)}). */
  public boolean polls() {
    return !pollInterval.isZero();
  }
}
