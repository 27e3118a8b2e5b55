package org.iscsilab.protocol.pdu;

/** The Type field of a SNACK Request (RFC 7143 §11.16.1). Open value type. */
public record SnackType(int code) {
  public static final SnackType DATA_R2T = new SnackType(0);
  public static final SnackType STATUS = new SnackType(1);
  public static final SnackType DATA_ACK = new SnackType(2);
  public static final SnackType R_DATA = new SnackType(3);

  public SnackType {
    if (code < 0 || code > 15) {
      throw new IllegalArgumentException("SNACK Type has four bits; " + code + " does not fit");
    }
  }

  @Override
  public String toString() {
    return switch (code) {
      case 0 -> "Data/R2T SNACK";
      case 1 -> "Status SNACK";
      case 2 -> "DataACK";
      case 3 -> "R-Data SNACK";
      default -> "Type(" + code + ")";
    };
  }
}
