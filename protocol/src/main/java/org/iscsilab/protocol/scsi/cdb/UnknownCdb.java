package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;
import org.iscsilab.protocol.scsi.sense.SenseData;
import org.iscsilab.protocol.scsi.sense.SenseKey;

/**
 * A CDB whose opcode (or service action) is not modelled; kept verbatim. The device server answers
 * INVALID COMMAND OPERATION CODE (SPC-4 §4.5.6) unless it knows better.
 *
 * @param bytes the CDB as received (at least the opcode byte)
 */
public record UnknownCdb(ImmutableBytes bytes) implements Cdb {
    public UnknownCdb {
        if (bytes.length() == 0) {
            throw new IllegalArgumentException("a CDB has at least an opcode");
        }
    }

    /** Wraps raw bytes. */
    public static UnknownCdb of(byte[] cdb) {
        return new UnknownCdb(ImmutableBytes.of(cdb));
    }

    @Override
    public Opcode opcode() {
        return Opcode.of(bytes.get(0));
    }

    /** The byte at the position the group code implies, else the last byte. */
    @Override
    public int control() {
        int len = opcode().cdbLength();
        return bytes.get(len > 0 && len <= bytes.length() ? len - 1 : bytes.length() - 1);
    }

    @Override
    public byte[] toBytes() {
        return bytes.toArray();
    }

    @Override
    public String name() {
        return Cdb.nameOf(bytes.toArray());
    }

    /** Not knowable for an unmodelled command: {@link DataDirection#NONE}; trust the iSCSI R/W bits. */
    @Override
    public DataDirection dataDirection() {
        return DataDirection.NONE;
    }

    /** Not knowable for an unmodelled command: 0; trust the iSCSI EDTL. */
    @Override
    public long expectedDataTransferLength(int blockSize) {
        return 0;
    }

    /**
     * The sense data a device server answers with when it does not support this CDB
     * (SPC-4 §4.5.2.4.2): for an unknown opcode ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE
     * pointing at byte 0; for a known opcode with an unsupported service action INVALID FIELD IN
     * CDB pointing at byte 1 bit 4 (the SERVICE ACTION field).
     */
    public SenseData unsupportedSense() {
        Opcode op = opcode();
        if (op.hasServiceAction() && bytes.length() >= 2) {
            return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB)
                    .withFieldPointer(FieldPointer.cdb(1, 4));
        }
        return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE)
                .withFieldPointer(FieldPointer.cdb(0));
    }

    @Override
    public String describe() {
        return name() + " [" + bytes + "]";
    }
}
