package org.iscsilab.protocol.scsi.cdb;

import java.util.HashMap;
import java.util.Map;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * A CDB OPERATION CODE (SPC-4 §4.2.5.1). Open value type: every byte is representable and
 * printable; {@link #name()} knows the SPC-4 and SBC-3 commands.
 *
 * @param code 0..255
 */
public record Opcode(int code) {
    private static final Map<Integer, String> NAMES = new HashMap<>();

    public static final Opcode TEST_UNIT_READY = named(0x00, "TEST UNIT READY");
    public static final Opcode REQUEST_SENSE = named(0x03, "REQUEST SENSE");
    public static final Opcode FORMAT_UNIT = named(0x04, "FORMAT UNIT");
    public static final Opcode REASSIGN_BLOCKS = named(0x07, "REASSIGN BLOCKS");
    public static final Opcode READ_6 = named(0x08, "READ(6)");
    public static final Opcode WRITE_6 = named(0x0A, "WRITE(6)");
    public static final Opcode INQUIRY = named(0x12, "INQUIRY");
    public static final Opcode MODE_SELECT_6 = named(0x15, "MODE SELECT(6)");
    public static final Opcode RESERVE_6 = named(0x16, "RESERVE(6)");
    public static final Opcode RELEASE_6 = named(0x17, "RELEASE(6)");
    public static final Opcode MODE_SENSE_6 = named(0x1A, "MODE SENSE(6)");
    public static final Opcode START_STOP_UNIT = named(0x1B, "START STOP UNIT");
    public static final Opcode RECEIVE_DIAGNOSTIC_RESULTS = named(0x1C, "RECEIVE DIAGNOSTIC RESULTS");
    public static final Opcode SEND_DIAGNOSTIC = named(0x1D, "SEND DIAGNOSTIC");
    public static final Opcode PREVENT_ALLOW_MEDIUM_REMOVAL = named(0x1E, "PREVENT ALLOW MEDIUM REMOVAL");
    public static final Opcode READ_CAPACITY_10 = named(0x25, "READ CAPACITY(10)");
    public static final Opcode READ_10 = named(0x28, "READ(10)");
    public static final Opcode WRITE_10 = named(0x2A, "WRITE(10)");
    public static final Opcode WRITE_AND_VERIFY_10 = named(0x2E, "WRITE AND VERIFY(10)");
    public static final Opcode VERIFY_10 = named(0x2F, "VERIFY(10)");
    public static final Opcode PRE_FETCH_10 = named(0x34, "PRE-FETCH(10)");
    public static final Opcode SYNCHRONIZE_CACHE_10 = named(0x35, "SYNCHRONIZE CACHE(10)");
    public static final Opcode READ_DEFECT_DATA_10 = named(0x37, "READ DEFECT DATA(10)");
    public static final Opcode WRITE_BUFFER = named(0x3B, "WRITE BUFFER");
    public static final Opcode READ_BUFFER = named(0x3C, "READ BUFFER");
    public static final Opcode WRITE_SAME_10 = named(0x41, "WRITE SAME(10)");
    public static final Opcode UNMAP = named(0x42, "UNMAP");
    public static final Opcode SANITIZE = named(0x48, "SANITIZE");
    public static final Opcode LOG_SELECT = named(0x4C, "LOG SELECT");
    public static final Opcode LOG_SENSE = named(0x4D, "LOG SENSE");
    public static final Opcode MODE_SELECT_10 = named(0x55, "MODE SELECT(10)");
    public static final Opcode RESERVE_10 = named(0x56, "RESERVE(10)");
    public static final Opcode RELEASE_10 = named(0x57, "RELEASE(10)");
    public static final Opcode MODE_SENSE_10 = named(0x5A, "MODE SENSE(10)");
    public static final Opcode PERSISTENT_RESERVE_IN = named(0x5E, "PERSISTENT RESERVE IN");
    public static final Opcode PERSISTENT_RESERVE_OUT = named(0x5F, "PERSISTENT RESERVE OUT");
    public static final Opcode VARIABLE_LENGTH = named(0x7F, "VARIABLE LENGTH CDB");
    public static final Opcode EXTENDED_COPY = named(0x83, "EXTENDED COPY");
    public static final Opcode RECEIVE_COPY_RESULTS = named(0x84, "RECEIVE COPY RESULTS");
    public static final Opcode ATA_PASS_THROUGH_16 = named(0x85, "ATA PASS-THROUGH(16)");
    public static final Opcode ACCESS_CONTROL_IN = named(0x86, "ACCESS CONTROL IN");
    public static final Opcode ACCESS_CONTROL_OUT = named(0x87, "ACCESS CONTROL OUT");
    public static final Opcode READ_16 = named(0x88, "READ(16)");
    public static final Opcode COMPARE_AND_WRITE = named(0x89, "COMPARE AND WRITE");
    public static final Opcode WRITE_16 = named(0x8A, "WRITE(16)");
    public static final Opcode ORWRITE_16 = named(0x8B, "ORWRITE(16)");
    public static final Opcode READ_ATTRIBUTE = named(0x8C, "READ ATTRIBUTE");
    public static final Opcode WRITE_ATTRIBUTE = named(0x8D, "WRITE ATTRIBUTE");
    public static final Opcode WRITE_AND_VERIFY_16 = named(0x8E, "WRITE AND VERIFY(16)");
    public static final Opcode VERIFY_16 = named(0x8F, "VERIFY(16)");
    public static final Opcode PRE_FETCH_16 = named(0x90, "PRE-FETCH(16)");
    public static final Opcode SYNCHRONIZE_CACHE_16 = named(0x91, "SYNCHRONIZE CACHE(16)");
    public static final Opcode WRITE_SAME_16 = named(0x93, "WRITE SAME(16)");
    public static final Opcode SERVICE_ACTION_IN_16 = named(0x9E, "SERVICE ACTION IN(16)");
    public static final Opcode SERVICE_ACTION_OUT_16 = named(0x9F, "SERVICE ACTION OUT(16)");
    public static final Opcode REPORT_LUNS = named(0xA0, "REPORT LUNS");
    public static final Opcode ATA_PASS_THROUGH_12 = named(0xA1, "ATA PASS-THROUGH(12)");
    public static final Opcode SECURITY_PROTOCOL_IN = named(0xA2, "SECURITY PROTOCOL IN");
    public static final Opcode MAINTENANCE_IN = named(0xA3, "MAINTENANCE IN");
    public static final Opcode MAINTENANCE_OUT = named(0xA4, "MAINTENANCE OUT");
    public static final Opcode READ_12 = named(0xA8, "READ(12)");
    public static final Opcode WRITE_12 = named(0xAA, "WRITE(12)");
    public static final Opcode SERVICE_ACTION_IN_12 = named(0xAB, "SERVICE ACTION IN(12)");
    public static final Opcode WRITE_AND_VERIFY_12 = named(0xAE, "WRITE AND VERIFY(12)");
    public static final Opcode VERIFY_12 = named(0xAF, "VERIFY(12)");
    public static final Opcode SECURITY_PROTOCOL_OUT = named(0xB5, "SECURITY PROTOCOL OUT");
    public static final Opcode READ_DEFECT_DATA_12 = named(0xB7, "READ DEFECT DATA(12)");

    public Opcode {
        ScsiBytes.checkRange("opcode", code, 0xFF);
    }

    private static Opcode named(int code, String name) {
        NAMES.put(code, name);
        return new Opcode(code);
    }

    /** The opcode for a byte value. */
    public static Opcode of(int code) {
        return new Opcode(code & 0xFF);
    }

    /** True when this table names the opcode. */
    public boolean isKnown() {
        return NAMES.containsKey(code);
    }

    /** "READ(16)", or "OPCODE 0xC5" for an unnamed code. */
    public String name() {
        // Not getOrDefault: its default would be formatted on every call, known opcodes included.
        String n = NAMES.get(code);
        return n != null ? n : String.format("OPCODE 0x%02X", code);
    }

    /**
     * True for opcodes whose byte 1 bits 4-0 hold a SERVICE ACTION (SPC-4 §4.2.5.1).
     */
    public boolean hasServiceAction() {
        return switch (code) {
            case 0x5E, 0x5F, 0x83, 0x84, 0x86, 0x87, 0x9E, 0x9F, 0xA3, 0xA4, 0xAB -> true;
            default -> false;
        };
    }

    /**
     * CDB length implied by the group code (SPC-4 §4.2.5.1): 6, 10, 12 or 16, or -1 for the
     * variable-length and vendor-specific groups.
     */
    public int cdbLength() {
        return switch (code >>> 5) {
            case 0 -> 6;
            case 1, 2 -> 10;
            case 4 -> 16;
            case 5 -> 12;
            default -> -1;
        };
    }

    @Override
    public String toString() {
        return String.format("%s (0x%02X)", name(), code);
    }
}
