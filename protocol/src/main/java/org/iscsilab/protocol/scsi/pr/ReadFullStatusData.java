package org.iscsilab.protocol.scsi.pr;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * PERSISTENT RESERVE IN / READ FULL STATUS parameter data (SPC-4 §6.15.5).
 *
 * @param prGeneration PRGENERATION
 * @param descriptors one per registered I_T nexus
 */
public record ReadFullStatusData(long prGeneration, List<FullStatusDescriptor> descriptors) {
    public ReadFullStatusData {
        ScsiBytes.checkRange("PRGENERATION", prGeneration, 0xFFFF_FFFFL);
        descriptors = List.copyOf(descriptors);
    }

    /** The data bytes. */
    public byte[] toBytes() {
        int len = descriptors.stream().mapToInt(FullStatusDescriptor::length).sum();
        byte[] b = new byte[8 + len];
        ScsiBytes.put32(b, 0, prGeneration);
        ScsiBytes.put32(b, 4, len);
        int off = 8;
        for (FullStatusDescriptor d : descriptors) {
            ScsiBytes.put64(b, off, d.reservationKey());
            b[off + 12] = (byte) ((d.allTgPt() ? 0x02 : 0) | (d.reservationHolder() ? 0x01 : 0));
            b[off + 13] = (byte) ((d.scope() << 4) | d.type().code());
            ScsiBytes.put16(b, off + 18, d.relativeTargetPortId());
            ScsiBytes.put32(b, off + 20, d.transportId().length());
            d.transportId().write(b, off + 24);
            off += d.length();
        }
        return b;
    }

    /**
     * Parses the data; a descriptor cut by the allocation length is left out.
     *
     * @throws org.iscsilab.protocol.scsi.InvalidParameterListException for a malformed TransportID
     */
    public static ReadFullStatusData parse(byte[] b) {
        PrInHeader.need(b, 8);
        long end = Math.min(b.length, 8 + ScsiBytes.u32(b, 4));
        List<FullStatusDescriptor> list = new ArrayList<>();
        int off = 8;
        while (off + 24 <= end) {
            long tidLen = ScsiBytes.u32(b, off + 20);
            if (off + 24 + tidLen > end || tidLen == 0) {
                break;
            }
            TransportId t = TransportId.read(b, off + 24, (int) (off + 24 + tidLen));
            list.add(new FullStatusDescriptor(ScsiBytes.u64(b, off), ScsiBytes.bit(b, off + 12, 1),
                    ScsiBytes.bit(b, off + 12, 0), ScsiBytes.bits(b, off + 13, 7, 4),
                    new ReservationType(ScsiBytes.bits(b, off + 13, 3, 0)), ScsiBytes.u16(b, off + 18), t));
            off += 24 + (int) tidLen;
        }
        return new ReadFullStatusData(ScsiBytes.u32(b, 0), list);
    }
}
