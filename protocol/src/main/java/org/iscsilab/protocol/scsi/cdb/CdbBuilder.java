package org.iscsilab.protocol.scsi.cdb;

import java.util.Arrays;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * Byte-level CDB builder that can produce invalid CDBs on purpose (reserved bits, bad fields,
 * wrong length) for conformance tests. Starts from a valid record or raw bytes; nothing is
 * corrected on {@link #build()}.
 */
public final class CdbBuilder {
    private byte[] b;

    private CdbBuilder(byte[] b) {
        this.b = b;
    }

    /** Starts from a valid CDB. */
    public static CdbBuilder from(Cdb cdb) {
        return new CdbBuilder(cdb.toBytes());
    }

    /** Starts from raw bytes (copied). */
    public static CdbBuilder raw(byte... bytes) {
        return new CdbBuilder(bytes.clone());
    }

    /** Sets byte {@code off}, growing the CDB with zeros if needed. */
    public CdbBuilder setByte(int off, int value) {
        grow(off + 1);
        b[off] = (byte) value;
        return this;
    }

    /** Sets or clears one bit. */
    public CdbBuilder setBit(int off, int bit, boolean on) {
        grow(off + 1);
        ScsiBytes.putBit(b, off, bit, on);
        return this;
    }

    /** Sets bits {@code hi..lo} of byte {@code off}. */
    public CdbBuilder setBits(int off, int hi, int lo, int value) {
        grow(off + 1);
        ScsiBytes.putBits(b, off, hi, lo, value);
        return this;
    }

    /** Writes a big-endian 16-bit field. */
    public CdbBuilder set16(int off, int value) {
        grow(off + 2);
        ScsiBytes.put16(b, off, value);
        return this;
    }

    /** Writes a big-endian 32-bit field. */
    public CdbBuilder set32(int off, long value) {
        grow(off + 4);
        ScsiBytes.put32(b, off, value);
        return this;
    }

    /** Writes a big-endian 64-bit field. */
    public CdbBuilder set64(int off, long value) {
        grow(off + 8);
        ScsiBytes.put64(b, off, value);
        return this;
    }

    /** Truncates or zero-pads to {@code length} bytes. */
    public CdbBuilder length(int length) {
        b = Arrays.copyOf(b, length);
        return this;
    }

    /** The bytes as set, valid or not. */
    public byte[] build() {
        return b.clone();
    }

    private void grow(int n) {
        if (b.length < n) {
            b = Arrays.copyOf(b, n);
        }
    }
}
