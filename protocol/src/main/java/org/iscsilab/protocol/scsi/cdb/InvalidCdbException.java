package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * A malformed CDB of a known opcode: too short, a reserved bit set, or a field value the standard
 * forbids. The device server answers CHECK CONDITION, ILLEGAL REQUEST, INVALID FIELD IN CDB with
 * this field pointer (C/D=1; SPC-4 §4.5.2.4.2); build that sense with
 * {@link org.iscsilab.protocol.scsi.sense.SenseData#illegalRequest}.
 */
public final class InvalidCdbException extends ScsiFormatException {
    private static final long serialVersionUID = 1L;

    private final transient Opcode opcode;

    /**
     * @param opcode the CDB's opcode
     * @param message what is wrong, citing the clause
     * @param pointer the byte (and bit) in the CDB
     */
    public InvalidCdbException(Opcode opcode, String message, FieldPointer pointer) {
        super(message, pointer, AdditionalSense.INVALID_FIELD_IN_CDB);
        this.opcode = opcode;
    }

    /** The opcode of the rejected CDB. */
    public Opcode opcode() {
        return opcode;
    }
}
