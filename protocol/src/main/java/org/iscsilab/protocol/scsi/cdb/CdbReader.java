package org.iscsilab.protocol.scsi.cdb;

import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiBytes;

/** Strict field access for CDB parsers: every failure is an {@link InvalidCdbException} with a pointer. */
final class CdbReader {
    final byte[] b;
    final Opcode opcode;
    final String name;

    CdbReader(byte[] b, int length, String name) {
        this.b = b;
        this.opcode = Opcode.of(b[0]);
        this.name = name;
        if (b.length < length) {
            // The CDB ends early: point at the first missing byte's predecessor, the last byte given.
            throw new InvalidCdbException(opcode, name + " needs " + length + " CDB bytes, got " + b.length,
                    FieldPointer.cdb(Math.max(0, b.length - 1)));
        }
    }

    /** Rejects any bit of {@code mask} set in byte {@code off} (SPC-4 §4.2.5: reserved fields are zero). */
    CdbReader reserved(int off, int mask) {
        int set = b[off] & mask;
        if (set != 0) {
            int bit = 31 - Integer.numberOfLeadingZeros(set);
            throw new InvalidCdbException(opcode, name + " reserved bit set", FieldPointer.cdb(off, bit));
        }
        return this;
    }

    /** Rejects non-zero bytes {@code from..to} inclusive. */
    CdbReader reservedBytes(int from, int to) {
        for (int i = from; i <= to; i++) {
            reserved(i, 0xFF);
        }
        return this;
    }

    InvalidCdbException invalid(String message, int off) {
        return new InvalidCdbException(opcode, name + ": " + message, FieldPointer.cdb(off));
    }

    InvalidCdbException invalid(String message, int off, int bit) {
        return new InvalidCdbException(opcode, name + ": " + message, FieldPointer.cdb(off, bit));
    }

    int u8(int off) {
        return ScsiBytes.u8(b, off);
    }

    int u16(int off) {
        return ScsiBytes.u16(b, off);
    }

    long u32(int off) {
        return ScsiBytes.u32(b, off);
    }

    long u64(int off) {
        return ScsiBytes.u64(b, off);
    }

    boolean bit(int off, int bit) {
        return ScsiBytes.bit(b, off, bit);
    }

    int bits(int off, int hi, int lo) {
        return ScsiBytes.bits(b, off, hi, lo);
    }
}
