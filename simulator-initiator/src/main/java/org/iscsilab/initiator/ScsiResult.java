package org.iscsilab.initiator;

import java.time.Duration;
import java.util.Optional;
import org.iscsilab.protocol.scsi.ScsiStatus;
import org.iscsilab.protocol.scsi.sense.SenseData;

/**
 * The outcome of a SCSI command: status, parsed sense (autosense), data read, residuals. Its
 * accessors (it was a record):
 *
 * <pre>
 *   command        the command described, e.g. "READ(10) LBA 0 blocks 8"
 *   response       iSCSI response (0 = command completed at target)
 *   status         SCSI status
 *   sense          sense data with CHECK CONDITION (empty if the target sent none)
 *   senseProblem   why the sense bytes could not be parsed, if they could not
 *   data           bytes read (only as many as arrived)
 *   underflow      U bit: fewer bytes than expected were transferred
 *   overflow       O bit: the target had more to transfer than expected
 *   residualCount  the residual count
 *   latency        from submission to completion
 * </pre>
 */
public final class ScsiResult {

  private final int response;
  private final ScsiStatus status;
  private final Optional<SenseData> sense;
  private final Optional<String> senseProblem;
  private final byte[] data;
  private final boolean underflow;
  private final boolean overflow;
  private final int residualCount;
  private final Duration latency;
  /** The CDB the command is described from on first use (null when the text was given). */
  private byte[] cdb;
  private String command;

  public ScsiResult(String command, int response, ScsiStatus status, Optional<SenseData> sense,
      Optional<String> senseProblem, byte[] data, boolean underflow, boolean overflow, int residualCount,
      Duration latency) {
    this(response, status, sense, senseProblem, data, underflow, overflow, residualCount, latency);
    this.command = command;
  }

  private ScsiResult(int response, ScsiStatus status, Optional<SenseData> sense, Optional<String> senseProblem,
      byte[] data, boolean underflow, boolean overflow, int residualCount, Duration latency) {
    this.response = response;
    this.status = status;
    this.sense = sense;
    this.senseProblem = senseProblem;
    this.data = data;
    this.underflow = underflow;
    this.overflow = overflow;
    this.residualCount = residualCount;
    this.latency = latency;
  }

  /**
   * A result whose {@link #command()} text is made from {@code cdb} only when someone asks: the
   * session completes hundreds of thousands of commands a second and nobody reads most of them.
   */
  static ScsiResult describedLazily(byte[] cdb, int response, ScsiStatus status, Optional<SenseData> sense,
      Optional<String> senseProblem, byte[] data, boolean underflow, boolean overflow, int residualCount,
      Duration latency) {
    ScsiResult r = new ScsiResult(response, status, sense, senseProblem, data, underflow, overflow, residualCount,
        latency);
    r.cdb = cdb.clone(); // the caller may reuse its CDB array once the command completed
    return r;
  }

  /** The command described, e.g. "READ(10) LBA 0 blocks 8". */
  public String command() {
    String c = command;
    if (c == null) {
      c = org.iscsilab.protocol.scsi.cdb.Cdb.describe(cdb);
      command = c;
    }
    return c;
  }

  public int response() {
    return response;
  }

  public ScsiStatus status() {
    return status;
  }

  public Optional<SenseData> sense() {
    return sense;
  }

  public Optional<String> senseProblem() {
    return senseProblem;
  }

  public byte[] data() {
    return data;
  }

  public boolean underflow() {
    return underflow;
  }

  public boolean overflow() {
    return overflow;
  }

  public int residualCount() {
    return residualCount;
  }

  public Duration latency() {
    return latency;
  }

  /** Component equality as the record this was had (the data array by identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof ScsiResult r && response == r.response && underflow == r.underflow
        && overflow == r.overflow && residualCount == r.residualCount && command().equals(r.command())
        && status.equals(r.status) && sense.equals(r.sense) && senseProblem.equals(r.senseProblem)
        && data == r.data && latency.equals(r.latency);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(command(), response, status, sense, senseProblem,
        System.identityHashCode(data), underflow, overflow, residualCount, latency);
  }

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
