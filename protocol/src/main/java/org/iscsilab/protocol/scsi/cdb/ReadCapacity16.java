package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * READ CAPACITY (16), SERVICE ACTION IN(16) 0x9E / 0x10 (SBC-3 §5.16).
 *
 * @param lba LOGICAL BLOCK ADDRESS (only with PMI)
 * @param pmi PMI (obsolete in SBC-4)
 * @param allocationLength ALLOCATION LENGTH (32 bits; the full data is 32 bytes)
 * @param control CONTROL byte
 */
public record ReadCapacity16(long lba, boolean pmi, long allocationLength, int control) implements Cdb {
    public ReadCapacity16 {
        ScsiBytes.checkRange("allocation length", allocationLength, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("control", control, 0xFF);
        if (!pmi && lba != 0) {
            throw new IllegalArgumentException("LBA without PMI (SBC-3 §5.16.1)");
        }
    }

    /** The plain form with the usual 32-byte allocation length. */
    public static ReadCapacity16 of() {
        return new ReadCapacity16(0, false, 32, 0);
    }

    static ReadCapacity16 parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 16, "READ CAPACITY(16)");
        r.reserved(1, 0xE0).reserved(14, 0xFE);
        if (!r.bit(14, 0) && r.u64(2) != 0) {
            throw r.invalid("LBA without PMI (SBC-3 §5.16.1)", 2);
        }
        return new ReadCapacity16(r.u64(2), r.bit(14, 0), r.u32(10), r.u8(15));
    }

    @Override
    public Opcode opcode() {
        return Opcode.SERVICE_ACTION_IN_16;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[16];
        b[0] = (byte) 0x9E;
        b[1] = 0x10;
        ScsiBytes.put64(b, 2, lba);
        ScsiBytes.put32(b, 10, allocationLength);
        b[14] = (byte) (pmi ? 1 : 0);
        b[15] = (byte) control;
        return b;
    }

    @Override
    public String name() {
        return "READ CAPACITY(16)";
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
        return "READ CAPACITY(16) alloc " + allocationLength;
    }
}
