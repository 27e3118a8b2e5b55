package org.iscsilab.pcap.tcp;

/**
 * A TCP connection (one use of a 4-tuple) and its per-direction statistics. Identity is the
 * object; {@link #id()} numbers connections 0, 1, 2… in order of first appearance. Statistics are
 * updated while reassembly proceeds.
 */
public final class TcpConnection {
    private final long id;
    private final TcpEndpoint client;
    private final TcpEndpoint server;
    private final boolean rolesFromHandshake;
    private final long firstFrame;
    final long[] bytes = new long[2];
    final long[] segments = new long[2];
    final long[] retransmissions = new long[2];
    final long[] outOfOrder = new long[2];
    final long[] overlapConflicts = new long[2];
    final long[] gaps = new long[2];
    final long[] gapBytes = new long[2];
    final long[] ignoredAfterClose = new long[2];
    final CloseReason[] closeReasons = new CloseReason[2];

    TcpConnection(long id, TcpEndpoint client, TcpEndpoint server, boolean rolesFromHandshake, long firstFrame) {
        this.id = id;
        this.client = client;
        this.server = server;
        this.rolesFromHandshake = rolesFromHandshake;
        this.firstFrame = firstFrame;
    }

    /** 0-based order of first appearance in the capture. */
    public long id() {
        return id;
    }

    /** The SYN sender (or, without a handshake, the sender of the first captured segment). */
    public TcpEndpoint client() {
        return client;
    }

    /** The other endpoint. */
    public TcpEndpoint server() {
        return server;
    }

    /** True if the roles come from a captured SYN or SYN-ACK, false if guessed. */
    public boolean rolesFromHandshake() {
        return rolesFromHandshake;
    }

    /** Frame in which the connection was first seen. */
    public long firstFrame() {
        return firstFrame;
    }

    /** Bytes delivered through {@link TcpStreamListener#onData} in a direction. */
    public long bytesDelivered(Direction d) {
        return bytes[d.ordinal()];
    }

    /** Segments seen in a direction (including pure ACKs). */
    public long segments(Direction d) {
        return segments[d.ordinal()];
    }

    /** Segments whose data had all been delivered already (retransmissions). */
    public long retransmissions(Direction d) {
        return retransmissions[d.ordinal()];
    }

    /** Segments that arrived ahead of a hole and were buffered. */
    public long outOfOrderSegments(Direction d) {
        return outOfOrder[d.ordinal()];
    }

    /**
     * Segments whose bytes disagreed with bytes seen before for the same sequence numbers
     * (buffered ones, or recently delivered ones within the retransmission check window); the
     * first-seen bytes were kept.
     */
    public long overlapConflicts(Direction d) {
        return overlapConflicts[d.ordinal()];
    }

    /** Number of gaps reported. */
    public long gaps(Direction d) {
        return gaps[d.ordinal()];
    }

    /** Total bytes of the reported gaps. */
    public long gapBytes(Direction d) {
        return gapBytes[d.ordinal()];
    }

    /** Data segments seen after the direction had closed (ignored). */
    public long ignoredAfterClose(Direction d) {
        return ignoredAfterClose[d.ordinal()];
    }

    /** How the direction closed, or {@code null} while it is open. */
    public CloseReason closeReason(Direction d) {
        return closeReasons[d.ordinal()];
    }

    @Override
    public String toString() {
        return "TcpConnection#" + id + "[" + client + " -> " + server + (rolesFromHandshake ? "" : " (roles guessed)") + "]";
    }
}
