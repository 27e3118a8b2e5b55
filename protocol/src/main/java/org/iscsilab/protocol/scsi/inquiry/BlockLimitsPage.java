package org.iscsilab.protocol.scsi.inquiry;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Block Limits, page 0xB0 (SBC-3 §6.6.3), PAGE LENGTH 0x3C.
 *
 * @param wsnz WSNZ: WRITE SAME with zero blocks is not supported
 * @param maximumCompareAndWriteLength MAXIMUM COMPARE AND WRITE LENGTH (blocks)
 * @param optimalTransferLengthGranularity OPTIMAL TRANSFER LENGTH GRANULARITY (blocks)
 * @param maximumTransferLength MAXIMUM TRANSFER LENGTH (blocks, 0 = no limit)
 * @param optimalTransferLength OPTIMAL TRANSFER LENGTH (blocks)
 * @param maximumPrefetchLength MAXIMUM PREFETCH LENGTH (blocks)
 * @param maximumUnmapLbaCount MAXIMUM UNMAP LBA COUNT
 * @param maximumUnmapBlockDescriptorCount MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT
 * @param optimalUnmapGranularity OPTIMAL UNMAP GRANULARITY
 * @param ugavalid UGAVALID
 * @param unmapGranularityAlignment UNMAP GRANULARITY ALIGNMENT (31 bits)
 * @param maximumWriteSameLength MAXIMUM WRITE SAME LENGTH
 */
public record BlockLimitsPage(boolean wsnz, int maximumCompareAndWriteLength, int optimalTransferLengthGranularity,
        long maximumTransferLength, long optimalTransferLength, long maximumPrefetchLength, long maximumUnmapLbaCount,
        long maximumUnmapBlockDescriptorCount, long optimalUnmapGranularity, boolean ugavalid,
        long unmapGranularityAlignment, long maximumWriteSameLength) implements VpdPage {

    /** PAGE LENGTH. */
    public static final int PAGE_LENGTH = 0x3C;

    public BlockLimitsPage {
        ScsiBytes.checkRange("maximum compare and write length", maximumCompareAndWriteLength, 0xFF);
        ScsiBytes.checkRange("optimal transfer length granularity", optimalTransferLengthGranularity, 0xFFFF);
        ScsiBytes.checkRange("maximum transfer length", maximumTransferLength, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("optimal transfer length", optimalTransferLength, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("maximum prefetch length", maximumPrefetchLength, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("maximum unmap LBA count", maximumUnmapLbaCount, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("maximum unmap descriptor count", maximumUnmapBlockDescriptorCount, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("optimal unmap granularity", optimalUnmapGranularity, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("unmap granularity alignment", unmapGranularityAlignment, 0x7FFF_FFFFL);
    }

    @Override
    public int pageCode() {
        return BLOCK_LIMITS;
    }

    @Override
    public byte[] body() {
        byte[] p = new byte[4 + PAGE_LENGTH]; // laid out with page offsets, header dropped below
        p[4] = (byte) (wsnz ? 1 : 0);
        p[5] = (byte) maximumCompareAndWriteLength;
        ScsiBytes.put16(p, 6, optimalTransferLengthGranularity);
        ScsiBytes.put32(p, 8, maximumTransferLength);
        ScsiBytes.put32(p, 12, optimalTransferLength);
        ScsiBytes.put32(p, 16, maximumPrefetchLength);
        ScsiBytes.put32(p, 20, maximumUnmapLbaCount);
        ScsiBytes.put32(p, 24, maximumUnmapBlockDescriptorCount);
        ScsiBytes.put32(p, 28, optimalUnmapGranularity);
        ScsiBytes.put32(p, 32, (ugavalid ? 0x8000_0000L : 0) | unmapGranularityAlignment);
        ScsiBytes.put64(p, 36, maximumWriteSameLength);
        return java.util.Arrays.copyOfRange(p, 4, p.length);
    }

    static BlockLimitsPage parseBody(byte[] body) {
        long uga = VpdFields.field(body, 28, 4);
        return new BlockLimitsPage((VpdFields.field(body, 0, 1) & 1) != 0, (int) VpdFields.field(body, 1, 1),
                (int) VpdFields.field(body, 2, 2), VpdFields.field(body, 4, 4), VpdFields.field(body, 8, 4),
                VpdFields.field(body, 12, 4), VpdFields.field(body, 16, 4), VpdFields.field(body, 20, 4),
                VpdFields.field(body, 24, 4), (uga & 0x8000_0000L) != 0, uga & 0x7FFF_FFFFL,
                VpdFields.field(body, 32, 8));
    }
}
