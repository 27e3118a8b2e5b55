package org.iscsilab.pcap.analysis;

/** The party a finding blames, or that owes the next PDU. */
public enum Side {
  INITIATOR,
  TARGET;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
