package org.iscsilab.initiator;

import java.time.Duration;
import java.util.Objects;
import org.iscsilab.protocol.pdu.TaskAttribute;
import org.iscsilab.protocol.scsi.cdb.Cdb;

/**
 * One SCSI command to send: LUN, CDB, direction and length of the data, the data to write, and
 * the deadline. The data array is not copied: do not change it until the command completes.
 *
 * @param lun               the LUN field (8 bytes, SAM encoding)
 * @param cdb               the whole CDB (beyond 16 bytes goes into an Extended CDB AHS)
 * @param readLength        bytes expected from the target (R bit when &gt; 0)
 * @param writeData         bytes to send (W bit when non-empty); {@code writeOffset/writeLength} select a slice
 * @param writeOffset       first byte of {@code writeData} to send
 * @param writeLength       bytes to send
 * @param attribute         task attribute (SIMPLE by default)
 * @param timeout           deadline for the whole task, null for the session default
 * @param immediate         send with the I bit (RFC 7143 §4.2.2.1)
 */
public record ScsiRequest(long lun, byte[] cdb, int readLength, byte[] writeData, int writeOffset, int writeLength,
    TaskAttribute attribute, Duration timeout, boolean immediate) {

  private static final byte[] NONE = new byte[0];

  public ScsiRequest {
    Objects.requireNonNull(cdb, "cdb");
    Objects.requireNonNull(writeData, "writeData");
    Objects.requireNonNull(attribute, "attribute");
    if (readLength < 0 || writeLength < 0 || writeOffset < 0 || writeOffset + writeLength > writeData.length) {
      throw new IllegalArgumentException("bad lengths: read " + readLength + ", write " + writeOffset + "+"
          + writeLength + " of " + writeData.length);
    }
  }

  /** A command without data (TEST UNIT READY, SYNCHRONIZE CACHE...). */
  public static ScsiRequest noData(long lun, byte[] cdb) {
    return new ScsiRequest(lun, cdb, 0, NONE, 0, 0, TaskAttribute.SIMPLE, null, false);
  }

  /** A command that reads {@code length} bytes. */
  public static ScsiRequest read(long lun, byte[] cdb, int length) {
    return new ScsiRequest(lun, cdb, length, NONE, 0, 0, TaskAttribute.SIMPLE, null, false);
  }

  /** A command that writes {@code data}. */
  public static ScsiRequest write(long lun, byte[] cdb, byte[] data) {
    return new ScsiRequest(lun, cdb, 0, data, 0, data.length, TaskAttribute.SIMPLE, null, false);
  }

  /** A command that writes {@code data[offset, offset+length)}. */
  public static ScsiRequest write(long lun, byte[] cdb, byte[] data, int offset, int length) {
    return new ScsiRequest(lun, cdb, 0, data, offset, length, TaskAttribute.SIMPLE, null, false);
  }

  public ScsiRequest withTimeout(Duration t) {
    return new ScsiRequest(lun, cdb, readLength, writeData, writeOffset, writeLength, attribute, t, immediate);
  }

  public ScsiRequest withAttribute(TaskAttribute a) {
    return new ScsiRequest(lun, cdb, readLength, writeData, writeOffset, writeLength, a, timeout, immediate);
  }

  public ScsiRequest withImmediate(boolean i) {
    return new ScsiRequest(lun, cdb, readLength, writeData, writeOffset, writeLength, attribute, timeout, i);
  }

  /** The expected data transfer length (the larger direction; bidirectional is not modelled here). */
  public int expectedDataTransferLength() {
    return writeLength > 0 ? writeLength : readLength;
  }

  /** The command as people read it, e.g. "READ(16) LBA 0 blocks 0". */
  public String describe() {
    return Cdb.describe(cdb);
  }
}
