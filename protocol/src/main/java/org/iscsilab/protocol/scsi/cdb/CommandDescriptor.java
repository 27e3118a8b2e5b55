package org.iscsilab.protocol.scsi.cdb;

import java.util.Optional;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * One command descriptor of REPORT SUPPORTED OPERATION CODES, all-commands format (SPC-4 §6.35.2).
 *
 * @param opcode OPERATION CODE
 * @param serviceAction SERVICE ACTION (meaningful with {@code servactv})
 * @param servactv SERVACTV: the command has a service action
 * @param cdbLength CDB LENGTH
 * @param timeouts the command timeouts descriptor (CTDP=1), present when RCTD was asked
 */
public record CommandDescriptor(int opcode, int serviceAction, boolean servactv, int cdbLength,
        Optional<CommandTimeouts> timeouts) {
    public CommandDescriptor {
        ScsiBytes.checkRange("opcode", opcode, 0xFF);
        ScsiBytes.checkRange("service action", serviceAction, 0xFFFF);
        ScsiBytes.checkRange("CDB length", cdbLength, 0xFFFF);
    }

    /** A descriptor for a modelled command, e.g. from {@code Read.of10(0, 1)}. */
    public static CommandDescriptor of(Cdb example, Optional<CommandTimeouts> timeouts) {
        Opcode op = example.opcode();
        byte[] b = example.toBytes();
        boolean sa = op.hasServiceAction();
        return new CommandDescriptor(op.code(), sa ? b[1] & 0x1F : 0, sa, b.length, timeouts);
    }

    /** 8 bytes, plus 12 with timeouts. */
    public int length() {
        return 8 + (timeouts.isPresent() ? CommandTimeouts.LENGTH : 0);
    }

    /** The command's name. */
    public String name() {
        return servactv ? new ServiceAction(Opcode.of(opcode), serviceAction & 0x1F).name() : Opcode.of(opcode).name();
    }
}
