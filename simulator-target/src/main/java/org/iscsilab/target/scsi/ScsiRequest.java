package org.iscsilab.target.scsi;

/**
 * One SCSI command as the transport hands it to a logical unit.
 *
 * @param nexus the I_T nexus
 * @param cdb the whole CDB
 * @param expectedDataTransferLength the iSCSI EDTL
 * @param dataOut the data the initiator sent (length = what arrived), never null
 */
public record ScsiRequest(Nexus nexus, byte[] cdb, int expectedDataTransferLength, byte[] dataOut) {
  public static final byte[] NO_DATA = new byte[0];
}
