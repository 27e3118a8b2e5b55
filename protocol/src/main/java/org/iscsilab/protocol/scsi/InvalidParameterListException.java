package org.iscsilab.protocol.scsi;

import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * Parameter data sent with a command (UNMAP, MODE SELECT, PERSISTENT RESERVE OUT) that is
 * malformed: ILLEGAL REQUEST with INVALID FIELD IN PARAMETER LIST or PARAMETER LIST LENGTH ERROR
 * and a C/D=0 field pointer (SPC-4 §4.5.2.4.2).
 */
public class InvalidParameterListException extends ScsiFormatException {
    private static final long serialVersionUID = 1L;

    /** INVALID FIELD IN PARAMETER LIST at {@code byteOffset}. */
    public InvalidParameterListException(String message, int byteOffset) {
        super(message, FieldPointer.parameter(byteOffset), AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
    }

    /** With an explicit pointer and ASC/ASCQ. */
    public InvalidParameterListException(String message, FieldPointer pointer, AdditionalSense sense) {
        super(message, pointer, sense);
    }

    /** PARAMETER LIST LENGTH ERROR (1A/00). */
    public static InvalidParameterListException lengthError(String message, int byteOffset) {
        return new InvalidParameterListException(message, FieldPointer.parameter(byteOffset),
                AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
    }
}
