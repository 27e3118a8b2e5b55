package org.iscsilab.protocol.scsi.block;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * GET LBA STATUS parameter data (SBC-3 §5.4.2): PARAMETER DATA LENGTH, 4 reserved bytes, descriptors.
 *
 * @param descriptors the LBA status descriptors
 */
public record LbaStatusData(List<LbaStatusDescriptor> descriptors) {
    public LbaStatusData {
        descriptors = List.copyOf(descriptors);
    }

    /** The data bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[8 + 16 * descriptors.size()];
        ScsiBytes.put32(b, 0, b.length - 4); // PARAMETER DATA LENGTH excludes itself
        for (int i = 0; i < descriptors.size(); i++) {
            LbaStatusDescriptor d = descriptors.get(i);
            ScsiBytes.put64(b, 8 + 16 * i, d.lba());
            ScsiBytes.put32(b, 16 + 16 * i, d.numberOfBlocks());
            b[20 + 16 * i] = (byte) d.provisioningStatus();
        }
        return b;
    }

    /** Parses the data; descriptors cut by the allocation length are left out. */
    public static LbaStatusData parse(byte[] b) {
        if (b.length < 8) {
            throw new ScsiFormatException("GET LBA STATUS data shorter than its 8-byte header",
                    FieldPointer.parameter(0), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        long end = Math.min(b.length, 4 + ScsiBytes.u32(b, 0));
        List<LbaStatusDescriptor> list = new ArrayList<>();
        for (int off = 8; off + 16 <= end; off += 16) {
            list.add(new LbaStatusDescriptor(ScsiBytes.u64(b, off), ScsiBytes.u32(b, off + 8),
                    ScsiBytes.bits(b, off + 12, 3, 0)));
        }
        return new LbaStatusData(list);
    }
}
