package org.iscsilab.protocol.scsi.inquiry;

/** Field access for VPD page bodies that may be cut short by the allocation length. */
final class VpdFields {
    private VpdFields() {}

    /** Reads {@code body[off..off+len)} as big-endian, zero past the end. */
    static long field(byte[] body, int off, int len) {
        long v = 0;
        for (int i = 0; i < len; i++) {
            v = (v << 8) | (off + i < body.length ? body[off + i] & 0xFF : 0);
        }
        return v;
    }
}
