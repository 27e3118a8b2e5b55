package org.iscsilab.protocol.scsi;

import java.util.Map;

/**
 * SCSI status byte (SAM-5 §5.3). An open value type: any byte value is representable.
 *
 * @param code the status byte, 0..255
 */
public record ScsiStatus(int code) {
    public static final ScsiStatus GOOD = new ScsiStatus(0x00);
    public static final ScsiStatus CHECK_CONDITION = new ScsiStatus(0x02);
    public static final ScsiStatus CONDITION_MET = new ScsiStatus(0x04);
    public static final ScsiStatus BUSY = new ScsiStatus(0x08);
    /** Obsolete in SAM-5 but still seen on the wire. */
    public static final ScsiStatus INTERMEDIATE = new ScsiStatus(0x10);
    /** Obsolete in SAM-5 but still seen on the wire. */
    public static final ScsiStatus INTERMEDIATE_CONDITION_MET = new ScsiStatus(0x14);
    public static final ScsiStatus RESERVATION_CONFLICT = new ScsiStatus(0x18);
    public static final ScsiStatus TASK_SET_FULL = new ScsiStatus(0x28);
    public static final ScsiStatus ACA_ACTIVE = new ScsiStatus(0x30);
    public static final ScsiStatus TASK_ABORTED = new ScsiStatus(0x40);

    private static final Map<Integer, String> NAMES = Map.of(
            0x00, "GOOD", 0x02, "CHECK CONDITION", 0x04, "CONDITION MET", 0x08, "BUSY",
            0x10, "INTERMEDIATE", 0x14, "INTERMEDIATE-CONDITION MET", 0x18, "RESERVATION CONFLICT",
            0x28, "TASK SET FULL", 0x30, "ACA ACTIVE", 0x40, "TASK ABORTED");

    public ScsiStatus {
        ScsiBytes.checkRange("status", code, 0xFF);
    }

    /** The status for a byte value, known or not. */
    public static ScsiStatus of(int code) {
        return new ScsiStatus(code & 0xFF);
    }

    /** True when SAM-5 names this code. */
    public boolean isKnown() {
        return NAMES.containsKey(code);
    }

    /** "CHECK CONDITION", or "UNKNOWN STATUS 0x22". */
    public String name() {
        return NAMES.getOrDefault(code, String.format("UNKNOWN STATUS 0x%02X", code));
    }

    @Override
    public String toString() {
        return isKnown() ? String.format("%s (0x%02X)", name(), code) : name();
    }
}
