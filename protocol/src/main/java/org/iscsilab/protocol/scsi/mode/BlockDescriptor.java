package org.iscsilab.protocol.scsi.mode;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * A direct-access block descriptor (SBC-3 §6.4.4): short (8 bytes, LONGLBA=0) or long (16 bytes,
 * LONGLBA=1), depending on the parameter list it sits in.
 *
 * @param numberOfBlocks NUMBER OF LOGICAL BLOCKS (32 bits in the short form; 0xFFFFFFFF when saturated)
 * @param blockLength LOGICAL BLOCK LENGTH (24 bits in the short form)
 */
public record BlockDescriptor(long numberOfBlocks, long blockLength) {
    public static final int SHORT_LENGTH = 8;
    public static final int LONG_LENGTH = 16;

    public BlockDescriptor {
        ScsiBytes.checkRange("logical block length", blockLength, 0xFFFF_FFFFL);
    }

    /** The short descriptor for a medium, saturating the block count at 0xFFFFFFFF (SBC-3 §6.4.4.2). */
    public static BlockDescriptor forShort(long capacityBlocks, int blockLength) {
        long n = Long.compareUnsigned(capacityBlocks, 0xFFFF_FFFFL) > 0 ? 0xFFFF_FFFFL : capacityBlocks;
        return new BlockDescriptor(n, blockLength);
    }

    /** True when this fits the short form. */
    public boolean fitsShort() {
        return numberOfBlocks >= 0 && numberOfBlocks <= 0xFFFF_FFFFL && blockLength <= 0xFF_FFFF;
    }

    void writeShort(byte[] b, int off) {
        if (!fitsShort()) {
            throw new IllegalStateException("block descriptor does not fit the short form: " + this);
        }
        ScsiBytes.put32(b, off, numberOfBlocks);
        ScsiBytes.put24(b, off + 5, (int) blockLength);
    }

    void writeLong(byte[] b, int off) {
        ScsiBytes.put64(b, off, numberOfBlocks);
        ScsiBytes.put32(b, off + 12, blockLength);
    }

    static BlockDescriptor readShort(byte[] b, int off) {
        return new BlockDescriptor(ScsiBytes.u32(b, off), ScsiBytes.u24(b, off + 5));
    }

    static BlockDescriptor readLong(byte[] b, int off) {
        return new BlockDescriptor(ScsiBytes.u64(b, off), ScsiBytes.u32(b, off + 12));
    }
}
