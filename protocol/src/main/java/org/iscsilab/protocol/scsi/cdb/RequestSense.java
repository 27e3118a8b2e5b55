package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * REQUEST SENSE (SPC-4 §6.39).
 *
 * @param descriptorFormat DESC: ask for descriptor-format sense data
 * @param allocationLength ALLOCATION LENGTH, 0..255
 * @param control CONTROL byte
 */
public record RequestSense(boolean descriptorFormat, int allocationLength, int control) implements Cdb {
    public RequestSense {
        ScsiBytes.checkRange("allocation length", allocationLength, 0xFF);
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    static RequestSense parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 6, "REQUEST SENSE");
        r.reserved(1, 0xFE).reservedBytes(2, 3);
        return new RequestSense(r.bit(1, 0), r.u8(4), r.u8(5));
    }

    @Override
    public Opcode opcode() {
        return Opcode.REQUEST_SENSE;
    }

    @Override
    public byte[] toBytes() {
        return new byte[] {0x03, (byte) (descriptorFormat ? 1 : 0), 0, 0, (byte) allocationLength, (byte) control};
    }

    @Override
    public String name() {
        return "REQUEST SENSE";
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
        return "REQUEST SENSE" + (descriptorFormat ? " DESC" : "") + " alloc " + allocationLength;
    }
}
