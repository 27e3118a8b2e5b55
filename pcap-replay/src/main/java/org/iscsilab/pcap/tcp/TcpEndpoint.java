package org.iscsilab.pcap.tcp;

import java.net.InetAddress;

/**
 * One end of a TCP connection.
 *
 * @param address IPv4 or IPv6 address
 * @param port TCP port
 */
public record TcpEndpoint(InetAddress address, int port) {
    // equals and hashCode written out: a record's generated ones bootstrap method handles at their
    // first call, which costs a short `replay inspect` run several milliseconds.
    @Override
    public boolean equals(Object o) {
        return o instanceof TcpEndpoint e && e.port == port && e.address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + port;
    }

    @Override
    public String toString() {
        String a = address.getHostAddress();
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }
}
