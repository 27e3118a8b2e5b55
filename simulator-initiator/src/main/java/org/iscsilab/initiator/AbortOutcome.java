package org.iscsilab.initiator;

import java.time.Duration;
import java.util.Optional;
import org.iscsilab.protocol.pdu.TaskManagementResponseCode;

/**
 * How the ABORT TASK sent for a task whose deadline passed went (RFC 7143 §11.5, §11.6): the
 * target's answer, no answer within the abort's own deadline (a finding about the target), or
 * the connection ended first. Part of the {@link TaskStalledException} diagnosis.
 *
 * @param kind       what happened
 * @param response   the Response field of the Task Management Function Response, when answered
 * @param waited     from sending the ABORT TASK to the answer (or to giving up)
 * @param detail     the reason, when not answered (e.g. why the connection ended)
 * @param lateAnswer a late answer to the stalled task itself that arrived while the abort was
 *                   under way (e.g. "SCSI Response ... 0.2 s after the deadline"), or empty
 */
public record AbortOutcome(Kind kind, Optional<TaskManagementResponseCode> response, Duration waited, String detail,
    String lateAnswer) {

  /** What happened to the ABORT TASK. */
  public enum Kind {
    /** The target answered; see {@link #response()}. */
    ANSWERED,
    /** No Task Management Function Response within the abort's deadline. */
    NO_ANSWER,
    /** The connection (or session) ended before the answer, or before the request could be sent. */
    CONNECTION_LOST,
    /** The target rejected the request, or something else failed. */
    FAILED
  }

  public AbortOutcome {
    response = response == null ? Optional.empty() : response;
    detail = detail == null ? "" : detail;
    lateAnswer = lateAnswer == null ? "" : lateAnswer;
  }

  /** Whether the target answered "Function complete". */
  public boolean functionComplete() {
    return response.filter(TaskManagementResponseCode.FUNCTION_COMPLETE::equals).isPresent();
  }

  /** One sentence for the diagnosis. */
  public String describe() {
    String s = switch (kind) {
      case ANSWERED -> "ABORT TASK answered \"" + response.map(Object::toString).orElse("?") + "\" after "
          + TaskStalledException.seconds(waited) + meaning() + " (RFC 7143 §11.6.1)";
      case NO_ANSWER -> "ABORT TASK not answered within " + TaskStalledException.seconds(waited)
          + ": the target owes a Task Management Function Response (RFC 7143 §11.5, §11.6)";
      case CONNECTION_LOST -> "ABORT TASK not answered: " + detail;
      case FAILED -> "ABORT TASK failed: " + detail;
    };
    return lateAnswer.isEmpty() ? s : s + "; meanwhile " + lateAnswer;
  }

  private String meaning() {
    if (response.isEmpty()) {
      return "";
    }
    return switch (response.get().code()) {
      case 0 -> ": the target aborted the task";
      case 1 -> ": the target holds no such task";
      default -> "";
    };
  }

  @Override
  public String toString() {
    return describe();
  }
}
