package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Command timeouts descriptor (SPC-4 §6.35.4), 12 bytes, reported with RCTD.
 *
 * @param commandSpecific COMMAND SPECIFIC byte
 * @param nominalTimeout NOMINAL COMMAND PROCESSING TIMEOUT (s)
 * @param recommendedTimeout RECOMMENDED COMMAND TIMEOUT (s)
 */
public record CommandTimeouts(int commandSpecific, long nominalTimeout, long recommendedTimeout) {
    /** Length on the wire. */
    public static final int LENGTH = 12;

    public CommandTimeouts {
        ScsiBytes.checkRange("command specific", commandSpecific, 0xFF);
        ScsiBytes.checkRange("nominal timeout", nominalTimeout, 0xFFFF_FFFFL);
        ScsiBytes.checkRange("recommended timeout", recommendedTimeout, 0xFFFF_FFFFL);
    }

    void write(byte[] b, int off) {
        ScsiBytes.put16(b, off, 0x0A); // DESCRIPTOR LENGTH
        b[off + 3] = (byte) commandSpecific;
        ScsiBytes.put32(b, off + 4, nominalTimeout);
        ScsiBytes.put32(b, off + 8, recommendedTimeout);
    }

    static CommandTimeouts read(byte[] b, int off) {
        return new CommandTimeouts(ScsiBytes.u8(b, off + 3), ScsiBytes.u32(b, off + 4), ScsiBytes.u32(b, off + 8));
    }
}
