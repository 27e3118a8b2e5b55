package org.iscsilab.protocol.scsi;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string with content equality, for opaque fields inside SCSI records. */
public final class ImmutableBytes {
    /** The empty byte string. */
    public static final ImmutableBytes EMPTY = new ImmutableBytes(new byte[0]);

    private final byte[] bytes;

    private ImmutableBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}. */
    public static ImmutableBytes of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new ImmutableBytes(bytes.clone());
    }

    /** Copies {@code len} bytes of {@code b} from {@code off}. */
    public static ImmutableBytes of(byte[] b, int off, int len) {
        return len == 0 ? EMPTY : new ImmutableBytes(Arrays.copyOfRange(b, off, off + len));
    }

    /** Parses lower- or upper-case hex. */
    public static ImmutableBytes ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** Number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** Unsigned byte at {@code i}. */
    public int get(int i) {
        return bytes[i] & 0xFF;
    }

    /** A fresh copy of the content. */
    public byte[] toArray() {
        return bytes.clone();
    }

    /** Copies the content into {@code dst} at {@code off}. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImmutableBytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
