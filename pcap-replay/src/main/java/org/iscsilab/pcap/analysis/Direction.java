package org.iscsilab.pcap.analysis;

/** Which way a PDU travelled on a connection. */
public enum Direction {
  INITIATOR_TO_TARGET("initiator → target"),
  TARGET_TO_INITIATOR("target → initiator");

  private final String text;

  Direction(String text) {
    this.text = text;
  }

  @Override
  public String toString() {
    return text;
  }
}
