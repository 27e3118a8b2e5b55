package org.iscsilab.protocol.scsi.sense;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiFormatException;

/**
 * Sense data in fixed (0x70/0x71, SPC-4 §4.5.3) or descriptor (0x72/0x73, SPC-4 §4.5.2) format.
 *
 * @param format response code: fixed or descriptor, current or deferred
 * @param senseKey the sense key
 * @param additionalSense ASC/ASCQ
 * @param filemark FILEMARK (fixed format only)
 * @param endOfMedium EOM (fixed format only)
 * @param incorrectLength ILI (fixed format only)
 * @param information the INFORMATION field (VALID=1); at most 32 bits in fixed format
 * @param commandSpecificInformation COMMAND-SPECIFIC INFORMATION (32 bits in fixed format; in
 *     descriptor format written only when non-zero)
 * @param fieldReplaceableUnitCode FIELD REPLACEABLE UNIT CODE (descriptor written only when non-zero)
 * @param senseKeySpecific the sense-key specific field, present only with SKSV=1
 * @param otherDescriptors further descriptors (descriptor format only), kept verbatim
 */
public record SenseData(
        SenseFormat format,
        SenseKey senseKey,
        AdditionalSense additionalSense,
        boolean filemark,
        boolean endOfMedium,
        boolean incorrectLength,
        OptionalLong information,
        long commandSpecificInformation,
        int fieldReplaceableUnitCode,
        Optional<SenseKeySpecific> senseKeySpecific,
        List<SenseDescriptor> otherDescriptors) {

    /** Length of fixed-format sense data as built here (ADDITIONAL SENSE LENGTH 10). */
    public static final int FIXED_LENGTH = 18;

    public SenseData {
        otherDescriptors = List.copyOf(otherDescriptors);
        ScsiBytes.checkRange("FRU code", fieldReplaceableUnitCode, 0xFF);
        senseKeySpecific.ifPresent(s -> {
            if (!s.valid()) {
                throw new IllegalArgumentException("sense-key specific present without SKSV");
            }
        });
        if (format.isDescriptor()) {
            if (filemark || endOfMedium || incorrectLength) {
                throw new IllegalArgumentException("FILEMARK/EOM/ILI belong to the fixed format; use a descriptor");
            }
        } else {
            if (!otherDescriptors.isEmpty()) {
                throw new IllegalArgumentException("fixed format has no descriptors");
            }
            if (information.isPresent()) {
                ScsiBytes.checkRange("information (fixed)", information.getAsLong(), 0xFFFF_FFFFL);
            }
            ScsiBytes.checkRange("command-specific (fixed)", commandSpecificInformation, 0xFFFF_FFFFL);
        }
    }

    /** Fixed-format current sense with just a key and ASC/ASCQ. */
    public static SenseData of(SenseKey key, AdditionalSense asc) {
        return new SenseData(SenseFormat.FIXED_CURRENT, key, asc, false, false, false, OptionalLong.empty(), 0, 0,
                Optional.empty(), List.of());
    }

    /** ILLEGAL REQUEST sense for a parse failure, with its field pointer (SPC-4 §4.5.2.4.2). */
    public static SenseData illegalRequest(ScsiFormatException e) {
        return of(SenseKey.ILLEGAL_REQUEST, e.additionalSense()).withFieldPointer(e.fieldPointer());
    }

    /** A copy with a field-pointer sense-key specific field. */
    public SenseData withFieldPointer(FieldPointer p) {
        return withSenseKeySpecific(SenseKeySpecific.of(p));
    }

    /** A copy with a sense-key specific field. */
    public SenseData withSenseKeySpecific(SenseKeySpecific sks) {
        return new SenseData(format, senseKey, additionalSense, filemark, endOfMedium, incorrectLength, information,
                commandSpecificInformation, fieldReplaceableUnitCode, Optional.of(sks), otherDescriptors);
    }

    /** A copy with an INFORMATION field (VALID=1), e.g. the failing LBA. */
    public SenseData withInformation(long info) {
        return new SenseData(format, senseKey, additionalSense, filemark, endOfMedium, incorrectLength,
                OptionalLong.of(info), commandSpecificInformation, fieldReplaceableUnitCode, senseKeySpecific,
                otherDescriptors);
    }

    /** A copy in another format; fails when a field does not fit the target format. */
    public SenseData withFormat(SenseFormat f) {
        return new SenseData(f, senseKey, additionalSense, filemark, endOfMedium, incorrectLength, information,
                commandSpecificInformation, fieldReplaceableUnitCode, senseKeySpecific, otherDescriptors);
    }

    /** The field pointer when the SKS field is valid and the key is ILLEGAL REQUEST. */
    public Optional<FieldPointer> fieldPointer() {
        return senseKey.equals(SenseKey.ILLEGAL_REQUEST)
                ? senseKeySpecific.map(SenseKeySpecific::fieldPointer)
                : Optional.empty();
    }

    /** "ILLEGAL REQUEST: INVALID FIELD IN CDB (24/00), field pointer byte 1 bit 3". */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (format.isDeferred()) {
            sb.append("deferred ");
        }
        sb.append(senseKey.name()).append(": ").append(additionalSense);
        senseKeySpecific.ifPresent(s -> sb.append(", ").append(s.describe(senseKey)));
        information.ifPresent(i -> sb.append(", information 0x").append(Long.toHexString(i)));
        if (filemark) {
            sb.append(", FILEMARK");
        }
        if (endOfMedium) {
            sb.append(", EOM");
        }
        if (incorrectLength) {
            sb.append(", ILI");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    // ---------------------------------------------------------------- encoding

    /** The sense data bytes in this record's format. */
    public byte[] toBytes() {
        return format.isDescriptor() ? toDescriptorBytes() : toFixedBytes();
    }

    private byte[] toFixedBytes() {
        byte[] b = new byte[FIXED_LENGTH];
        b[0] = (byte) ((information.isPresent() ? 0x80 : 0) | format.responseCode()); // VALID, RESPONSE CODE
        b[2] = (byte) ((filemark ? 0x80 : 0) | (endOfMedium ? 0x40 : 0) | (incorrectLength ? 0x20 : 0)
                | senseKey.code());
        ScsiBytes.put32(b, 3, information.orElse(0));
        b[7] = (byte) (FIXED_LENGTH - 8); // ADDITIONAL SENSE LENGTH
        ScsiBytes.put32(b, 8, commandSpecificInformation);
        b[12] = (byte) additionalSense.asc();
        b[13] = (byte) additionalSense.ascq();
        b[14] = (byte) fieldReplaceableUnitCode;
        senseKeySpecific.ifPresent(s -> ScsiBytes.put24(b, 15, s.value()));
        return b;
    }

    private byte[] toDescriptorBytes() {
        int len = 8;
        if (information.isPresent()) {
            len += 12;
        }
        if (commandSpecificInformation != 0) {
            len += 12;
        }
        if (senseKeySpecific.isPresent()) {
            len += 8;
        }
        if (fieldReplaceableUnitCode != 0) {
            len += 4;
        }
        for (SenseDescriptor d : otherDescriptors) {
            len += 2 + d.body().length();
        }
        if (len - 8 > 0xFF) {
            throw new IllegalStateException("descriptors exceed ADDITIONAL SENSE LENGTH 255");
        }
        byte[] b = new byte[len];
        b[0] = (byte) format.responseCode();
        b[1] = (byte) senseKey.code();
        b[2] = (byte) additionalSense.asc();
        b[3] = (byte) additionalSense.ascq();
        b[7] = (byte) (len - 8);
        int off = 8;
        if (information.isPresent()) { // SPC-4 §4.5.2.2
            b[off] = 0x00;
            b[off + 1] = 0x0A;
            b[off + 2] = (byte) 0x80;
            ScsiBytes.put64(b, off + 4, information.getAsLong());
            off += 12;
        }
        if (commandSpecificInformation != 0) { // SPC-4 §4.5.2.3
            b[off] = 0x01;
            b[off + 1] = 0x0A;
            ScsiBytes.put64(b, off + 4, commandSpecificInformation);
            off += 12;
        }
        if (senseKeySpecific.isPresent()) { // SPC-4 §4.5.2.4
            b[off] = 0x02;
            b[off + 1] = 0x06;
            ScsiBytes.put24(b, off + 4, senseKeySpecific.get().value());
            off += 8;
        }
        if (fieldReplaceableUnitCode != 0) { // SPC-4 §4.5.2.5
            b[off] = 0x03;
            b[off + 1] = 0x02;
            b[off + 3] = (byte) fieldReplaceableUnitCode;
            off += 4;
        }
        for (SenseDescriptor d : otherDescriptors) {
            b[off] = (byte) d.type();
            b[off + 1] = (byte) d.body().length();
            d.body().copyTo(b, off + 2);
            off += 2 + d.body().length();
        }
        return b;
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Parses sense data of either format. Fields past the ADDITIONAL SENSE LENGTH or the end of
     * {@code b} read as zero (SPC-4 §4.5.3 allows truncated fixed sense).
     *
     * @throws ScsiFormatException when the response code is not 0x70..0x73, fewer than 8 bytes are
     *     given, or a descriptor overruns the data
     */
    public static SenseData parse(byte[] b) {
        if (b.length < 8) {
            throw new ScsiFormatException("sense data shorter than 8 bytes: " + b.length,
                    FieldPointer.parameter(0), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        SenseFormat f = SenseFormat.ofResponseCode(b[0]);
        if (f == null) {
            throw new ScsiFormatException(String.format("sense RESPONSE CODE 0x%02X is not 70h..73h", b[0] & 0x7F),
                    FieldPointer.parameter(0, 6), AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        int end = Math.min(b.length, 8 + ScsiBytes.u8(b, 7));
        return f.isDescriptor() ? parseDescriptor(f, b, end) : parseFixed(f, b, end);
    }

    private static int at(byte[] b, int end, int off) {
        return off < end ? b[off] & 0xFF : 0;
    }

    private static SenseData parseFixed(SenseFormat f, byte[] b, int end) {
        boolean valid = (b[0] & 0x80) != 0;
        long info = ScsiBytes.u32(b, 3);
        long csi = ((long) at(b, end, 8) << 24) | (at(b, end, 9) << 16) | (at(b, end, 10) << 8) | at(b, end, 11);
        int sks = (at(b, end, 15) << 16) | (at(b, end, 16) << 8) | at(b, end, 17);
        return new SenseData(f, SenseKey.of(b[2]), AdditionalSense.of(at(b, end, 12), at(b, end, 13)),
                (b[2] & 0x80) != 0, (b[2] & 0x40) != 0, (b[2] & 0x20) != 0,
                valid ? OptionalLong.of(info) : OptionalLong.empty(), csi, at(b, end, 14),
                (sks & 0x80_0000) != 0 ? Optional.of(new SenseKeySpecific(sks)) : Optional.empty(), List.of());
    }

    private static SenseData parseDescriptor(SenseFormat f, byte[] b, int end) {
        OptionalLong info = OptionalLong.empty();
        long csi = 0;
        int fru = 0;
        Optional<SenseKeySpecific> sks = Optional.empty();
        List<SenseDescriptor> others = new ArrayList<>();
        int off = 8;
        while (off + 2 <= end) {
            int type = b[off] & 0xFF;
            int len = b[off + 1] & 0xFF;
            if (off + 2 + len > end) {
                throw new ScsiFormatException("sense descriptor 0x" + Integer.toHexString(type) + " overruns the data",
                        FieldPointer.parameter(off + 1), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
            }
            if (type == 0x00 && len == 0x0A) {
                if ((b[off + 2] & 0x80) != 0) {
                    info = OptionalLong.of(ScsiBytes.u64(b, off + 4));
                }
            } else if (type == 0x01 && len == 0x0A) {
                csi = ScsiBytes.u64(b, off + 4);
            } else if (type == 0x02 && len == 0x06) {
                int v = ScsiBytes.u24(b, off + 4);
                if ((v & 0x80_0000) != 0) {
                    sks = Optional.of(new SenseKeySpecific(v));
                }
            } else if (type == 0x03 && len == 0x02) {
                fru = b[off + 3] & 0xFF;
            } else {
                others.add(new SenseDescriptor(type, org.iscsilab.protocol.scsi.ImmutableBytes.of(b, off + 2, len)));
            }
            off += 2 + len;
        }
        return new SenseData(f, SenseKey.of(b[1]), AdditionalSense.of(b[2], b[3]), false, false, false, info, csi, fru,
                sks, others);
    }
}
