package org.iscsilab.protocol.codec;

import org.iscsilab.protocol.ProtocolException;

/**
 * A PDU that was framed correctly but cannot be accepted (for example a bad data digest): the
 * decoder emits this value instead of a PDU so that the receiver can answer with a Reject that
 * returns {@code header} (RFC 7143 §11.17). Connection-level errors are not values; they are
 * raised as {@link ProtocolException} through the pipeline and end the connection.
 */
public record PduDecodeError(byte[] header, ProtocolException error) {
  public PduDecodeError {
    header = header.clone();
  }

  @Override
  public byte[] header() {
    return header.clone();
  }

  /** Equal when the header bytes are, and the errors say the same thing (scope, clause, reason, message). */
  @Override
  public boolean equals(Object o) {
    return o instanceof PduDecodeError d && java.util.Arrays.equals(header, d.header)
        && error.scope() == d.error.scope() && error.clause().equals(d.error.clause())
        && error.rejectReason().equals(d.error.rejectReason()) && error.getMessage().equals(d.error.getMessage());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(header) * 31 + error.getMessage().hashCode();
  }

  @Override
  public String toString() {
    return "PduDecodeError[" + error.getMessage() + ", header " + header.length + " bytes]";
  }
}
