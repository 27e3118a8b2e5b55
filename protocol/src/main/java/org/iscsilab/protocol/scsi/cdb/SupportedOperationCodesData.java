package org.iscsilab.protocol.scsi.cdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * REPORT SUPPORTED OPERATION CODES parameter data, all-commands format (SPC-4 §6.35.2):
 * COMMAND DATA LENGTH then command descriptors.
 *
 * @param commands the command descriptors
 */
public record SupportedOperationCodesData(List<CommandDescriptor> commands) {
    public SupportedOperationCodesData {
        commands = List.copyOf(commands);
    }

    /** The data bytes. */
    public byte[] toBytes() {
        int len = commands.stream().mapToInt(CommandDescriptor::length).sum();
        byte[] b = new byte[4 + len];
        ScsiBytes.put32(b, 0, len);
        int off = 4;
        for (CommandDescriptor c : commands) {
            b[off] = (byte) c.opcode();
            ScsiBytes.put16(b, off + 2, c.serviceAction());
            b[off + 5] = (byte) ((c.timeouts().isPresent() ? 0x02 : 0) | (c.servactv() ? 0x01 : 0));
            ScsiBytes.put16(b, off + 6, c.cdbLength());
            if (c.timeouts().isPresent()) {
                c.timeouts().get().write(b, off + 8);
            }
            off += c.length();
        }
        return b;
    }

    /** Parses the data; a descriptor cut by the allocation length is left out. */
    public static SupportedOperationCodesData parse(byte[] b) {
        if (b.length < 4) {
            throw new ScsiFormatException("supported operation codes data shorter than 4 bytes",
                    FieldPointer.parameter(0), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        long end = Math.min(b.length, 4 + ScsiBytes.u32(b, 0));
        List<CommandDescriptor> list = new ArrayList<>();
        int off = 4;
        while (off + 8 <= end) {
            boolean ctdp = ScsiBytes.bit(b, off + 5, 1);
            int len = 8 + (ctdp ? CommandTimeouts.LENGTH : 0);
            if (off + len > end) {
                break;
            }
            list.add(new CommandDescriptor(ScsiBytes.u8(b, off), ScsiBytes.u16(b, off + 2),
                    ScsiBytes.bit(b, off + 5, 0), ScsiBytes.u16(b, off + 6),
                    ctdp ? Optional.of(CommandTimeouts.read(b, off + 8)) : Optional.empty()));
            off += len;
        }
        return new SupportedOperationCodesData(list);
    }
}
