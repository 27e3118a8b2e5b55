package org.iscsilab.pcap.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test fixture: records every event and the bytes of every stream. */
public final class RecordingListener implements TcpStreamListener {
    /** Events as readable strings, in order. */
    public final List<String> events = new ArrayList<>();
    /** Connections in order of opening. */
    public final List<TcpConnection> connections = new ArrayList<>();
    private final Map<String, ByteArrayOutputStream> streams = new LinkedHashMap<>();
    private final boolean logData;

    public RecordingListener() {
        this(true);
    }

    public RecordingListener(boolean logData) {
        this.logData = logData;
    }

    @Override
    public void onConnectionOpened(TcpConnection connection, long frameNumber) {
        connections.add(connection);
        events.add("open#" + connection.id() + " " + connection.client() + (connection.rolesFromHandshake() ? " SYN" : " guessed")
                + " @" + frameNumber);
    }

    @Override
    public void onData(TcpConnection connection, Direction direction, long frameNumber, long timestampNanos, ByteBuffer bytes) {
        byte[] b = new byte[bytes.remaining()];
        bytes.duplicate().get(b);
        streams.computeIfAbsent(key(connection, direction), k -> new ByteArrayOutputStream()).writeBytes(b);
        if (logData) {
            events.add("data#" + connection.id() + " " + direction + " " + new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)
                    + " @" + frameNumber);
        }
    }

    @Override
    public void onGap(TcpConnection connection, Direction direction, long fromSeq, long length, long frameNumber) {
        events.add("gap#" + connection.id() + " " + direction + " seq=" + fromSeq + " len=" + length + " @" + frameNumber);
    }

    @Override
    public void onClose(TcpConnection connection, Direction direction, CloseReason reason, long frameNumber) {
        events.add("close#" + connection.id() + " " + direction + " " + reason + " @" + frameNumber);
    }

    /** Bytes delivered for a connection and direction. */
    public byte[] stream(TcpConnection connection, Direction direction) {
        ByteArrayOutputStream s = streams.get(key(connection, direction));
        return s == null ? new byte[0] : s.toByteArray();
    }

    private static String key(TcpConnection c, Direction d) {
        return c.id() + "/" + d;
    }
}
