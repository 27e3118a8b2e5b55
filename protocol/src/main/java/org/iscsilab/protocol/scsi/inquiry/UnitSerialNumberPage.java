package org.iscsilab.protocol.scsi.inquiry;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Unit Serial Number, page 0x80 (SPC-4 §7.8.18). The PRODUCT SERIAL NUMBER is ASCII, kept as sent
 * (tgt right-aligns it with leading spaces).
 *
 * @param serialNumber PRODUCT SERIAL NUMBER
 */
public record UnitSerialNumberPage(String serialNumber) implements VpdPage {
    public UnitSerialNumberPage {
        ScsiBytes.checkRange("serial number length", serialNumber.length(), 0xFFFF);
        if (!serialNumber.chars().allMatch(c -> c < 0x100)) {
            throw new IllegalArgumentException("serial number must be ASCII");
        }
    }

    /** The serial number without leading/trailing spaces. */
    public String trimmed() {
        return serialNumber.strip();
    }

    @Override
    public int pageCode() {
        return UNIT_SERIAL_NUMBER;
    }

    @Override
    public byte[] body() {
        return serialNumber.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static UnitSerialNumberPage parseBody(byte[] body) {
        return new UnitSerialNumberPage(ScsiBytes.ascii(body, 0, body.length));
    }
}
