package org.iscsilab.protocol.scsi.cdb;

import java.util.HashMap;
import java.util.Map;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * An opcode plus a SERVICE ACTION (SPC-4 §4.2.5.1). Open value type.
 *
 * @param opcode the operation code
 * @param action the service action, 0..31
 */
public record ServiceAction(Opcode opcode, int action) {
    private static final Map<Integer, String> NAMES = new HashMap<>();

    public static final ServiceAction READ_CAPACITY_16 = named(0x9E, 0x10, "READ CAPACITY(16)");
    public static final ServiceAction GET_LBA_STATUS = named(0x9E, 0x12, "GET LBA STATUS");
    public static final ServiceAction REPORT_TARGET_PORT_GROUPS = named(0xA3, 0x0A, "REPORT TARGET PORT GROUPS");
    public static final ServiceAction REPORT_SUPPORTED_OPERATION_CODES =
            named(0xA3, 0x0C, "REPORT SUPPORTED OPERATION CODES");
    public static final ServiceAction REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS =
            named(0xA3, 0x0D, "REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS");
    public static final ServiceAction REPORT_TIMESTAMP = named(0xA3, 0x0F, "REPORT TIMESTAMP");
    public static final ServiceAction SET_TARGET_PORT_GROUPS = named(0xA4, 0x0A, "SET TARGET PORT GROUPS");
    public static final ServiceAction PR_IN_READ_KEYS = named(0x5E, 0x00, "PERSISTENT RESERVE IN/READ KEYS");
    public static final ServiceAction PR_IN_READ_RESERVATION = named(0x5E, 0x01, "PERSISTENT RESERVE IN/READ RESERVATION");
    public static final ServiceAction PR_IN_REPORT_CAPABILITIES =
            named(0x5E, 0x02, "PERSISTENT RESERVE IN/REPORT CAPABILITIES");
    public static final ServiceAction PR_IN_READ_FULL_STATUS = named(0x5E, 0x03, "PERSISTENT RESERVE IN/READ FULL STATUS");
    public static final ServiceAction PR_OUT_REGISTER = named(0x5F, 0x00, "PERSISTENT RESERVE OUT/REGISTER");
    public static final ServiceAction PR_OUT_RESERVE = named(0x5F, 0x01, "PERSISTENT RESERVE OUT/RESERVE");
    public static final ServiceAction PR_OUT_RELEASE = named(0x5F, 0x02, "PERSISTENT RESERVE OUT/RELEASE");
    public static final ServiceAction PR_OUT_CLEAR = named(0x5F, 0x03, "PERSISTENT RESERVE OUT/CLEAR");
    public static final ServiceAction PR_OUT_PREEMPT = named(0x5F, 0x04, "PERSISTENT RESERVE OUT/PREEMPT");
    public static final ServiceAction PR_OUT_PREEMPT_AND_ABORT = named(0x5F, 0x05, "PERSISTENT RESERVE OUT/PREEMPT AND ABORT");
    public static final ServiceAction PR_OUT_REGISTER_AND_IGNORE_EXISTING_KEY =
            named(0x5F, 0x06, "PERSISTENT RESERVE OUT/REGISTER AND IGNORE EXISTING KEY");
    public static final ServiceAction PR_OUT_REGISTER_AND_MOVE = named(0x5F, 0x07, "PERSISTENT RESERVE OUT/REGISTER AND MOVE");

    public ServiceAction {
        ScsiBytes.checkRange("service action", action, 0x1F);
    }

    private static ServiceAction named(int opcode, int action, String name) {
        NAMES.put((opcode << 8) | action, name);
        return new ServiceAction(Opcode.of(opcode), action);
    }

    /** True when the table names this pair. */
    public boolean isKnown() {
        return NAMES.containsKey((opcode.code() << 8) | action);
    }

    /** "READ CAPACITY(16)", or "SERVICE ACTION IN(16)/SA 0x1F". */
    public String name() {
        String n = NAMES.get((opcode.code() << 8) | action);
        return n != null ? n : String.format("%s/SA 0x%02X", opcode.name(), action);
    }

    @Override
    public String toString() {
        return name();
    }
}
