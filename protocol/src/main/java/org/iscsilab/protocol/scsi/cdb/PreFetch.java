package org.iscsilab.protocol.scsi.cdb;

import java.util.Optional;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.LbaRange;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * PRE-FETCH (10), (16) (SBC-3 §5.5, §5.6). No data transfer.
 *
 * @param cdbLength 10 or 16
 * @param immed IMMED: return status before the operation completes
 * @param lba first logical block
 * @param prefetchLength PREFETCH LENGTH; 0 means from {@code lba} to the end of the medium
 * @param groupNumber GROUP NUMBER
 * @param control CONTROL byte
 */
public record PreFetch(int cdbLength, boolean immed, long lba, long prefetchLength, int groupNumber, int control)
        implements Cdb {

    public PreFetch {
        BlockCdbs.checkLength(cdbLength, 10, 16);
        ScsiBytes.checkRange("group number", groupNumber, 31);
        ScsiBytes.checkRange("control", control, 0xFF);
        BlockCdbs.checkLbaAndLength(cdbLength, lba, prefetchLength);
    }

    /** The whole medium (LBA 0, length 0). */
    public static PreFetch wholeMedium(int cdbLength, boolean immed) {
        return new PreFetch(cdbLength, immed, 0, 0, 0, 0);
    }

    /** True for LBA 0 and length 0: the whole medium (SBC-3: a zero length runs to the last LBA). */
    public boolean coversWholeMedium() {
        return lba == 0 && prefetchLength == 0;
    }

    static PreFetch parse(byte[] cdb) {
        int len = BlockCdbs.lengthOf(cdb[0]);
        CdbReader r = new CdbReader(cdb, len, Opcode.of(cdb[0]).name());
        r.reserved(1, 0xF8 | 0x05);
        BlockCdbs.Fields f = BlockCdbs.read(r, len);
        return new PreFetch(len, r.bit(1, 1), f.lba(), f.length(), f.group(), f.control());
    }

    @Override
    public Opcode opcode() {
        return cdbLength == 10 ? Opcode.PRE_FETCH_10 : Opcode.PRE_FETCH_16;
    }

    @Override
    public byte[] toBytes() {
        int byte1 = (immed ? 0x02 : 0);
        return BlockCdbs.write(opcode().code(), cdbLength, byte1, lba, prefetchLength, groupNumber, control);
    }

    @Override
    public String name() {
        return opcode().name();
    }

    @Override
    public DataDirection dataDirection() {
        return DataDirection.NONE;
    }

    @Override
    public long expectedDataTransferLength(int blockSize) {
        return 0;
    }

    @Override
    public Optional<LbaRange> lbaRange() {
        return Optional.of(new LbaRange(lba, prefetchLength));
    }

    @Override
    public String describe() {
        return name() + " " + new LbaRange(lba, prefetchLength) + (coversWholeMedium() ? " (whole medium)" : "")
                + (immed ? " IMMED" : "");
    }
}
