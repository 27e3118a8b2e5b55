package org.iscsilab.initiator;

import java.util.List;

/**
 * The connection closed (or failed) while a task was outstanding: which task, what it waited for,
 * why the connection ended, and the last PDUs.
 */
public final class ConnectionLostException extends InitiatorException {
  private final String reason;
  private final List<PduRecord> lastPdus;

  public ConnectionLostException(String what, String reason, List<PduRecord> lastPdus) {
    super(compose(what, reason, lastPdus));
    this.reason = reason;
    this.lastPdus = List.copyOf(lastPdus);
  }

  private static String compose(String what, String reason, List<PduRecord> last) {
    StringBuilder sb = new StringBuilder(what).append(": the connection ended (").append(reason).append(")");
    sb.append(". Last PDUs:");
    if (last.isEmpty()) {
      sb.append(" (none)");
    }
    for (PduRecord r : last) {
      sb.append("\n  ").append(r.describe());
    }
    return sb.toString();
  }

  /** Why the connection ended, e.g. "closed by the target". */
  public String reason() {
    return reason;
  }

  public List<PduRecord> lastPdus() {
    return lastPdus;
  }
}
