package org.iscsilab.protocol.scsi;

/** Big-endian field access used by every SCSI structure (SPC-4 §3.5: multi-byte fields are big-endian). */
public final class ScsiBytes {
    private ScsiBytes() {}

    /** Unsigned byte at {@code off}. */
    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    /** Unsigned 16-bit value at {@code off}. */
    public static int u16(byte[] b, int off) {
        return (u8(b, off) << 8) | u8(b, off + 1);
    }

    /** Unsigned 24-bit value at {@code off}. */
    public static int u24(byte[] b, int off) {
        return (u8(b, off) << 16) | u16(b, off + 1);
    }

    /** Unsigned 32-bit value at {@code off}. */
    public static long u32(byte[] b, int off) {
        return ((long) u16(b, off) << 16) | u16(b, off + 2);
    }

    /** 64-bit value at {@code off} (two's complement; SCSI treats it as unsigned). */
    public static long u64(byte[] b, int off) {
        return (u32(b, off) << 32) | u32(b, off + 4);
    }

    /** Bit {@code bit} (0 = least significant) of byte {@code off}. */
    public static boolean bit(byte[] b, int off, int bit) {
        return (b[off] & (1 << bit)) != 0;
    }

    /** Bits {@code hi..lo} of byte {@code off}, shifted down. */
    public static int bits(byte[] b, int off, int hi, int lo) {
        return (u8(b, off) >> lo) & ((1 << (hi - lo + 1)) - 1);
    }

    /** Writes an unsigned byte. */
    public static void put8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    /** Writes a 16-bit value. */
    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** Writes a 24-bit value. */
    public static void put24(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 16);
        put16(b, off + 1, v);
    }

    /** Writes a 32-bit value. */
    public static void put32(byte[] b, int off, long v) {
        put16(b, off, (int) (v >>> 16));
        put16(b, off + 2, (int) v);
    }

    /** Writes a 64-bit value. */
    public static void put64(byte[] b, int off, long v) {
        put32(b, off, v >>> 32);
        put32(b, off + 4, v);
    }

    /** Sets bit {@code bit} of byte {@code off} when {@code on}. */
    public static void putBit(byte[] b, int off, int bit, boolean on) {
        if (on) {
            b[off] |= (byte) (1 << bit);
        } else {
            b[off] &= (byte) ~(1 << bit);
        }
    }

    /** ORs {@code value} into bits {@code hi..lo} of byte {@code off}. */
    public static void putBits(byte[] b, int off, int hi, int lo, int value) {
        int mask = ((1 << (hi - lo + 1)) - 1) << lo;
        b[off] = (byte) ((b[off] & ~mask) | ((value << lo) & mask));
    }

    /** Space-padded ASCII field of exactly {@code len} bytes (SPC-4 §4.4.1). */
    public static void putAscii(byte[] b, int off, int len, String s) {
        for (int i = 0; i < len; i++) {
            b[off + i] = i < s.length() ? (byte) s.charAt(i) : (byte) ' ';
        }
    }

    /** ASCII field of {@code len} bytes, as is (padding kept). */
    public static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Checks {@code 0 <= v <= max}; used by record constructors. */
    public static long checkRange(String field, long v, long max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(field + " out of range 0.." + max + ": " + v);
        }
        return v;
    }

    /** Checks {@code 0 <= v <= max}; used by record constructors. */
    public static int checkRange(String field, int v, int max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(field + " out of range 0.." + max + ": " + v);
        }
        return v;
    }

    /** Lower-case hex without separators. */
    public static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
