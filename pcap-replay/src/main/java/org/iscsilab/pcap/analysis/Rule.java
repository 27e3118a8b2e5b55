package org.iscsilab.pcap.analysis;

/**
 * The analyser's rules, each tied to the clause it enforces. Ids are stable: reports, tests and
 * users refer to them.
 */
public enum Rule {
  IMMEDIATE_ADVANCED_EXPCMDSN("ISCSI-CMDSN-01", Severity.ERROR, Side.TARGET, "RFC 7143 §4.2.2.1",
      "ExpCmdSN advanced by an immediate command"),
  COMMAND_OUTSIDE_WINDOW("ISCSI-CMDSN-02", Severity.ERROR, Side.INITIATOR, "RFC 7143 §4.2.2.1",
      "non-immediate command sent with a CmdSN outside the window [ExpCmdSN, MaxCmdSN]"),
  WINDOW_MOVED_BACKWARDS("ISCSI-CMDSN-03", Severity.ERROR, Side.TARGET, "RFC 7143 §4.2.2.1",
      "ExpCmdSN decreased or MaxCmdSN fell below ExpCmdSN - 1"),
  STATSN_NOT_INCREMENTING("ISCSI-STATSN-01", Severity.ERROR, Side.TARGET, "RFC 7143 §4.2.2.2",
      "StatSN of a status-bearing PDU is not the previous StatSN + 1"),
  CHECK_CONDITION_WITHOUT_SENSE("SCSI-SENSE-01", Severity.ERROR, Side.TARGET, "RFC 7143 §11.4.7.2; SAM-5 §5.13 (autosense)",
      "CHECK CONDITION without sense data"),
  DATA_IN_BEYOND_MAX_RECV_DSL("ISCSI-DATA-01", Severity.ERROR, Side.TARGET, "RFC 7143 §13.12",
      "Data-In data segment longer than the initiator's MaxRecvDataSegmentLength"),
  DATA_IN_BEYOND_MAX_BURST("ISCSI-DATA-02", Severity.ERROR, Side.TARGET, "RFC 7143 §13.13",
      "Data-In sequence longer than MaxBurstLength"),
  DATASN_GAP("ISCSI-DATA-03", Severity.ERROR, Side.TARGET, "RFC 7143 §11.7.5",
      "DataSN does not follow on from the previous Data-In of the task"),
  DATA_IN_OUT_OF_ORDER("ISCSI-DATA-04", Severity.ERROR, Side.TARGET, "RFC 7143 §13.18",
      "Data-In buffer offset out of order although DataPDUInOrder=Yes"),
  DATA_OUT_BEYOND_MAX_RECV_DSL("ISCSI-DATA-05", Severity.ERROR, Side.INITIATOR, "RFC 7143 §13.12",
      "Data-Out data segment longer than the target's MaxRecvDataSegmentLength"),
  UNSOLICITED_DATA_BEYOND_FIRST_BURST("ISCSI-DATA-06", Severity.ERROR, Side.INITIATOR, "RFC 7143 §13.14",
      "immediate plus unsolicited data beyond FirstBurstLength"),
  UNSOLICITED_DATA_NOT_ALLOWED("ISCSI-DATA-07", Severity.ERROR, Side.INITIATOR, "RFC 7143 §13.10, §13.11",
      "unsolicited or immediate data sent although InitialR2T/ImmediateData forbid it"),
  DATA_OUT_BEYOND_R2T("ISCSI-DATA-08", Severity.ERROR, Side.INITIATOR, "RFC 7143 §11.8.4",
      "Data-Out outside the range its R2T asked for"),
  R2T_BEYOND_MAX_OUTSTANDING("ISCSI-R2T-01", Severity.ERROR, Side.TARGET, "RFC 7143 §13.17",
      "more outstanding R2Ts for a task than MaxOutstandingR2T"),
  RESIDUAL_MISMATCH("ISCSI-RESID-01", Severity.WARNING, Side.TARGET, "RFC 7143 §11.4.5",
      "residual count disagrees with the expected length and the data transferred"),
  NOP_IN_UNANSWERED("ISCSI-NOP-01", Severity.ERROR, Side.INITIATOR, "RFC 7143 §11.19.1, §11.18",
      "NOP-In with a valid Target Transfer Tag never answered with a NOP-Out"),
  NOP_OUT_ANSWER_WRONG_LUN("ISCSI-NOP-02", Severity.ERROR, Side.INITIATOR, "RFC 7143 §11.18.2",
      "NOP-Out answering a NOP-In does not echo the NOP-In's LUN"),
  TASK_NEVER_ANSWERED("ISCSI-HANG-01", Severity.ERROR, Side.TARGET, "RFC 7143 §4.2.2.1, §11.4",
      "command accepted (CmdSN consumed) but never answered"),
  TASK_ENDED_BY_ABORT("ISCSI-HANG-02", Severity.WARNING, Side.TARGET, "RFC 7143 §11.5.1, §4.2.2.1",
      "command left unanswered until the initiator aborted it"),
  TPGT_MISSING("ISCSI-LOGIN-01", Severity.ERROR, Side.TARGET, "RFC 7143 §13.9",
      "TargetPortalGroupTag missing from the first Login Response of a session that named its target"),
  LOGIN_REFUSED("ISCSI-LOGIN-02", Severity.INFO, Side.TARGET, "RFC 7143 §11.13.5", "login refused"),
  REJECT_RECEIVED("ISCSI-REJECT-01", Severity.WARNING, Side.INITIATOR, "RFC 7143 §11.17",
      "target rejected a PDU"),
  RESPONSE_FOR_UNKNOWN_TASK("ISCSI-TASK-01", Severity.WARNING, Side.TARGET, "RFC 7143 §11.2.1.8",
      "response for an Initiator Task Tag that has no outstanding task"),
  DIGEST_ERROR("ISCSI-DIGEST-01", Severity.ERROR, Side.TARGET, "RFC 7143 §13.1",
      "digest does not match the PDU"),
  STREAM_GAP("CAPTURE-GAP-01", Severity.WARNING, Side.TARGET, "capture",
      "bytes missing from the capture; the stream was resynchronised");

  private final String id;
  private final Severity severity;
  private final Side blames;
  private final String clause;
  private final String title;

  Rule(String id, Severity severity, Side blames, String clause, String title) {
    this.id = id;
    this.severity = severity;
    this.blames = blames;
    this.clause = clause;
    this.title = title;
  }

  public String id() {
    return id;
  }

  public Severity severity() {
    return severity;
  }

  /** The side usually at fault; a finding may blame the other when the direction says so. */
  public Side blames() {
    return blames;
  }

  public String clause() {
    return clause;
  }

  public String title() {
    return title;
  }
}
