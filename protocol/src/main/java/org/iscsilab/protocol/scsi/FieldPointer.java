package org.iscsilab.protocol.scsi;

import java.util.OptionalInt;

/**
 * Where a bad field sits: the sense-key specific field pointer of SPC-4 §4.5.2.4.2
 * (C/D, BPV, BIT POINTER, FIELD POINTER).
 *
 * @param commandData true when the error is in the CDB (C/D=1), false for parameter data
 * @param byteOffset the byte of the field (0..65535); for multi-byte fields, the most significant byte
 * @param bit the bit (0..7) when known (BPV=1)
 */
public record FieldPointer(boolean commandData, int byteOffset, OptionalInt bit) {
    public FieldPointer {
        ScsiBytes.checkRange("byteOffset", byteOffset, 0xFFFF);
        if (bit.isPresent()) {
            ScsiBytes.checkRange("bit", bit.getAsInt(), 7);
        }
    }

    /** A pointer into the CDB at a whole byte. */
    public static FieldPointer cdb(int byteOffset) {
        return new FieldPointer(true, byteOffset, OptionalInt.empty());
    }

    /** A pointer into the CDB at one bit. */
    public static FieldPointer cdb(int byteOffset, int bit) {
        return new FieldPointer(true, byteOffset, OptionalInt.of(bit));
    }

    /** A pointer into parameter data at a whole byte. */
    public static FieldPointer parameter(int byteOffset) {
        return new FieldPointer(false, byteOffset, OptionalInt.empty());
    }

    /** A pointer into parameter data at one bit. */
    public static FieldPointer parameter(int byteOffset, int bit) {
        return new FieldPointer(false, byteOffset, OptionalInt.of(bit));
    }

    /** "field pointer byte 1 bit 3" or "parameter pointer byte 4". */
    @Override
    public String toString() {
        return (commandData ? "field pointer byte " : "parameter pointer byte ") + byteOffset
                + (bit.isPresent() ? " bit " + bit.getAsInt() : "");
    }
}
