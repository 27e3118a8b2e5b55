package org.iscsilab.protocol.scsi.cdb;

import java.util.Optional;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.LbaRange;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * GET LBA STATUS, SERVICE ACTION IN(16) 0x9E / 0x12 (SBC-3 §5.4).
 *
 * @param lba STARTING LOGICAL BLOCK ADDRESS
 * @param allocationLength ALLOCATION LENGTH (32 bits)
 * @param control CONTROL byte
 */
public record GetLbaStatus(long lba, long allocationLength, int control) implements Cdb {
    public GetLbaStatus {
        ScsiBytes.checkRange("allocation length", allocationLength, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    static GetLbaStatus parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 16, "GET LBA STATUS");
        r.reserved(1, 0xE0).reserved(14, 0xFF);
        return new GetLbaStatus(r.u64(2), r.u32(10), r.u8(15));
    }

    @Override
    public Opcode opcode() {
        return Opcode.SERVICE_ACTION_IN_16;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[16];
        b[0] = (byte) 0x9E;
        b[1] = 0x12;
        ScsiBytes.put64(b, 2, lba);
        ScsiBytes.put32(b, 10, allocationLength);
        b[15] = (byte) control;
        return b;
    }

    @Override
    public String name() {
        return "GET LBA STATUS";
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
    public Optional<LbaRange> lbaRange() {
        return Optional.of(new LbaRange(lba, 0));
    }

    @Override
    public String describe() {
        return "GET LBA STATUS LBA " + Long.toUnsignedString(lba) + " alloc " + allocationLength;
    }
}
