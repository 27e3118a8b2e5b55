package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * MODE SELECT (6), (10) (SPC-4 §6.11, §6.12). The parameter list is a
 * {@link org.iscsilab.protocol.scsi.mode.ModeParameterList}.
 *
 * @param cdbLength 6 or 10
 * @param pf PF: pages are SPC/SBC-format mode pages
 * @param sp SP: save the pages
 * @param parameterListLength PARAMETER LIST LENGTH (8 bits in the 6-byte form, 16 in the 10-byte form)
 * @param control CONTROL byte
 */
public record ModeSelect(int cdbLength, boolean pf, boolean sp, int parameterListLength, int control)
        implements Cdb {

    public ModeSelect {
        BlockCdbs.checkLength(cdbLength, 6, 10);
        ScsiBytes.checkRange("parameter list length", parameterListLength, cdbLength == 6 ? 0xFF : 0xFFFF);
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    static ModeSelect parse(byte[] cdb) {
        boolean six = (cdb[0] & 0xFF) == 0x15;
        CdbReader r = new CdbReader(cdb, six ? 6 : 10, six ? "MODE SELECT(6)" : "MODE SELECT(10)");
        r.reserved(1, 0xEE);
        if (six) {
            r.reservedBytes(2, 3);
            return new ModeSelect(6, r.bit(1, 4), r.bit(1, 0), r.u8(4), r.u8(5));
        }
        r.reservedBytes(2, 6);
        return new ModeSelect(10, r.bit(1, 4), r.bit(1, 0), r.u16(7), r.u8(9));
    }

    @Override
    public Opcode opcode() {
        return cdbLength == 6 ? Opcode.MODE_SELECT_6 : Opcode.MODE_SELECT_10;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[cdbLength];
        b[0] = (byte) opcode().code();
        b[1] = (byte) ((pf ? 0x10 : 0) | (sp ? 0x01 : 0));
        if (cdbLength == 6) {
            b[4] = (byte) parameterListLength;
        } else {
            ScsiBytes.put16(b, 7, parameterListLength);
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
        return parameterListLength == 0 ? DataDirection.NONE : DataDirection.WRITE;
    }

    @Override
    public long expectedDataTransferLength(int blockSize) {
        return parameterListLength;
    }

    @Override
    public String describe() {
        return name() + (pf ? " PF" : "") + (sp ? " SP" : "") + " parameter list " + parameterListLength + " bytes";
    }
}
