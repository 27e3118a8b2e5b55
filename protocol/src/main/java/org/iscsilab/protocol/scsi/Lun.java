package org.iscsilab.protocol.scsi;

/**
 * An 8-byte SAM-5 logical unit number as it stands in the iSCSI header (SAM-5 §4.7).
 *
 * <p>Single-level LUNs are encoded the way Linux and tgt do it: 0..255 with the peripheral device
 * addressing method (00b, bus 0), 256..16383 with the flat space addressing method (01b).
 *
 * @param raw the 8 bytes as a big-endian long
 */
public record Lun(long raw) {
    /** LUN 0. */
    public static final Lun ZERO = new Lun(0);

    /** Peripheral device addressing method (SAM-5 §4.7.7.2). */
    public static final int PERIPHERAL_DEVICE_ADDRESSING = 0;
    /** Flat space addressing method (SAM-5 §4.7.7.4). */
    public static final int FLAT_SPACE_ADDRESSING = 1;
    /** Logical unit addressing method. */
    public static final int LOGICAL_UNIT_ADDRESSING = 2;
    /** Extended logical unit addressing method. */
    public static final int EXTENDED_LOGICAL_UNIT_ADDRESSING = 3;

    /** The LUN for a single-level number 0..16383. */
    public static Lun of(int number) {
        ScsiBytes.checkRange("LUN", number, 0x3FFF);
        if (number < 256) {
            return new Lun((long) number << 48);
        }
        return new Lun(((long) (0x4000 | number)) << 48);
    }

    /** The LUN for the raw header field. */
    public static Lun fromLong(long raw) {
        return new Lun(raw);
    }

    /** The LUN for 8 bytes at {@code off}. */
    public static Lun fromBytes(byte[] b, int off) {
        return new Lun(ScsiBytes.u64(b, off));
    }

    /** The raw header field. */
    public long toLong() {
        return raw;
    }

    /** The 8 bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[8];
        ScsiBytes.put64(b, 0, raw);
        return b;
    }

    /** Addressing method of the first level (bits 7-6 of byte 0). */
    public int addressingMethod() {
        return (int) (raw >>> 62);
    }

    /** True when only the first level is used (bytes 2..7 zero) with method 00b bus 0 or 01b. */
    public boolean isSingleLevel() {
        if ((raw & 0xFFFF_FFFF_FFFFL) != 0) {
            return false;
        }
        int method = addressingMethod();
        return method == FLAT_SPACE_ADDRESSING
                || (method == PERIPHERAL_DEVICE_ADDRESSING && ((raw >>> 56) & 0x3F) == 0);
    }

    /**
     * The single-level LUN number (0..16383), or -1 when this LUN is not single-level
     * peripheral (bus 0) or flat.
     */
    public int number() {
        if (!isSingleLevel()) {
            return -1;
        }
        return (int) ((raw >>> 48) & 0x3FFF);
    }

    /** "LUN 3", "LUN 300", or "LUN 0x0101000000000000" for other encodings. */
    @Override
    public String toString() {
        int n = number();
        return n >= 0 ? "LUN " + n : String.format("LUN 0x%016X", raw);
    }
}
