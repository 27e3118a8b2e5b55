package org.iscsilab.testfixtures.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live capture on {@code lo} of one TCP port: {@code tcpdump --immediate-mode -U -i lo -s 0 -w F
 * "tcp port P"}. Without {@code --immediate-mode} packets sit in the kernel ring buffer and are
 * lost on SIGINT (seen here: "0 packets captured, 52 received by filter").
 *
 * <pre>{@code
 * try (Tcpdump.Capture cap = Tcpdump.start(dir.resolve("x.pcap"), port)) {
 *     ... traffic ...
 *     Path pcap = cap.stop();
 * }
 * }</pre>
 */
public final class Tcpdump {
    private static final Logger LOG = LoggerFactory.getLogger(Tcpdump.class);
    static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** The capture ends by itself after this long, should nobody stop it. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(10);
    private static final Pattern CAPTURED = Pattern.compile("(\\d+) packets? captured");
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

    private Tcpdump() {
    }

    /** Starts capturing and returns once tcpdump says it is listening. */
    public static Capture start(Path pcap, int port) {
        Peers.require(Peers.Tool.TCPDUMP, Peers.Tool.SETSID);
        Path stderr = pcap.resolveSibling(pcap.getFileName() + ".tcpdump.log");
        List<String> cmd = new ArrayList<>(List.of(Peers.path(Peers.Tool.TIMEOUT), "-s", "INT",
                Long.toString(MAX_LIFETIME.toSeconds()), Peers.path(Peers.Tool.TCPDUMP), "--immediate-mode", "-B", "65536", "-i", "lo", "-s", "0", "-w", pcap.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-Z", "root")); // keep the file ours: tcpdump otherwise drops to user tcpdump
        }
        cmd.add("tcp port " + port);
        PeerProcess p = PeerProcess.start("tcpdump:" + port, cmd, stderr);
        Capture c = new Capture(pcap, p);
        boolean listening = Polling.await(START_TIMEOUT, () -> !p.isAlive() || p.logTail().contains("listening on"));
        if (!listening || !p.isAlive()) {
            c.close();
            throw new PeerException("tcpdump did not start capturing within " + START_TIMEOUT.toSeconds() + " s: "
                    + p.describe());
        }
        return c;
    }

    /** A running capture. {@link #close()} stops it too. */
    public static final class Capture implements AutoCloseable {
        private final Path pcap;
        private final PeerProcess process;
        private int packets = -1;
        private int dropped = -1;

        private Capture(Path pcap, PeerProcess process) {
            this.pcap = pcap;
            this.process = process;
        }

        /**
         * SIGINT, then waits (bounded) for tcpdump to flush and exit.
         *
         * @return the capture file
         */
        public Path stop() {
            if (process.isAlive()) {
                // timeout(1) passes SIGINT on to tcpdump, which flushes the file and exits.
                if (!process.stop("INT", STOP_TIMEOUT)) {
                    throw new PeerException("tcpdump did not exit within " + STOP_TIMEOUT.toSeconds()
                            + " s of SIGINT; the capture may be truncated: " + process.describe());
                }
                Matcher m = CAPTURED.matcher(process.logTail());
                packets = m.find() ? Integer.parseInt(m.group(1)) : -1;
                Matcher d = DROPPED.matcher(process.logTail());
                dropped = d.find() ? Integer.parseInt(d.group(1)) : -1;
                LOG.info("tcpdump wrote {} packets to {}", packets, pcap);
            }
            process.close();
            if (!Files.exists(pcap)) {
                throw new PeerException("tcpdump left no file " + pcap + ": " + process.describe());
            }
            return pcap;
        }

        /** Packets tcpdump reported on exit ("N packets captured"), or -1 before {@link #stop()}. */
        public int packetsCaptured() {
            return packets;
        }

        /** Packets the kernel dropped ("N packets dropped by kernel"), or -1 before {@link #stop()}. */
        public int packetsDropped() {
            return dropped;
        }

        public Path file() {
            return pcap;
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.stop("INT", STOP_TIMEOUT);
            }
            process.close();
        }
    }
}
