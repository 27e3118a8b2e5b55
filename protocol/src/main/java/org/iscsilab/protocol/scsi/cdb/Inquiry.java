package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * INQUIRY (SPC-4 §6.6). A PAGE CODE other than 0 without EVPD is an invalid field (SPC-4 §6.6.1).
 *
 * @param evpd EVPD: return the vital product data page {@code pageCode}
 * @param pageCode PAGE CODE
 * @param allocationLength ALLOCATION LENGTH (16 bits in SPC-4)
 * @param control CONTROL byte
 */
public record Inquiry(boolean evpd, int pageCode, int allocationLength, int control) implements Cdb {
    public Inquiry {
        ScsiBytes.checkRange("page code", pageCode, 0xFF);
        ScsiBytes.checkRange("allocation length", allocationLength, 0xFFFF);
        ScsiBytes.checkRange("control", control, 0xFF);
        if (!evpd && pageCode != 0) {
            throw new IllegalArgumentException("PAGE CODE without EVPD (SPC-4 §6.6.1)");
        }
    }

    /** Standard INQUIRY data. */
    public static Inquiry standard(int allocationLength) {
        return new Inquiry(false, 0, allocationLength, 0);
    }

    /** A VPD page. */
    public static Inquiry vpd(int pageCode, int allocationLength) {
        return new Inquiry(true, pageCode, allocationLength, 0);
    }

    static Inquiry parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 6, "INQUIRY");
        r.reserved(1, 0xFE); // bit 1 CMDDT is obsolete: rejected (SPC-4 §6.6.1)
        if (!r.bit(1, 0) && r.u8(2) != 0) {
            throw r.invalid("PAGE CODE without EVPD (SPC-4 §6.6.1)", 2);
        }
        return new Inquiry(r.bit(1, 0), r.u8(2), r.u16(3), r.u8(5));
    }

    @Override
    public Opcode opcode() {
        return Opcode.INQUIRY;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = {0x12, (byte) (evpd ? 1 : 0), (byte) pageCode, 0, 0, (byte) control};
        ScsiBytes.put16(b, 3, allocationLength);
        return b;
    }

    @Override
    public String name() {
        return "INQUIRY";
    }

    @Override
    public DataDirection dataDirection() {
        return allocationLength == 0 ? DataDirection.NONE : DataDirection.READ;
    }

    @Override
    public long expectedDataTransferLength(int blockSize) {
        return allocationLength;
    }

    @Override
    public String describe() {
        return evpd ? String.format("INQUIRY VPD page 0x%02X alloc %d", pageCode, allocationLength)
                : "INQUIRY standard alloc " + allocationLength;
    }
}
