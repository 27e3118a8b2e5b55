package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * START STOP UNIT (SBC-3 §5.20).
 *
 * @param immed IMMED
 * @param powerConditionModifier POWER CONDITION MODIFIER, 0..15
 * @param powerCondition POWER CONDITION, 0..15 (0 = START_VALID: use START and LOEJ)
 * @param noFlush NO_FLUSH
 * @param loej LOEJ: load or eject the medium
 * @param start START
 * @param control CONTROL byte
 */
public record StartStopUnit(boolean immed, int powerConditionModifier, int powerCondition, boolean noFlush,
        boolean loej, boolean start, int control) implements Cdb {

    public StartStopUnit {
        ScsiBytes.checkRange("power condition modifier", powerConditionModifier, 0xF);
        ScsiBytes.checkRange("power condition", powerCondition, 0xF);
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    /** START (true) or STOP (false) with START_VALID power condition. */
    public static StartStopUnit of(boolean start) {
        return new StartStopUnit(false, 0, 0, false, false, start, 0);
    }

    static StartStopUnit parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 6, "START STOP UNIT");
        r.reserved(1, 0xFE).reservedBytes(2, 2).reserved(3, 0xF0).reserved(4, 0x08);
        return new StartStopUnit(r.bit(1, 0), r.bits(3, 3, 0), r.bits(4, 7, 4), r.bit(4, 2), r.bit(4, 1),
                r.bit(4, 0), r.u8(5));
    }

    @Override
    public Opcode opcode() {
        return Opcode.START_STOP_UNIT;
    }

    @Override
    public byte[] toBytes() {
        return new byte[] {0x1B, (byte) (immed ? 1 : 0), 0, (byte) powerConditionModifier,
            (byte) ((powerCondition << 4) | (noFlush ? 4 : 0) | (loej ? 2 : 0) | (start ? 1 : 0)), (byte) control};
    }

    @Override
    public String name() {
        return "START STOP UNIT";
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
        return "START STOP UNIT " + (start ? "START" : "STOP") + (loej ? " LOEJ" : "") + (immed ? " IMMED" : "")
                + (powerCondition != 0 ? " power condition " + powerCondition : "");
    }
}
