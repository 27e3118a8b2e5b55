package org.iscsilab.protocol;

import java.util.Optional;
import org.iscsilab.protocol.pdu.RejectReason;

/**
 * A violation of the iSCSI protocol found while decoding or checking what a peer sent. Typed
 * and scoped (style.md §6): a {@link Scope#CONNECTION connection-level} error (header digest,
 * framing, a length that cannot be trusted) means the byte stream can no longer be followed; a
 * {@link Scope#PDU PDU-level} one (data digest, a bad field) means the PDU can be answered with
 * a Reject, whose reason is given. The message names the RFC clause. No stack trace is filled
 * in: these are values describing a peer's behaviour, not bugs in our code.
 */
public class ProtocolException extends RuntimeException {

  /** How much of the conversation the error spoils. */
  public enum Scope {
    /** The stream cannot be followed past this point: close the connection (RFC 7143 §7.8). */
    CONNECTION,
    /** Only this PDU is bad: answer with a Reject and go on. */
    PDU
  }

  private final Scope scope;
  private final String clause;
  private final RejectReason rejectReason;

  public ProtocolException(Scope scope, String clause, RejectReason rejectReason, String message) {
    super(message + " (" + clause + ")", null, false, false);
    this.scope = scope;
    this.clause = clause;
    this.rejectReason = rejectReason;
  }

  public static ProtocolException connection(String clause, String message) {
    return new ProtocolException(Scope.CONNECTION, clause, null, message);
  }

  public static ProtocolException pdu(String clause, RejectReason reason, String message) {
    return new ProtocolException(Scope.PDU, clause, reason, message);
  }

  public Scope scope() {
    return scope;
  }

  /** The clause enforced, e.g. "RFC 7143 §11.2.2". */
  public String clause() {
    return clause;
  }

  /** For a PDU-level error, the Reject reason that applies. */
  public Optional<RejectReason> rejectReason() {
    return Optional.ofNullable(rejectReason);
  }
}
