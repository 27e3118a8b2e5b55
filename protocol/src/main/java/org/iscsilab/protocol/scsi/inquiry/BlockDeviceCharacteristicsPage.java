package org.iscsilab.protocol.scsi.inquiry;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Block Device Characteristics, page 0xB1 (SBC-3 §6.6.2), PAGE LENGTH 0x3C.
 *
 * @param mediumRotationRate MEDIUM ROTATION RATE (1 = non-rotating, e.g. SSD)
 * @param productType PRODUCT TYPE (SBC-4)
 * @param wabereq WABEREQ
 * @param wacereq WACEREQ
 * @param nominalFormFactor NOMINAL FORM FACTOR
 * @param fuab FUAB
 * @param vbuls VBULS
 */
public record BlockDeviceCharacteristicsPage(int mediumRotationRate, int productType, int wabereq, int wacereq,
        int nominalFormFactor, boolean fuab, boolean vbuls) implements VpdPage {

    /** PAGE LENGTH. */
    public static final int PAGE_LENGTH = 0x3C;
    /** MEDIUM ROTATION RATE of a non-rotating medium. */
    public static final int NON_ROTATING = 1;

    public BlockDeviceCharacteristicsPage {
        ScsiBytes.checkRange("medium rotation rate", mediumRotationRate, 0xFFFF);
        ScsiBytes.checkRange("product type", productType, 0xFF);
        ScsiBytes.checkRange("WABEREQ", wabereq, 3);
        ScsiBytes.checkRange("WACEREQ", wacereq, 3);
        ScsiBytes.checkRange("nominal form factor", nominalFormFactor, 0xF);
    }

    @Override
    public int pageCode() {
        return BLOCK_DEVICE_CHARACTERISTICS;
    }

    @Override
    public byte[] body() {
        byte[] b = new byte[PAGE_LENGTH];
        ScsiBytes.put16(b, 0, mediumRotationRate); // page bytes 4-5
        b[2] = (byte) productType;
        b[3] = (byte) ((wabereq << 6) | (wacereq << 4) | nominalFormFactor);
        b[4] = (byte) ((fuab ? 2 : 0) | (vbuls ? 1 : 0));
        return b;
    }

    static BlockDeviceCharacteristicsPage parseBody(byte[] body) {
        int b7 = (int) VpdFields.field(body, 3, 1);
        int b8 = (int) VpdFields.field(body, 4, 1);
        return new BlockDeviceCharacteristicsPage((int) VpdFields.field(body, 0, 2), (int) VpdFields.field(body, 2, 1),
                (b7 >> 6) & 3, (b7 >> 4) & 3, b7 & 0xF, (b8 & 2) != 0, (b8 & 1) != 0);
    }
}
