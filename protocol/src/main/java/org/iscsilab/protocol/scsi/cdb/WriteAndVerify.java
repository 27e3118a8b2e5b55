package org.iscsilab.protocol.scsi.cdb;

import java.util.Optional;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.LbaRange;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * WRITE AND VERIFY (10), (12), (16) (SBC-3 §5.37-5.39).
 *
 * @param cdbLength 10, 12 or 16
 * @param wrprotect WRPROTECT
 * @param dpo disable page out
 * @param bytchk BYTCHK (byte 1 bit 1): compare the written data byte by byte
 * @param lba first logical block
 * @param transferLength number of blocks
 * @param groupNumber GROUP NUMBER
 * @param control CONTROL byte
 */
public record WriteAndVerify(int cdbLength, int wrprotect, boolean dpo, boolean bytchk, long lba,
        long transferLength, int groupNumber, int control) implements Cdb {

    public WriteAndVerify {
        BlockCdbs.checkLength(cdbLength, 10, 12, 16);
        ScsiBytes.checkRange("WRPROTECT", wrprotect, 7);
        ScsiBytes.checkRange("group number", groupNumber, 31);
        ScsiBytes.checkRange("control", control, 0xFF);
        BlockCdbs.checkLbaAndLength(cdbLength, lba, transferLength);
    }

    /** WRITE AND VERIFY(16) without byte compare. */
    public static WriteAndVerify of16(long lba, long blocks) {
        return new WriteAndVerify(16, 0, false, false, lba, blocks, 0, 0);
    }

    static WriteAndVerify parse(byte[] cdb) {
        int len = BlockCdbs.lengthOf(cdb[0]);
        CdbReader r = new CdbReader(cdb, len, Opcode.of(cdb[0]).name());
        r.reserved(1, 0x0D); // bits 3-2 reserved, bit 0 obsolete
        BlockCdbs.Fields f = BlockCdbs.read(r, len);
        return new WriteAndVerify(len, r.bits(1, 7, 5), r.bit(1, 4), r.bit(1, 1), f.lba(), f.length(), f.group(),
                f.control());
    }

    @Override
    public Opcode opcode() {
        return Opcode.of(cdbLength == 10 ? 0x2E : cdbLength == 12 ? 0xAE : 0x8E);
    }

    @Override
    public byte[] toBytes() {
        int byte1 = (wrprotect << 5) | (dpo ? 0x10 : 0) | (bytchk ? 0x02 : 0);
        return BlockCdbs.write(opcode().code(), cdbLength, byte1, lba, transferLength, groupNumber, control);
    }

    @Override
    public String name() {
        return opcode().name();
    }

    @Override
    public DataDirection dataDirection() {
        return DataDirection.WRITE;
    }

    @Override
    public long expectedDataTransferLength(int blockSize) {
        return transferLength * blockSize;
    }

    @Override
    public Optional<LbaRange> lbaRange() {
        return Optional.of(new LbaRange(lba, transferLength));
    }

    @Override
    public String describe() {
        return name() + " " + new LbaRange(lba, transferLength) + (bytchk ? " BYTCHK" : "")
                + BlockCdbs.suffix(dpo, false, wrprotect, "WRPROTECT");
    }
}
