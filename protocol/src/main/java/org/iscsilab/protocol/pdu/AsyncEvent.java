package org.iscsilab.protocol.pdu;

/** The AsyncEvent field of an Asynchronous Message (RFC 7143 §11.9.1). Open value type. */
public record AsyncEvent(int code) {
  public static final AsyncEvent SCSI_ASYNC_EVENT = new AsyncEvent(0);
  public static final AsyncEvent LOGOUT_REQUESTED = new AsyncEvent(1);
  public static final AsyncEvent CONNECTION_DROPPED = new AsyncEvent(2);
  public static final AsyncEvent SESSION_DROPPED = new AsyncEvent(3);
  public static final AsyncEvent RENEGOTIATE = new AsyncEvent(4);
  public static final AsyncEvent TASK_TERMINATION = new AsyncEvent(5);
  public static final AsyncEvent VENDOR_SPECIFIC = new AsyncEvent(255);

  @Override
  public String toString() {
    return switch (code) {
      case 0 -> "SCSI asynchronous event";
      case 1 -> "target requests Logout";
      case 2 -> "target will drop the connection";
      case 3 -> "target will drop all connections of the session";
      case 4 -> "target requests parameter negotiation";
      case 5 -> "all active tasks on the connection will be terminated";
      case 255 -> "vendor-specific";
      default -> "AsyncEvent(" + code + ")";
    };
  }
}
