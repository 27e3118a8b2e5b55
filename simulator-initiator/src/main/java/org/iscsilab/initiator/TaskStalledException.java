package org.iscsilab.initiator;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * A wait that reached its deadline, as a diagnosis: which task, how long, what the initiator was
 * waiting for, whether the target consumed the task's CmdSN, which side owes the next PDU, and
 * the last PDUs seen on the connection. The conformance suite and the workloads report these
 * fields; {@link #getMessage()} says it all in one paragraph.
 */
public final class TaskStalledException extends InitiatorException {

  /** Whether the target took the command into its window (ExpCmdSN moved past its CmdSN). */
  public enum CmdSnState {
    /** ExpCmdSN advanced past the CmdSN: the target received the command. */
    CONSUMED,
    /** Sent, but ExpCmdSN has not passed it. */
    NOT_CONSUMED,
    /** Never sent: the window was closed. */
    NOT_SENT,
    /** Immediate or no CmdSN involved. */
    NOT_APPLICABLE
  }

  private final String task;
  private final int initiatorTaskTag;
  private final String iscsiOpcode;
  private final OptionalInt cmdSN;
  private final Duration waited;
  private final Awaited awaited;
  private final CmdSnState cmdSnState;
  private final int expCmdSN;
  private final int maxCmdSN;
  private final String progress;
  private final String connection;
  private final List<PduRecord> lastPdus;
  private final AbortOutcome abort;

  public TaskStalledException(String task, int initiatorTaskTag, String iscsiOpcode, OptionalInt cmdSN,
      Duration waited, Awaited awaited, CmdSnState cmdSnState, int expCmdSN, int maxCmdSN, String progress,
      String connection, List<PduRecord> lastPdus) {
    this(task, initiatorTaskTag, iscsiOpcode, cmdSN, waited, awaited, cmdSnState, expCmdSN, maxCmdSN, progress,
        connection, lastPdus, null);
  }

  /** A diagnosis that also says how the ABORT TASK sent for the task went ({@code abort} may be null). */
  public TaskStalledException(String task, int initiatorTaskTag, String iscsiOpcode, OptionalInt cmdSN,
      Duration waited, Awaited awaited, CmdSnState cmdSnState, int expCmdSN, int maxCmdSN, String progress,
      String connection, List<PduRecord> lastPdus, AbortOutcome abort) {
    super(compose(task, initiatorTaskTag, cmdSN, waited, awaited, cmdSnState, expCmdSN, maxCmdSN, progress,
        connection, lastPdus, abort));
    this.abort = abort;
    this.task = task;
    this.initiatorTaskTag = initiatorTaskTag;
    this.iscsiOpcode = iscsiOpcode;
    this.cmdSN = cmdSN;
    this.waited = waited;
    this.awaited = awaited;
    this.cmdSnState = cmdSnState;
    this.expCmdSN = expCmdSN;
    this.maxCmdSN = maxCmdSN;
    this.progress = progress;
    this.connection = connection;
    this.lastPdus = List.copyOf(lastPdus);
  }

  static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  /** This diagnosis (PDUs as seen when the deadline passed) with the outcome of the ABORT TASK sent for the task. */
  public TaskStalledException withAbort(AbortOutcome outcome) {
    return withAbort(outcome, cmdSnState, expCmdSN, maxCmdSN, lastPdus);
  }

  /**
   * {@link #withAbort(AbortOutcome)} with what the PDUs since the deadline (e.g. the Task Management
   * Function Response) said about the command window: whether the task's CmdSN has been consumed;
   * and the connection's last PDUs as they are now, the abort's own exchange included.
   */
  public TaskStalledException withAbort(AbortOutcome outcome, CmdSnState state, int expCmdSN, int maxCmdSN,
      List<PduRecord> lastPdusNow) {
    return new TaskStalledException(task, initiatorTaskTag, iscsiOpcode, cmdSN, waited, awaited, state,
        expCmdSN, maxCmdSN, progress, connection, lastPdusNow, outcome);
  }

  private static String compose(String task, int itt, OptionalInt cmdSN, Duration waited, Awaited awaited,
      CmdSnState state, int expCmdSN, int maxCmdSN, String progress, String connection, List<PduRecord> last,
      AbortOutcome abort) {
    StringBuilder sb = new StringBuilder();
    String id = itt == -1 && cmdSN.isEmpty() ? ""
        : " (ITT " + PduSummary.tag(itt) + (cmdSN.isPresent() ? ", CmdSN " + PduSummary.u(cmdSN.getAsInt()) : "")
        + ")";
    if (awaited == Awaited.WINDOW) {
      sb.append(task).append(id).append(" not sent after ").append(seconds(waited))
          .append(": the command window is closed (ExpCmdSN ").append(PduSummary.u(expCmdSN))
          .append(", MaxCmdSN ").append(PduSummary.u(maxCmdSN)).append(')');
    } else {
      sb.append("no ").append(awaited == Awaited.DATA_IN ? "further Data-In" : awaited.what()).append(" for ")
          .append(task).append(id).append(" after ").append(seconds(waited));
      if (progress != null && !progress.isEmpty()) {
        sb.append(" (").append(progress).append(')');
      }
      switch (state) {
        case CONSUMED -> sb.append("; CmdSN was consumed (ExpCmdSN advanced to ").append(PduSummary.u(expCmdSN))
            .append(')');
        case NOT_CONSUMED -> sb.append("; CmdSN not acknowledged: ExpCmdSN last seen is ")
            .append(PduSummary.u(expCmdSN));
        default -> {
        }
      }
    }
    long now = System.nanoTime();
    for (int i = last.size() - 1; i >= 0; i--) {
      if (last.get(i).direction() == PduRecord.Direction.IN) {
        sb.append("; the target's last PDU came ").append(seconds(Duration.ofNanos(now - last.get(i).nanoTime())))
            .append(" ago");
        break;
      }
    }
    sb.append("; ").append(awaited.owner()).append(" owes ").append(awaited.owed()).append(" (")
        .append(awaited.clause()).append(')');
    if (connection != null) {
      sb.append(" on ").append(connection);
    }
    if (abort != null) {
      sb.append("; ").append(abort.describe());
      if (state == CmdSnState.CONSUMED && abort.kind() == AbortOutcome.Kind.ANSWERED && abort.response()
          .filter(org.iscsilab.protocol.pdu.TaskManagementResponseCode.TASK_DOES_NOT_EXIST::equals).isPresent()) {
        sb.append(" although it consumed the command's CmdSN: the target lost the command and will never answer it");
      }
    }
    sb.append(". Last PDUs:");
    if (last.isEmpty()) {
      sb.append(" (none)");
    }
    for (PduRecord r : last) {
      sb.append("\n  ").append(r.describe());
    }
    return sb.toString();
  }

  /** The task as described for people, e.g. "READ(16) LBA 0 blocks 0" or "NOP-Out ping". */
  public String task() {
    return task;
  }

  public int initiatorTaskTag() {
    return initiatorTaskTag;
  }

  /** The iSCSI opcode name of the request, e.g. "SCSI Command". */
  public String iscsiOpcode() {
    return iscsiOpcode;
  }

  /** The task's CmdSN, if it has one. */
  public OptionalInt cmdSN() {
    return cmdSN;
  }

  public Duration waited() {
    return waited;
  }

  public Awaited awaited() {
    return awaited;
  }

  public CmdSnState cmdSnState() {
    return cmdSnState;
  }

  /** ExpCmdSN last seen from the target. */
  public int expCmdSN() {
    return expCmdSN;
  }

  /** MaxCmdSN last seen from the target. */
  public int maxCmdSN() {
    return maxCmdSN;
  }

  /** Which side owes the next PDU. */
  public Side owingSide() {
    return awaited.owner();
  }

  /** Partial progress (bytes received or sent), if any. */
  public String progress() {
    return progress;
  }

  /** The connection's portal, e.g. "127.0.0.1:3260". */
  public String connection() {
    return connection;
  }

  /**
   * How the ABORT TASK the session sent when the deadline passed went, when it sent one
   * ({@link SessionConfig#abortOnTimeout()}).
   */
  public java.util.Optional<AbortOutcome> abort() {
    return java.util.Optional.ofNullable(abort);
  }

  /** The last PDUs exchanged on the connection, oldest first. */
  public List<PduRecord> lastPdus() {
    return lastPdus;
  }
}
