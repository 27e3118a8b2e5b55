package org.iscsilab.protocol.scsi.mode;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Control mode page 0x0A (SPC-4 §7.5.8), PAGE LENGTH 0x0A.
 *
 * @param ps PS
 * @param tst TST, 0..7
 * @param tmfOnly TMF_ONLY
 * @param dpicz DPICZ
 * @param dSense D_SENSE: return descriptor-format sense data
 * @param gltsd GLTSD
 * @param rlec RLEC
 * @param queueAlgorithmModifier QUEUE ALGORITHM MODIFIER, 0..15
 * @param nuar NUAR
 * @param qerr QERR, 0..3
 * @param vs VS (byte 4 bit 7)
 * @param rac RAC
 * @param uaIntlckCtrl UA_INTLCK_CTRL, 0..3
 * @param swp SWP: software write protect
 * @param ato ATO
 * @param tas TAS: report TASK ABORTED status
 * @param atmpe ATMPE
 * @param rwwp RWWP
 * @param autoloadMode AUTOLOAD MODE, 0..7
 * @param busyTimeoutPeriod BUSY TIMEOUT PERIOD (100 ms units)
 * @param extendedSelfTestCompletionTime EXTENDED SELF-TEST COMPLETION TIME (s)
 */
public record ControlPage(boolean ps, int tst, boolean tmfOnly, boolean dpicz, boolean dSense, boolean gltsd,
        boolean rlec, int queueAlgorithmModifier, boolean nuar, int qerr, boolean vs, boolean rac, int uaIntlckCtrl,
        boolean swp, boolean ato, boolean tas, boolean atmpe, boolean rwwp, int autoloadMode, int busyTimeoutPeriod,
        int extendedSelfTestCompletionTime) implements ModePage {

    /** PAGE LENGTH. */
    public static final int PAGE_LENGTH = 0x0A;

    public ControlPage {
        ScsiBytes.checkRange("TST", tst, 7);
        ScsiBytes.checkRange("queue algorithm modifier", queueAlgorithmModifier, 0xF);
        ScsiBytes.checkRange("QERR", qerr, 3);
        ScsiBytes.checkRange("UA_INTLCK_CTRL", uaIntlckCtrl, 3);
        ScsiBytes.checkRange("autoload mode", autoloadMode, 7);
        ScsiBytes.checkRange("busy timeout period", busyTimeoutPeriod, 0xFFFF);
        ScsiBytes.checkRange("extended self-test completion time", extendedSelfTestCompletionTime, 0xFFFF);
    }

    @Override
    public int pageCode() {
        return CONTROL;
    }

    @Override
    public byte[] body() {
        byte[] b = new byte[PAGE_LENGTH]; // body offset = page offset - 2
        b[0] = (byte) ((tst << 5) | (tmfOnly ? 0x10 : 0) | (dpicz ? 0x08 : 0) | (dSense ? 0x04 : 0)
                | (gltsd ? 0x02 : 0) | (rlec ? 0x01 : 0));
        b[1] = (byte) ((queueAlgorithmModifier << 4) | (nuar ? 0x08 : 0) | (qerr << 1));
        b[2] = (byte) ((vs ? 0x80 : 0) | (rac ? 0x40 : 0) | (uaIntlckCtrl << 4) | (swp ? 0x08 : 0));
        b[3] = (byte) ((ato ? 0x80 : 0) | (tas ? 0x40 : 0) | (atmpe ? 0x20 : 0) | (rwwp ? 0x10 : 0) | autoloadMode);
        ScsiBytes.put16(b, 6, busyTimeoutPeriod);
        ScsiBytes.put16(b, 8, extendedSelfTestCompletionTime);
        return b;
    }

    static ControlPage parseBody(boolean ps, byte[] b) {
        return new ControlPage(ps, ScsiBytes.bits(b, 0, 7, 5), ScsiBytes.bit(b, 0, 4), ScsiBytes.bit(b, 0, 3),
                ScsiBytes.bit(b, 0, 2), ScsiBytes.bit(b, 0, 1), ScsiBytes.bit(b, 0, 0), ScsiBytes.bits(b, 1, 7, 4),
                ScsiBytes.bit(b, 1, 3), ScsiBytes.bits(b, 1, 2, 1), ScsiBytes.bit(b, 2, 7), ScsiBytes.bit(b, 2, 6),
                ScsiBytes.bits(b, 2, 5, 4), ScsiBytes.bit(b, 2, 3), ScsiBytes.bit(b, 3, 7), ScsiBytes.bit(b, 3, 6),
                ScsiBytes.bit(b, 3, 5), ScsiBytes.bit(b, 3, 4), ScsiBytes.bits(b, 3, 2, 0), ScsiBytes.u16(b, 6),
                ScsiBytes.u16(b, 8));
    }
}
