package org.iscsilab.protocol.pdu;

/** The Response field of a Logout Response (RFC 7143 §11.15.1). Open value type. */
public record LogoutResponseCode(int code) {
  public static final LogoutResponseCode CLOSED_SUCCESSFULLY = new LogoutResponseCode(0);
  public static final LogoutResponseCode CID_NOT_FOUND = new LogoutResponseCode(1);
  public static final LogoutResponseCode RECOVERY_NOT_SUPPORTED = new LogoutResponseCode(2);
  public static final LogoutResponseCode CLEANUP_FAILED = new LogoutResponseCode(3);

  @Override
  public String toString() {
    return switch (code) {
      case 0 -> "connection or session closed successfully";
      case 1 -> "CID not found";
      case 2 -> "connection recovery is not supported";
      case 3 -> "cleanup failed for various reasons";
      default -> "Response(" + code + ")";
    };
  }
}
