package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * REPORT LUNS (SPC-4 §6.33).
 *
 * @param selectReport SELECT REPORT (0 all logical units, 1 well known, 2 all, ...)
 * @param allocationLength ALLOCATION LENGTH (32 bits)
 * @param control CONTROL byte
 */
public record ReportLuns(int selectReport, long allocationLength, int control) implements Cdb {
    public ReportLuns {
        ScsiBytes.checkRange("select report", selectReport, 0xFF);
        ScsiBytes.checkRange("allocation length", allocationLength, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    /** SELECT REPORT 0 with the given allocation length. */
    public static ReportLuns of(long allocationLength) {
        return new ReportLuns(0, allocationLength, 0);
    }

    static ReportLuns parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 12, "REPORT LUNS");
        r.reserved(1, 0xFF).reservedBytes(3, 5).reserved(10, 0xFF);
        return new ReportLuns(r.u8(2), r.u32(6), r.u8(11));
    }

    @Override
    public Opcode opcode() {
        return Opcode.REPORT_LUNS;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[12];
        b[0] = (byte) 0xA0;
        b[2] = (byte) selectReport;
        ScsiBytes.put32(b, 6, allocationLength);
        b[11] = (byte) control;
        return b;
    }

    @Override
    public String name() {
        return "REPORT LUNS";
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
        return "REPORT LUNS select " + selectReport + " alloc " + allocationLength;
    }
}
