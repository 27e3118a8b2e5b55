package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.pr.PrInServiceAction;

/**
 * PERSISTENT RESERVE IN (SPC-4 §6.15). Service actions other than the four SPC-4 defines are an
 * invalid field at byte 1.
 *
 * @param serviceAction SERVICE ACTION (READ KEYS, READ RESERVATION, REPORT CAPABILITIES, READ FULL STATUS)
 * @param allocationLength ALLOCATION LENGTH (16 bits)
 * @param control CONTROL byte
 */
public record PersistentReserveIn(PrInServiceAction serviceAction, int allocationLength, int control)
        implements Cdb {

    public PersistentReserveIn {
        if (!serviceAction.isKnown()) {
            throw new IllegalArgumentException("unknown PR IN service action " + serviceAction);
        }
        ScsiBytes.checkRange("allocation length", allocationLength, 0xFFFF);
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    static PersistentReserveIn parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 10, "PERSISTENT RESERVE IN");
        r.reserved(1, 0xE0).reservedBytes(2, 6);
        PrInServiceAction sa = new PrInServiceAction(r.bits(1, 4, 0));
        if (!sa.isKnown()) {
            throw r.invalid("unknown service action " + sa + " (SPC-4 §6.15.1)", 1, 4);
        }
        return new PersistentReserveIn(sa, r.u16(7), r.u8(9));
    }

    @Override
    public Opcode opcode() {
        return Opcode.PERSISTENT_RESERVE_IN;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[10];
        b[0] = 0x5E;
        b[1] = (byte) serviceAction.code();
        ScsiBytes.put16(b, 7, allocationLength);
        b[9] = (byte) control;
        return b;
    }

    @Override
    public String name() {
        return "PERSISTENT RESERVE IN";
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
        return "PERSISTENT RESERVE IN " + serviceAction + " alloc " + allocationLength;
    }
}
