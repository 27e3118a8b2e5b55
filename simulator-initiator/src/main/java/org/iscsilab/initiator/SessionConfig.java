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
 */
public record SessionConfig(String host, int port, LoginSpec login, Duration connectTimeout, Duration taskTimeout,
    int queueDepth, int connections, Duration nopInterval, Duration nopTimeout, boolean reconnect,
    List<InitiatorQuirk> quirks) {

  public SessionConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(login, "login");
    quirks = List.copyOf(quirks);
    if (queueDepth < 1) {
      throw new IllegalArgumentException("queue depth must be at least 1");
    }
  }

  /** Defaults: 10 s connect, 30 s tasks, depth 64, one connection, no pings, no reconnect. */
  public static SessionConfig of(String host, int port, LoginSpec login) {
    return new SessionConfig(host, port, login, Duration.ofSeconds(10), Duration.ofSeconds(30), 64, 1,
        Duration.ZERO, Duration.ofSeconds(10), false, List.of());
  }

  public SessionConfig withTaskTimeout(Duration t) {
    return new SessionConfig(host, port, login, connectTimeout, t, queueDepth, connections, nopInterval, nopTimeout,
        reconnect, quirks);
  }

  public SessionConfig withConnectTimeout(Duration t) {
    return new SessionConfig(host, port, login, t, taskTimeout, queueDepth, connections, nopInterval, nopTimeout,
        reconnect, quirks);
  }

  public SessionConfig withQueueDepth(int d) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, d, connections, nopInterval, nopTimeout,
        reconnect, quirks);
  }

  public SessionConfig withConnections(int n) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, n, nopInterval, nopTimeout,
        reconnect, quirks);
  }

  public SessionConfig withNops(Duration interval, Duration timeout) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, connections, interval,
        timeout, reconnect, quirks);
  }

  public SessionConfig withReconnect(boolean r) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, connections, nopInterval,
        nopTimeout, r, quirks);
  }

  public SessionConfig withQuirks(List<InitiatorQuirk> q) {
    return new SessionConfig(host, port, login, connectTimeout, taskTimeout, queueDepth, connections, nopInterval,
        nopTimeout, reconnect, q);
  }

  public SessionConfig withLogin(LoginSpec l) {
    return new SessionConfig(host, port, l, connectTimeout, taskTimeout, queueDepth, connections, nopInterval,
        nopTimeout, reconnect, quirks);
  }
}
