package org.iscsilab.protocol.scsi.inquiry;

import java.util.Arrays;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * A vital product data page (SPC-4 §7.8): a 4-byte header (peripheral byte, PAGE CODE, 16-bit
 * PAGE LENGTH) and a page-specific body. Pages not modelled parse as {@link UnknownVpdPage}.
 */
public sealed interface VpdPage
        permits SupportedVpdPages, UnitSerialNumberPage, DeviceIdentificationPage, BlockLimitsPage,
                BlockDeviceCharacteristicsPage, LogicalBlockProvisioningPage, UnknownVpdPage {

    int SUPPORTED_VPD_PAGES = 0x00;
    int UNIT_SERIAL_NUMBER = 0x80;
    int DEVICE_IDENTIFICATION = 0x83;
    int BLOCK_LIMITS = 0xB0;
    int BLOCK_DEVICE_CHARACTERISTICS = 0xB1;
    int LOGICAL_BLOCK_PROVISIONING = 0xB2;

    /** PAGE CODE. */
    int pageCode();

    /** The page body after the 4-byte header. */
    byte[] body();

    /** The page with a connected direct-access peripheral byte (0x00). */
    default byte[] toBytes() {
        return toBytes(0x00);
    }

    /** The page with the given peripheral qualifier/device type byte. */
    default byte[] toBytes(int peripheral) {
        byte[] body = body();
        byte[] b = new byte[4 + body.length];
        b[0] = (byte) peripheral;
        b[1] = (byte) pageCode();
        ScsiBytes.put16(b, 2, body.length);
        System.arraycopy(body, 0, b, 4, body.length);
        return b;
    }

    /**
     * Parses a VPD page. A PAGE LENGTH beyond the given bytes (a short allocation length) is
     * accepted: the body is what arrived.
     *
     * @throws ScsiFormatException when fewer than 4 bytes are given or the page body is malformed
     */
    static VpdPage parse(byte[] b) {
        if (b.length < 4) {
            throw new ScsiFormatException("VPD page shorter than its 4-byte header: " + b.length,
                    FieldPointer.parameter(0), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        int code = ScsiBytes.u8(b, 1);
        byte[] body = Arrays.copyOfRange(b, 4, Math.min(b.length, 4 + ScsiBytes.u16(b, 2)));
        return switch (code) {
            case SUPPORTED_VPD_PAGES -> SupportedVpdPages.parseBody(body);
            case UNIT_SERIAL_NUMBER -> UnitSerialNumberPage.parseBody(body);
            case DEVICE_IDENTIFICATION -> DeviceIdentificationPage.parseBody(body);
            case BLOCK_LIMITS -> BlockLimitsPage.parseBody(body);
            case BLOCK_DEVICE_CHARACTERISTICS -> BlockDeviceCharacteristicsPage.parseBody(body);
            case LOGICAL_BLOCK_PROVISIONING -> LogicalBlockProvisioningPage.parseBody(body);
            default -> new UnknownVpdPage(code, org.iscsilab.protocol.scsi.ImmutableBytes.of(body));
        };
    }
}
