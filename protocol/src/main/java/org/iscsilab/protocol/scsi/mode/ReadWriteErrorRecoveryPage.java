package org.iscsilab.protocol.scsi.mode;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Read-Write Error Recovery mode page 0x01 (SBC-3 §6.4.6), PAGE LENGTH 0x0A.
 *
 * @param ps PS
 * @param awre AWRE: automatic write reallocation
 * @param arre ARRE: automatic read reallocation
 * @param tb TB: transfer block
 * @param rc RC: read continuous
 * @param eer EER: enable early recovery
 * @param per PER: post error
 * @param dte DTE: data terminate on error
 * @param dcr DCR: disable correction
 * @param readRetryCount READ RETRY COUNT
 * @param lbpere LBPERE (byte 7 bit 7)
 * @param writeRetryCount WRITE RETRY COUNT
 * @param recoveryTimeLimit RECOVERY TIME LIMIT (ms)
 */
public record ReadWriteErrorRecoveryPage(boolean ps, boolean awre, boolean arre, boolean tb, boolean rc, boolean eer,
        boolean per, boolean dte, boolean dcr, int readRetryCount, boolean lbpere, int writeRetryCount,
        int recoveryTimeLimit) implements ModePage {

    /** PAGE LENGTH. */
    public static final int PAGE_LENGTH = 0x0A;

    public ReadWriteErrorRecoveryPage {
        ScsiBytes.checkRange("read retry count", readRetryCount, 0xFF);
        ScsiBytes.checkRange("write retry count", writeRetryCount, 0xFF);
        ScsiBytes.checkRange("recovery time limit", recoveryTimeLimit, 0xFFFF);
    }

    @Override
    public int pageCode() {
        return READ_WRITE_ERROR_RECOVERY;
    }

    @Override
    public byte[] body() {
        byte[] b = new byte[PAGE_LENGTH]; // body offset = page offset - 2
        b[0] = (byte) ((awre ? 0x80 : 0) | (arre ? 0x40 : 0) | (tb ? 0x20 : 0) | (rc ? 0x10 : 0) | (eer ? 0x08 : 0)
                | (per ? 0x04 : 0) | (dte ? 0x02 : 0) | (dcr ? 0x01 : 0));
        b[1] = (byte) readRetryCount;
        b[5] = (byte) (lbpere ? 0x80 : 0);
        b[6] = (byte) writeRetryCount;
        ScsiBytes.put16(b, 8, recoveryTimeLimit);
        return b;
    }

    static ReadWriteErrorRecoveryPage parseBody(boolean ps, byte[] b) {
        return new ReadWriteErrorRecoveryPage(ps, ScsiBytes.bit(b, 0, 7), ScsiBytes.bit(b, 0, 6),
                ScsiBytes.bit(b, 0, 5), ScsiBytes.bit(b, 0, 4), ScsiBytes.bit(b, 0, 3), ScsiBytes.bit(b, 0, 2),
                ScsiBytes.bit(b, 0, 1), ScsiBytes.bit(b, 0, 0), ScsiBytes.u8(b, 1), ScsiBytes.bit(b, 5, 7),
                ScsiBytes.u8(b, 6), ScsiBytes.u16(b, 8));
    }
}
