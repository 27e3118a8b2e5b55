package org.iscsilab.protocol.scsi;

import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * SCSI bytes that do not fit the structure they claim to be. Carries the field pointer and the
 * additional sense code a device server would report (SPC-4 §4.5.2.4.2). No stack trace: this is
 * an expected outcome of parsing a peer's bytes.
 */
public class ScsiFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient FieldPointer fieldPointer;
    private final transient AdditionalSense additionalSense;

    /**
     * @param message what is wrong, citing the clause
     * @param fieldPointer where it is wrong
     * @param additionalSense the ASC/ASCQ a device server answers with
     */
    public ScsiFormatException(String message, FieldPointer fieldPointer, AdditionalSense additionalSense) {
        super(message + " (" + fieldPointer + ")", null, false, false);
        this.fieldPointer = fieldPointer;
        this.additionalSense = additionalSense;
    }

    /** Where the bad field is. */
    public FieldPointer fieldPointer() {
        return fieldPointer;
    }

    /** The additional sense code to report, e.g. INVALID FIELD IN CDB. */
    public AdditionalSense additionalSense() {
        return additionalSense;
    }
}
