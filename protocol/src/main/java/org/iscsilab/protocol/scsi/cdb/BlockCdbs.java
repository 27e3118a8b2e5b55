package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.ScsiBytes;

/** Shared layout of the SBC-3 media-access CDBs (READ/WRITE/VERIFY/... in 10, 12 and 16 bytes). */
final class BlockCdbs {
    private BlockCdbs() {}

    /** Fields common to the 10/12/16-byte layouts. */
    record Fields(int byte1, long lba, long length, int group, int control) {}

    static int checkLength(int cdbLength, int... allowed) {
        for (int a : allowed) {
            if (a == cdbLength) {
                return cdbLength;
            }
        }
        throw new IllegalArgumentException("CDB length " + cdbLength + " not one of " + java.util.Arrays.toString(allowed));
    }

    static int lengthOf(int opcode) {
        return Opcode.of(opcode).cdbLength();
    }

    /**
     * Reads LBA, length and group of a 10/12/16-byte media CDB (SBC-3 §5.x): 10 = LBA 2-5, group 6,
     * length 7-8; 12 = LBA 2-5, length 6-9, group 10; 16 = LBA 2-9, length 10-13, group 14.
     * Bits 7-5 of the group byte are reserved (bit 7 is restricted for MMC, not used by SBC).
     */
    static Fields read(CdbReader r, int len) {
        return switch (len) {
            case 10 -> {
                r.reserved(6, 0xE0);
                yield new Fields(r.u8(1), r.u32(2), r.u16(7), r.bits(6, 4, 0), r.u8(9));
            }
            case 12 -> {
                r.reserved(10, 0xE0);
                yield new Fields(r.u8(1), r.u32(2), r.u32(6), r.bits(10, 4, 0), r.u8(11));
            }
            case 16 -> {
                r.reserved(14, 0xE0);
                yield new Fields(r.u8(1), r.u64(2), r.u32(10), r.bits(14, 4, 0), r.u8(15));
            }
            default -> throw new IllegalStateException("length " + len);
        };
    }

    static byte[] write(int opcode, int len, int byte1, long lba, long length, int group, int control) {
        byte[] b = new byte[len];
        b[0] = (byte) opcode;
        b[1] = (byte) byte1;
        switch (len) {
            case 10 -> {
                ScsiBytes.put32(b, 2, lba);
                b[6] = (byte) group;
                ScsiBytes.put16(b, 7, (int) length);
            }
            case 12 -> {
                ScsiBytes.put32(b, 2, lba);
                ScsiBytes.put32(b, 6, length);
                b[10] = (byte) group;
            }
            case 16 -> {
                ScsiBytes.put64(b, 2, lba);
                ScsiBytes.put32(b, 10, length);
                b[14] = (byte) group;
            }
            default -> throw new IllegalStateException("length " + len);
        }
        b[len - 1] = (byte) control;
        return b;
    }

    /** Checks LBA and length fit the CDB size. */
    static void checkLbaAndLength(int len, long lba, long length) {
        if (len == 10 || len == 12) {
            ScsiBytes.checkRange("LBA", lba, 0xFFFF_FFFFL);
        }
        ScsiBytes.checkRange("length", length, len == 10 ? 0xFFFF : 0xFFFF_FFFFL);
    }

    static String suffix(boolean dpo, boolean fua, int protect, String protectName) {
        return (dpo ? " DPO" : "") + (fua ? " FUA" : "") + (protect != 0 ? " " + protectName + "=" + protect : "");
    }
}
