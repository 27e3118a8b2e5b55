package org.iscsilab.protocol.scsi;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * REPORT LUNS parameter data (SPC-4 §6.33): LUN LIST LENGTH, 4 reserved bytes, 8-byte LUNs.
 *
 * @param luns the LUN inventory
 */
public record ReportLunsData(List<Lun> luns) {
    public ReportLunsData {
        luns = List.copyOf(luns);
    }

    /** The data bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[8 + 8 * luns.size()];
        ScsiBytes.put32(b, 0, 8L * luns.size());
        for (int i = 0; i < luns.size(); i++) {
            ScsiBytes.put64(b, 8 + 8 * i, luns.get(i).toLong());
        }
        return b;
    }

    /**
     * Parses the data. The LUN LIST LENGTH may exceed what arrived (allocation length); only whole
     * LUNs that arrived are returned. Use {@link #listedCount(byte[])} for the full inventory size.
     */
    public static ReportLunsData parse(byte[] b) {
        if (b.length < 8) {
            throw new ScsiFormatException("REPORT LUNS data shorter than its 8-byte header",
                    FieldPointer.parameter(0), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        long end = Math.min(b.length, 8 + ScsiBytes.u32(b, 0));
        List<Lun> luns = new ArrayList<>();
        for (int off = 8; off + 8 <= end; off += 8) {
            luns.add(Lun.fromBytes(b, off));
        }
        return new ReportLunsData(luns);
    }

    /** The number of LUNs the LUN LIST LENGTH announces. */
    public static long listedCount(byte[] b) {
        return b.length < 4 ? 0 : ScsiBytes.u32(b, 0) / 8;
    }
}
