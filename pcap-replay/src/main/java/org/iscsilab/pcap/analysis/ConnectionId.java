package org.iscsilab.pcap.analysis;

/** A TCP connection seen in a capture, named by its initiator and target endpoints. */
public record ConnectionId(String initiatorAddress, int initiatorPort, String targetAddress, int targetPort) {

  // equals and hashCode written out: a record's generated ones bootstrap method handles at their
  // first call, which costs a short `replay inspect` run several milliseconds.
  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionId c && c.initiatorPort == initiatorPort && c.targetPort == targetPort
        && c.initiatorAddress.equals(initiatorAddress) && c.targetAddress.equals(targetAddress);
  }

  @Override
  public int hashCode() {
    return ((initiatorAddress.hashCode() * 31 + initiatorPort) * 31 + targetAddress.hashCode()) * 31 + targetPort;
  }

  @Override
  public String toString() {
    return endpoint(initiatorAddress, initiatorPort) + " → " + endpoint(targetAddress, targetPort);
  }

  private static String endpoint(String addr, int port) {
    return (addr.indexOf(':') >= 0 ? "[" + addr + "]" : addr) + ":" + port;
  }
}
