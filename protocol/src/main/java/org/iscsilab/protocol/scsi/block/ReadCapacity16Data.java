package org.iscsilab.protocol.scsi.block;

import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * READ CAPACITY (16) parameter data (SBC-3 §5.16.2), 32 bytes.
 *
 * @param returnedLba RETURNED LOGICAL BLOCK ADDRESS (the last LBA)
 * @param blockLength LOGICAL BLOCK LENGTH IN BYTES
 * @param pType P_TYPE, 0..7
 * @param protEn PROT_EN
 * @param pIExponent P_I_EXPONENT, 0..15
 * @param logicalBlocksPerPhysicalBlockExponent LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT, 0..15
 * @param lbpme LBPME: logical block provisioning management enabled (thin provisioning)
 * @param lbprz LBPRZ: unmapped blocks read as zero
 * @param lowestAlignedLba LOWEST ALIGNED LOGICAL BLOCK ADDRESS, 14 bits
 */
public record ReadCapacity16Data(long returnedLba, long blockLength, int pType, boolean protEn, int pIExponent,
        int logicalBlocksPerPhysicalBlockExponent, boolean lbpme, boolean lbprz, int lowestAlignedLba) {

    /** Full length of the data. */
    public static final int LENGTH = 32;

    public ReadCapacity16Data {
        ScsiBytes.checkRange("block length", blockLength, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("P_TYPE", pType, 7);
        ScsiBytes.checkRange("P_I_EXPONENT", pIExponent, 0xF);
        ScsiBytes.checkRange("LB per PB exponent", logicalBlocksPerPhysicalBlockExponent, 0xF);
        ScsiBytes.checkRange("lowest aligned LBA", lowestAlignedLba, 0x3FFF);
    }

    /** Plain data for {@code capacityBlocks} blocks of {@code blockLength} bytes, no protection. */
    public static ReadCapacity16Data forCapacity(long capacityBlocks, int blockLength, boolean lbpme, boolean lbprz) {
        return new ReadCapacity16Data(capacityBlocks - 1, blockLength, 0, false, 0, 0, lbpme, lbprz, 0);
    }

    /** Number of blocks. */
    public long capacityBlocks() {
        return returnedLba + 1;
    }

    /** The 32 bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        ScsiBytes.put64(b, 0, returnedLba);
        ScsiBytes.put32(b, 8, blockLength);
        b[12] = (byte) ((pType << 1) | (protEn ? 1 : 0));
        b[13] = (byte) ((pIExponent << 4) | logicalBlocksPerPhysicalBlockExponent);
        ScsiBytes.put16(b, 14, (lbpme ? 0x8000 : 0) | (lbprz ? 0x4000 : 0) | lowestAlignedLba);
        return b;
    }

    /**
     * Parses the data; fewer than 32 bytes (a short allocation length) are accepted down to 12,
     * missing fields read as zero.
     *
     * @throws ScsiFormatException when fewer than 12 bytes are given
     */
    public static ReadCapacity16Data parse(byte[] b) {
        if (b.length < 12) {
            throw new ScsiFormatException("READ CAPACITY(16) data needs at least 12 bytes, got " + b.length,
                    FieldPointer.parameter(0), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        byte[] p = java.util.Arrays.copyOf(b, LENGTH);
        int f = ScsiBytes.u16(p, 14);
        return new ReadCapacity16Data(ScsiBytes.u64(p, 0), ScsiBytes.u32(p, 8), ScsiBytes.bits(p, 12, 3, 1),
                ScsiBytes.bit(p, 12, 0), ScsiBytes.bits(p, 13, 7, 4), ScsiBytes.bits(p, 13, 3, 0),
                (f & 0x8000) != 0, (f & 0x4000) != 0, f & 0x3FFF);
    }
}
