package org.iscsilab.protocol.scsi.block;

import org.iscsilab.protocol.scsi.LbaRange;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * One UNMAP block descriptor (SBC-3 §5.28.2), 16 bytes.
 *
 * @param lba UNMAP LOGICAL BLOCK ADDRESS
 * @param numberOfBlocks NUMBER OF LOGICAL BLOCKS (32 bits)
 */
public record UnmapBlockDescriptor(long lba, long numberOfBlocks) {
    public UnmapBlockDescriptor {
        ScsiBytes.checkRange("number of logical blocks", numberOfBlocks, 0xFFFF_FFFFL);
    }

    /** The range this descriptor covers. */
    public LbaRange range() {
        return new LbaRange(lba, numberOfBlocks);
    }
}
