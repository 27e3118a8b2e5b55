package org.iscsilab.pcap.tcp;

import java.nio.ByteBuffer;

/**
 * Receives the reassembled byte streams of every TCP connection in a capture, in capture order.
 * All methods have empty defaults. Buffers passed to {@link #onData} are views valid only during
 * the call: copy what must be kept.
 */
public interface TcpStreamListener {

    /**
     * A connection was seen for the first time: at its SYN (roles known) or at its first captured
     * segment when the capture starts mid-connection.
     */
    default void onConnectionOpened(TcpConnection connection, long frameNumber) {}

    /**
     * The next bytes of one direction, in stream order, without duplicates.
     *
     * @param frameNumber frame whose segment carried these bytes
     * @param timestampNanos that frame's capture time
     * @param bytes the bytes, position to limit; valid only during this call
     */
    default void onData(TcpConnection connection, Direction direction, long frameNumber, long timestampNanos,
            ByteBuffer bytes) {}

    /**
     * Bytes that were never captured: the stream continues after them.
     *
     * @param fromSeq TCP sequence number of the first missing byte (unsigned 32 bits)
     * @param length number of missing bytes
     * @param frameNumber frame of the first segment after the gap (or of the FIN/RST that ended
     *     the wait)
     */
    default void onGap(TcpConnection connection, Direction direction, long fromSeq, long length, long frameNumber) {}

    /**
     * A direction ended; no more events for it follow.
     *
     * @param frameNumber frame of the FIN or RST, or the last frame of the capture
     */
    default void onClose(TcpConnection connection, Direction direction, CloseReason reason, long frameNumber) {}
}
