package org.iscsilab.protocol.pdu;

/** Login stage in CSG/NSG (RFC 7143 §11.12.3). Open value type: the reserved value 2 is representable. */
public record Stage(int code) {
  public static final Stage SECURITY_NEGOTIATION = new Stage(0);
  public static final Stage LOGIN_OPERATIONAL_NEGOTIATION = new Stage(1);
  public static final Stage FULL_FEATURE_PHASE = new Stage(3);

  public Stage {
    if (code < 0 || code > 3) {
      throw new IllegalArgumentException("a login stage has two bits; " + code + " does not fit");
    }
  }

  public boolean isReserved() {
    return code == 2;
  }

  @Override
  public String toString() {
    return switch (code) {
      case 0 -> "SecurityNegotiation";
      case 1 -> "LoginOperationalNegotiation";
      case 3 -> "FullFeaturePhase";
      default -> "Reserved(2)";
    };
  }
}
