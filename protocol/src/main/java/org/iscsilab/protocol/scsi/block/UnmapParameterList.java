package org.iscsilab.protocol.scsi.block;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * UNMAP parameter list (SBC-3 §5.28.2): an 8-byte header (UNMAP DATA LENGTH, UNMAP BLOCK
 * DESCRIPTOR DATA LENGTH) and 16-byte block descriptors.
 *
 * @param descriptors the block descriptors
 */
public record UnmapParameterList(List<UnmapBlockDescriptor> descriptors) {
    public UnmapParameterList {
        descriptors = List.copyOf(descriptors);
        ScsiBytes.checkRange("descriptor bytes", descriptors.size() * 16, 0xFFF0);
    }

    /** The list's bytes, its length the PARAMETER LIST LENGTH of the UNMAP CDB. */
    public byte[] toBytes() {
        byte[] b = new byte[8 + 16 * descriptors.size()];
        ScsiBytes.put16(b, 0, b.length - 2); // UNMAP DATA LENGTH excludes itself
        ScsiBytes.put16(b, 2, 16 * descriptors.size());
        for (int i = 0; i < descriptors.size(); i++) {
            ScsiBytes.put64(b, 8 + 16 * i, descriptors.get(i).lba());
            ScsiBytes.put32(b, 16 + 16 * i, descriptors.get(i).numberOfBlocks());
        }
        return b;
    }

    /**
     * Parses an UNMAP parameter list as the device server must (SBC-3 §5.28.1): a list shorter than
     * 8 bytes with a non-zero length, or lengths that disagree with the data, are a PARAMETER LIST
     * LENGTH ERROR or INVALID FIELD IN PARAMETER LIST with the offending offset. An empty list
     * (PARAMETER LIST LENGTH 0) is valid and unmaps nothing. A descriptor data length that is not a
     * multiple of 16 ignores the partial descriptor, as SBC-3 allows.
     */
    public static UnmapParameterList parse(byte[] b) {
        if (b.length == 0) {
            return new UnmapParameterList(List.of());
        }
        if (b.length < 8) {
            throw InvalidParameterListException.lengthError("UNMAP parameter list shorter than its 8-byte header", 0);
        }
        int dataLength = ScsiBytes.u16(b, 0);
        int descLength = ScsiBytes.u16(b, 2);
        if (dataLength + 2 > b.length) {
            throw InvalidParameterListException.lengthError("UNMAP DATA LENGTH " + dataLength
                    + " exceeds the parameter list", 0);
        }
        if (descLength + 8 > dataLength + 2) {
            throw new InvalidParameterListException("UNMAP BLOCK DESCRIPTOR DATA LENGTH " + descLength
                    + " exceeds UNMAP DATA LENGTH", 2);
        }
        List<UnmapBlockDescriptor> list = new ArrayList<>();
        for (int off = 8; off + 16 <= 8 + descLength; off += 16) {
            list.add(new UnmapBlockDescriptor(ScsiBytes.u64(b, off), ScsiBytes.u32(b, off + 8)));
        }
        return new UnmapParameterList(list);
    }
}
