package org.iscsilab.protocol.scsi.pr;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * PERSISTENT RESERVE IN / REPORT CAPABILITIES parameter data (SPC-4 §6.15.4), 8 bytes.
 *
 * @param rlrC RLR_C
 * @param crh CRH: compatible reservation handling (RESERVE(6)/RELEASE(6) interplay)
 * @param sipC SIP_C: SPEC_I_PT supported
 * @param atpC ATP_C: ALL_TG_PT supported
 * @param ptplC PTPL_C: persist through power loss supported
 * @param tmv TMV: the type mask is valid
 * @param allowCommands ALLOW COMMANDS, 0..7
 * @param ptplA PTPL_A: persist through power loss activated
 * @param typeMask PERSISTENT RESERVATION TYPE MASK (see {@link ReservationType#capabilityMaskBit()})
 */
public record ReportCapabilitiesData(boolean rlrC, boolean crh, boolean sipC, boolean atpC, boolean ptplC,
        boolean tmv, int allowCommands, boolean ptplA, int typeMask) {

    public ReportCapabilitiesData {
        ScsiBytes.checkRange("allow commands", allowCommands, 7);
        ScsiBytes.checkRange("type mask", typeMask, 0xFFFF);
    }

    /** A type mask with every SPC-4 reservation type. */
    public static int allTypesMask() {
        int m = 0;
        for (int t : new int[] {1, 3, 5, 6, 7, 8}) {
            m |= new ReservationType(t).capabilityMaskBit();
        }
        return m;
    }

    /** True when the mask says {@code type} is supported. */
    public boolean supports(ReservationType type) {
        return tmv && (typeMask & type.capabilityMaskBit()) != 0;
    }

    /** The 8 bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[8];
        ScsiBytes.put16(b, 0, 8); // LENGTH
        b[2] = (byte) ((rlrC ? 0x80 : 0) | (crh ? 0x10 : 0) | (sipC ? 0x08 : 0) | (atpC ? 0x04 : 0)
                | (ptplC ? 0x01 : 0));
        b[3] = (byte) ((tmv ? 0x80 : 0) | (allowCommands << 4) | (ptplA ? 0x01 : 0));
        ScsiBytes.put16(b, 4, typeMask);
        return b;
    }

    /** Parses the data; missing bytes read as zero down to 4 bytes. */
    public static ReportCapabilitiesData parse(byte[] b) {
        PrInHeader.need(b, 4);
        byte[] p = java.util.Arrays.copyOf(b, 8);
        return new ReportCapabilitiesData(ScsiBytes.bit(p, 2, 7), ScsiBytes.bit(p, 2, 4), ScsiBytes.bit(p, 2, 3),
                ScsiBytes.bit(p, 2, 2), ScsiBytes.bit(p, 2, 0), ScsiBytes.bit(p, 3, 7), ScsiBytes.bits(p, 3, 6, 4),
                ScsiBytes.bit(p, 3, 0), ScsiBytes.u16(p, 4));
    }
}
