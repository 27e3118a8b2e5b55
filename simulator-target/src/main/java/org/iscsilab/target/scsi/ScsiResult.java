package org.iscsilab.target.scsi;

import java.util.Set;
import org.iscsilab.protocol.scsi.ScsiStatus;
import org.iscsilab.protocol.scsi.sense.SenseData;

/**
 * The outcome of a SCSI command: status, sense data for CHECK CONDITION (never absent unless a
 * quirk removes it), and Data-In bytes {@code data[0, dataLength)} before EDTL truncation.
 *
 * @param abortTasksOf the initiator ports (I_T nexuses) whose other commands on this logical unit
 *     the command aborts before its status goes out: PERSISTENT RESERVE OUT with PREEMPT AND ABORT
 *     (SPC-4 §5.12.11.4.5 c); empty for every other command
 */
public record ScsiResult(ScsiStatus status, SenseData sense, byte[] data, int dataLength, Set<String> abortTasksOf) {

  public ScsiResult {
    abortTasksOf = Set.copyOf(abortTasksOf);
  }

  public ScsiResult(ScsiStatus status, SenseData sense, byte[] data, int dataLength) {
    this(status, sense, data, dataLength, Set.of());
  }

  private static final byte[] NONE = new byte[0];
  public static final ScsiResult GOOD = new ScsiResult(ScsiStatus.GOOD, null, NONE, 0);

  public static ScsiResult good(byte[] data) {
    return new ScsiResult(ScsiStatus.GOOD, null, data, data.length);
  }

  /** GOOD with data truncated to the allocation length. */
  public static ScsiResult good(byte[] data, long allocationLength) {
    return new ScsiResult(ScsiStatus.GOOD, null, data, (int) Math.min(data.length, allocationLength));
  }

  public static ScsiResult check(SenseData sense) {
    return new ScsiResult(ScsiStatus.CHECK_CONDITION, sense, NONE, 0);
  }

  public static ScsiResult status(ScsiStatus status) {
    return new ScsiResult(status, null, NONE, 0);
  }

  public ScsiResult withoutSense() {
    return new ScsiResult(status, null, data, dataLength, abortTasksOf);
  }

  /** This result, aborting the commands of {@code ports} first (see {@link #abortTasksOf()}). */
  public ScsiResult abortingTasksOf(Set<String> ports) {
    return new ScsiResult(status, sense, data, dataLength, ports);
  }

  public boolean good() {
    return status.equals(ScsiStatus.GOOD);
  }
}
