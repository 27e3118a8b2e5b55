package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * The layout READ and WRITE (6), (10), (12), (16) share (SBC-3 §5.7-5.11, §5.32-5.36): they differ
 * only in their opcodes and in the name of the protection field of byte 1 (RDPROTECT, WRPROTECT).
 *
 * <p>The 6-byte form has a 21-bit LBA, a TRANSFER LENGTH byte in which 0 means 256 blocks, and no
 * protection, DPO, FUA, FUA_NV or group fields.
 */
final class ReadWriteLayout {
    private ReadWriteLayout() {}

    /** The fields of a parsed CDB. */
    record Fields(int cdbLength, int protect, boolean dpo, boolean fua, boolean fuaNv, long lba, long transferLength,
            int group, int control) {}

    /** Validates the fields of a READ or WRITE record; {@code protectName} names byte 1's protection field. */
    static void check(String protectName, int cdbLength, int protect, boolean dpo, boolean fua, boolean fuaNv,
            long lba, long transferLength, int group, int control) {
        BlockCdbs.checkLength(cdbLength, 6, 10, 12, 16);
        ScsiBytes.checkRange(protectName, protect, 7);
        ScsiBytes.checkRange("group number", group, 31);
        ScsiBytes.checkRange("control", control, 0xFF);
        if (cdbLength == 6) {
            ScsiBytes.checkRange("LBA (6-byte CDB)", lba, 0x1F_FFFF);
            if (transferLength < 1 || transferLength > 256) {
                throw new IllegalArgumentException("6-byte transfer length is 1..256 (0 on the wire = 256): "
                        + transferLength);
            }
            if (protect != 0 || dpo || fua || fuaNv || group != 0) {
                throw new IllegalArgumentException("the 6-byte CDB has no " + protectName + "/DPO/FUA/FUA_NV/group");
            }
        } else {
            BlockCdbs.checkLbaAndLength(cdbLength, lba, transferLength);
        }
    }

    static Fields parse(byte[] cdb) {
        int len = BlockCdbs.lengthOf(cdb[0]);
        CdbReader r = new CdbReader(cdb, len, Opcode.of(cdb[0]).name());
        if (len == 6) {
            r.reserved(1, 0xE0);
            int tl = r.u8(4);
            return new Fields(6, 0, false, false, false, ((long) r.bits(1, 4, 0) << 16) | r.u16(2),
                    tl == 0 ? 256 : tl, 0, r.u8(5));
        }
        r.reserved(1, 0x05); // bit 2 reserved, bit 0 obsolete (RELADR)
        BlockCdbs.Fields f = BlockCdbs.read(r, len);
        return new Fields(len, r.bits(1, 7, 5), r.bit(1, 4), r.bit(1, 3), r.bit(1, 1), f.lba(), f.length(),
                f.group(), f.control());
    }

    /**
     * The opcode for a CDB length, from the 10-byte opcode: READ 0x28 gives 0x08, 0x28, 0xA8, 0x88 and
     * WRITE 0x2A gives 0x0A, 0x2A, 0xAA, 0x8A.
     */
    static Opcode opcode(int opcode10, int cdbLength) {
        return Opcode.of(switch (cdbLength) {
            case 6 -> opcode10 - 0x20;
            case 10 -> opcode10;
            case 12 -> opcode10 + 0x80;
            default -> opcode10 + 0x60;
        });
    }

    static byte[] toBytes(Opcode opcode, int cdbLength, int protect, boolean dpo, boolean fua, boolean fuaNv,
            long lba, long transferLength, int group, int control) {
        if (cdbLength == 6) {
            byte[] b = new byte[6];
            b[0] = (byte) opcode.code();
            b[1] = (byte) (lba >>> 16);
            ScsiBytes.put16(b, 2, (int) lba);
            b[4] = (byte) (transferLength == 256 ? 0 : transferLength); // SBC-3: 0 means 256
            b[5] = (byte) control;
            return b;
        }
        int byte1 = (protect << 5) | (dpo ? 0x10 : 0) | (fua ? 0x08 : 0) | (fuaNv ? 0x02 : 0);
        return BlockCdbs.write(opcode.code(), cdbLength, byte1, lba, transferLength, group, control);
    }
}
