package org.iscsilab.protocol.scsi.sense;

import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * A descriptor-format sense data descriptor that {@link SenseData} does not model itself
 * (anything other than information 0x00, command-specific 0x01, sense-key specific 0x02,
 * field replaceable unit 0x03; SPC-4 §4.5.2.1).
 *
 * @param type DESCRIPTOR TYPE
 * @param body the bytes after the 2-byte header (at most 255)
 */
public record SenseDescriptor(int type, ImmutableBytes body) {
    public SenseDescriptor {
        ScsiBytes.checkRange("descriptor type", type, 0xFF);
        ScsiBytes.checkRange("additional length", body.length(), 0xFF);
    }
}
