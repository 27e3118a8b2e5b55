package org.iscsilab.protocol.scsi.cdb;

import java.util.Optional;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.LbaRange;

/**
 * WRITE (6), (10), (12), (16) (SBC-3 §5.32-5.36).
 *
 * <p>For the 6-byte form {@code transferLength} is 1..256: a TRANSFER LENGTH byte of 0 means 256
 * blocks (SBC-3 §5.x, READ(6)/WRITE(6)); the 6-byte form has no WRPROTECT, DPO, FUA or group number.
 *
 * @param cdbLength 6, 10, 12 or 16
 * @param wrprotect WRPROTECT (bits 7-5 of byte 1)
 * @param dpo disable page out
 * @param fua force unit access
 * @param fuaNv FUA_NV (SBC-3; obsolete in SBC-4)
 * @param lba first logical block
 * @param transferLength number of logical blocks
 * @param groupNumber GROUP NUMBER, 0..31
 * @param control CONTROL byte
 */
public record Write(int cdbLength, int wrprotect, boolean dpo, boolean fua, boolean fuaNv, long lba, long transferLength,
        int groupNumber, int control) implements Cdb {

    public Write {
        ReadWriteLayout.check("WRPROTECT", cdbLength, wrprotect, dpo, fua, fuaNv, lba, transferLength,
                groupNumber, control);
    }

    /** A plain WRITE(6). */
    public static Write of6(long lba, int blocks) {
        return new Write(6, 0, false, false, false, lba, blocks, 0, 0);
    }

    /** A plain WRITE(10). */
    public static Write of10(long lba, int blocks) {
        return new Write(10, 0, false, false, false, lba, blocks, 0, 0);
    }

    /** A plain WRITE(12). */
    public static Write of12(long lba, long blocks) {
        return new Write(12, 0, false, false, false, lba, blocks, 0, 0);
    }

    /** A plain WRITE(16). */
    public static Write of16(long lba, long blocks) {
        return new Write(16, 0, false, false, false, lba, blocks, 0, 0);
    }

    /** A copy with FUA set or cleared. */
    public Write withFua(boolean on) {
        return new Write(cdbLength, wrprotect, dpo, on, fuaNv, lba, transferLength, groupNumber, control);
    }

    static Write parse(byte[] cdb) {
        ReadWriteLayout.Fields f = ReadWriteLayout.parse(cdb);
        return new Write(f.cdbLength(), f.protect(), f.dpo(), f.fua(), f.fuaNv(), f.lba(), f.transferLength(),
                f.group(), f.control());
    }

    @Override
    public Opcode opcode() {
        return ReadWriteLayout.opcode(0x2A, cdbLength);
    }

    @Override
    public byte[] toBytes() {
        return ReadWriteLayout.toBytes(opcode(), cdbLength, wrprotect, dpo, fua, fuaNv, lba, transferLength, groupNumber,
                control);
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
        return name() + " " + new LbaRange(lba, transferLength) + BlockCdbs.suffix(dpo, fua, wrprotect, "WRPROTECT");
    }
}
