package org.iscsilab.target.scsi;

import org.iscsilab.protocol.scsi.ScsiStatus;
import org.iscsilab.protocol.scsi.sense.SenseData;

/**
 * The outcome of a SCSI command: status, sense data for CHECK CONDITION (never absent unless a
 * quirk removes it), and Data-In bytes {@code data[0, dataLength)} before EDTL truncation.
 */
public record ScsiResult(ScsiStatus status, SenseData sense, byte[] data, int dataLength) {

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
    return new ScsiResult(status, null, data, dataLength);
  }

  public boolean good() {
    return status.equals(ScsiStatus.GOOD);
  }
}
