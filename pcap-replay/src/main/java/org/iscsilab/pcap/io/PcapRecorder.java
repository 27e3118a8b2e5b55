package org.iscsilab.pcap.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a classic pcap file (LINKTYPE_ETHERNET) of TCP conversations, synthesising the
 * Ethernet, IPv4 or IPv6 and TCP framing: a SYN / SYN-ACK / ACK handshake (with MSS and window
 * scale options), data segments of at most the MSS with correct sequence and acknowledgment
 * numbers, an ACK from the receiver after each write, and a FIN exchange at the end. IPv4 header
 * checksums (RFC 791 §3.1) and TCP checksums (RFC 9293 §3.1) are correct.
 *
 * <p>Thread-safe: any thread may write to any connection; writes to the file are serialised, so
 * one recorder can be shared by the handlers of a Netty pipeline. Timestamps are nanoseconds
 * since the Unix epoch; they should not go backwards.
 */
public final class PcapRecorder implements Closeable {
    /** Timestamp precision of the file. */
    public enum Precision {
        /** Magic a1b2c3d4, microsecond timestamps. */
        MICROSECONDS,
        /** Magic a1b23c4d, nanosecond timestamps. */
        NANOSECONDS
    }

    /** Largest MSS that fits a 65535-byte IPv4 datagram (loopback-like MTU). */
    public static final int MAX_MSS = 65495;
    /** Snap length written in the file header. */
    public static final int SNAP_LENGTH = 262144;
    private static final int WINDOW = 65535;
    private static final int WINDOW_SCALE = 7;
    private static final int ACK_EVERY_BYTES = 1 << 20;

    private final Object lock = new Object();
    private final OutputStream out;
    private final Precision precision;
    private final int mss;
    private final byte[] frame;
    private final byte[] recordHeader = new byte[16];
    private int ipId;
    private boolean closed;

    /** Records to a file with microsecond timestamps and the largest MSS. */
    public PcapRecorder(Path file) throws IOException {
        this(file, Precision.MICROSECONDS, MAX_MSS);
    }

    /** Records to a file. */
    public PcapRecorder(Path file, Precision precision, int mss) throws IOException {
        this(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), precision, mss);
    }

    /**
     * Records to a stream, which this recorder closes.
     *
     * @param mss largest TCP payload per segment, 1 to {@link #MAX_MSS}
     */
    public PcapRecorder(OutputStream out, Precision precision, int mss) throws IOException {
        if (mss < 1 || mss > MAX_MSS) {
            throw new IllegalArgumentException("MSS must be 1.." + MAX_MSS + ": " + mss);
        }
        this.out = out;
        this.precision = precision;
        this.mss = mss;
        this.frame = new byte[14 + 40 + 28 + mss];
        byte[] h = new byte[24];
        ByteBuffer b = ByteBuffer.wrap(h).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(precision == Precision.NANOSECONDS ? 0xa1b23c4d : 0xa1b2c3d4);
        b.putShort((short) 2).putShort((short) 4); // version 2.4
        b.putInt(0).putInt(0); // thiszone, sigfigs
        b.putInt(SNAP_LENGTH);
        b.putInt(LinkType.ETHERNET.code());
        out.write(h);
    }

    /** Starts a connection now: writes its handshake. */
    public Connection connection(InetSocketAddress client, InetSocketAddress server) {
        return connection(client, server, now());
    }

    /** Starts a connection: writes its handshake at {@code timestampNanos}. */
    public Connection connection(InetSocketAddress client, InetSocketAddress server, long timestampNanos) {
        int c = 0x1000_0000 ^ (client.getPort() << 12) ^ server.getPort();
        return connection(client, server, timestampNanos, c, ~c);
    }

    /**
     * Starts a connection with chosen initial sequence numbers (e.g. near 2^32 to exercise
     * wraparound): writes its handshake at {@code timestampNanos}.
     */
    public Connection connection(InetSocketAddress client, InetSocketAddress server, long timestampNanos,
            int clientIsn, int serverIsn) {
        boolean v4 = client.getAddress() instanceof Inet4Address;
        if (v4 != server.getAddress() instanceof Inet4Address) {
            throw new IllegalArgumentException("client and server must both be IPv4 or both IPv6");
        }
        Connection conn = new Connection(client, server, v4, clientIsn, serverIsn);
        synchronized (lock) {
            conn.handshake(timestampNanos);
        }
        return conn;
    }

    /** Flushes written packets to the underlying stream. */
    public void flush() throws IOException {
        synchronized (lock) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                out.close();
            }
        }
    }

    private static long now() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /**
     * One recorded TCP connection. Methods may be called from any thread; an
     * {@link UncheckedIOException} reports a failed write.
     */
    public final class Connection {
        private final byte[] clientMac;
        private final byte[] serverMac;
        private final byte[] clientIp;
        private final byte[] serverIp;
        private final int clientPort;
        private final int serverPort;
        private final boolean v4;
        private int clientSeq;
        private int serverSeq;
        private long unackedToServer;
        private long unackedToClient;
        private boolean finished;

        Connection(InetSocketAddress client, InetSocketAddress server, boolean v4, int clientIsn, int serverIsn) {
            this.clientIp = client.getAddress().getAddress();
            this.serverIp = server.getAddress().getAddress();
            this.clientPort = client.getPort();
            this.serverPort = server.getPort();
            this.v4 = v4;
            this.clientMac = mac(clientIp, clientPort);
            this.serverMac = mac(serverIp, serverPort);
            this.clientSeq = clientIsn;
            this.serverSeq = serverIsn;
        }

        private static byte[] mac(byte[] ip, int port) {
            // Locally administered unicast (bit 1 of the first octet set, bit 0 clear).
            int n = ip.length;
            return new byte[] {0x02, (byte) (port >>> 8), ip[n - 4], ip[n - 3], ip[n - 2], ip[n - 1]};
        }

        void handshake(long ts) {
            segment(true, ts, clientSeq, 0, FLAG_SYN, true, null, 0, 0);
            clientSeq++;
            segment(false, ts, serverSeq, clientSeq, FLAG_SYN | FLAG_ACK, true, null, 0, 0);
            serverSeq++;
            segment(true, ts, clientSeq, serverSeq, FLAG_ACK, false, null, 0, 0);
        }

        /** Records bytes sent by the client now. */
        public void clientToServer(byte[] data) {
            clientToServer(ByteBuffer.wrap(data), now());
        }

        /** Records bytes sent by the server now. */
        public void serverToClient(byte[] data) {
            serverToClient(ByteBuffer.wrap(data), now());
        }

        /** Records bytes sent by the client at {@code timestampNanos}. */
        public void clientToServer(byte[] data, long timestampNanos) {
            clientToServer(ByteBuffer.wrap(data), timestampNanos);
        }

        /** Records bytes sent by the server at {@code timestampNanos}. */
        public void serverToClient(byte[] data, long timestampNanos) {
            serverToClient(ByteBuffer.wrap(data), timestampNanos);
        }

        /** Records bytes sent by the client (position to limit; the buffer is not modified). */
        public void clientToServer(ByteBuffer data, long timestampNanos) {
            synchronized (lock) {
                send(true, data, timestampNanos);
            }
        }

        /** Records bytes sent by the server (position to limit; the buffer is not modified). */
        public void serverToClient(ByteBuffer data, long timestampNanos) {
            synchronized (lock) {
                send(false, data, timestampNanos);
            }
        }

        /** Closes the connection now (client-initiated FIN exchange). */
        public void close() {
            close(now());
        }

        /** Closes the connection: client FIN, server FIN-ACK, client ACK. Idempotent. */
        public void close(long timestampNanos) {
            synchronized (lock) {
                if (finished) {
                    return;
                }
                finished = true;
                segment(true, timestampNanos, clientSeq, serverSeq, FLAG_FIN | FLAG_ACK, false, null, 0, 0);
                clientSeq++;
                segment(false, timestampNanos, serverSeq, clientSeq, FLAG_FIN | FLAG_ACK, false, null, 0, 0);
                serverSeq++;
                segment(true, timestampNanos, clientSeq, serverSeq, FLAG_ACK, false, null, 0, 0);
                try {
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        private void send(boolean fromClient, ByteBuffer data, long ts) {
            if (finished) {
                throw new IllegalStateException("connection already closed");
            }
            int pos = data.position();
            int end = data.limit();
            if (pos == end) {
                return;
            }
            while (pos < end) {
                int n = Math.min(mss, end - pos);
                if (fromClient) {
                    segment(true, ts, clientSeq, serverSeq, FLAG_PSH | FLAG_ACK, false, data, pos, n);
                    clientSeq += n;
                    unackedToServer += n;
                    if (unackedToServer >= ACK_EVERY_BYTES) {
                        ackFrom(false, ts);
                    }
                } else {
                    segment(false, ts, serverSeq, clientSeq, FLAG_PSH | FLAG_ACK, false, data, pos, n);
                    serverSeq += n;
                    unackedToClient += n;
                    if (unackedToClient >= ACK_EVERY_BYTES) {
                        ackFrom(true, ts);
                    }
                }
                pos += n;
            }
            ackFrom(!fromClient, ts);
        }

        private void ackFrom(boolean client, long ts) {
            if (client) {
                if (unackedToClient > 0) {
                    segment(true, ts, clientSeq, serverSeq, FLAG_ACK, false, null, 0, 0);
                    unackedToClient = 0;
                }
            } else if (unackedToServer > 0) {
                segment(false, ts, serverSeq, clientSeq, FLAG_ACK, false, null, 0, 0);
                unackedToServer = 0;
            }
        }

        private void segment(boolean fromClient, long ts, int seq, int ack, int flags, boolean synOptions,
                ByteBuffer data, int dataIndex, int dataLength) {
            byte[] f = frame;
            byte[] srcMac = fromClient ? clientMac : serverMac;
            byte[] dstMac = fromClient ? serverMac : clientMac;
            byte[] srcIp = fromClient ? clientIp : serverIp;
            byte[] dstIp = fromClient ? serverIp : clientIp;
            int srcPort = fromClient ? clientPort : serverPort;
            int dstPort = fromClient ? serverPort : clientPort;
            System.arraycopy(dstMac, 0, f, 0, 6);
            System.arraycopy(srcMac, 0, f, 6, 6);
            int tcpHeader = synOptions ? 28 : 20;
            int tcpLength = tcpHeader + dataLength;
            int ip = 14;
            int t;
            if (v4) {
                put16(f, 12, 0x0800);
                int total = 20 + tcpLength;
                f[ip] = 0x45; // version 4, IHL 5
                f[ip + 1] = 0;
                put16(f, ip + 2, total);
                put16(f, ip + 4, ipId++ & 0xFFFF);
                put16(f, ip + 6, 0x4000); // DF
                f[ip + 8] = 64; // TTL
                f[ip + 9] = 6; // TCP
                put16(f, ip + 10, 0);
                System.arraycopy(srcIp, 0, f, ip + 12, 4);
                System.arraycopy(dstIp, 0, f, ip + 16, 4);
                put16(f, ip + 10, ~sum(f, ip, 20, 0) & 0xFFFF);
                t = ip + 20;
            } else {
                put16(f, 12, 0x86DD);
                f[ip] = 0x60;
                f[ip + 1] = 0;
                f[ip + 2] = 0;
                f[ip + 3] = 0;
                put16(f, ip + 4, tcpLength);
                f[ip + 6] = 6; // next header TCP
                f[ip + 7] = 64; // hop limit
                System.arraycopy(srcIp, 0, f, ip + 8, 16);
                System.arraycopy(dstIp, 0, f, ip + 24, 16);
                t = ip + 40;
            }
            put16(f, t, srcPort);
            put16(f, t + 2, dstPort);
            put32(f, t + 4, seq);
            put32(f, t + 8, ack);
            f[t + 12] = (byte) ((tcpHeader / 4) << 4);
            f[t + 13] = (byte) flags;
            put16(f, t + 14, WINDOW);
            put16(f, t + 16, 0);
            put16(f, t + 18, 0);
            if (synOptions) {
                f[t + 20] = 2; // MSS, RFC 9293 §3.7.1
                f[t + 21] = 4;
                put16(f, t + 22, mss);
                f[t + 24] = 1; // NOP
                f[t + 25] = 3; // window scale, RFC 7323 §2.2
                f[t + 26] = 3;
                f[t + 27] = WINDOW_SCALE;
            }
            if (dataLength > 0) {
                data.get(dataIndex, f, t + tcpHeader, dataLength);
            }
            // Pseudo-header: addresses, zero + protocol, TCP length (RFC 9293 §3.1, RFC 8200 §8.1).
            int pseudo = sum(srcIp, 0, srcIp.length, 0);
            pseudo = sum(dstIp, 0, dstIp.length, pseudo);
            pseudo += 6 + tcpLength;
            put16(f, t + 16, ~fold(sum(f, t, tcpLength, pseudo)) & 0xFFFF);
            int frameLength = t + tcpLength;
            write(ts, f, frameLength);
        }

        private void write(long ts, byte[] f, int length) {
            long sec = Math.floorDiv(ts, 1_000_000_000L);
            long nanos = Math.floorMod(ts, 1_000_000_000L);
            byte[] h = recordHeader;
            put32le(h, 0, (int) sec);
            put32le(h, 4, (int) (precision == Precision.NANOSECONDS ? nanos : nanos / 1000));
            put32le(h, 8, length);
            put32le(h, 12, length);
            try {
                out.write(h);
                out.write(f, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final int FLAG_FIN = 0x01;
    private static final int FLAG_SYN = 0x02;
    private static final int FLAG_PSH = 0x08;
    private static final int FLAG_ACK = 0x10;

    /** One's-complement sum of 16-bit words (RFC 1071), not yet folded. */
    private static int sum(byte[] b, int off, int len, int initial) {
        long s = initial & 0xFFFFFFFFL;
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) {
            s += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < end) {
            s += (b[i] & 0xFF) << 8;
        }
        return fold(s);
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    private static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    private static void put32le(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
