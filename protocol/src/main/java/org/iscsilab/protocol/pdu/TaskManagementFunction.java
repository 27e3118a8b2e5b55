package org.iscsilab.protocol.pdu;

/** The Function field of a Task Management Function Request (RFC 7143 §11.5.1). Open value type. */
public record TaskManagementFunction(int code) {
  public static final TaskManagementFunction ABORT_TASK = new TaskManagementFunction(1);
  public static final TaskManagementFunction ABORT_TASK_SET = new TaskManagementFunction(2);
  public static final TaskManagementFunction CLEAR_ACA = new TaskManagementFunction(3);
  public static final TaskManagementFunction CLEAR_TASK_SET = new TaskManagementFunction(4);
  public static final TaskManagementFunction LOGICAL_UNIT_RESET = new TaskManagementFunction(5);
  public static final TaskManagementFunction TARGET_WARM_RESET = new TaskManagementFunction(6);
  public static final TaskManagementFunction TARGET_COLD_RESET = new TaskManagementFunction(7);
  public static final TaskManagementFunction TASK_REASSIGN = new TaskManagementFunction(8);

  public TaskManagementFunction {
    if (code < 0 || code > 0x7f) {
      throw new IllegalArgumentException("Function has seven bits; " + code + " does not fit");
    }
  }

  @Override
  public String toString() {
    return switch (code) {
      case 1 -> "ABORT TASK";
      case 2 -> "ABORT TASK SET";
      case 3 -> "CLEAR ACA";
      case 4 -> "CLEAR TASK SET";
      case 5 -> "LOGICAL UNIT RESET";
      case 6 -> "TARGET WARM RESET";
      case 7 -> "TARGET COLD RESET";
      case 8 -> "TASK REASSIGN";
      default -> "Function(" + code + ")";
    };
  }
}
