package org.iscsilab.protocol.scsi.mode;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Informational Exceptions Control mode page 0x1C (SPC-4 §7.5.11), PAGE LENGTH 0x0A.
 *
 * @param ps PS
 * @param perf PERF
 * @param ebf EBF
 * @param ewasc EWASC
 * @param dexcpt DEXCPT: informational exceptions disabled
 * @param test TEST
 * @param ebackerr EBACKERR
 * @param logerr LOGERR
 * @param mrie MRIE, 0..15
 * @param intervalTimer INTERVAL TIMER
 * @param reportCount REPORT COUNT
 */
public record InformationalExceptionsControlPage(boolean ps, boolean perf, boolean ebf, boolean ewasc,
        boolean dexcpt, boolean test, boolean ebackerr, boolean logerr, int mrie, long intervalTimer,
        long reportCount) implements ModePage {

    /** PAGE LENGTH. */
    public static final int PAGE_LENGTH = 0x0A;

    public InformationalExceptionsControlPage {
        ScsiBytes.checkRange("MRIE", mrie, 0xF);
        ScsiBytes.checkRange("interval timer", intervalTimer, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("report count", reportCount, 0xFFFF_FFFFL);
    }

    @Override
    public int pageCode() {
        return INFORMATIONAL_EXCEPTIONS_CONTROL;
    }

    @Override
    public byte[] body() {
        byte[] b = new byte[PAGE_LENGTH]; // body offset = page offset - 2
        b[0] = (byte) ((perf ? 0x80 : 0) | (ebf ? 0x20 : 0) | (ewasc ? 0x10 : 0) | (dexcpt ? 0x08 : 0)
                | (test ? 0x04 : 0) | (ebackerr ? 0x02 : 0) | (logerr ? 0x01 : 0));
        b[1] = (byte) mrie;
        ScsiBytes.put32(b, 2, intervalTimer);
        ScsiBytes.put32(b, 6, reportCount);
        return b;
    }

    static InformationalExceptionsControlPage parseBody(boolean ps, byte[] b) {
        return new InformationalExceptionsControlPage(ps, ScsiBytes.bit(b, 0, 7), ScsiBytes.bit(b, 0, 5),
                ScsiBytes.bit(b, 0, 4), ScsiBytes.bit(b, 0, 3), ScsiBytes.bit(b, 0, 2), ScsiBytes.bit(b, 0, 1),
                ScsiBytes.bit(b, 0, 0), ScsiBytes.bits(b, 1, 3, 0), ScsiBytes.u32(b, 2), ScsiBytes.u32(b, 6));
    }
}
