package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.pr.PrOutServiceAction;
import org.iscsilab.protocol.scsi.pr.ReservationType;

/**
 * PERSISTENT RESERVE OUT (SPC-4 §6.16). The parameter list is a
 * {@link org.iscsilab.protocol.scsi.pr.PrOutParameterList}. SCOPE and TYPE are kept as sent: which
 * values are valid depends on the service action, so the device server checks them.
 *
 * @param serviceAction SERVICE ACTION (0..7; others are an invalid field)
 * @param scope SCOPE, 0..15 (0 = LU_SCOPE, the only one SPC-4 keeps)
 * @param type TYPE
 * @param parameterListLength PARAMETER LIST LENGTH (32 bits; 24 for the basic list)
 * @param control CONTROL byte
 */
public record PersistentReserveOut(PrOutServiceAction serviceAction, int scope, ReservationType type,
        long parameterListLength, int control) implements Cdb {

    /** PARAMETER LIST LENGTH of the basic parameter list without transport IDs. */
    public static final int BASIC_PARAMETER_LIST_LENGTH = 24;

    public PersistentReserveOut {
        if (!serviceAction.isKnown()) {
            throw new IllegalArgumentException("unknown PR OUT service action " + serviceAction);
        }
        ScsiBytes.checkRange("scope", scope, 0xF);
        ScsiBytes.checkRange("parameter list length", parameterListLength, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    /** LU_SCOPE with a 24-byte parameter list. */
    public static PersistentReserveOut of(PrOutServiceAction sa, ReservationType type) {
        return new PersistentReserveOut(sa, 0, type, BASIC_PARAMETER_LIST_LENGTH, 0);
    }

    static PersistentReserveOut parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 10, "PERSISTENT RESERVE OUT");
        r.reserved(1, 0xE0).reservedBytes(3, 4);
        PrOutServiceAction sa = new PrOutServiceAction(r.bits(1, 4, 0));
        if (!sa.isKnown()) {
            throw r.invalid("unknown service action " + sa + " (SPC-4 §6.16.1)", 1, 4);
        }
        return new PersistentReserveOut(sa, r.bits(2, 7, 4), new ReservationType(r.bits(2, 3, 0)), r.u32(5),
                r.u8(9));
    }

    @Override
    public Opcode opcode() {
        return Opcode.PERSISTENT_RESERVE_OUT;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[10];
        b[0] = 0x5F;
        b[1] = (byte) serviceAction.code();
        b[2] = (byte) ((scope << 4) | type.code());
        ScsiBytes.put32(b, 5, parameterListLength);
        b[9] = (byte) control;
        return b;
    }

    @Override
    public String name() {
        return "PERSISTENT RESERVE OUT";
    }

    @Override
    public DataDirection dataDirection() {
        return parameterListLength == 0 ? DataDirection.NONE : DataDirection.WRITE;
    }

    @Override
    public long expectedDataTransferLength(int blockSize) {
        return parameterListLength;
    }

    @Override
    public String describe() {
        return "PERSISTENT RESERVE OUT " + serviceAction + " type " + type + (scope != 0 ? " scope " + scope : "")
                + " parameter list " + parameterListLength + " bytes";
    }
}
