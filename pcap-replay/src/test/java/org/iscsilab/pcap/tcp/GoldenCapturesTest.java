package org.iscsilab.pcap.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.iscsilab.pcap.io.CaptureReader;
import org.iscsilab.pcap.io.CapturedPacket;
import org.iscsilab.pcap.net.PacketDecoder;
import org.iscsilab.pcap.net.TcpSegment;
import org.junit.jupiter.api.Test;

/**
 * The real captures of protocol/src/test/resources/captures, against figures measured once with
 * tshark 4.0 (Debian 12):
 *
 * <pre>
 * capinfos -c F                                                    # frame counts
 * tshark -r F -T fields -e tcp.stream -e tcp.srcport -e tcp.len \
 *   | awk '{k=$1" "$2; s[k]+=$3} END{for(k in s) print k, s[k]}'    # bytes per stream and sender
 * tshark -r F -Y 'tcp.len>0' -T fields -e tcp.stream -e tcp.srcport -e tcp.payload \
 *   | awk '!seen[$1" "$2]++'                                        # first payload of each sender
 * </pre>
 */
class GoldenCapturesTest {
    static final Path CAPTURES = Path.of("..", "protocol", "src", "test", "resources", "captures");

    /** Bytes each side sent, keyed by the initiator's (ephemeral) port. */
    record Flow(long initiatorBytes, long targetBytes, String initiatorFirst8, String targetFirst8) {}

    static final class Collector implements TcpStreamListener {
        final int targetPort;
        final Map<Integer, long[]> bytes = new TreeMap<>();
        final Map<Integer, String[]> first = new TreeMap<>();
        long gaps;
        long closes;

        Collector(int targetPort) {
            this.targetPort = targetPort;
        }

        @Override
        public void onData(TcpConnection c, Direction d, long frame, long ts, java.nio.ByteBuffer b) {
            TcpEndpoint sender = d == Direction.CLIENT_TO_SERVER ? c.client() : c.server();
            TcpEndpoint other = d == Direction.CLIENT_TO_SERVER ? c.server() : c.client();
            boolean fromTarget = sender.port() == targetPort;
            int initiatorPort = fromTarget ? other.port() : sender.port();
            int side = fromTarget ? 1 : 0;
            bytes.computeIfAbsent(initiatorPort, k -> new long[2])[side] += b.remaining();
            String[] f = first.computeIfAbsent(initiatorPort, k -> new String[2]);
            if (f[side] == null) {
                byte[] head = new byte[Math.min(8, b.remaining())];
                b.duplicate().get(head);
                f[side] = HexFormat.of().formatHex(head);
            }
        }

        @Override
        public void onGap(TcpConnection c, Direction d, long fromSeq, long length, long frame) {
            gaps++;
        }

        @Override
        public void onClose(TcpConnection c, Direction d, CloseReason reason, long frame) {
            closes++;
        }

        Map<Integer, Flow> flows() {
            Map<Integer, Flow> m = new TreeMap<>();
            bytes.forEach((port, b) -> m.put(port, new Flow(b[0], b[1], first.get(port)[0], first.get(port)[1])));
            return m;
        }
    }

    static Collector read(String name, int targetPort, long[] frames) throws IOException {
        Collector c = new Collector(targetPort);
        TcpReassembler r = new TcpReassembler(c);
        PacketDecoder decoder = new PacketDecoder();
        try (CaptureReader reader = CaptureReader.open(CAPTURES.resolve(name))) {
            for (CapturedPacket p; (p = reader.next()) != null;) {
                TcpSegment s = decoder.decode(p);
                if (s != null) {
                    r.accept(s);
                }
            }
            frames[0] = reader.framesRead();
        }
        r.finish();
        return c;
    }

    @Test
    void discoveryCaptureHasOneConnectionWithTsharksByteCounts() throws IOException {
        long[] frames = new long[1];
        Collector c = read("libiscsi-tgt-discovery.pcap", 3261, frames);
        assertThat(frames[0]).isEqualTo(14);
        assertThat(c.flows()).containsExactlyEntriesOf(Map.of(
                50966, new Flow(556, 516, "438700000000018b", "238700000000012c")));
        assertThat(c.gaps).isZero();
    }

    @Test
    void istgtCaptureIncludesTwoConnectionsCapturedMidStream() throws IOException {
        long[] frames = new long[1];
        Collector c = read("istgt-read16-zero-length-unanswered.pcap", 3262, frames);
        assertThat(frames[0]).isEqualTo(52);
        Map<Integer, Flow> expected = new TreeMap<>();
        expected.put(52088, new Flow(1024, 1400, "43870000000001c0", "238700000000014d"));
        expected.put(52100, new Flow(592, 432, "43870000000001c0", "238700000000014d"));
        // Streams 2 and 3: a 48-byte NOP-In from the target, no handshake captured.
        expected.put(37452, new Flow(0, 48, null, "2080000000000000"));
        expected.put(48360, new Flow(0, 48, null, "2080000000000000"));
        assertThat(c.flows()).containsExactlyEntriesOf(expected);
        assertThat(c.gaps).isZero();
    }

    @Test
    void mixedCaptureHasFifteenConnectionsWithTsharksByteCounts() throws IOException {
        long[] frames = new long[1];
        Collector c = read("libiscsi-tgt-mixed.pcap", 3261, frames);
        assertThat(frames[0]).isEqualTo(1215);
        String in = "43870000000001b9";
        String out = "238700000000012c";
        Map<Integer, Flow> expected = new TreeMap<>();
        expected.put(37166, new Flow(728, 740, "43870000000001b8", out));
        expected.put(37178, new Flow(692, 592, "43870000000001c3", out));
        expected.put(37192, new Flow(1068, 2368, in, out));
        expected.put(37202, new Flow(91100, 21880, in, out));
        expected.put(37214, new Flow(1068, 2368, in, out));
        expected.put(37220, new Flow(732, 616, in, out));
        expected.put(37236, new Flow(1068, 2368, in, out));
        expected.put(37250, new Flow(1948, 2288, in, out));
        expected.put(37258, new Flow(1068, 2368, in, out));
        expected.put(37262, new Flow(13404, 29092, in, out));
        expected.put(37272, new Flow(1068, 2368, in, out));
        expected.put(37280, new Flow(4828, 608, in, out));
        expected.put(37282, new Flow(1068, 2368, in, out));
        expected.put(37286, new Flow(732, 512, in, out));
        expected.put(37300, new Flow(724, 616, "43870000000001b2", out));
        assertThat(c.flows()).containsExactlyEntriesOf(expected);
        assertThat(c.gaps).isZero();
        assertThat(c.closes).isEqualTo(30);
    }
}
