package org.iscsilab.protocol.pdu;

/** The Response field of a Task Management Function Response (RFC 7143 §11.6.1). Open value type. */
public record TaskManagementResponseCode(int code) {
  public static final TaskManagementResponseCode FUNCTION_COMPLETE = new TaskManagementResponseCode(0);
  public static final TaskManagementResponseCode TASK_DOES_NOT_EXIST = new TaskManagementResponseCode(1);
  public static final TaskManagementResponseCode LUN_DOES_NOT_EXIST = new TaskManagementResponseCode(2);
  public static final TaskManagementResponseCode TASK_STILL_ALLEGIANT = new TaskManagementResponseCode(3);
  public static final TaskManagementResponseCode TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED =
      new TaskManagementResponseCode(4);
  public static final TaskManagementResponseCode FUNCTION_NOT_SUPPORTED = new TaskManagementResponseCode(5);
  public static final TaskManagementResponseCode FUNCTION_AUTHORIZATION_FAILED = new TaskManagementResponseCode(6);
  public static final TaskManagementResponseCode FUNCTION_REJECTED = new TaskManagementResponseCode(255);

  @Override
  public String toString() {
    return switch (code) {
      case 0 -> "Function complete";
      case 1 -> "Task does not exist";
      case 2 -> "LUN does not exist";
      case 3 -> "Task still allegiant";
      case 4 -> "Task allegiance reassignment not supported";
      case 5 -> "Task management function not supported";
      case 6 -> "Function authorization failed";
      case 255 -> "Function rejected";
      default -> "Response(" + code + ")";
    };
  }
}
