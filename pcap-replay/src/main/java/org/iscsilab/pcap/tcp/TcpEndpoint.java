package org.iscsilab.pcap.tcp;

import java.net.InetAddress;

/**
 * One end of a TCP connection.
 *
 * @param address IPv4 or IPv6 address
 * @param port TCP port
 */
public record TcpEndpoint(InetAddress address, int port) {
    @Override
    public String toString() {
        String a = address.getHostAddress();
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }
}
