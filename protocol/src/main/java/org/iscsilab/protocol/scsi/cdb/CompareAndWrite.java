package org.iscsilab.protocol.scsi.cdb;

import java.util.Optional;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.LbaRange;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * COMPARE AND WRITE (SBC-3 §5.2). The Data-Out buffer holds the verify data then the write data:
 * twice NUMBER OF LOGICAL BLOCKS.
 *
 * @param wrprotect WRPROTECT
 * @param dpo disable page out
 * @param fua force unit access
 * @param fuaNv FUA_NV
 * @param lba first logical block
 * @param numberOfBlocks NUMBER OF LOGICAL BLOCKS (byte 13), 0..255
 * @param groupNumber GROUP NUMBER
 * @param control CONTROL byte
 */
public record CompareAndWrite(int wrprotect, boolean dpo, boolean fua, boolean fuaNv, long lba, int numberOfBlocks,
        int groupNumber, int control) implements Cdb {

    public CompareAndWrite {
        ScsiBytes.checkRange("WRPROTECT", wrprotect, 7);
        ScsiBytes.checkRange("number of logical blocks", numberOfBlocks, 0xFF);
        ScsiBytes.checkRange("group number", groupNumber, 31);
        ScsiBytes.checkRange("control", control, 0xFF);
    }

    /** A plain COMPARE AND WRITE. */
    public static CompareAndWrite of(long lba, int blocks) {
        return new CompareAndWrite(0, false, false, false, lba, blocks, 0, 0);
    }

    static CompareAndWrite parse(byte[] cdb) {
        CdbReader r = new CdbReader(cdb, 16, "COMPARE AND WRITE");
        r.reserved(1, 0x05).reservedBytes(10, 12).reserved(14, 0xE0);
        return new CompareAndWrite(r.bits(1, 7, 5), r.bit(1, 4), r.bit(1, 3), r.bit(1, 1), r.u64(2), r.u8(13),
                r.bits(14, 4, 0), r.u8(15));
    }

    @Override
    public Opcode opcode() {
        return Opcode.COMPARE_AND_WRITE;
    }

    @Override
    public byte[] toBytes() {
        byte[] b = new byte[16];
        b[0] = (byte) 0x89;
        b[1] = (byte) ((wrprotect << 5) | (dpo ? 0x10 : 0) | (fua ? 0x08 : 0) | (fuaNv ? 0x02 : 0));
        ScsiBytes.put64(b, 2, lba);
        b[13] = (byte) numberOfBlocks;
        b[14] = (byte) groupNumber;
        b[15] = (byte) control;
        return b;
    }

    @Override
    public String name() {
        return "COMPARE AND WRITE";
    }

    @Override
    public DataDirection dataDirection() {
        return DataDirection.WRITE;
    }

    /** Verify data plus write data: 2 × blocks × block size (SBC-3 §5.2). */
    @Override
    public long expectedDataTransferLength(int blockSize) {
        return 2L * numberOfBlocks * blockSize;
    }

    @Override
    public Optional<LbaRange> lbaRange() {
        return Optional.of(new LbaRange(lba, numberOfBlocks));
    }

    @Override
    public String describe() {
        return name() + " " + new LbaRange(lba, numberOfBlocks) + BlockCdbs.suffix(dpo, fua, wrprotect, "WRPROTECT");
    }
}
