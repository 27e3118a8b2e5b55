package org.iscsilab.protocol.pdu;

/** The Reason field of a Reject PDU (RFC 7143 §11.17.1). Open value type. */
public record RejectReason(int code) {
  public static final RejectReason DATA_DIGEST_ERROR = new RejectReason(0x02);
  public static final RejectReason SNACK_REJECT = new RejectReason(0x03);
  public static final RejectReason PROTOCOL_ERROR = new RejectReason(0x04);
  public static final RejectReason COMMAND_NOT_SUPPORTED = new RejectReason(0x05);
  public static final RejectReason IMMEDIATE_COMMAND_REJECT = new RejectReason(0x06);
  public static final RejectReason TASK_IN_PROGRESS = new RejectReason(0x07);
  public static final RejectReason INVALID_DATA_ACK = new RejectReason(0x08);
  public static final RejectReason INVALID_PDU_FIELD = new RejectReason(0x09);
  public static final RejectReason LONG_OPERATION_REJECT = new RejectReason(0x0a);
  public static final RejectReason DEPRECATED_NEGOTIATION_RESET = new RejectReason(0x0b);
  public static final RejectReason WAITING_FOR_LOGOUT = new RejectReason(0x0c);

  @Override
  public String toString() {
    String n = switch (code) {
      case 0x01 -> "Reserved";
      case 0x02 -> "Data (payload) digest error";
      case 0x03 -> "SNACK Reject";
      case 0x04 -> "Protocol Error";
      case 0x05 -> "Command not supported";
      case 0x06 -> "Immediate command reject - too many immediate commands";
      case 0x07 -> "Task in progress";
      case 0x08 -> "Invalid data ack";
      case 0x09 -> "Invalid PDU field";
      case 0x0a -> "Long op reject - Can't generate Target Transfer Tag - out of resources";
      case 0x0b -> "Deprecated (Negotiation Reset)";
      case 0x0c -> "Waiting for Logout";
      default -> "Unknown";
    };
    return n + String.format(" (0x%02x)", code);
  }
}
