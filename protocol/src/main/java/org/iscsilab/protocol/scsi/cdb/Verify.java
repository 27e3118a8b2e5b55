package org.iscsilab.protocol.scsi.cdb;

import java.util.Optional;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.LbaRange;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * VERIFY (10), (12), (16) (SBC-3 §5.25-5.27).
 *
 * @param cdbLength 10, 12 or 16
 * @param vrprotect VRPROTECT
 * @param dpo disable page out
 * @param bytchk BYTCHK (2 bits): 0 medium verify only, 1 compare the Data-Out blocks, 3 compare one
 *     block against every block of the range; 2 is reserved
 * @param lba first logical block
 * @param verificationLength number of blocks
 * @param groupNumber GROUP NUMBER
 * @param control CONTROL byte
 */
public record Verify(int cdbLength, int vrprotect, boolean dpo, int bytchk, long lba, long verificationLength,
        int groupNumber, int control) implements Cdb {

    public Verify {
        BlockCdbs.checkLength(cdbLength, 10, 12, 16);
        ScsiBytes.checkRange("VRPROTECT", vrprotect, 7);
        if (bytchk < 0 || bytchk > 3 || bytchk == 2) {
            throw new IllegalArgumentException("BYTCHK must be 0, 1 or 3: " + bytchk);
        }
        ScsiBytes.checkRange("group number", groupNumber, 31);
        ScsiBytes.checkRange("control", control, 0xFF);
        BlockCdbs.checkLbaAndLength(cdbLength, lba, verificationLength);
    }

    /** VERIFY(16) without byte compare. */
    public static Verify of16(long lba, long blocks) {
        return new Verify(16, 0, false, 0, lba, blocks, 0, 0);
    }

    static Verify parse(byte[] cdb) {
        int len = BlockCdbs.lengthOf(cdb[0]);
        CdbReader r = new CdbReader(cdb, len, Opcode.of(cdb[0]).name());
        r.reserved(1, 0x09); // bit 3 reserved, bit 0 obsolete
        int bytchk = r.bits(1, 2, 1);
        if (bytchk == 2) {
            throw r.invalid("BYTCHK 10b is reserved (SBC-3 §5.25)", 1, 2);
        }
        BlockCdbs.Fields f = BlockCdbs.read(r, len);
        return new Verify(len, r.bits(1, 7, 5), r.bit(1, 4), bytchk, f.lba(), f.length(), f.group(), f.control());
    }

    @Override
    public Opcode opcode() {
        return Opcode.of(cdbLength == 10 ? 0x2F : cdbLength == 12 ? 0xAF : 0x8F);
    }

    @Override
    public byte[] toBytes() {
        int byte1 = (vrprotect << 5) | (dpo ? 0x10 : 0) | (bytchk << 1);
        return BlockCdbs.write(opcode().code(), cdbLength, byte1, lba, verificationLength, groupNumber, control);
    }

    @Override
    public String name() {
        return opcode().name();
    }

    @Override
    public DataDirection dataDirection() {
        return bytchk == 0 || verificationLength == 0 ? DataDirection.NONE : DataDirection.WRITE;
    }

    @Override
    public long expectedDataTransferLength(int blockSize) {
        return switch (bytchk) {
            case 1 -> verificationLength * blockSize;
            case 3 -> verificationLength == 0 ? 0 : blockSize;
            default -> 0;
        };
    }

    @Override
    public Optional<LbaRange> lbaRange() {
        return Optional.of(new LbaRange(lba, verificationLength));
    }

    @Override
    public String describe() {
        return name() + " " + new LbaRange(lba, verificationLength) + (bytchk != 0 ? " BYTCHK=" + bytchk : "")
                + BlockCdbs.suffix(dpo, false, vrprotect, "VRPROTECT");
    }
}
