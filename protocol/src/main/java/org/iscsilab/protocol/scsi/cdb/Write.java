package org.iscsilab.protocol.scsi.cdb;

import java.util.Optional;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.LbaRange;
import org.iscsilab.protocol.scsi.ScsiBytes;

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
        BlockCdbs.checkLength(cdbLength, 6, 10, 12, 16);
        ScsiBytes.checkRange("WRPROTECT", wrprotect, 7);
        ScsiBytes.checkRange("group number", groupNumber, 31);
        ScsiBytes.checkRange("control", control, 0xFF);
        if (cdbLength == 6) {
            ScsiBytes.checkRange("LBA (6-byte CDB)", lba, 0x1F_FFFF);
            if (transferLength < 1 || transferLength > 256) {
                throw new IllegalArgumentException("6-byte transfer length is 1..256 (0 on the wire = 256): "
                        + transferLength);
            }
            if (wrprotect != 0 || dpo || fua || fuaNv || groupNumber != 0) {
                throw new IllegalArgumentException("the 6-byte CDB has no WRPROTECT/DPO/FUA/FUA_NV/group");
            }
        } else {
            BlockCdbs.checkLbaAndLength(cdbLength, lba, transferLength);
        }
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
        int len = BlockCdbs.lengthOf(cdb[0]);
        CdbReader r = new CdbReader(cdb, len, Opcode.of(cdb[0]).name());
        if (len == 6) {
            r.reserved(1, 0xE0);
            int tl = r.u8(4);
            return new Write(6, 0, false, false, false, ((long) r.bits(1, 4, 0) << 16) | r.u16(2),
                    tl == 0 ? 256 : tl, 0, r.u8(5));
        }
        r.reserved(1, 0x05); // bit 2 reserved, bit 0 obsolete (RELADR)
        BlockCdbs.Fields f = BlockCdbs.read(r, len);
        return new Write(len, r.bits(1, 7, 5), r.bit(1, 4), r.bit(1, 3), r.bit(1, 1), f.lba(), f.length(),
                f.group(), f.control());
    }

    @Override
    public Opcode opcode() {
        return Opcode.of(switch (cdbLength) {
            case 6 -> 0x0A;
            case 10 -> 0x2A;
            case 12 -> 0xAA;
            default -> 0x8A;
        });
    }

    @Override
    public byte[] toBytes() {
        if (cdbLength == 6) {
            byte[] b = new byte[6];
            b[0] = (byte) 0x0A;
            b[1] = (byte) (lba >>> 16);
            ScsiBytes.put16(b, 2, (int) lba);
            b[4] = (byte) (transferLength == 256 ? 0 : transferLength); // SBC-3: 0 means 256
            b[5] = (byte) control;
            return b;
        }
        int byte1 = (wrprotect << 5) | (dpo ? 0x10 : 0) | (fua ? 0x08 : 0) | (fuaNv ? 0x02 : 0);
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
        return name() + " " + new LbaRange(lba, transferLength) + BlockCdbs.suffix(dpo, fua, wrprotect, "WRPROTECT");
    }
}
