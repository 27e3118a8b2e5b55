package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * READ CAPACITY (10) (SBC-3 §5.15). Returns 8 bytes. An LBA other than 0 without PMI is an invalid
 * field (SBC-3 §5.15.1).
 *
 * @param lba LOGICAL BLOCK ADDRESS (only with PMI)
 * @param pmi PMI (obsolete in SBC-4)
 * @param control CONTROL byte
 */
public record ReadCapacity10(long lba, boolean pmi, int control) implements Cdb {
    /** Length of the returned parameter data. */
    public static final int DATA_LENGTH = 8;

    public ReadCapacity10 {
        ScsiBytes.checkRange("LBA", lba, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("control", control, 0xFF);
        if (!pmi && lba != 0) {
            throw new IllegalArgumentException("LBA without PMI (SBC-3 §5.15.1)");
        }
    }

    /** The plain form. */
    public static ReadCapacity10 of() {
        return new ReadCapacity10(0, false, 0);
    }

    static ReadCapacity10 parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 10, "READ CAPACITY(10)");
        r.reserved(1, 0xFF).reservedBytes(6, 7).reserved(8, 0xFE);
        if (!r.bit(8, 0) && r.u32(2) != 0) {
            throw r.invalid("LBA without PMI (SBC-3 §5.15.1)", 2);
        }
        return new ReadCapacity10(r.u32(2), r.bit(8, 0), r.u8(9));
    }

    @Override
    public Opcode opcode() {
        return Opcode.READ_CAPACITY_10;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[10];
        b[0] = 0x25;
        ScsiBytes.put32(b, 2, lba);
        b[8] = (byte) (pmi ? 1 : 0);
        b[9] = (byte) control;
        return b;
    }

    @Override
    public String name() {
        return "READ CAPACITY(10)";
    }

    @Override
    public DataDirection dataDirection() {
        return DataDirection.READ;
    }

    @Override
    public long expectedDataTransferLength(int blockSize) {
        return DATA_LENGTH;
    }
}
