package org.iscsilab.initiator;

import java.time.Duration;
import java.util.Optional;
import org.iscsilab.protocol.scsi.ScsiStatus;
import org.iscsilab.protocol.scsi.sense.SenseData;

/**
 * The outcome of a SCSI command: status, parsed sense (autosense), data read, residuals.
 *
 * @param command        the command described, e.g. "READ(10) LBA 0 blocks 8"
 * @param response       iSCSI response (0 = command completed at target)
 * @param status         SCSI status
 * @param sense          sense data with CHECK CONDITION (empty if the target sent none)
 * @param senseProblem   why the sense bytes could not be parsed, if they could not
 * @param data           bytes read (only as many as arrived)
 * @param underflow      U bit: fewer bytes than expected were transferred
 * @param overflow       O bit: the target had more to transfer than expected
 * @param residualCount  the residual count
 * @param latency        from submission to completion
 */
public record ScsiResult(String command, int response, ScsiStatus status, Optional<SenseData> sense,
    Optional<String> senseProblem, byte[] data, boolean underflow, boolean overflow, int residualCount,
    Duration latency) {

  public boolean isGood() {
    return response == 0 && status.code() == ScsiStatus.GOOD.code();
  }

  /** CHECK CONDITION with UNIT ATTENTION: the command was not executed and may be sent again. */
  public boolean isUnitAttention() {
    return response == 0 && status.code() == ScsiStatus.CHECK_CONDITION.code()
        && sense.map(s -> s.senseKey().code() == 0x6).orElse(false);
  }

  /** This result, or a {@link ScsiStatusException} when the status is not GOOD. */
  public ScsiResult requireGood() {
    if (!isGood()) {
      throw new ScsiStatusException(this);
    }
    return this;
  }

  /** "GOOD", or e.g. "CHECK CONDITION: ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE (0x21/0x00)". */
  public String describeStatus() {
    if (response != 0) {
      return String.format("iSCSI response 0x%02x (target failure)", response);
    }
    StringBuilder sb = new StringBuilder(status.toString());
    if (status.code() == ScsiStatus.CHECK_CONDITION.code()) {
      if (sense.isPresent()) {
        sb.append(": ").append(sense.get().describe());
      } else {
        sb.append(senseProblem.map(p -> ": unparseable sense (" + p + ")")
            .orElse(": no sense data (autosense is mandatory, SAM-5 §5.3.2)"));
      }
    }
    if (underflow) {
      sb.append(", residual underflow ").append(Integer.toUnsignedString(residualCount));
    }
    if (overflow) {
      sb.append(", residual overflow ").append(Integer.toUnsignedString(residualCount));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return command + ": " + describeStatus() + " (" + data.length + " bytes)";
  }
}
