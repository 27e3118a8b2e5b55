package org.iscsilab.protocol.scsi;

/**
 * Task attribute carried in the ATTR field (3 bits) of the iSCSI SCSI Command PDU
 * (RFC 7143 §11.3.1, SAM-5 §8.6). Open: codes 5..7 are representable as unknown values.
 *
 * @param code 0..7
 */
public record TaskAttribute(int code) {
    public static final TaskAttribute UNTAGGED = new TaskAttribute(0);
    public static final TaskAttribute SIMPLE = new TaskAttribute(1);
    public static final TaskAttribute ORDERED = new TaskAttribute(2);
    public static final TaskAttribute HEAD_OF_QUEUE = new TaskAttribute(3);
    public static final TaskAttribute ACA = new TaskAttribute(4);

    public TaskAttribute {
        ScsiBytes.checkRange("task attribute", code, 7);
    }

    /** The attribute for the low three bits of {@code attrField}. */
    public static TaskAttribute of(int attrField) {
        return new TaskAttribute(attrField & 0x07);
    }

    /** True for codes 0..4. */
    public boolean isKnown() {
        return code <= 4;
    }

    /** "SIMPLE", "HEAD OF QUEUE", or "UNKNOWN ATTR 5". */
    public String name() {
        return switch (code) {
            case 0 -> "UNTAGGED";
            case 1 -> "SIMPLE";
            case 2 -> "ORDERED";
            case 3 -> "HEAD OF QUEUE";
            case 4 -> "ACA";
            default -> "UNKNOWN ATTR " + code;
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
