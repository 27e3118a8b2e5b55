package org.iscsilab.initiator;

/**
 * The target broke a protocol rule the initiator checks (wrong DataSN or buffer offset, a PDU for
 * an unknown task, a Reject). The message names the clause.
 */
public final class TargetProtocolException extends InitiatorException {
  private final String clause;

  public TargetProtocolException(String clause, String message) {
    super(message + " (" + clause + ")");
    this.clause = clause;
  }

  public String clause() {
    return clause;
  }
}
