package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * TEST UNIT READY (SPC-4 §6.47).
 *
 * @param control CONTROL byte
 */
public record TestUnitReady(int control) implements Cdb {
    public TestUnitReady {
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    /** TEST UNIT READY with CONTROL 0. */
    public static TestUnitReady of() {
        return new TestUnitReady(0);
    }

    static TestUnitReady parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 6, "TEST UNIT READY");
        r.reservedBytes(1, 4);
        return new TestUnitReady(r.u8(5));
    }

    @Override
    public Opcode opcode() {
        return Opcode.TEST_UNIT_READY;
    }

    @Override
    public byte[] toBytes() {
        return new byte[] {0, 0, 0, 0, 0, (byte) control};
    }

    @Override
    public String name() {
        return "TEST UNIT READY";
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
