package org.iscsilab.protocol.scsi.sense;

import java.util.HashMap;
import java.util.Map;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Additional sense code and qualifier, ASC/ASCQ (SPC-4 §4.5.6, Annex D). Open value type: every
 * pair is representable; {@link #name()} knows the pairs this lab meets.
 *
 * @param asc additional sense code, 0..255
 * @param ascq additional sense code qualifier, 0..255
 */
public record AdditionalSense(int asc, int ascq) {
    private static final Map<Integer, String> NAMES = new HashMap<>();

    public static final AdditionalSense NO_ADDITIONAL_SENSE = named(0x00, 0x00, "NO ADDITIONAL SENSE INFORMATION");
    public static final AdditionalSense LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE =
            named(0x04, 0x00, "LOGICAL UNIT NOT READY, CAUSE NOT REPORTABLE");
    public static final AdditionalSense LOGICAL_UNIT_IS_IN_PROCESS_OF_BECOMING_READY =
            named(0x04, 0x01, "LOGICAL UNIT IS IN PROCESS OF BECOMING READY");
    public static final AdditionalSense LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED =
            named(0x04, 0x02, "LOGICAL UNIT NOT READY, INITIALIZING COMMAND REQUIRED");
    public static final AdditionalSense LOGICAL_UNIT_NOT_READY_MANUAL_INTERVENTION_REQUIRED =
            named(0x04, 0x03, "LOGICAL UNIT NOT READY, MANUAL INTERVENTION REQUIRED");
    public static final AdditionalSense LOGICAL_UNIT_NOT_READY_FORMAT_IN_PROGRESS =
            named(0x04, 0x04, "LOGICAL UNIT NOT READY, FORMAT IN PROGRESS");
    public static final AdditionalSense LOGICAL_UNIT_NOT_READY_OPERATION_IN_PROGRESS =
            named(0x04, 0x07, "LOGICAL UNIT NOT READY, OPERATION IN PROGRESS");
    public static final AdditionalSense LOGICAL_UNIT_NOT_READY_TARGET_PORT_STANDBY =
            named(0x04, 0x0B, "LOGICAL UNIT NOT READY, TARGET PORT IN STANDBY STATE");
    public static final AdditionalSense LOGICAL_UNIT_NOT_READY_TARGET_PORT_UNAVAILABLE =
            named(0x04, 0x0C, "LOGICAL UNIT NOT READY, TARGET PORT IN UNAVAILABLE STATE");
    public static final AdditionalSense LOGICAL_UNIT_NOT_READY_ASYMMETRIC_ACCESS_STATE_TRANSITION =
            named(0x04, 0x0A, "LOGICAL UNIT NOT ACCESSIBLE, ASYMMETRIC ACCESS STATE TRANSITION");
    public static final AdditionalSense LOGICAL_UNIT_NOT_READY_SPACE_ALLOCATION_IN_PROGRESS =
            named(0x04, 0x14, "LOGICAL UNIT NOT READY, SPACE ALLOCATION IN PROGRESS");
    public static final AdditionalSense WRITE_ERROR = named(0x0C, 0x00, "WRITE ERROR");
    public static final AdditionalSense INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT =
            named(0x0E, 0x03, "INVALID FIELD IN COMMAND INFORMATION UNIT");
    public static final AdditionalSense UNRECOVERED_READ_ERROR = named(0x11, 0x00, "UNRECOVERED READ ERROR");
    public static final AdditionalSense PARAMETER_LIST_LENGTH_ERROR = named(0x1A, 0x00, "PARAMETER LIST LENGTH ERROR");
    public static final AdditionalSense MISCOMPARE_DURING_VERIFY_OPERATION =
            named(0x1D, 0x00, "MISCOMPARE DURING VERIFY OPERATION");
    public static final AdditionalSense INVALID_COMMAND_OPERATION_CODE = named(0x20, 0x00, "INVALID COMMAND OPERATION CODE");
    public static final AdditionalSense LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE =
            named(0x21, 0x00, "LOGICAL BLOCK ADDRESS OUT OF RANGE");
    public static final AdditionalSense INVALID_FIELD_IN_CDB = named(0x24, 0x00, "INVALID FIELD IN CDB");
    public static final AdditionalSense LOGICAL_UNIT_NOT_SUPPORTED = named(0x25, 0x00, "LOGICAL UNIT NOT SUPPORTED");
    public static final AdditionalSense INVALID_FIELD_IN_PARAMETER_LIST = named(0x26, 0x00, "INVALID FIELD IN PARAMETER LIST");
    public static final AdditionalSense PARAMETER_NOT_SUPPORTED = named(0x26, 0x01, "PARAMETER NOT SUPPORTED");
    public static final AdditionalSense PARAMETER_VALUE_INVALID = named(0x26, 0x02, "PARAMETER VALUE INVALID");
    public static final AdditionalSense INVALID_RELEASE_OF_PERSISTENT_RESERVATION =
            named(0x26, 0x04, "INVALID RELEASE OF PERSISTENT RESERVATION");
    public static final AdditionalSense WRITE_PROTECTED = named(0x27, 0x00, "WRITE PROTECTED");
    public static final AdditionalSense HARDWARE_WRITE_PROTECTED = named(0x27, 0x01, "HARDWARE WRITE PROTECTED");
    public static final AdditionalSense LOGICAL_UNIT_SOFTWARE_WRITE_PROTECTED =
            named(0x27, 0x02, "LOGICAL UNIT SOFTWARE WRITE PROTECTED");
    public static final AdditionalSense ASSOCIATED_WRITE_PROTECT = named(0x27, 0x03, "ASSOCIATED WRITE PROTECT");
    public static final AdditionalSense PERSISTENT_WRITE_PROTECT = named(0x27, 0x04, "PERSISTENT WRITE PROTECT");
    public static final AdditionalSense PERMANENT_WRITE_PROTECT = named(0x27, 0x05, "PERMANENT WRITE PROTECT");
    public static final AdditionalSense SPACE_ALLOCATION_FAILED_WRITE_PROTECT =
            named(0x27, 0x07, "SPACE ALLOCATION FAILED WRITE PROTECT");
    public static final AdditionalSense NOT_READY_TO_READY_CHANGE =
            named(0x28, 0x00, "NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED");
    public static final AdditionalSense POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED =
            named(0x29, 0x00, "POWER ON, RESET, OR BUS DEVICE RESET OCCURRED");
    public static final AdditionalSense POWER_ON_OCCURRED = named(0x29, 0x01, "POWER ON OCCURRED");
    public static final AdditionalSense SCSI_BUS_RESET_OCCURRED = named(0x29, 0x02, "SCSI BUS RESET OCCURRED");
    public static final AdditionalSense BUS_DEVICE_RESET_FUNCTION_OCCURRED =
            named(0x29, 0x03, "BUS DEVICE RESET FUNCTION OCCURRED");
    public static final AdditionalSense DEVICE_INTERNAL_RESET = named(0x29, 0x04, "DEVICE INTERNAL RESET");
    public static final AdditionalSense TRANSCEIVER_MODE_CHANGED_TO_SINGLE_ENDED =
            named(0x29, 0x05, "TRANSCEIVER MODE CHANGED TO SINGLE-ENDED");
    public static final AdditionalSense TRANSCEIVER_MODE_CHANGED_TO_LVD = named(0x29, 0x06, "TRANSCEIVER MODE CHANGED TO LVD");
    public static final AdditionalSense I_T_NEXUS_LOSS_OCCURRED = named(0x29, 0x07, "I_T NEXUS LOSS OCCURRED");
    public static final AdditionalSense PARAMETERS_CHANGED = named(0x2A, 0x00, "PARAMETERS CHANGED");
    public static final AdditionalSense MODE_PARAMETERS_CHANGED = named(0x2A, 0x01, "MODE PARAMETERS CHANGED");
    public static final AdditionalSense RESERVATIONS_PREEMPTED = named(0x2A, 0x03, "RESERVATIONS PREEMPTED");
    public static final AdditionalSense RESERVATIONS_RELEASED = named(0x2A, 0x04, "RESERVATIONS RELEASED");
    public static final AdditionalSense REGISTRATIONS_PREEMPTED = named(0x2A, 0x05, "REGISTRATIONS PREEMPTED");
    public static final AdditionalSense CAPACITY_DATA_HAS_CHANGED = named(0x2A, 0x09, "CAPACITY DATA HAS CHANGED");
    public static final AdditionalSense COMMANDS_CLEARED_BY_ANOTHER_INITIATOR =
            named(0x2F, 0x00, "COMMANDS CLEARED BY ANOTHER INITIATOR");
    public static final AdditionalSense SAVING_PARAMETERS_NOT_SUPPORTED = named(0x39, 0x00, "SAVING PARAMETERS NOT SUPPORTED");
    public static final AdditionalSense MEDIUM_NOT_PRESENT = named(0x3A, 0x00, "MEDIUM NOT PRESENT");
    public static final AdditionalSense REPORTED_LUNS_DATA_HAS_CHANGED = named(0x3F, 0x0E, "REPORTED LUNS DATA HAS CHANGED");
    public static final AdditionalSense INTERNAL_TARGET_FAILURE = named(0x44, 0x00, "INTERNAL TARGET FAILURE");
    public static final AdditionalSense INVALID_MESSAGE_ERROR = named(0x49, 0x00, "INVALID MESSAGE ERROR");
    public static final AdditionalSense COMMAND_PHASE_ERROR = named(0x4A, 0x00, "COMMAND PHASE ERROR");
    public static final AdditionalSense DATA_PHASE_ERROR = named(0x4B, 0x00, "DATA PHASE ERROR");
    public static final AdditionalSense INSUFFICIENT_REGISTRATION_RESOURCES =
            named(0x55, 0x04, "INSUFFICIENT REGISTRATION RESOURCES");
    public static final AdditionalSense MEDIUM_REMOVAL_PREVENTED = named(0x53, 0x02, "MEDIUM REMOVAL PREVENTED");

    public AdditionalSense {
        ScsiBytes.checkRange("ASC", asc, 0xFF);
        ScsiBytes.checkRange("ASCQ", ascq, 0xFF);
    }

    private static AdditionalSense named(int asc, int ascq, String name) {
        NAMES.put((asc << 8) | ascq, name);
        return new AdditionalSense(asc, ascq);
    }

    /** The pair for raw bytes. */
    public static AdditionalSense of(int asc, int ascq) {
        return new AdditionalSense(asc & 0xFF, ascq & 0xFF);
    }

    /** True when the table names this pair. */
    public boolean isKnown() {
        return NAMES.containsKey((asc << 8) | ascq);
    }

    /** "INVALID FIELD IN CDB", "LOGICAL UNIT NOT READY (04/22)" for an unnamed 04/xx, or "ASC/ASCQ 80/01". */
    public String name() {
        String n = NAMES.get((asc << 8) | ascq);
        if (n != null) {
            return n;
        }
        if (asc == 0x04) {
            return "LOGICAL UNIT NOT READY";
        }
        if (asc >= 0x80 || ascq >= 0x80) {
            return "VENDOR SPECIFIC";
        }
        return "UNKNOWN ADDITIONAL SENSE";
    }

    /** "24/00". */
    public String code() {
        return String.format("%02X/%02X", asc, ascq);
    }

    /** "INVALID FIELD IN CDB (24/00)". */
    @Override
    public String toString() {
        return name() + " (" + code() + ")";
    }
}
