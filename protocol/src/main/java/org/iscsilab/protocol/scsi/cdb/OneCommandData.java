package org.iscsilab.protocol.scsi.cdb;

import java.util.Optional;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * REPORT SUPPORTED OPERATION CODES parameter data, one-command format (SPC-4 §6.35.3).
 *
 * @param support SUPPORT, 0..7 (1 not supported, 3 supported per standard, 5 vendor specific)
 * @param cdbUsageData CDB USAGE DATA: the opcode byte, then a mask of the bits the device server
 *     evaluates in each following CDB byte
 * @param timeouts the command timeouts descriptor (CTDP=1)
 */
public record OneCommandData(int support, ImmutableBytes cdbUsageData, Optional<CommandTimeouts> timeouts) {
    public static final int SUPPORT_NOT_AVAILABLE = 0;
    public static final int NOT_SUPPORTED = 1;
    public static final int SUPPORTED = 3;
    public static final int SUPPORTED_VENDOR_SPECIFIC = 5;

    public OneCommandData {
        ScsiBytes.checkRange("support", support, 7);
        ScsiBytes.checkRange("CDB size", cdbUsageData.length(), 0xFFFF);
    }

    /**
     * A supported command: CDB USAGE DATA is {@code opcode} followed by {@code maskAfterOpcode}, one
     * byte per further CDB byte with a 1 for every bit the device server evaluates (SPC-4 §6.35.3).
     */
    public static OneCommandData supported(int opcode, byte[] maskAfterOpcode, Optional<CommandTimeouts> timeouts) {
        byte[] usage = new byte[1 + maskAfterOpcode.length];
        usage[0] = (byte) opcode;
        System.arraycopy(maskAfterOpcode, 0, usage, 1, maskAfterOpcode.length);
        return new OneCommandData(SUPPORTED, ImmutableBytes.of(usage), timeouts);
    }

    /** The data bytes. */
    public byte[] toBytes() {
        int n = cdbUsageData.length();
        byte[] b = new byte[4 + n + (timeouts.isPresent() ? CommandTimeouts.LENGTH : 0)];
        b[1] = (byte) ((timeouts.isPresent() ? 0x80 : 0) | support);
        ScsiBytes.put16(b, 2, n);
        cdbUsageData.copyTo(b, 4);
        if (timeouts.isPresent()) {
            timeouts.get().write(b, 4 + n);
        }
        return b;
    }

    /** Parses the data; fails when the CDB SIZE or the timeouts descriptor overruns it. */
    public static OneCommandData parse(byte[] b) {
        if (b.length < 4) {
            throw new ScsiFormatException("one-command data shorter than 4 bytes", FieldPointer.parameter(0),
                    AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        boolean ctdp = ScsiBytes.bit(b, 1, 7);
        int n = ScsiBytes.u16(b, 2);
        if (4 + n + (ctdp ? CommandTimeouts.LENGTH : 0) > b.length) {
            throw new ScsiFormatException("CDB SIZE " + n + " overruns the one-command data",
                    FieldPointer.parameter(2), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        return new OneCommandData(ScsiBytes.bits(b, 1, 2, 0), ImmutableBytes.of(b, 4, n),
                ctdp ? Optional.of(CommandTimeouts.read(b, 4 + n)) : Optional.empty());
    }
}
