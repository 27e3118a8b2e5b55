package org.iscsilab.protocol.scsi.block;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * One LBA status descriptor of GET LBA STATUS (SBC-3 §5.4.2), 16 bytes.
 *
 * @param lba LBA STATUS LOGICAL BLOCK ADDRESS
 * @param numberOfBlocks NUMBER OF LOGICAL BLOCKS (32 bits)
 * @param provisioningStatus PROVISIONING STATUS, 0..15 (0 mapped, 1 deallocated, 2 anchored)
 */
public record LbaStatusDescriptor(long lba, long numberOfBlocks, int provisioningStatus) {
    public static final int MAPPED = 0;
    public static final int DEALLOCATED = 1;
    public static final int ANCHORED = 2;

    public LbaStatusDescriptor {
        ScsiBytes.checkRange("number of logical blocks", numberOfBlocks, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("provisioning status", provisioningStatus, 0xF);
    }
}
