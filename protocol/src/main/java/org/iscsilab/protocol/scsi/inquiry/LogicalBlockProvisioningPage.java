package org.iscsilab.protocol.scsi.inquiry;

import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Logical Block Provisioning, page 0xB2 (SBC-3 §6.6.4).
 *
 * @param thresholdExponent THRESHOLD EXPONENT
 * @param lbpu LBPU: UNMAP supported
 * @param lbpws LBPWS: WRITE SAME(16) with UNMAP supported
 * @param lbpws10 LBPWS10: WRITE SAME(10) with UNMAP supported
 * @param lbprz LBPRZ: unmapped blocks read as zero
 * @param ancSup ANC_SUP: anchored LBAs supported
 * @param dp DP: a provisioning group descriptor follows
 * @param provisioningType PROVISIONING TYPE (0 full/not reported, 1 resource provisioned, 2 thin)
 * @param provisioningGroupDescriptor the descriptor bytes when DP is set, else empty
 */
public record LogicalBlockProvisioningPage(int thresholdExponent, boolean lbpu, boolean lbpws, boolean lbpws10,
        boolean lbprz, boolean ancSup, boolean dp, int provisioningType, ImmutableBytes provisioningGroupDescriptor)
        implements VpdPage {

    public static final int PROVISIONING_FULL = 0;
    public static final int PROVISIONING_RESOURCE = 1;
    public static final int PROVISIONING_THIN = 2;

    public LogicalBlockProvisioningPage {
        ScsiBytes.checkRange("threshold exponent", thresholdExponent, 0xFF);
        ScsiBytes.checkRange("provisioning type", provisioningType, 7);
        if (!dp && provisioningGroupDescriptor.length() > 0) {
            throw new IllegalArgumentException("provisioning group descriptor without DP");
        }
    }

    /** A thin-provisioned LU supporting UNMAP and WRITE SAME with UNMAP. */
    public static LogicalBlockProvisioningPage thin(boolean lbprz) {
        return new LogicalBlockProvisioningPage(0, true, true, true, lbprz, false, false, PROVISIONING_THIN,
                ImmutableBytes.EMPTY);
    }

    @Override
    public int pageCode() {
        return LOGICAL_BLOCK_PROVISIONING;
    }

    @Override
    public byte[] body() {
        byte[] b = new byte[4 + provisioningGroupDescriptor.length()];
        b[0] = (byte) thresholdExponent;
        b[1] = (byte) ((lbpu ? 0x80 : 0) | (lbpws ? 0x40 : 0) | (lbpws10 ? 0x20 : 0) | (lbprz ? 0x04 : 0)
                | (ancSup ? 0x02 : 0) | (dp ? 0x01 : 0));
        b[2] = (byte) provisioningType;
        provisioningGroupDescriptor.copyTo(b, 4);
        return b;
    }

    static LogicalBlockProvisioningPage parseBody(byte[] body) {
        int f = (int) VpdFields.field(body, 1, 1);
        boolean dp = (f & 1) != 0;
        return new LogicalBlockProvisioningPage((int) VpdFields.field(body, 0, 1), (f & 0x80) != 0, (f & 0x40) != 0,
                (f & 0x20) != 0, (f & 0x04) != 0, (f & 0x02) != 0, dp, (int) VpdFields.field(body, 2, 1) & 7,
                dp && body.length > 4 ? ImmutableBytes.of(body, 4, body.length - 4) : ImmutableBytes.EMPTY);
    }
}
