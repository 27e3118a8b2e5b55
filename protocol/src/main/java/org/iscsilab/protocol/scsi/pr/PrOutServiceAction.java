package org.iscsilab.protocol.scsi.pr;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * PERSISTENT RESERVE OUT service action (SPC-4 §6.16.2, table 178). Open value type over 0..31.
 *
 * @param code 0..31
 */
public record PrOutServiceAction(int code) {
    public static final PrOutServiceAction REGISTER = new PrOutServiceAction(0);
    public static final PrOutServiceAction RESERVE = new PrOutServiceAction(1);
    public static final PrOutServiceAction RELEASE = new PrOutServiceAction(2);
    public static final PrOutServiceAction CLEAR = new PrOutServiceAction(3);
    public static final PrOutServiceAction PREEMPT = new PrOutServiceAction(4);
    public static final PrOutServiceAction PREEMPT_AND_ABORT = new PrOutServiceAction(5);
    public static final PrOutServiceAction REGISTER_AND_IGNORE_EXISTING_KEY = new PrOutServiceAction(6);
    public static final PrOutServiceAction REGISTER_AND_MOVE = new PrOutServiceAction(7);

    public PrOutServiceAction {
        ScsiBytes.checkRange("PR OUT service action", code, 0x1F);
    }

    /** True for 0..7. */
    public boolean isKnown() {
        return code <= 7;
    }

    /** "PREEMPT AND ABORT", or "SERVICE ACTION 0x1F". */
    public String name() {
        return switch (code) {
            case 0 -> "REGISTER";
            case 1 -> "RESERVE";
            case 2 -> "RELEASE";
            case 3 -> "CLEAR";
            case 4 -> "PREEMPT";
            case 5 -> "PREEMPT AND ABORT";
            case 6 -> "REGISTER AND IGNORE EXISTING KEY";
            case 7 -> "REGISTER AND MOVE";
            default -> String.format("SERVICE ACTION 0x%02X", code);
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
