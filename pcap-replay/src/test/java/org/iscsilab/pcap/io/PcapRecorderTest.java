package org.iscsilab.pcap.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.iscsilab.pcap.net.PacketDecoder;
import org.iscsilab.pcap.net.TcpSegment;
import org.iscsilab.pcap.tcp.CloseReason;
import org.iscsilab.pcap.tcp.Direction;
import org.iscsilab.pcap.tcp.RecordingListener;
import org.iscsilab.pcap.tcp.TcpReassembler;
import org.junit.jupiter.api.Test;

class PcapRecorderTest {
    private static final long T0 = 1_763_950_000_123_456_789L;

    static InetSocketAddress at(String host, int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** Re-reads a recording: every segment (copied) plus the reassembled streams. */
    record Replay(List<TcpSegment> segments, List<CapturedPacket> packets, RecordingListener streams) {}

    static Replay replay(byte[] file) throws IOException {
        RecordingListener l = new RecordingListener(false);
        TcpReassembler r = new TcpReassembler(l);
        PacketDecoder d = new PacketDecoder();
        List<TcpSegment> segs = new ArrayList<>();
        List<CapturedPacket> packets = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(file)) {
            for (CapturedPacket p; (p = reader.next()) != null;) {
                packets.add(p.copy());
                TcpSegment s = d.decode(p);
                assertThat(s).as("frame %d decodes as TCP", p.frameNumber()).isNotNull();
                segs.add(s.copy());
                r.accept(s);
            }
        }
        r.finish();
        return new Replay(segs, packets, l);
    }

    @Test
    void recordsHandshakeDataAndFinThatReadBackAsTheSameStreams() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapRecorder rec = new PcapRecorder(out, PcapRecorder.Precision.NANOSECONDS, 1000)) {
            PcapRecorder.Connection c = rec.connection(at("127.0.0.1", 51000), at("127.0.0.1", 3260), T0);
            c.clientToServer(ByteBuffer.wrap(new byte[2500]).put(0, (byte) 0x43), T0 + 10);
            c.serverToClient("response".getBytes(), T0 + 20);
            c.close(T0 + 30);
        }
        Replay r = replay(out.toByteArray());
        // SYN, SYN-ACK, ACK; 3 data segments (1000+1000+500) and an ACK; 1 data segment and an ACK; FIN, FIN, ACK.
        assertThat(r.segments()).hasSize(3 + 4 + 2 + 3);
        assertThat(r.segments()).extracting(TcpSegment::payloadLength).containsExactly(0, 0, 0, 1000, 1000, 500, 0, 8, 0, 0, 0, 0);
        assertThat(r.segments().get(0).flags()).isEqualTo(TcpSegment.SYN);
        assertThat(r.segments().get(0).mss()).isEqualTo(1000);
        assertThat(r.segments().get(1).flags()).isEqualTo(TcpSegment.SYN | TcpSegment.ACK);
        assertThat(r.packets().get(0).timestampNanos()).isEqualTo(T0);
        assertThat(r.packets().get(3).timestampNanos()).isEqualTo(T0 + 10);
        var conn = r.streams().connections.get(0);
        assertThat(conn.rolesFromHandshake()).isTrue();
        assertThat(conn.client().port()).isEqualTo(51000);
        byte[] c2s = r.streams().stream(conn, Direction.CLIENT_TO_SERVER);
        assertThat(c2s).hasSize(2500);
        assertThat(c2s[0]).isEqualTo((byte) 0x43);
        assertThat(new String(r.streams().stream(conn, Direction.SERVER_TO_CLIENT))).isEqualTo("response");
        assertThat(conn.closeReason(Direction.CLIENT_TO_SERVER)).isEqualTo(CloseReason.FIN);
        assertThat(conn.closeReason(Direction.SERVER_TO_CLIENT)).isEqualTo(CloseReason.FIN);
        assertThat(conn.gaps(Direction.CLIENT_TO_SERVER) + conn.retransmissions(Direction.CLIENT_TO_SERVER)).isZero();
    }

    @Test
    void writesCorrectIpv4HeaderAndTcpChecksums() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapRecorder rec = new PcapRecorder(out, PcapRecorder.Precision.MICROSECONDS, PcapRecorder.MAX_MSS)) {
            PcapRecorder.Connection c = rec.connection(at("192.0.2.1", 51000), at("192.0.2.2", 3260), T0);
            byte[] odd = new byte[65495 + 3]; // one maximal segment and an odd-length one
            new Random(7).nextBytes(odd);
            c.clientToServer(ByteBuffer.wrap(odd), T0);
            c.close(T0);
        }
        Replay r = replay(out.toByteArray());
        assertThat(r.segments()).extracting(TcpSegment::payloadLength).contains(65495, 3);
        for (CapturedPacket p : r.packets()) {
            ByteBuffer b = p.data();
            int ip = b.position() + 14;
            int total = ((b.get(ip + 2) & 0xFF) << 8) | (b.get(ip + 3) & 0xFF);
            assertThat(onesComplementSum(b, ip, 20, 0)).as("IPv4 header checksum of frame %d", p.frameNumber()).isEqualTo(0xFFFF);
            int pseudo = onesComplementSum(b, ip + 12, 8, 0) + 6 + (total - 20);
            assertThat(onesComplementSum(b, ip + 20, total - 20, pseudo)).as("TCP checksum of frame %d", p.frameNumber())
                    .isEqualTo(0xFFFF);
        }
        assertThat(r.packets().get(0).timestampNanos()).isEqualTo(T0 / 1000 * 1000);
    }

    @Test
    void writesIpv6Conversations() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapRecorder rec = new PcapRecorder(out, PcapRecorder.Precision.MICROSECONDS, 1440)) {
            PcapRecorder.Connection c = rec.connection(at("::1", 51000), at("::1", 3260), T0);
            c.serverToClient(ByteBuffer.wrap("abc".getBytes()), T0);
            c.close(T0);
        }
        Replay r = replay(out.toByteArray());
        assertThat(r.segments()).allMatch(s -> s.ipVersion() == 6);
        assertThat(new String(r.streams().stream(r.streams().connections.get(0), Direction.SERVER_TO_CLIENT))).isEqualTo("abc");
    }

    @Test
    void sequenceNumbersWrapAroundCleanly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] data = new byte[5000];
        new Random(3).nextBytes(data);
        try (PcapRecorder rec = new PcapRecorder(out, PcapRecorder.Precision.MICROSECONDS, 1460)) {
            PcapRecorder.Connection c = rec.connection(at("10.1.1.1", 1), at("10.1.1.2", 2), T0, -2000, -10);
            c.clientToServer(ByteBuffer.wrap(data), T0);
            c.serverToClient(ByteBuffer.wrap(data), T0);
            c.close(T0);
        }
        Replay r = replay(out.toByteArray());
        var conn = r.streams().connections.get(0);
        assertThat(r.streams().stream(conn, Direction.CLIENT_TO_SERVER)).isEqualTo(data);
        assertThat(r.streams().stream(conn, Direction.SERVER_TO_CLIENT)).isEqualTo(data);
    }

    @Test
    void concurrentWritersToSeveralConnectionsProduceAReadableFile() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int connections = 4;
        int writes = 200;
        try (PcapRecorder rec = new PcapRecorder(out, PcapRecorder.Precision.MICROSECONDS, 512)) {
            List<PcapRecorder.Connection> conns = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                conns.add(rec.connection(at("127.0.0.1", 50000 + i), at("127.0.0.1", 3260), T0));
            }
            ExecutorService pool = Executors.newFixedThreadPool(connections);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (PcapRecorder.Connection c : conns) {
                    done.add(pool.submit(() -> {
                        for (int w = 0; w < writes; w++) {
                            byte[] chunk = new byte[700];
                            ByteBuffer.wrap(chunk).putInt(w);
                            c.clientToServer(ByteBuffer.wrap(chunk), T0 + w);
                        }
                        c.close(T0 + writes);
                    }));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        Replay r = replay(out.toByteArray());
        assertThat(r.streams().connections).hasSize(connections);
        for (var conn : r.streams().connections) {
            byte[] s = r.streams().stream(conn, Direction.CLIENT_TO_SERVER);
            assertThat(s).hasSize(writes * 700);
            for (int w = 0; w < writes; w++) {
                assertThat(ByteBuffer.wrap(s).getInt(w * 700)).isEqualTo(w);
            }
        }
    }

    @Test
    void rejectsMixedAddressFamiliesAndWritesAfterClose() throws IOException {
        try (PcapRecorder rec = new PcapRecorder(new ByteArrayOutputStream(), PcapRecorder.Precision.MICROSECONDS, 100)) {
            assertThatThrownBy(() -> rec.connection(at("127.0.0.1", 1), at("::1", 2), T0))
                    .isInstanceOf(IllegalArgumentException.class);
            PcapRecorder.Connection c = rec.connection(at("127.0.0.1", 1), at("127.0.0.1", 2), T0);
            c.close(T0);
            assertThatThrownBy(() -> c.clientToServer(ByteBuffer.wrap(new byte[1]), T0)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> new PcapRecorder(new ByteArrayOutputStream(), PcapRecorder.Precision.MICROSECONDS, 65496))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int onesComplementSum(ByteBuffer b, int off, int len, int initial) {
        long s = initial;
        int i = off;
        for (; i + 1 < off + len; i += 2) {
            s += ((b.get(i) & 0xFF) << 8) | (b.get(i + 1) & 0xFF);
        }
        if (i < off + len) {
            s += (b.get(i) & 0xFF) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }
}
