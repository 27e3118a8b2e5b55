package org.iscsilab.initiator;

/** What a stalled task was waiting for, who owes it, and the clause that says so. */
public enum Awaited {
  /** MaxCmdSN below the task's CmdSN: the target must open the window (any PDU carrying MaxCmdSN). */
  WINDOW("command window opening", "a PDU that opens the command window", Side.TARGET, "RFC 7143 §4.2.2.1"),
  /** The command waits behind others for a free slot of the queue depth. */
  QUEUE_SLOT("free queue slot", "answers to the outstanding tasks ahead of it", Side.TARGET, "RFC 7143 §4.2.2.1"),
  R2T("R2T", "an R2T", Side.TARGET, "RFC 7143 §11.8"),
  DATA_IN("Data-In", "the remaining Data-In", Side.TARGET, "RFC 7143 §11.7"),
  SCSI_RESPONSE("SCSI Response", "a SCSI Response", Side.TARGET, "RFC 7143 §11.4"),
  LOGIN_RESPONSE("Login Response", "a Login Response", Side.TARGET, "RFC 7143 §11.13"),
  TEXT_RESPONSE("Text Response", "a Text Response", Side.TARGET, "RFC 7143 §11.11"),
  NOP_IN("NOP-In", "a NOP-In answering the ping", Side.TARGET, "RFC 7143 §11.19"),
  TASK_MANAGEMENT_RESPONSE("Task Management Function Response", "a Task Management Function Response",
      Side.TARGET, "RFC 7143 §11.6"),
  LOGOUT_RESPONSE("Logout Response", "a Logout Response", Side.TARGET, "RFC 7143 §11.15"),
  /** Raw API: any PDU at all. */
  ANY_PDU("PDU", "nothing by rule", Side.TARGET, "raw API receive"),
  /** The initiator itself still has Data-Out to send (e.g. the socket would not take it). */
  DATA_OUT("Data-Out sent", "Data-Out", Side.INITIATOR, "RFC 7143 §11.7");

  private final String what;
  private final String owed;
  private final Side owner;
  private final String clause;

  Awaited(String what, String owed, Side owner, String clause) {
    this.what = what;
    this.owed = owed;
    this.owner = owner;
    this.clause = clause;
  }

  /** Noun, e.g. "SCSI Response". */
  public String what() {
    return what;
  }

  /** What the owing side must send. */
  public String owed() {
    return owed;
  }

  public Side owner() {
    return owner;
  }

  public String clause() {
    return clause;
  }
}
