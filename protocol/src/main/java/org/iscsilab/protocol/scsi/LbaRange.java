package org.iscsilab.protocol.scsi;

/**
 * A range of logical blocks addressed by a command.
 *
 * @param firstLba the first LBA (unsigned 64-bit)
 * @param blocks number of blocks (0 allowed: SBC-3 commands where zero means "none" or "to the end")
 */
public record LbaRange(long firstLba, long blocks) {
    public LbaRange {
        if (blocks < 0) {
            throw new IllegalArgumentException("blocks must be >= 0: " + blocks);
        }
    }

    /** One past the last LBA, or {@code firstLba} when empty. */
    public long endExclusive() {
        return firstLba + blocks;
    }

    /**
     * True when the first LBA is past the last LBA, or the range runs past it
     * (LOGICAL BLOCK ADDRESS OUT OF RANGE, SBC-3 §4.5).
     */
    public boolean exceeds(long capacityBlocks) {
        return Long.compareUnsigned(firstLba, capacityBlocks) >= 0
                || Long.compareUnsigned(blocks, capacityBlocks - firstLba) > 0;
    }

    @Override
    public String toString() {
        return "LBA " + Long.toUnsignedString(firstLba) + " blocks " + blocks;
    }
}
