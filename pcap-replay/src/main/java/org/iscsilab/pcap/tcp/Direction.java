package org.iscsilab.pcap.tcp;

/**
 * Direction of bytes within a {@link TcpConnection}. The client is the endpoint that sent the
 * SYN; when the handshake was not captured ({@link TcpConnection#rolesFromHandshake()} is false)
 * the client is a guess: the sender of the first captured segment. Consumers that know better
 * (the iSCSI layer recognising a Login Request) may swap the roles.
 */
public enum Direction {
    /** From the client (SYN sender) to the server. */
    CLIENT_TO_SERVER,
    /** From the server to the client. */
    SERVER_TO_CLIENT;

    /** The other direction. */
    public Direction reverse() {
        return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
    }
}
