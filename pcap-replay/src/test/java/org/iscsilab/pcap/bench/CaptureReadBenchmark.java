package org.iscsilab.pcap.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.iscsilab.pcap.io.CaptureReader;
import org.iscsilab.pcap.io.CapturedPacket;
import org.iscsilab.pcap.io.PcapRecorder;
import org.iscsilab.pcap.net.PacketDecoder;
import org.iscsilab.pcap.net.TcpSegment;
import org.iscsilab.pcap.tcp.Direction;
import org.iscsilab.pcap.tcp.TcpConnection;
import org.iscsilab.pcap.tcp.TcpReassembler;
import org.iscsilab.pcap.tcp.TcpStreamListener;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading a capture, and reading + decoding + TCP reassembly, in capture bytes per second. The
 * capture is synthesised with {@link PcapRecorder}: 8 iSCSI-like connections, writes of 48 to
 * 256 KiB, segmented at the given MSS. Run:
 *
 * <pre>
 * ./mvnw -q -pl pcap-replay -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp pcap-replay/target/test-classes:pcap-replay/target/classes:$(cat /tmp/cp.txt) \
 *     org.openjdk.jmh.Main CaptureReadBenchmark
 * </pre>
 *
 * The {@code bytes} secondary result ("bytes/s") is the throughput in capture bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CaptureReadBenchmark {

    /** Segment size of the synthesised capture: Ethernet MTU or loopback MTU. */
    @Param({"1460", "65495"})
    public int mss;

    /** Approximate size of the capture in MiB. */
    @Param({"128"})
    public int sizeMiB;

    private Path dir;
    private Path capture;
    private long captureBytes;

    /** Counts capture bytes processed; JMH reports it per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        /** Capture bytes processed. */
        public long bytes;
    }

    @Setup(Level.Trial)
    public void writeCapture() throws IOException {
        dir = Files.createTempDirectory("pcap-bench");
        capture = dir.resolve("bench.pcap");
        Random random = new Random(42);
        byte[] data = new byte[256 * 1024];
        random.nextBytes(data);
        long target = (long) sizeMiB << 20;
        try (PcapRecorder rec = new PcapRecorder(capture, PcapRecorder.Precision.NANOSECONDS, mss)) {
            List<PcapRecorder.Connection> conns = new ArrayList<>();
            InetAddress lo = InetAddress.getLoopbackAddress();
            for (int i = 0; i < 8; i++) {
                conns.add(rec.connection(new InetSocketAddress(lo, 40000 + i), new InetSocketAddress(lo, 3260), 0));
            }
            long ts = 1;
            while (Files.size(capture) < target) {
                for (PcapRecorder.Connection c : conns) {
                    c.clientToServer(ByteBuffer.wrap(data, 0, 48), ts++);
                    c.serverToClient(ByteBuffer.wrap(data, 0, 48 + random.nextInt(data.length - 48)), ts++);
                }
                rec.flush();
            }
            conns.forEach(c -> c.close(Long.MAX_VALUE / 2));
        }
        captureBytes = Files.size(capture);
    }

    @TearDown(Level.Trial)
    public void deleteCapture() throws IOException {
        Files.deleteIfExists(capture);
        Files.deleteIfExists(dir);
    }

    /** Iterates every packet, touching its length and first byte. */
    @Benchmark
    public long readPackets(Bytes counter) throws IOException {
        long sum = 0;
        try (CaptureReader r = CaptureReader.open(capture)) {
            for (CapturedPacket p; (p = r.next()) != null;) {
                sum += p.capturedLength() + p.data().get(p.data().position());
            }
        }
        counter.bytes += captureBytes;
        return sum;
    }

    /** Reads, decodes link/IP/TCP and reassembles every stream (the listener consumes each chunk). */
    @Benchmark
    public void readDecodeReassemble(Bytes counter, Blackhole bh) throws IOException {
        TcpReassembler reassembler = new TcpReassembler(new TcpStreamListener() {
            @Override
            public void onData(TcpConnection c, Direction d, long frame, long ts, ByteBuffer bytes) {
                bh.consume(bytes.get(bytes.position()));
            }
        });
        PacketDecoder decoder = new PacketDecoder();
        try (CaptureReader r = CaptureReader.open(capture)) {
            for (CapturedPacket p; (p = r.next()) != null;) {
                TcpSegment s = decoder.decode(p);
                if (s != null) {
                    reassembler.accept(s);
                }
            }
        }
        reassembler.finish();
        counter.bytes += captureBytes;
    }
}
