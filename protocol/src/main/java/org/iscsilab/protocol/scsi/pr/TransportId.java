package org.iscsilab.protocol.scsi.pr;

import java.nio.charset.StandardCharsets;
import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * A TransportID (SPC-4 §7.6.4). For iSCSI (protocol identifier 5, SPC-4 §7.6.4.6) format 00b
 * carries the iSCSI name, format 01b the initiator port name "name,i,0x&lt;ISID&gt;"; both NUL
 * terminated and padded to a multiple of 4.
 *
 * @param formatCode FORMAT CODE, 0..3
 * @param protocolIdentifier PROTOCOL IDENTIFIER, 0..15
 * @param body the bytes after the 4-byte header (iSCSI) or after byte 0 (other protocols: 23 bytes)
 */
public record TransportId(int formatCode, int protocolIdentifier, ImmutableBytes body) {
    /** PROTOCOL IDENTIFIER for iSCSI. */
    public static final int ISCSI = 5;

    public TransportId {
        ScsiBytes.checkRange("format code", formatCode, 3);
        ScsiBytes.checkRange("protocol identifier", protocolIdentifier, 0xF);
        if (protocolIdentifier == ISCSI && body.length() % 4 != 0) {
            throw new IllegalArgumentException("iSCSI TransportID length must be a multiple of 4");
        }
    }

    /** An iSCSI device name TransportID (format 00b). */
    public static TransportId iscsi(String iscsiName) {
        return new TransportId(0, ISCSI, padded(iscsiName));
    }

    /** An iSCSI initiator port TransportID (format 01b): name, ",i,0x", the 12-hex-digit ISID. */
    public static TransportId iscsiPort(String iscsiName, long isid) {
        return new TransportId(1, ISCSI, padded(iscsiName + ",i,0x" + String.format("%012x", isid)));
    }

    private static ImmutableBytes padded(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[(utf8.length + 1 + 3) & ~3];
        System.arraycopy(utf8, 0, b, 0, utf8.length);
        return ImmutableBytes.of(b);
    }

    /** The iSCSI name (and ",i,0x..." for format 01b) without NUL padding. */
    public String iscsiName() {
        String s = new String(body.toArray(), StandardCharsets.UTF_8);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    /** Length on the wire. */
    public int length() {
        return protocolIdentifier == ISCSI ? 4 + body.length() : 1 + body.length();
    }

    void write(byte[] b, int off) {
        b[off] = (byte) ((formatCode << 6) | protocolIdentifier);
        if (protocolIdentifier == ISCSI) {
            ScsiBytes.put16(b, off + 2, body.length());
            body.copyTo(b, off + 4);
        } else {
            body.copyTo(b, off + 1);
        }
    }

    /**
     * Reads one TransportID at {@code off}, bounded by {@code end}. Non-iSCSI TransportIDs are 24
     * bytes (SPC-4 §7.6.4.1).
     */
    static TransportId read(byte[] b, int off, int end) {
        int proto = b[off] & 0x0F;
        int format = (b[off] >> 6) & 3;
        if (proto == ISCSI) {
            if (off + 4 > end) {
                throw InvalidParameterListException.lengthError("TransportID header overruns the list", off);
            }
            int len = ScsiBytes.u16(b, off + 2);
            if (len % 4 != 0 || off + 4 + len > end) {
                throw new InvalidParameterListException("iSCSI TransportID ADDITIONAL LENGTH " + len
                        + " invalid (SPC-4 §7.6.4.6)", off + 2);
            }
            return new TransportId(format, proto, ImmutableBytes.of(b, off + 4, len));
        }
        if (off + 24 > end) {
            throw InvalidParameterListException.lengthError("TransportID overruns the list", off);
        }
        return new TransportId(format, proto, ImmutableBytes.of(b, off + 1, 23));
    }

    @Override
    public String toString() {
        return protocolIdentifier == ISCSI ? "iSCSI " + iscsiName() : "protocol " + protocolIdentifier + " " + body;
    }
}
