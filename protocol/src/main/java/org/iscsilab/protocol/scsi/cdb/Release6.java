package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * RELEASE(6), the SPC-2 reservation (SPC-2 §7.17; obsolete in SPC-4 but still sent by initiators). Third-party
 * and extent reservations (byte 1) are not supported: those bits are rejected.
 *
 * @param control CONTROL byte
 */
public record Release6(int control) implements Cdb {
    public Release6 {
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    static Release6 parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 6, "RELEASE(6)");
        r.reservedBytes(1, 4);
        return new Release6(r.u8(5));
    }

    @Override
    public Opcode opcode() {
        return Opcode.RELEASE_6;
    }

    @Override
    public byte[] toBytes() {
        return new byte[] {0x17, 0, 0, 0, 0, (byte) control};
    }

    @Override
    public String name() {
        return "RELEASE(6)";
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
