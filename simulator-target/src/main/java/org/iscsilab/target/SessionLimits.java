package org.iscsilab.target;

import java.time.Duration;

/**
 * What the target offers in operational negotiation (RFC 7143 §13) and its timers.
 *
 * @param queueDepth commands admitted ahead of ExpCmdSN: MaxCmdSN = ExpCmdSN + queueDepth - 1
 * @param maxRecvDataSegmentLength what the target declares it can receive (§13.12)
 * @param maxBurstLength §13.13
 * @param firstBurstLength §13.14
 * @param initialR2T the target's InitialR2T value (OR: "No" lets the initiator choose)
 * @param immediateData the target's ImmediateData value (AND)
 * @param maxOutstandingR2T §13.17
 * @param maxConnections §13.2
 * @param dataPduInOrder §13.18 (OR)
 * @param dataSequenceInOrder §13.19 (OR)
 * @param nopInInterval idle time before a NOP-In ping; zero disables pings
 * @param nopInTimeout how long a ping may go unanswered before the connection is dropped
 * @param loginTimeout how long a login may take from connect to full feature phase
 * @param maxSessions sessions at once before logins get "out of resources"
 */
public record SessionLimits(int queueDepth, int maxRecvDataSegmentLength, int maxBurstLength,
    int firstBurstLength, boolean initialR2T, boolean immediateData, int maxOutstandingR2T,
    int maxConnections, boolean dataPduInOrder, boolean dataSequenceInOrder, Duration nopInInterval,
    Duration nopInTimeout, Duration loginTimeout, int maxSessions) {

  public static final SessionLimits DEFAULTS = new SessionLimits(128, 262144, 1048576, 262144, false, true, 1,
      4, true, true, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(15), 1024);

  public SessionLimits {
    check("queueDepth", queueDepth, 1, 65536);
    check("maxRecvDataSegmentLength", maxRecvDataSegmentLength, 512, 16777215);
    check("maxBurstLength", maxBurstLength, 512, 16777215);
    check("firstBurstLength", firstBurstLength, 512, 16777215);
    check("maxOutstandingR2T", maxOutstandingR2T, 1, 65535);
    check("maxConnections", maxConnections, 1, 65535);
    check("maxSessions", maxSessions, 1, 65535);
    if (firstBurstLength > maxBurstLength) {
      throw new IllegalArgumentException("firstBurstLength " + firstBurstLength + " exceeds maxBurstLength "
          + maxBurstLength + " (RFC 7143 §13.14)");
    }
    if (nopInInterval.isNegative() || nopInTimeout.isNegative() || loginTimeout.isNegative()
        || loginTimeout.isZero()) {
      throw new IllegalArgumentException("timers must not be negative, loginTimeout must be positive");
    }
  }

  private static void check(String name, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " " + v + " is outside " + min + ".." + max);
    }
  }

  public SessionLimits withQueueDepth(int v) {
    return new SessionLimits(v, maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, initialR2T,
        immediateData, maxOutstandingR2T, maxConnections, dataPduInOrder, dataSequenceInOrder, nopInInterval,
        nopInTimeout, loginTimeout, maxSessions);
  }

  public SessionLimits withBursts(int maxRecv, int maxBurst, int firstBurst, boolean initialR2T,
      boolean immediateData, int maxOutstandingR2T) {
    return new SessionLimits(queueDepth, maxRecv, maxBurst, firstBurst, initialR2T, immediateData,
        maxOutstandingR2T, maxConnections, dataPduInOrder, dataSequenceInOrder, nopInInterval, nopInTimeout,
        loginTimeout, maxSessions);
  }

  public SessionLimits withTimers(Duration nopInInterval, Duration nopInTimeout, Duration loginTimeout) {
    return new SessionLimits(queueDepth, maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, initialR2T,
        immediateData, maxOutstandingR2T, maxConnections, dataPduInOrder, dataSequenceInOrder, nopInInterval,
        nopInTimeout, loginTimeout, maxSessions);
  }

  public SessionLimits withMaxConnections(int v) {
    return new SessionLimits(queueDepth, maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, initialR2T,
        immediateData, maxOutstandingR2T, v, dataPduInOrder, dataSequenceInOrder, nopInInterval, nopInTimeout,
        loginTimeout, maxSessions);
  }

  public SessionLimits withOrder(boolean dataPduInOrder, boolean dataSequenceInOrder) {
    return new SessionLimits(queueDepth, maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, initialR2T,
        immediateData, maxOutstandingR2T, maxConnections, dataPduInOrder, dataSequenceInOrder, nopInInterval,
        nopInTimeout, loginTimeout, maxSessions);
  }

  public SessionLimits withMaxSessions(int v) {
    return new SessionLimits(queueDepth, maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, initialR2T,
        immediateData, maxOutstandingR2T, maxConnections, dataPduInOrder, dataSequenceInOrder, nopInInterval,
        nopInTimeout, loginTimeout, v);
  }
}
