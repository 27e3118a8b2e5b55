package org.iscsilab.protocol.scsi.cdb;

import java.util.Optional;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.LbaRange;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * WRITE SAME (10), (16) (SBC-3 §5.41, §5.42).
 *
 * @param cdbLength 10 or 16
 * @param wrprotect WRPROTECT
 * @param anchor ANCHOR (requires UNMAP; SBC-3 §5.42)
 * @param unmap UNMAP: deallocate/anchor the blocks if possible
 * @param ndob NDOB, no Data-Out buffer (16-byte form only; SBC-3 r35+)
 * @param lba first logical block
 * @param numberOfBlocks NUMBER OF LOGICAL BLOCKS (0: to the end of the medium, if the device allows)
 * @param groupNumber GROUP NUMBER
 * @param control CONTROL byte
 */
public record WriteSame(int cdbLength, int wrprotect, boolean anchor, boolean unmap, boolean ndob, long lba,
        long numberOfBlocks, int groupNumber, int control) implements Cdb {

    public WriteSame {
        BlockCdbs.checkLength(cdbLength, 10, 16);
        ScsiBytes.checkRange("WRPROTECT", wrprotect, 7);
        ScsiBytes.checkRange("group number", groupNumber, 31);
        ScsiBytes.checkRange("control", control, 0xFF);
        BlockCdbs.checkLbaAndLength(cdbLength, lba, numberOfBlocks);
        if (ndob && cdbLength != 16) {
            throw new IllegalArgumentException("NDOB exists only in WRITE SAME(16)");
        }
        if (anchor && !unmap) {
            throw new IllegalArgumentException("ANCHOR requires UNMAP (SBC-3 §5.42)");
        }
    }

    /** WRITE SAME(16) with the UNMAP bit, the form Linux uses for discard. */
    public static WriteSame unmap16(long lba, long blocks) {
        return new WriteSame(16, 0, false, true, false, lba, blocks, 0, 0);
    }

    static WriteSame parse(byte[] cdb) {
        int len = BlockCdbs.lengthOf(cdb[0]);
        CdbReader r = new CdbReader(cdb, len, Opcode.of(cdb[0]).name());
        // bits 2-1 obsolete (PBDATA/LBDATA), bit 0 reserved in (10), NDOB in (16)
        r.reserved(1, len == 16 ? 0x06 : 0x07);
        BlockCdbs.Fields f = BlockCdbs.read(r, len);
        if (r.bit(1, 4) && !r.bit(1, 3)) {
            throw r.invalid("ANCHOR without UNMAP (SBC-3 §5.42)", 1, 4);
        }
        return new WriteSame(len, r.bits(1, 7, 5), r.bit(1, 4), r.bit(1, 3), len == 16 && r.bit(1, 0), f.lba(),
                f.length(), f.group(), f.control());
    }

    @Override
    public Opcode opcode() {
        return cdbLength == 10 ? Opcode.WRITE_SAME_10 : Opcode.WRITE_SAME_16;
    }

    @Override
    public byte[] toBytes() {
        int byte1 = (wrprotect << 5) | (anchor ? 0x10 : 0) | (unmap ? 0x08 : 0) | (ndob ? 0x01 : 0);
        return BlockCdbs.write(opcode().code(), cdbLength, byte1, lba, numberOfBlocks, groupNumber, control);
    }

    @Override
    public String name() {
        return opcode().name();
    }

    @Override
    public DataDirection dataDirection() {
        return ndob ? DataDirection.NONE : DataDirection.WRITE;
    }

    /** One logical block of Data-Out, none with NDOB. */
    @Override
    public long expectedDataTransferLength(int blockSize) {
        return ndob ? 0 : blockSize;
    }

    @Override
    public Optional<LbaRange> lbaRange() {
        return Optional.of(new LbaRange(lba, numberOfBlocks));
    }

    @Override
    public String describe() {
        return name() + " " + new LbaRange(lba, numberOfBlocks) + (unmap ? " UNMAP" : "") + (anchor ? " ANCHOR" : "")
                + (ndob ? " NDOB" : "") + BlockCdbs.suffix(false, false, wrprotect, "WRPROTECT");
    }
}
