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

    /**
     * One-command data for a command this model parses, with CDB USAGE DATA derived from the
     * parser itself (SPC-4 §6.35.3): byte 0 is the opcode, the SERVICE ACTION field holds the
     * service action, every other bit is 1 when the parser accepts it being set. Bits that are only
     * valid together with another (INQUIRY PAGE CODE with EVPD, WRITE SAME ANCHOR with UNMAP) are
     * found by a second pass with the first pass's bits set.
     *
     * @param example any valid CDB of the command (its opcode, service action and length are used)
     */
    public static OneCommandData forCommand(Cdb example, Optional<CommandTimeouts> timeouts) {
        byte[] ex = example.toBytes();
        boolean sa = example.opcode().hasServiceAction();
        byte[] base = new byte[ex.length];
        base[0] = ex[0];
        if (sa) {
            base[1] = (byte) (ex[1] & 0x1F);
        }
        byte[] usage = new byte[ex.length];
        for (int pass = 0; pass < 2; pass++) {
            byte[] start = base.clone();
            for (int i = 1; i < ex.length; i++) {
                start[i] |= usage[i];
            }
            for (int i = 1; i < ex.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    if (sa && i == 1 && bit < 5) {
                        continue;
                    }
                    byte[] probe = start.clone();
                    probe[i] ^= (byte) (1 << bit);
                    if (accepts(probe)) {
                        usage[i] |= (byte) (1 << bit);
                    }
                }
            }
        }
        usage[0] = ex[0];
        if (sa) {
            usage[1] = (byte) ((usage[1] & 0xE0) | (ex[1] & 0x1F));
        }
        return new OneCommandData(SUPPORTED, ImmutableBytes.of(usage), timeouts);
    }

    private static boolean accepts(byte[] cdb) {
        try {
            return !(Cdb.parse(cdb) instanceof UnknownCdb);
        } catch (InvalidCdbException e) {
            return false;
        } catch (IllegalArgumentException e) {
            return false; // a combination the records refuse (e.g. READ(6) fields) counts as not evaluated
        }
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
