package org.iscsilab.initiator;

/** Which end of the connection owes the next PDU. */
public enum Side {
  INITIATOR,
  TARGET;

  @Override
  public String toString() {
    return this == INITIATOR ? "the initiator" : "the target";
  }
}
