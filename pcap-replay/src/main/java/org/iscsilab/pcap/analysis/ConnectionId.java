package org.iscsilab.pcap.analysis;

/** A TCP connection seen in a capture, named by its initiator and target endpoints. */
public record ConnectionId(String initiatorAddress, int initiatorPort, String targetAddress, int targetPort) {

  @Override
  public String toString() {
    return endpoint(initiatorAddress, initiatorPort) + " → " + endpoint(targetAddress, targetPort);
  }

  private static String endpoint(String addr, int port) {
    return (addr.indexOf(':') >= 0 ? "[" + addr + "]" : addr) + ":" + port;
  }
}
