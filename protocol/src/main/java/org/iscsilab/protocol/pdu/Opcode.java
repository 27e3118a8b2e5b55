package org.iscsilab.protocol.pdu;

/**
 * An iSCSI opcode (RFC 7143 §11.2.1.2): the low six bits of BHS byte 0. Open value type: an
 * opcode the RFC does not define is representable and printable.
 */
public record Opcode(int code) {

  public static final Opcode NOP_OUT = new Opcode(0x00);
  public static final Opcode SCSI_COMMAND = new Opcode(0x01);
  public static final Opcode TASK_MANAGEMENT_REQUEST = new Opcode(0x02);
  public static final Opcode LOGIN_REQUEST = new Opcode(0x03);
  public static final Opcode TEXT_REQUEST = new Opcode(0x04);
  public static final Opcode SCSI_DATA_OUT = new Opcode(0x05);
  public static final Opcode LOGOUT_REQUEST = new Opcode(0x06);
  public static final Opcode SNACK_REQUEST = new Opcode(0x10);
  public static final Opcode NOP_IN = new Opcode(0x20);
  public static final Opcode SCSI_RESPONSE = new Opcode(0x21);
  public static final Opcode TASK_MANAGEMENT_RESPONSE = new Opcode(0x22);
  public static final Opcode LOGIN_RESPONSE = new Opcode(0x23);
  public static final Opcode TEXT_RESPONSE = new Opcode(0x24);
  public static final Opcode SCSI_DATA_IN = new Opcode(0x25);
  public static final Opcode LOGOUT_RESPONSE = new Opcode(0x26);
  public static final Opcode R2T = new Opcode(0x31);
  public static final Opcode ASYNC_MESSAGE = new Opcode(0x32);
  public static final Opcode REJECT = new Opcode(0x3f);

  private static final String[] NAMES = new String[64];

  static {
    NAMES[0x00] = "NOP-Out";
    NAMES[0x01] = "SCSI Command";
    NAMES[0x02] = "Task Management Function Request";
    NAMES[0x03] = "Login Request";
    NAMES[0x04] = "Text Request";
    NAMES[0x05] = "SCSI Data-Out";
    NAMES[0x06] = "Logout Request";
    NAMES[0x10] = "SNACK Request";
    NAMES[0x20] = "NOP-In";
    NAMES[0x21] = "SCSI Response";
    NAMES[0x22] = "Task Management Function Response";
    NAMES[0x23] = "Login Response";
    NAMES[0x24] = "Text Response";
    NAMES[0x25] = "SCSI Data-In";
    NAMES[0x26] = "Logout Response";
    NAMES[0x31] = "R2T";
    NAMES[0x32] = "Asynchronous Message";
    NAMES[0x3f] = "Reject";
  }

  public Opcode {
    if (code < 0 || code > 0x3f) {
      throw new IllegalArgumentException("an iSCSI opcode has six bits; " + code + " does not fit");
    }
  }

  public static Opcode of(int code) {
    return new Opcode(code & 0x3f);
  }

  /** True for the opcodes RFC 7143 §11.2.1.2 defines. */
  public boolean isKnown() {
    return NAMES[code] != null;
  }

  /** Initiator opcodes are 0x00–0x1f, target opcodes 0x20–0x3f (RFC 7143 §11.2.1.2). */
  public boolean isInitiatorOpcode() {
    return code < 0x20;
  }

  /** Vendor-specific codes: 0x1c–0x1e (initiator) and 0x3c–0x3e (target). */
  public boolean isVendorSpecific() {
    return (code >= 0x1c && code <= 0x1e) || (code >= 0x3c && code <= 0x3e);
  }

  /**
   * True for the opcodes whose F bit is defined as always 1: every PDU except SCSI Command,
   * Login/Text Request/Response and Data-In/Out (RFC 7143 §11.2.1.3 and each PDU's layout).
   */
  public boolean hasFixedFinalBit() {
    return isKnown() && switch (code) {
      case 0x01, 0x03, 0x04, 0x05, 0x23, 0x24, 0x25 -> false;
      default -> true;
    };
  }

  public String name() {
    String n = NAMES[code];
    return n != null ? n : (isVendorSpecific() ? "Vendor-specific" : "Unknown");
  }

  @Override
  public String toString() {
    return name() + String.format(" (0x%02x)", code);
  }
}
