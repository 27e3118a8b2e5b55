package org.iscsilab.protocol.scsi.inquiry;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;

/**
 * Standard INQUIRY data (SPC-4 §6.6.2). Bytes 36-55 (vendor specific, obsolete SPI bits) and 56-57
 * are written as zero; version descriptors start at byte 58.
 *
 * @param peripheralQualifier PERIPHERAL QUALIFIER (0 connected, 1 not connected, 3 no LU)
 * @param peripheralDeviceType PERIPHERAL DEVICE TYPE (0 direct access block device)
 * @param rmb RMB: removable medium
 * @param version VERSION (0x06 = SPC-4)
 * @param normaca NORMACA
 * @param hisup HISUP: hierarchical LUN addressing
 * @param responseDataFormat RESPONSE DATA FORMAT (2)
 * @param sccs SCCS
 * @param acc ACC
 * @param tpgs TPGS, 0..3 (ALUA support)
 * @param thirdPartyCopy 3PC
 * @param protect PROTECT
 * @param encserv ENCSERV
 * @param multip MULTIP
 * @param cmdque CMDQUE: command queuing (must be 1 for SPC-4 devices)
 * @param vendor T10 VENDOR IDENTIFICATION, 8 ASCII bytes (space padded when shorter)
 * @param product PRODUCT IDENTIFICATION, 16 ASCII bytes
 * @param revision PRODUCT REVISION LEVEL, 4 ASCII bytes
 * @param versionDescriptors VERSION DESCRIPTORs (up to 8; zero entries are kept)
 */
public record StandardInquiryData(int peripheralQualifier, int peripheralDeviceType, boolean rmb, int version,
        boolean normaca, boolean hisup, int responseDataFormat, boolean sccs, boolean acc, int tpgs,
        boolean thirdPartyCopy, boolean protect, boolean encserv, boolean multip, boolean cmdque, String vendor,
        String product, String revision, List<Integer> versionDescriptors) {

    /** VERSION for SPC-4. */
    public static final int VERSION_SPC4 = 0x06;
    /** Length without version descriptors (SPC-4: at least 36 bytes). */
    public static final int MINIMUM_LENGTH = 36;

    public StandardInquiryData {
        ScsiBytes.checkRange("peripheral qualifier", peripheralQualifier, 7);
        ScsiBytes.checkRange("peripheral device type", peripheralDeviceType, 0x1F);
        ScsiBytes.checkRange("version", version, 0xFF);
        ScsiBytes.checkRange("response data format", responseDataFormat, 0xF);
        ScsiBytes.checkRange("TPGS", tpgs, 3);
        checkAscii("vendor", vendor, 8);
        checkAscii("product", product, 16);
        checkAscii("revision", revision, 4);
        versionDescriptors = List.copyOf(versionDescriptors);
        if (versionDescriptors.size() > 8) {
            throw new IllegalArgumentException("at most 8 version descriptors");
        }
        versionDescriptors.forEach(v -> ScsiBytes.checkRange("version descriptor", v, 0xFFFF));
    }

    private static void checkAscii(String field, String s, int max) {
        if (s.length() > max || !s.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException(field + " must be at most " + max + " printable ASCII chars: " + s);
        }
    }

    /**
     * A connected direct-access block device, SPC-4, HiSup, format 2, CmdQue, with the given
     * identification and version descriptors (e.g. 0x0460 SPC-4, 0x04C0 SBC-3, 0x0960 iSCSI).
     */
    public static StandardInquiryData directAccess(String vendor, String product, String revision,
            List<Integer> versionDescriptors) {
        return new StandardInquiryData(0, 0, false, VERSION_SPC4, false, true, 2, false, false, 0, false, false,
                false, false, true, vendor, product, revision, versionDescriptors);
    }

    /** Length of {@link #toBytes()}. */
    public int length() {
        return versionDescriptors.isEmpty() ? MINIMUM_LENGTH : 58 + 2 * versionDescriptors.size();
    }

    /** The INQUIRY data; vendor/product/revision are space padded (SPC-4 §4.4.1). */
    public byte[] toBytes() {
        byte[] b = new byte[length()];
        b[0] = (byte) ((peripheralQualifier << 5) | peripheralDeviceType);
        b[1] = (byte) (rmb ? 0x80 : 0);
        b[2] = (byte) version;
        b[3] = (byte) ((normaca ? 0x20 : 0) | (hisup ? 0x10 : 0) | responseDataFormat);
        b[4] = (byte) (b.length - 5); // ADDITIONAL LENGTH
        b[5] = (byte) ((sccs ? 0x80 : 0) | (acc ? 0x40 : 0) | (tpgs << 4) | (thirdPartyCopy ? 0x08 : 0)
                | (protect ? 0x01 : 0));
        b[6] = (byte) ((encserv ? 0x40 : 0) | (multip ? 0x10 : 0));
        b[7] = (byte) (cmdque ? 0x02 : 0);
        ScsiBytes.putAscii(b, 8, 8, vendor);
        ScsiBytes.putAscii(b, 16, 16, product);
        ScsiBytes.putAscii(b, 32, 4, revision);
        for (int i = 0; i < versionDescriptors.size(); i++) {
            ScsiBytes.put16(b, 58 + 2 * i, versionDescriptors.get(i));
        }
        return b;
    }

    /**
     * Parses standard INQUIRY data. Truncated data (an allocation length below 36) is accepted
     * down to 5 bytes; missing fields read as zero/blank. Trailing spaces of the ASCII fields are
     * kept as sent, except that a fully built record pads them back.
     *
     * @throws ScsiFormatException when fewer than 5 bytes are given
     */
    public static StandardInquiryData parse(byte[] b) {
        if (b.length < 5) {
            throw new ScsiFormatException("standard INQUIRY data shorter than 5 bytes: " + b.length,
                    FieldPointer.parameter(0), AdditionalSense.PARAMETER_LIST_LENGTH_ERROR);
        }
        int end = Math.min(b.length, 5 + ScsiBytes.u8(b, 4));
        byte[] p = java.util.Arrays.copyOf(b, Math.max(end, MINIMUM_LENGTH));
        java.util.Arrays.fill(p, end, p.length, (byte) 0);
        List<Integer> descriptors = new ArrayList<>();
        for (int off = 58; off + 2 <= end && descriptors.size() < 8; off += 2) {
            descriptors.add(ScsiBytes.u16(p, off));
        }
        return new StandardInquiryData(ScsiBytes.bits(p, 0, 7, 5), ScsiBytes.bits(p, 0, 4, 0),
                ScsiBytes.bit(p, 1, 7), ScsiBytes.u8(p, 2), ScsiBytes.bit(p, 3, 5), ScsiBytes.bit(p, 3, 4),
                ScsiBytes.bits(p, 3, 3, 0), ScsiBytes.bit(p, 5, 7), ScsiBytes.bit(p, 5, 6),
                ScsiBytes.bits(p, 5, 5, 4), ScsiBytes.bit(p, 5, 3), ScsiBytes.bit(p, 5, 0), ScsiBytes.bit(p, 6, 6),
                ScsiBytes.bit(p, 6, 4), ScsiBytes.bit(p, 7, 1), text(p, 8, 8), text(p, 16, 16), text(p, 32, 4),
                descriptors);
    }

    /** ASCII field with trailing spaces and NULs stripped, non-printables replaced by '?'. */
    private static String text(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int c = b[off + i] & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : c == 0 ? ' ' : '?');
        }
        return sb.toString().stripTrailing();
    }
}
