package org.iscsilab.protocol.scsi.sense;

import java.util.OptionalInt;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * The 3-byte sense-key specific field (SPC-4 §4.5.2.4), stored raw with SKSV (bit 23).
 * Its meaning depends on the sense key: field pointer for ILLEGAL REQUEST, progress indication for
 * NOT READY / NO SENSE, actual retry count for recoverable errors.
 *
 * @param value the 24-bit field; SKSV is bit 23
 */
public record SenseKeySpecific(int value) {
    public SenseKeySpecific {
        ScsiBytes.checkRange("sense-key specific", value, 0xFF_FFFF);
    }

    /** A field-pointer SKS (SPC-4 §4.5.2.4.2) with SKSV set. */
    public static SenseKeySpecific of(FieldPointer p) {
        int v = 0x80_0000 | (p.commandData() ? 0x40_0000 : 0) | p.byteOffset();
        if (p.bit().isPresent()) {
            v |= 0x08_0000 | (p.bit().getAsInt() << 16);
        }
        return new SenseKeySpecific(v);
    }

    /** A progress-indication SKS (SPC-4 §4.5.2.4.4): {@code progress}/65536 done. */
    public static SenseKeySpecific progress(int progress) {
        return new SenseKeySpecific(0x80_0000 | ScsiBytes.checkRange("progress", progress, 0xFFFF));
    }

    /** SKSV: the field holds valid information. */
    public boolean valid() {
        return (value & 0x80_0000) != 0;
    }

    /** Interprets the field as a field pointer (ILLEGAL REQUEST). */
    public FieldPointer fieldPointer() {
        boolean cd = (value & 0x40_0000) != 0;
        boolean bpv = (value & 0x08_0000) != 0;
        int bit = (value >> 16) & 0x7;
        return new FieldPointer(cd, value & 0xFFFF, bpv ? OptionalInt.of(bit) : OptionalInt.empty());
    }

    /** The low 16 bits: progress indication, actual retry count, or field pointer. */
    public int low16() {
        return value & 0xFFFF;
    }

    /** A rendering suited to {@code key}. */
    public String describe(SenseKey key) {
        if (!valid()) {
            return "SKS not valid";
        }
        if (key.equals(SenseKey.ILLEGAL_REQUEST)) {
            return fieldPointer().toString();
        }
        if (key.equals(SenseKey.NOT_READY) || key.equals(SenseKey.NO_SENSE)) {
            return String.format("progress %.1f%%", low16() * 100.0 / 65536);
        }
        if (key.equals(SenseKey.RECOVERED_ERROR) || key.equals(SenseKey.MEDIUM_ERROR)
                || key.equals(SenseKey.HARDWARE_ERROR)) {
            return "actual retry count " + low16();
        }
        return String.format("sense-key specific 0x%06X", value);
    }
}
