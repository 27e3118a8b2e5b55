package org.iscsilab.pcap.analysis;

/** One violation (or notable fact) found in a capture, with where it happened and what it broke. */
public record Finding(
    Rule rule, Side blames, ConnectionId connection, long frameNumber, long timestampNanos, String message) {

  public Severity severity() {
    return rule.severity();
  }

  public String clause() {
    return rule.clause();
  }

  @Override
  public String toString() {
    return String.format("%s %s frame %d %s: %s [%s]", rule.severity(), rule.id(), frameNumber, connection, message,
        rule.clause());
  }
}
