package org.iscsilab.protocol.scsi.pr;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * PERSISTENT RESERVE IN service action (SPC-4 §6.15.1, table 168). Open value type over 0..31.
 *
 * @param code 0..31
 */
public record PrInServiceAction(int code) {
    public static final PrInServiceAction READ_KEYS = new PrInServiceAction(0);
    public static final PrInServiceAction READ_RESERVATION = new PrInServiceAction(1);
    public static final PrInServiceAction REPORT_CAPABILITIES = new PrInServiceAction(2);
    public static final PrInServiceAction READ_FULL_STATUS = new PrInServiceAction(3);

    public PrInServiceAction {
        ScsiBytes.checkRange("PR IN service action", code, 0x1F);
    }

    /** True for 0..3. */
    public boolean isKnown() {
        return code <= 3;
    }

    /** "READ KEYS", or "SERVICE ACTION 0x1F". */
    public String name() {
        return switch (code) {
            case 0 -> "READ KEYS";
            case 1 -> "READ RESERVATION";
            case 2 -> "REPORT CAPABILITIES";
            case 3 -> "READ FULL STATUS";
            default -> String.format("SERVICE ACTION 0x%02X", code);
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
