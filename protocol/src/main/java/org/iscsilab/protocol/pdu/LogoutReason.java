package org.iscsilab.protocol.pdu;

/** The Reason Code of a Logout Request (RFC 7143 §11.14.1). Open value type. */
public record LogoutReason(int code) {
  public static final LogoutReason CLOSE_SESSION = new LogoutReason(0);
  public static final LogoutReason CLOSE_CONNECTION = new LogoutReason(1);
  public static final LogoutReason REMOVE_CONNECTION_FOR_RECOVERY = new LogoutReason(2);

  @Override
  public String toString() {
    return switch (code) {
      case 0 -> "close the session";
      case 1 -> "close the connection";
      case 2 -> "remove the connection for recovery";
      default -> "Reason(" + code + ")";
    };
  }
}
