package org.iscsilab.protocol.pdu;

/** The ATTR field of a SCSI Command (RFC 7143 §11.3.1; SAM task attributes). Open value type. */
public record TaskAttribute(int code) {
  public static final TaskAttribute UNTAGGED = new TaskAttribute(0);
  public static final TaskAttribute SIMPLE = new TaskAttribute(1);
  public static final TaskAttribute ORDERED = new TaskAttribute(2);
  public static final TaskAttribute HEAD_OF_QUEUE = new TaskAttribute(3);
  public static final TaskAttribute ACA = new TaskAttribute(4);

  public TaskAttribute {
    if (code < 0 || code > 7) {
      throw new IllegalArgumentException("ATTR has three bits; " + code + " does not fit");
    }
  }

  /** The attribute in the low three bits of a SCSI Command's byte 1 (F, R and W bits masked off). */
  public static TaskAttribute of(int attrField) {
    return new TaskAttribute(attrField & 7);
  }

  @Override
  public String toString() {
    return switch (code) {
      case 0 -> "Untagged";
      case 1 -> "Simple";
      case 2 -> "Ordered";
      case 3 -> "Head of Queue";
      case 4 -> "ACA";
      default -> "Reserved(" + code + ")";
    };
  }
}
