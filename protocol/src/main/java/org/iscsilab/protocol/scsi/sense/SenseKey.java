package org.iscsilab.protocol.scsi.sense;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Sense key (SPC-4 §4.5.6, table 48). Open value type over 0..15.
 *
 * @param code 0..15
 */
public record SenseKey(int code) {
    public static final SenseKey NO_SENSE = new SenseKey(0x0);
    public static final SenseKey RECOVERED_ERROR = new SenseKey(0x1);
    public static final SenseKey NOT_READY = new SenseKey(0x2);
    public static final SenseKey MEDIUM_ERROR = new SenseKey(0x3);
    public static final SenseKey HARDWARE_ERROR = new SenseKey(0x4);
    public static final SenseKey ILLEGAL_REQUEST = new SenseKey(0x5);
    public static final SenseKey UNIT_ATTENTION = new SenseKey(0x6);
    public static final SenseKey DATA_PROTECT = new SenseKey(0x7);
    public static final SenseKey BLANK_CHECK = new SenseKey(0x8);
    public static final SenseKey VENDOR_SPECIFIC = new SenseKey(0x9);
    public static final SenseKey COPY_ABORTED = new SenseKey(0xA);
    public static final SenseKey ABORTED_COMMAND = new SenseKey(0xB);
    public static final SenseKey VOLUME_OVERFLOW = new SenseKey(0xD);
    public static final SenseKey MISCOMPARE = new SenseKey(0xE);
    public static final SenseKey COMPLETED = new SenseKey(0xF);

    private static final String[] NAMES = {
        "NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR", "HARDWARE ERROR",
        "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT", "BLANK CHECK", "VENDOR SPECIFIC",
        "COPY ABORTED", "ABORTED COMMAND", null, "VOLUME OVERFLOW", "MISCOMPARE", "COMPLETED"
    };

    public SenseKey {
        ScsiBytes.checkRange("sense key", code, 0xF);
    }

    /** The sense key for the low four bits of {@code value}. */
    public static SenseKey of(int value) {
        return new SenseKey(value & 0xF);
    }

    /** False only for the reserved code 0xC. */
    public boolean isKnown() {
        return NAMES[code] != null;
    }

    /** "ILLEGAL REQUEST", or "RESERVED SENSE KEY 0xC". */
    public String name() {
        return isKnown() ? NAMES[code] : String.format("RESERVED SENSE KEY 0x%X", code);
    }

    @Override
    public String toString() {
        return name();
    }
}
