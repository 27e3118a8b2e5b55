package org.iscsilab.protocol.pdu;

/** Which end of a connection sends a PDU: opcodes 0x00–0x1f are the initiator's, 0x20–0x3f the target's. */
public enum Sender {
  INITIATOR,
  TARGET;

  /** The sender of {@code opcode} (RFC 7143 §11.2.1.2). */
  public static Sender of(Opcode opcode) {
    return opcode.isInitiatorOpcode() ? INITIATOR : TARGET;
  }

  public Sender peer() {
    return this == INITIATOR ? TARGET : INITIATOR;
  }
}
