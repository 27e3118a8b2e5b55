package org.iscsilab.initiator.scsi;

import java.nio.charset.StandardCharsets;

/**
 * The fields of standard INQUIRY data people ask for (SPC-4 §6.6.2).
 *
 * @param peripheralQualifier PERIPHERAL QUALIFIER
 * @param deviceType          PERIPHERAL DEVICE TYPE (0 disk, 0x0c controller...)
 * @param version             VERSION
 * @param vendor              T10 VENDOR IDENTIFICATION
 * @param product             PRODUCT IDENTIFICATION
 * @param revision            PRODUCT REVISION LEVEL
 * @param raw                 the bytes returned
 */
public record InquiryData(int peripheralQualifier, int deviceType, int version, String vendor, String product,
    String revision, byte[] raw) {

  static InquiryData parse(byte[] d) {
    try {
      var q = org.iscsilab.protocol.scsi.inquiry.StandardInquiryData.parse(d);
      return new InquiryData(q.peripheralQualifier(), q.peripheralDeviceType(), q.version(), q.vendor().trim(),
          q.product().trim(), q.revision().trim(), d.clone());
    } catch (RuntimeException e) {
      // lenient fallback below
    }
    if (d.length < 5) {
      throw new IllegalArgumentException("standard INQUIRY data needs at least 5 bytes, got " + d.length);
    }
    return new InquiryData((d[0] & 0xe0) >> 5, d[0] & 0x1f, d[2] & 0xff, ascii(d, 8, 16), ascii(d, 16, 32),
        ascii(d, 32, 36), d.clone());
  }

  private static String ascii(byte[] d, int from, int to) {
    if (d.length <= from) {
      return "";
    }
    return new String(d, from, Math.min(d.length, to) - from, StandardCharsets.US_ASCII).trim();
  }

  /** E.g. "direct access block device". */
  public String deviceTypeName() {
    return switch (deviceType) {
      case 0x00 -> "direct access block device";
      case 0x05 -> "CD/DVD device";
      case 0x0c -> "storage array controller";
      case 0x0d -> "enclosure services device";
      case 0x1f -> "unknown or no device type";
      default -> String.format("device type 0x%02x", deviceType);
    };
  }
}
