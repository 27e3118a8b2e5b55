package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * RESERVE(6), the SPC-2 reservation (SPC-2 §7.21; obsolete in SPC-4 but still sent by initiators). Third-party
 * and extent reservations (byte 1) are not supported: those bits are rejected.
 *
 * @param control CONTROL byte
 */
public record Reserve6(int control) implements Cdb {
    public Reserve6 {
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    static Reserve6 parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 6, "RESERVE(6)");
        r.reservedBytes(1, 4);
        return new Reserve6(r.u8(5));
    }

    @Override
    public Opcode opcode() {
        return Opcode.RESERVE_6;
    }

    @Override
    public byte[] toBytes() {
        return new byte[] {0x16, 0, 0, 0, 0, (byte) control};
    }

    @Override
    public String name() {
        return "RESERVE(6)";
    }

    @Override
    public DataDirection dataDirection() {
        return DataDirection.NONE;
    }

    @Override
    public long expectedDataTransferLength(int blockSize) {
        return 0;
    }
}
