package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * UNMAP (SBC-3 §5.28). The parameter list is {@link org.iscsilab.protocol.scsi.block.UnmapParameterList}.
 *
 * @param anchor ANCHOR
 * @param groupNumber GROUP NUMBER
 * @param parameterListLength PARAMETER LIST LENGTH in bytes
 * @param control CONTROL byte
 */
public record Unmap(boolean anchor, int groupNumber, int parameterListLength, int control) implements Cdb {

    public Unmap {
        ScsiBytes.checkRange("group number", groupNumber, 31);
        ScsiBytes.checkRange("parameter list length", parameterListLength, 0xFFFF);
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    static Unmap parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 10, "UNMAP");
        r.reserved(1, 0xFE).reservedBytes(2, 5).reserved(6, 0xE0);
        return new Unmap(r.bit(1, 0), r.bits(6, 4, 0), r.u16(7), r.u8(9));
    }

    @Override
    public Opcode opcode() {
        return Opcode.UNMAP;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[10];
        b[0] = 0x42;
        b[1] = (byte) (anchor ? 1 : 0);
        b[6] = (byte) groupNumber;
        ScsiBytes.put16(b, 7, parameterListLength);
        b[9] = (byte) control;
        return b;
    }

    @Override
    public String name() {
        return "UNMAP";
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
        return "UNMAP parameter list " + parameterListLength + " bytes" + (anchor ? " ANCHOR" : "");
    }
}
