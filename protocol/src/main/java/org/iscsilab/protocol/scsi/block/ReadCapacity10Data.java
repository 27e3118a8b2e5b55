package org.iscsilab.protocol.scsi.block;

import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * READ CAPACITY (10) parameter data (SBC-3 §5.15.2), 8 bytes.
 *
 * @param returnedLba RETURNED LOGICAL BLOCK ADDRESS: the last LBA, or 0xFFFFFFFF when the capacity
 *     does not fit (the initiator must then use READ CAPACITY(16))
 * @param blockLength LOGICAL BLOCK LENGTH IN BYTES
 */
public record ReadCapacity10Data(long returnedLba, long blockLength) {
    /** RETURNED LOGICAL BLOCK ADDRESS meaning "use READ CAPACITY(16)". */
    public static final long SATURATED = 0xFFFF_FFFFL;

    public ReadCapacity10Data {
        ScsiBytes.checkRange("returned LBA", returnedLba, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("block length", blockLength, 0xFFFF_FFFFL);
    }

    /** The data for a medium of {@code capacityBlocks} blocks, saturating above 2^32-1 blocks (SBC-3 §5.15.2). */
    public static ReadCapacity10Data forCapacity(long capacityBlocks, int blockLength) {
        long last = capacityBlocks - 1;
        return new ReadCapacity10Data(Long.compareUnsigned(last, SATURATED) >= 0 ? SATURATED : last, blockLength);
    }

    /** True when the initiator must ask READ CAPACITY(16). */
    public boolean saturated() {
        return returnedLba == SATURATED;
    }

    /** Number of blocks, valid when not {@link #saturated()}. */
    public long capacityBlocks() {
        return returnedLba + 1;
    }

    /** The 8 bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[8];
        ScsiBytes.put32(b, 0, returnedLba);
        ScsiBytes.put32(b, 4, blockLength);
        return b;
    }

    /** @throws ScsiFormatException when fewer than 8 bytes are given */
    public static ReadCapacity10Data parse(byte[] b) {
        if (b.length < 8) {
            throw new ScsiFormatException("READ CAPACITY(10) data needs 8 bytes, got " + b.length,
                    FieldPointer.parameter(0), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        return new ReadCapacity10Data(ScsiBytes.u32(b, 0), ScsiBytes.u32(b, 4));
    }
}
