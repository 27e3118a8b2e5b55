package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * REPORT SUPPORTED OPERATION CODES, MAINTENANCE IN 0xA3 / 0x0C (SPC-4 §6.35). Reporting options
 * 4..7 are reserved.
 *
 * @param rctd RCTD: include command timeouts descriptors
 * @param reportingOptions REPORTING OPTIONS: 0 all commands, 1 one opcode without SA, 2 one opcode
 *     with SA, 3 one opcode with or without SA
 * @param requestedOpcode REQUESTED OPERATION CODE
 * @param requestedServiceAction REQUESTED SERVICE ACTION
 * @param allocationLength ALLOCATION LENGTH (32 bits)
 * @param control CONTROL byte
 */
public record ReportSupportedOperationCodes(boolean rctd, int reportingOptions, int requestedOpcode,
        int requestedServiceAction, long allocationLength, int control) implements Cdb {
    /** REPORTING OPTIONS: all commands. */
    public static final int ALL_COMMANDS = 0;
    /** REPORTING OPTIONS: one command, no service action. */
    public static final int ONE_COMMAND = 1;
    /** REPORTING OPTIONS: one command with service action. */
    public static final int ONE_COMMAND_WITH_SERVICE_ACTION = 2;
    /** REPORTING OPTIONS: one command, service action if it has one. */
    public static final int ONE_COMMAND_EITHER = 3;

    public ReportSupportedOperationCodes {
        ScsiBytes.checkRange("reporting options", reportingOptions, 3);
        ScsiBytes.checkRange("requested opcode", requestedOpcode, 0xFF);
        ScsiBytes.checkRange("requested service action", requestedServiceAction, 0xFFFF);
        ScsiBytes.checkRange("allocation length", allocationLength, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    /** All commands. */
    public static ReportSupportedOperationCodes all(boolean rctd, long allocationLength) {
        return new ReportSupportedOperationCodes(rctd, ALL_COMMANDS, 0, 0, allocationLength, 0);
    }

    /** One command (with a service action when {@code serviceAction >= 0}). */
    public static ReportSupportedOperationCodes one(int opcode, int serviceAction, boolean rctd, long alloc) {
        return serviceAction < 0
                ? new ReportSupportedOperationCodes(rctd, ONE_COMMAND, opcode, 0, alloc, 0)
                : new ReportSupportedOperationCodes(rctd, ONE_COMMAND_WITH_SERVICE_ACTION, opcode, serviceAction,
                        alloc, 0);
    }

    static ReportSupportedOperationCodes parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 12, "REPORT SUPPORTED OPERATION CODES");
        r.reserved(1, 0xE0).reserved(2, 0x78).reserved(10, 0xFF);
        if (r.bits(2, 2, 0) > 3) {
            throw r.invalid("reserved REPORTING OPTIONS " + r.bits(2, 2, 0) + " (SPC-4 §6.35.1)", 2, 2);
        }
        return new ReportSupportedOperationCodes(r.bit(2, 7), r.bits(2, 2, 0), r.u8(3), r.u16(4), r.u32(6),
                r.u8(11));
    }

    @Override
    public Opcode opcode() {
        return Opcode.MAINTENANCE_IN;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[12];
        b[0] = (byte) 0xA3;
        b[1] = 0x0C;
        b[2] = (byte) ((rctd ? 0x80 : 0) | reportingOptions);
        b[3] = (byte) requestedOpcode;
        ScsiBytes.put16(b, 4, requestedServiceAction);
        ScsiBytes.put32(b, 6, allocationLength);
        b[11] = (byte) control;
        return b;
    }

    @Override
    public String name() {
        return "REPORT SUPPORTED OPERATION CODES";
    }

    @Override
    public DataDirection dataDirection() {
        return allocationLength == 0 ? DataDirection.NONE : DataDirection.READ;
    }

    @Override
    public long expectedDataTransferLength(int blockSize) {
        return allocationLength;
    }

    @Override
    public String describe() {
        String what = reportingOptions == ALL_COMMANDS ? "all"
                : String.format("opcode 0x%02X", requestedOpcode)
                        + (reportingOptions == ONE_COMMAND ? "" : String.format(" SA 0x%02X", requestedServiceAction));
        return name() + " " + what + (rctd ? " RCTD" : "") + " alloc " + allocationLength;
    }
}
