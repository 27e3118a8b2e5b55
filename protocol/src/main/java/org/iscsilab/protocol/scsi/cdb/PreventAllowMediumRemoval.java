package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * PREVENT ALLOW MEDIUM REMOVAL (SBC-3 §5.9 / SPC-4 §6.13).
 *
 * @param prevent PREVENT, 0..3 (0 allow, 1 prevent)
 * @param control CONTROL byte
 */
public record PreventAllowMediumRemoval(int prevent, int control) implements Cdb {
    public PreventAllowMediumRemoval {
        ScsiBytes.checkRange("prevent", prevent, 3);
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    static PreventAllowMediumRemoval parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 6, "PREVENT ALLOW MEDIUM REMOVAL");
        r.reservedBytes(1, 3).reserved(4, 0xFC);
        return new PreventAllowMediumRemoval(r.bits(4, 1, 0), r.u8(5));
    }

    @Override
    public Opcode opcode() {
        return Opcode.PREVENT_ALLOW_MEDIUM_REMOVAL;
    }

    @Override
    public byte[] toBytes() {
        return new byte[] {0x1E, 0, 0, 0, (byte) prevent, (byte) control};
    }

    @Override
    public String name() {
        return "PREVENT ALLOW MEDIUM REMOVAL";
    }

    @Override
    public DataDirection dataDirection() {
        return DataDirection.NONE;
    }

    @Override
    public long expectedDataTransferLength(int blockSize) {
        return 0;
    }

    @Override
    public String describe() {
        return name() + (prevent == 0 ? " allow" : " prevent=" + prevent);
    }
}
