package org.iscsilab.protocol.scsi.inquiry;

import java.nio.charset.StandardCharsets;
import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.ScsiBytes;

/**
 * One designation descriptor of the Device Identification VPD page (SPC-4 §7.8.6.1).
 *
 * @param protocolIdentifier PROTOCOL IDENTIFIER (5 = iSCSI), meaningful only with {@code piv}
 * @param codeSet CODE SET (1 binary, 2 ASCII, 3 UTF-8)
 * @param piv PIV
 * @param association ASSOCIATION (0 logical unit, 1 target port, 2 target device)
 * @param designatorType DESIGNATOR TYPE (1 T10 vendor ID, 3 NAA, 4 relative target port,
 *     5 target port group, 8 SCSI name string)
 * @param designator the DESIGNATOR bytes
 */
public record Designator(int protocolIdentifier, int codeSet, boolean piv, int association, int designatorType,
        ImmutableBytes designator) {
    public static final int CODE_SET_BINARY = 1;
    public static final int CODE_SET_ASCII = 2;
    public static final int CODE_SET_UTF8 = 3;
    public static final int ASSOCIATION_LOGICAL_UNIT = 0;
    public static final int ASSOCIATION_TARGET_PORT = 1;
    public static final int ASSOCIATION_TARGET_DEVICE = 2;
    public static final int TYPE_VENDOR_SPECIFIC = 0;
    public static final int TYPE_T10_VENDOR_ID = 1;
    public static final int TYPE_EUI64 = 2;
    public static final int TYPE_NAA = 3;
    public static final int TYPE_RELATIVE_TARGET_PORT = 4;
    public static final int TYPE_TARGET_PORT_GROUP = 5;
    public static final int TYPE_LOGICAL_UNIT_GROUP = 6;
    public static final int TYPE_MD5_LU_ID = 7;
    public static final int TYPE_SCSI_NAME_STRING = 8;
    /** PROTOCOL IDENTIFIER for iSCSI (SPC-4 §7.6.1, table 362). */
    public static final int PROTOCOL_ISCSI = 5;

    public Designator {
        ScsiBytes.checkRange("protocol identifier", protocolIdentifier, 0xF);
        ScsiBytes.checkRange("code set", codeSet, 0xF);
        ScsiBytes.checkRange("association", association, 3);
        ScsiBytes.checkRange("designator type", designatorType, 0xF);
        ScsiBytes.checkRange("designator length", designator.length(), 0xFF);
    }

    /**
     * NAA IEEE Registered Extended (NAA 6, 16 bytes; SPC-4 §7.8.6.6.5) for the logical unit.
     *
     * @param ieeeCompanyId 24-bit IEEE company ID (OUI)
     * @param vendorSpecificId 36-bit VENDOR SPECIFIC IDENTIFIER
     * @param vendorSpecificIdExtension 64-bit VENDOR SPECIFIC IDENTIFIER EXTENSION
     */
    public static Designator naaRegisteredExtended(int ieeeCompanyId, long vendorSpecificId,
            long vendorSpecificIdExtension) {
        ScsiBytes.checkRange("IEEE company ID", ieeeCompanyId, 0xFF_FFFF);
        ScsiBytes.checkRange("vendor specific ID", vendorSpecificId, 0xF_FFFF_FFFFL);
        byte[] d = new byte[16];
        // NAA=6 (4 bits) | company ID (24 bits) | vendor specific ID (36 bits)
        long hi = (6L << 60) | ((long) ieeeCompanyId << 36) | vendorSpecificId;
        ScsiBytes.put64(d, 0, hi);
        ScsiBytes.put64(d, 8, vendorSpecificIdExtension);
        return new Designator(0, CODE_SET_BINARY, false, ASSOCIATION_LOGICAL_UNIT, TYPE_NAA, ImmutableBytes.of(d));
    }

    /** T10 vendor ID based designator (SPC-4 §7.8.6.4): 8-byte vendor then vendor specific ASCII. */
    public static Designator t10VendorId(String vendor, String vendorSpecific) {
        byte[] d = new byte[8 + vendorSpecific.length()];
        ScsiBytes.putAscii(d, 0, 8, vendor);
        ScsiBytes.putAscii(d, 8, vendorSpecific.length(), vendorSpecific);
        return new Designator(0, CODE_SET_ASCII, false, ASSOCIATION_LOGICAL_UNIT, TYPE_T10_VENDOR_ID,
                ImmutableBytes.of(d));
    }

    /**
     * SCSI name string designator (SPC-4 §7.8.6.11): UTF-8, NUL terminated, padded to a multiple of
     * 4, with protocol identifier iSCSI and PIV set. For a target port the iSCSI name takes the
     * form {@code iqn...,t,0x0001}; for the target device the plain iSCSI name.
     */
    public static Designator scsiNameString(String name, int association) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int len = (utf8.length + 1 + 3) & ~3; // NUL terminator, then pad to 4 (SPC-4 §7.8.6.11)
        byte[] d = new byte[len];
        System.arraycopy(utf8, 0, d, 0, utf8.length);
        return new Designator(PROTOCOL_ISCSI, CODE_SET_UTF8, true, association, TYPE_SCSI_NAME_STRING,
                ImmutableBytes.of(d));
    }

    /** Relative target port designator (SPC-4 §7.8.6.7), association target port, iSCSI. */
    public static Designator relativeTargetPort(int relativePortId) {
        byte[] d = new byte[4];
        ScsiBytes.put16(d, 2, ScsiBytes.checkRange("relative port", relativePortId, 0xFFFF));
        return new Designator(PROTOCOL_ISCSI, CODE_SET_BINARY, true, ASSOCIATION_TARGET_PORT,
                TYPE_RELATIVE_TARGET_PORT, ImmutableBytes.of(d));
    }

    /** Target port group designator (SPC-4 §7.8.6.8), association target port, iSCSI. */
    public static Designator targetPortGroup(int group) {
        byte[] d = new byte[4];
        ScsiBytes.put16(d, 2, ScsiBytes.checkRange("target port group", group, 0xFFFF));
        return new Designator(PROTOCOL_ISCSI, CODE_SET_BINARY, true, ASSOCIATION_TARGET_PORT, TYPE_TARGET_PORT_GROUP,
                ImmutableBytes.of(d));
    }

    /** The NAA field (top 4 bits) of an NAA designator, else -1. */
    public int naa() {
        return designatorType == TYPE_NAA && designator.length() > 0 ? designator.get(0) >> 4 : -1;
    }

    /** The designator as text for ASCII/UTF-8 code sets (NULs stripped), else hex. */
    public String text() {
        if (codeSet == CODE_SET_ASCII || codeSet == CODE_SET_UTF8) {
            return new String(designator.toArray(), StandardCharsets.UTF_8).replace("\0", "");
        }
        return designator.toString();
    }

    /** The 16-bit value of a relative target port or target port group designator, else -1. */
    public int portOrGroup() {
        return (designatorType == TYPE_RELATIVE_TARGET_PORT || designatorType == TYPE_TARGET_PORT_GROUP)
                && designator.length() == 4 ? (designator.get(2) << 8) | designator.get(3) : -1;
    }

    /** 4-byte header plus designator. */
    public int length() {
        return 4 + designator.length();
    }

    void write(byte[] b, int off) {
        b[off] = (byte) ((protocolIdentifier << 4) | codeSet);
        b[off + 1] = (byte) ((piv ? 0x80 : 0) | (association << 4) | designatorType);
        b[off + 3] = (byte) designator.length();
        designator.copyTo(b, off + 4);
    }

    @Override
    public String toString() {
        String kind = switch (designatorType) {
            case TYPE_T10_VENDOR_ID -> "T10 vendor ID";
            case TYPE_EUI64 -> "EUI-64";
            case TYPE_NAA -> "NAA " + naa();
            case TYPE_RELATIVE_TARGET_PORT -> "relative target port";
            case TYPE_TARGET_PORT_GROUP -> "target port group";
            case TYPE_LOGICAL_UNIT_GROUP -> "logical unit group";
            case TYPE_MD5_LU_ID -> "MD5 LU ID";
            case TYPE_SCSI_NAME_STRING -> "SCSI name string";
            default -> "type " + designatorType;
        };
        String assoc = switch (association) {
            case 0 -> "LU";
            case 1 -> "port";
            case 2 -> "device";
            default -> "assoc 3";
        };
        String value = portOrGroup() >= 0 ? Integer.toString(portOrGroup()) : text();
        return kind + " (" + assoc + (piv ? ", protocol " + protocolIdentifier : "") + "): " + value;
    }
}
