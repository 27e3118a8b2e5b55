package org.iscsilab.protocol.pdu;

/**
 * Status-Class and Status-Detail of a Login Response (RFC 7143 §11.13.5). Open value type with
 * the RFC's names.
 */
public record LoginStatus(int statusClass, int statusDetail) {
  public static final LoginStatus SUCCESS = new LoginStatus(0x00, 0x00);
  public static final LoginStatus TARGET_MOVED_TEMPORARILY = new LoginStatus(0x01, 0x01);
  public static final LoginStatus TARGET_MOVED_PERMANENTLY = new LoginStatus(0x01, 0x02);
  public static final LoginStatus INITIATOR_ERROR = new LoginStatus(0x02, 0x00);
  public static final LoginStatus AUTHENTICATION_FAILURE = new LoginStatus(0x02, 0x01);
  public static final LoginStatus AUTHORIZATION_FAILURE = new LoginStatus(0x02, 0x02);
  public static final LoginStatus NOT_FOUND = new LoginStatus(0x02, 0x03);
  public static final LoginStatus TARGET_REMOVED = new LoginStatus(0x02, 0x04);
  public static final LoginStatus UNSUPPORTED_VERSION = new LoginStatus(0x02, 0x05);
  public static final LoginStatus TOO_MANY_CONNECTIONS = new LoginStatus(0x02, 0x06);
  public static final LoginStatus MISSING_PARAMETER = new LoginStatus(0x02, 0x07);
  public static final LoginStatus CANT_INCLUDE_IN_SESSION = new LoginStatus(0x02, 0x08);
  public static final LoginStatus SESSION_TYPE_NOT_SUPPORTED = new LoginStatus(0x02, 0x09);
  public static final LoginStatus SESSION_DOES_NOT_EXIST = new LoginStatus(0x02, 0x0a);
  public static final LoginStatus INVALID_DURING_LOGIN = new LoginStatus(0x02, 0x0b);
  public static final LoginStatus TARGET_ERROR = new LoginStatus(0x03, 0x00);
  public static final LoginStatus SERVICE_UNAVAILABLE = new LoginStatus(0x03, 0x01);
  public static final LoginStatus OUT_OF_RESOURCES = new LoginStatus(0x03, 0x02);

  public boolean isSuccess() {
    return statusClass == 0;
  }

  public String className() {
    return switch (statusClass) {
      case 0 -> "Success";
      case 1 -> "Redirection";
      case 2 -> "Initiator Error";
      case 3 -> "Target Error";
      default -> "Unknown class";
    };
  }

  public String detailName() {
    int key = (statusClass << 8) | statusDetail;
    return switch (key) {
      case 0x0000 -> "Success";
      case 0x0101 -> "Target moved temporarily";
      case 0x0102 -> "Target moved permanently";
      case 0x0200 -> "Initiator error (miscellaneous)";
      case 0x0201 -> "Authentication failure";
      case 0x0202 -> "Authorization failure";
      case 0x0203 -> "Not found";
      case 0x0204 -> "Target removed";
      case 0x0205 -> "Unsupported version";
      case 0x0206 -> "Too many connections";
      case 0x0207 -> "Missing parameter";
      case 0x0208 -> "Can't include in session";
      case 0x0209 -> "Session type not supported";
      case 0x020a -> "Session does not exist";
      case 0x020b -> "Invalid during login";
      case 0x0300 -> "Target error (miscellaneous)";
      case 0x0301 -> "Service unavailable";
      case 0x0302 -> "Out of resources";
      default -> "Unknown detail";
    };
  }

  @Override
  public String toString() {
    return String.format("%s: %s (0x%02x%02x)", className(), detailName(), statusClass, statusDetail);
  }
}
