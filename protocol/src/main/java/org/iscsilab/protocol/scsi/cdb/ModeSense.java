package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.mode.PageControl;

/**
 * MODE SENSE (6), (10) (SPC-4 §6.13, §6.14).
 *
 * @param cdbLength 6 or 10
 * @param llbaa LLBAA: long LBA block descriptors allowed (10-byte form only)
 * @param dbd DBD: disable block descriptors
 * @param pageControl PC
 * @param pageCode PAGE CODE, 0..63 (0x3F = all pages)
 * @param subpageCode SUBPAGE CODE (0xFF = all subpages)
 * @param allocationLength ALLOCATION LENGTH (8 bits in the 6-byte form, 16 bits in the 10-byte form)
 * @param control CONTROL byte
 */
public record ModeSense(int cdbLength, boolean llbaa, boolean dbd, PageControl pageControl, int pageCode,
        int subpageCode, int allocationLength, int control) implements Cdb {
    /** PAGE CODE for all pages. */
    public static final int ALL_PAGES = 0x3F;

    public ModeSense {
        BlockCdbs.checkLength(cdbLength, 6, 10);
        ScsiBytes.checkRange("page code", pageCode, 0x3F);
        ScsiBytes.checkRange("subpage code", subpageCode, 0xFF);
        ScsiBytes.checkRange("allocation length", allocationLength, cdbLength == 6 ? 0xFF : 0xFFFF);
        ScsiBytes.checkRange("control", control, 0xFF);
        if (llbaa && cdbLength == 6) {
            throw new IllegalArgumentException("LLBAA exists only in MODE SENSE(10)");
        }
    }

    /** MODE SENSE(6) of current values of one page, block descriptors included. */
    public static ModeSense of6(int pageCode, int allocationLength) {
        return new ModeSense(6, false, false, PageControl.CURRENT, pageCode, 0, allocationLength, 0);
    }

    /** MODE SENSE(10) of current values of one page, block descriptors included. */
    public static ModeSense of10(int pageCode, int allocationLength) {
        return new ModeSense(10, false, false, PageControl.CURRENT, pageCode, 0, allocationLength, 0);
    }

    static ModeSense parse(byte[] cdb) {
        boolean six = (cdb[0] & 0xFF) == 0x1A;
        CdbReader r = new CdbReader(cdb, six ? 6 : 10, six ? "MODE SENSE(6)" : "MODE SENSE(10)");
        if (six) {
            r.reserved(1, 0xF7);
            return new ModeSense(6, false, r.bit(1, 3), PageControl.of(r.bits(2, 7, 6)), r.bits(2, 5, 0), r.u8(3),
                    r.u8(4), r.u8(5));
        }
        r.reserved(1, 0xE7).reservedBytes(4, 6);
        return new ModeSense(10, r.bit(1, 4), r.bit(1, 3), PageControl.of(r.bits(2, 7, 6)), r.bits(2, 5, 0), r.u8(3),
                r.u16(7), r.u8(9));
    }

    @Override
    public Opcode opcode() {
        return cdbLength == 6 ? Opcode.MODE_SENSE_6 : Opcode.MODE_SENSE_10;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[cdbLength];
        b[0] = (byte) opcode().code();
        b[1] = (byte) ((llbaa ? 0x10 : 0) | (dbd ? 0x08 : 0));
        b[2] = (byte) ((pageControl.code() << 6) | pageCode);
        b[3] = (byte) subpageCode;
        if (cdbLength == 6) {
            b[4] = (byte) allocationLength;
        } else {
            ScsiBytes.put16(b, 7, allocationLength);
        }
        b[cdbLength - 1] = (byte) control;
        return b;
    }

    @Override
    public String name() {
        return opcode().name();
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
        return String.format("%s page 0x%02X%s PC %s%s%s alloc %d", name(), pageCode,
                subpageCode != 0 ? String.format(" subpage 0x%02X", subpageCode) : "", pageControl,
                dbd ? " DBD" : "", llbaa ? " LLBAA" : "", allocationLength);
    }
}
