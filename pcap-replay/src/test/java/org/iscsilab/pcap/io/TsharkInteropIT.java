package org.iscsilab.pcap.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.iscsilab.pcap.net.PacketDecoder;
import org.iscsilab.pcap.net.TcpSegment;
import org.iscsilab.pcap.tcp.Direction;
import org.iscsilab.pcap.tcp.TcpConnection;
import org.iscsilab.pcap.tcp.TcpReassembler;
import org.iscsilab.pcap.tcp.TcpStreamListener;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our reader and writer against tshark (run under -Pinterop; CI installs tshark). */
class TsharkInteropIT {
    private static final Path CAPTURES = Path.of("..", "protocol", "src", "test", "resources", "captures");
    private static final String PROBLEMS = "_ws.malformed || _ws.expert.severity >= warning || tcp.analysis.flags";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"libiscsi-tgt-discovery.pcap", "libiscsi-tgt-mixed.pcap", "istgt-read16-zero-length-unanswered.pcap"})
    void readerAgreesWithTsharkOnFramesPayloadLengthsAndTimestamps(String name) throws Exception {
        assertReaderAgreesWithTshark(CAPTURES.resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"libiscsi-tgt-discovery.pcap", "libiscsi-tgt-mixed.pcap", "istgt-read16-zero-length-unanswered.pcap"})
    void readerAgreesWithTsharkOnThePcapngConversion(String name) throws Exception {
        Path pcapng = dir.resolve(name + "ng");
        Tools.run(dir, "editcap", "-F", "pcapng", CAPTURES.resolve(name).toString(), pcapng.toString());
        try (CaptureReader r = CaptureReader.open(pcapng)) {
            assertThat(r.format()).isEqualTo(CaptureReader.Format.PCAPNG);
        }
        assertReaderAgreesWithTshark(pcapng);
    }

    @org.junit.jupiter.api.Test
    void readerAgreesWithTsharkOnAMergedPcapngOfTwoCaptures() throws Exception {
        Path merged = dir.resolve("merged.pcapng");
        Tools.run(dir, "mergecap", "-F", "pcapng", "-w", merged.toString(),
                CAPTURES.resolve("libiscsi-tgt-discovery.pcap").toString(),
                CAPTURES.resolve("istgt-read16-zero-length-unanswered.pcap").toString());
        assertReaderAgreesWithTshark(merged);
    }

    private void assertReaderAgreesWithTshark(Path file) throws Exception {
        List<String> lines = Tshark.run(dir, "-r", file.toString(), "-T", "fields", "-E", "separator=,",
                "-e", "frame.number", "-e", "frame.time_epoch", "-e", "tcp.len");
        List<String> ours = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        try (CaptureReader r = CaptureReader.open(file)) {
            for (CapturedPacket p; (p = r.next()) != null;) {
                TcpSegment s = decoder.decode(p);
                ours.add(p.frameNumber() + "," + p.timestampNanos() / 1000 + "," + (s == null ? "" : s.payloadLength()));
            }
        }
        List<String> theirs = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(",", -1);
            long micros = new BigDecimal(f[1]).movePointRight(6).longValue();
            theirs.add(f[0] + "," + micros + "," + f[2]);
        }
        assertThat(ours).isNotEmpty().containsExactlyElementsOf(theirs);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void tsharkDissectsOurRecordingWithoutWarningsAndSeesTheSamePayload(boolean nanos) throws Exception {
        Path file = dir.resolve("recorded.pcap");
        byte[] toServer = new byte[200_000];
        byte[] toClient = new byte[70_001];
        new Random(11).nextBytes(toServer);
        new Random(12).nextBytes(toClient);
        long t0 = 1_763_950_000_000_000_000L;
        try (PcapRecorder rec = new PcapRecorder(file, nanos ? PcapRecorder.Precision.NANOSECONDS
                : PcapRecorder.Precision.MICROSECONDS, PcapRecorder.MAX_MSS)) {
            PcapRecorder.Connection c = rec.connection(new InetSocketAddress(InetAddress.getLoopbackAddress(), 61000),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 61001), t0, -100_000, 0x7FFF_FFF0);
            c.clientToServer(ByteBuffer.wrap(toServer), t0 + 1_000);
            c.serverToClient(ByteBuffer.wrap(toClient), t0 + 2_000);
            c.clientToServer(ByteBuffer.wrap(toServer, 0, 10), t0 + 3_000);
            c.close(t0 + 4_000);
        }
        assertThat(Tshark.run(dir, "-r", file.toString(), "-Y", PROBLEMS)).isEmpty();
        assertReaderAgreesWithTshark(file);

        List<String> payloads = Tshark.run(dir, "-r", file.toString(), "-Y", "tcp.len > 0", "-T", "fields",
                "-e", "tcp.srcport", "-e", "tcp.payload");
        ByteArrayOutputStream c2s = new ByteArrayOutputStream();
        ByteArrayOutputStream s2c = new ByteArrayOutputStream();
        for (String line : payloads) {
            String[] f = line.split("\t");
            (f[0].equals("61000") ? c2s : s2c).writeBytes(HexFormat.of().parseHex(f[1]));
        }
        ByteArrayOutputStream expectedC2s = new ByteArrayOutputStream();
        expectedC2s.writeBytes(toServer);
        expectedC2s.write(toServer, 0, 10);
        assertThat(c2s.toByteArray()).isEqualTo(expectedC2s.toByteArray());
        assertThat(s2c.toByteArray()).isEqualTo(toClient);
    }

    @ParameterizedTest
    @ValueSource(strings = {"libiscsi-tgt-discovery.pcap", "libiscsi-tgt-mixed.pcap"})
    void reRecordingAGoldenCaptureKeepsTsharksIscsiPdus(String name) throws Exception {
        Path original = CAPTURES.resolve(name);
        Path copy = dir.resolve("re-recorded.pcap");
        long[] lastTs = new long[1];
        try (PcapRecorder rec = new PcapRecorder(copy)) {
            TcpStreamListener tap = new TcpStreamListener() {
                final java.util.Map<TcpConnection, PcapRecorder.Connection> conns = new java.util.HashMap<>();

                @Override
                public void onConnectionOpened(TcpConnection c, long frame) {
                    conns.put(c, rec.connection(new InetSocketAddress(c.client().address(), c.client().port()),
                            new InetSocketAddress(c.server().address(), c.server().port()), 0));
                }

                @Override
                public void onData(TcpConnection c, Direction d, long frame, long ts, ByteBuffer bytes) {
                    if (d == Direction.CLIENT_TO_SERVER) {
                        conns.get(c).clientToServer(bytes, ts);
                    } else {
                        conns.get(c).serverToClient(bytes, ts);
                    }
                }

                @Override
                public void onClose(TcpConnection c, Direction d, org.iscsilab.pcap.tcp.CloseReason reason, long frame) {
                    if (d == Direction.SERVER_TO_CLIENT) {
                        conns.get(c).close(lastTs[0]);
                    }
                }
            };
            TcpReassembler r = new TcpReassembler(tap);
            PacketDecoder decoder = new PacketDecoder();
            try (CaptureReader reader = CaptureReader.open(original)) {
                for (CapturedPacket p; (p = reader.next()) != null;) {
                    TcpSegment s = decoder.decode(p);
                    if (s != null) {
                        lastTs[0] = s.timestampNanos();
                        r.accept(s);
                    }
                }
            }
            r.finish();
        }
        String[] decode = {"-d", "tcp.port==3261,iscsi"};
        List<String> before = Tshark.run(dir, "-r", original.toString(), decode[0], decode[1], "-Y", "iscsi", "-T", "fields",
                "-e", "iscsi.opcode");
        List<String> after = Tshark.run(dir, "-r", copy.toString(), decode[0], decode[1], "-Y", "iscsi", "-T", "fields",
                "-e", "iscsi.opcode");
        assertThat(String.join(",", after).split(",")).containsExactly(String.join(",", before).split(","));
        // The framing we synthesise adds nothing: no malformed packet, no TCP analysis flag, and the
        // same expert warnings as the original (libiscsi-tgt-mixed has nine SCSI "Unknown Page" ones).
        assertThat(Tshark.run(dir, "-r", copy.toString(), decode[0], decode[1], "-Y", "_ws.malformed || tcp.analysis.flags"))
                .isEmpty();
        String[] warnings = {"-Y", "_ws.expert.severity >= warning", "-T", "fields", "-e", "_ws.expert.message"};
        assertThat(Tshark.run(dir, "-r", copy.toString(), decode[0], decode[1], warnings[0], warnings[1], warnings[2],
                warnings[3], warnings[4], warnings[5]))
                .containsExactlyElementsOf(Tshark.run(dir, "-r", original.toString(), decode[0], decode[1], warnings[0],
                        warnings[1], warnings[2], warnings[3], warnings[4], warnings[5]));
        assertThat(Files.size(copy)).isPositive();
    }
}
