package org.iscsilab.protocol.scsi.pr;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Persistent reservation TYPE (SPC-4 §6.15.3.4, table 173). Open value type over 0..15.
 *
 * @param code 0..15
 */
public record ReservationType(int code) {
    public static final ReservationType WRITE_EXCLUSIVE = new ReservationType(0x1);
    public static final ReservationType EXCLUSIVE_ACCESS = new ReservationType(0x3);
    public static final ReservationType WRITE_EXCLUSIVE_REGISTRANTS_ONLY = new ReservationType(0x5);
    public static final ReservationType EXCLUSIVE_ACCESS_REGISTRANTS_ONLY = new ReservationType(0x6);
    public static final ReservationType WRITE_EXCLUSIVE_ALL_REGISTRANTS = new ReservationType(0x7);
    public static final ReservationType EXCLUSIVE_ACCESS_ALL_REGISTRANTS = new ReservationType(0x8);

    public ReservationType {
        ScsiBytes.checkRange("reservation type", code, 0xF);
    }

    /** True for the six types SPC-4 defines. */
    public boolean isKnown() {
        return switch (code) {
            case 1, 3, 5, 6, 7, 8 -> true;
            default -> false;
        };
    }

    /** True for the two all-registrants types (every registrant is a holder). */
    public boolean isAllRegistrants() {
        return code == 7 || code == 8;
    }

    /** True for the registrants-only and all-registrants types. */
    public boolean admitsRegistrants() {
        return code >= 5 && code <= 8;
    }

    /** True when writes from non-holders conflict only (WRITE EXCLUSIVE family). */
    public boolean isWriteExclusive() {
        return code == 1 || code == 5 || code == 7;
    }

    /** The bit of this type in REPORT CAPABILITIES' PERSISTENT RESERVATION TYPE MASK (SPC-4 §6.15.4). */
    public int capabilityMaskBit() {
        return switch (code) {
            case 1 -> 0x0200;
            case 3 -> 0x0800;
            case 5 -> 0x2000;
            case 6 -> 0x4000;
            case 7 -> 0x8000;
            case 8 -> 0x0001;
            default -> 0;
        };
    }

    /** "WRITE EXCLUSIVE - REGISTRANTS ONLY", or "TYPE 0x2". */
    public String name() {
        return switch (code) {
            case 1 -> "WRITE EXCLUSIVE";
            case 3 -> "EXCLUSIVE ACCESS";
            case 5 -> "WRITE EXCLUSIVE - REGISTRANTS ONLY";
            case 6 -> "EXCLUSIVE ACCESS - REGISTRANTS ONLY";
            case 7 -> "WRITE EXCLUSIVE - ALL REGISTRANTS";
            case 8 -> "EXCLUSIVE ACCESS - ALL REGISTRANTS";
            default -> String.format("TYPE 0x%X", code);
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
