package org.iscsilab.testfixtures.peers;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real tgt ({@code tgtd}, the Linux user-space target) on 127.0.0.1, configured with
 * {@code tgtadm}. Each instance has its own portal port and its own control port ({@code -C}),
 * so several run side by side (also next to tgtds of other test JVMs). tgtd accepts control ports
 * 0..32767 only and exits ("another tgtd is using /var/run/tgtd/socket.N.lock") when one is
 * taken; a free one is picked by probing that lock (tgtd takes it with lockf, i.e. an fcntl lock,
 * which {@link FileChannel#tryLock} sees).
 *
 * <pre>{@code
 * try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
 *     Libiscsi.defaults().iscsiInq(tgt.url(TgtPeer.DISK_LUN)).requireOk();
 * }
 * }</pre>
 *
 * tgt exports LUN 0 of every target as a controller (peripheral type 0x0c).
 */
public final class TgtPeer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TgtPeer.class);

    public static final String DEFAULT_IQN = "iqn.2001-04.com.example:tgt1";
    public static final int DEFAULT_TID = 1;
    /** The file-backed disk of {@link #startWithDefaultTarget()}. */
    public static final int DISK_LUN = 1;
    /** The null-backed LUN (reads return zeros, writes are dropped) of {@link #startWithDefaultTarget()}. */
    public static final int NULL_LUN = 2;
    public static final long DEFAULT_DISK_SIZE = 64L << 20;

    static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    static final Duration ADM_TIMEOUT = Duration.ofSeconds(15);
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Path CONTROL_SOCKET_DIR = Path.of("/var/run/tgtd");

    private static final int MIN_CONTROL_PORT = 1024;
    private static final int MAX_CONTROL_PORT = 32767;

    private final int port;
    private final int controlPort;
    private final Path dir;
    private final PeerProcess process;
    private final Map<Integer, String> targets = new TreeMap<>();
    private boolean closed;
    /** Set once this tgtd holds its control socket: only then are the socket files ours to delete. */
    private boolean ownsControlSocket;

    private TgtPeer(int port, int controlPort, Path dir, PeerProcess process) {
        this.port = port;
        this.controlPort = controlPort;
        this.dir = dir;
        this.process = process;
    }

    /** A running tgtd with no targets yet. */
    public static TgtPeer start() {
        Peers.require(Peers.Tool.TGTD, Peers.Tool.TGTADM, Peers.Tool.SETSID, Peers.Tool.TRUNCATE);
        return FreePort.withRetry(FreePort.DEFAULT_ATTEMPTS, port -> startOn(port, freeControlPort()));
    }

    /**
     * tgtd with target {@link #DEFAULT_IQN} (tid 1) open to all initiators: LUN 1 a 64 MiB file,
     * LUN 2 a null LUN.
     */
    public static TgtPeer startWithDefaultTarget() {
        TgtPeer tgt = start();
        try {
            tgt.newTarget(DEFAULT_TID, DEFAULT_IQN);
            tgt.addFileLun(DEFAULT_TID, DISK_LUN, DEFAULT_DISK_SIZE);
            tgt.addNullLun(DEFAULT_TID, NULL_LUN);
            tgt.bindInitiator(DEFAULT_TID, "ALL");
            return tgt;
        } catch (RuntimeException e) {
            tgt.close();
            throw e;
        }
    }

    /** A control port whose lock no live tgtd holds (tgtd's own lock check is the final word). */
    static int freeControlPort() {
        for (int i = 0; i < 200; i++) {
            int candidate = ThreadLocalRandom.current().nextInt(MIN_CONTROL_PORT, MAX_CONTROL_PORT + 1);
            Path lock = CONTROL_SOCKET_DIR.resolve("socket." + candidate + ".lock");
            if (!Files.exists(lock)) {
                return candidate;
            }
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE);
                    FileLock l = ch.tryLock()) {
                if (l != null) {
                    return candidate;
                }
            } catch (IOException | OverlappingFileLockException e) {
                LOG.debug("control port {} looks taken: {}", candidate, e.toString());
            }
        }
        throw new PeerException("no free tgtd control port in " + MIN_CONTROL_PORT + ".." + MAX_CONTROL_PORT);
    }

    private static TgtPeer startOn(int port, int controlPort) {
        Path dir = TempDirs.create("iscsilab-tgt-");
        Path log = dir.resolve("tgtd.log");
        PeerProcess p = PeerProcess.start("tgtd:" + port, List.of(Peers.path(Peers.Tool.TGTD), "-f",
                "-C", Integer.toString(controlPort), "--iscsi", "portal=127.0.0.1:" + port), log);
        TgtPeer tgt = new TgtPeer(port, controlPort, dir, p);
        try {
            // Ready when the control socket answers; tgtd binds the portal before it opens the socket.
            boolean ready = Polling.await(START_TIMEOUT,
                    () -> !p.isAlive() || tgt.adm(Duration.ofSeconds(2), "--op", "show", "--mode", "system").ok());
            if (!p.isAlive()) {
                if (p.logTail().contains("another tgtd is using")) {
                    throw new FreePort.PortInUseException("tgtd control port " + controlPort + " taken: " + p.describe());
                }
                throw new PeerException("tgtd exited during start: " + p.describe());
            }
            if (!ready) {
                throw new PeerException("tgtd did not become ready within " + START_TIMEOUT.toSeconds() + " s: "
                        + p.describe());
            }
            tgt.ownsControlSocket = true;
            // tgtd keeps running without a portal when the bind fails (EADDRINUSE).
            if (p.logTail().contains("failed to create/bind to portal") || !Polling.accepts(port)) {
                throw new FreePort.PortInUseException("tgtd could not bind 127.0.0.1:" + port + ": " + p.describe());
            }
            LOG.info("tgtd ready on 127.0.0.1:{}, control port {} (pid {})", port, controlPort, p.pid());
            return tgt;
        } catch (RuntimeException e) {
            tgt.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- configuration

    /** {@code tgtadm --op new --mode target}. */
    public TgtPeer newTarget(int tid, String iqn) {
        admOk("--op", "new", "--mode", "target", "--tid", Integer.toString(tid), "-T", iqn);
        targets.put(tid, iqn);
        return this;
    }

    /** A LUN backed by a sparse file of {@code size} bytes in this peer's directory. */
    public Path addFileLun(int tid, int lun, long size) {
        Path file = TempDirs.sparseFile(dir.resolve("t" + tid + "-lun" + lun + ".img"), size);
        admOk("--op", "new", "--mode", "logicalunit", "--tid", Integer.toString(tid), "--lun", Integer.toString(lun),
                "-b", file.toString());
        return file;
    }

    /** A LUN with {@code --bstype null}: no storage, reads return zeros, a speed ceiling. */
    public TgtPeer addNullLun(int tid, int lun) {
        admOk("--op", "new", "--mode", "logicalunit", "--tid", Integer.toString(tid), "--lun", Integer.toString(lun),
                "--bstype", "null", "-b", "/dev/null");
        return this;
    }

    /** Accepts the initiator named {@code initiatorName}, or every initiator for {@code "ALL"}. */
    public TgtPeer bindInitiator(int tid, String initiatorName) {
        if ("ALL".equals(initiatorName)) {
            admOk("--op", "bind", "--mode", "target", "--tid", Integer.toString(tid), "--initiator-address", "ALL");
        } else {
            admOk("--op", "bind", "--mode", "target", "--tid", Integer.toString(tid), "--initiator-name", initiatorName);
        }
        return this;
    }

    /** {@code tgtadm --op new --mode account}: an account, bound to no target yet. */
    public TgtPeer newAccount(String user, String secret) {
        admOk("--op", "new", "--mode", "account", "--user", user, "--password", secret);
        return this;
    }

    /**
     * {@code tgtadm --op bind --mode account [--outgoing]}: an incoming account makes the target
     * require CHAP; an outgoing one is what the target answers a mutual-CHAP challenge with.
     */
    public TgtPeer bindAccount(int tid, String user, boolean outgoing) {
        List<String> args = new ArrayList<>(List.of("--op", "bind", "--mode", "account", "--tid",
                Integer.toString(tid), "--user", user));
        if (outgoing) {
            args.add("--outgoing");
        }
        admOk(args.toArray(String[]::new));
        return this;
    }

    /**
     * One-way CHAP: the initiator must log in as {@code user}/{@code secret}. (RFC 7143 §12.1.3
     * wants secrets of 12 bytes or more; tgt does not enforce it.)
     */
    public TgtPeer requireChap(int tid, String user, String secret) {
        return newAccount(user, secret).bindAccount(tid, user, false);
    }

    /** Mutual CHAP: the target answers the initiator's challenge as {@code user}/{@code secret}. */
    public TgtPeer mutualChap(int tid, String user, String secret) {
        return newAccount(user, secret).bindAccount(tid, user, true);
    }

    /**
     * {@code tgtadm --op update --mode target -n NAME -v VALUE}, e.g. {@code HeaderDigest CRC32C}.
     * tgt answers a login with its own setting when the initiator offers it (it offers
     * {@code None,CRC32C}), so this is how a test selects digests: libiscsi's tools ignore
     * {@code ?header_digest=} in the URL.
     */
    public TgtPeer updateTarget(int tid, String name, String value) {
        admOk("--op", "update", "--mode", "target", "--tid", Integer.toString(tid), "-n", name, "-v", value);
        return this;
    }

    /** The negotiation parameters of target {@code tid} as {@code --op show --tid} prints them. */
    public Map<String, String> targetParameters(int tid) {
        String out = admOk("--op", "show", "--mode", "target", "--tid", Integer.toString(tid)).stdout();
        Map<String, String> m = new TreeMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return m;
    }

    /** {@code tgtadm --op show --mode target}: targets, LUNs, sessions, accounts, ACLs. */
    public String show() {
        return admOk("--op", "show", "--mode", "target").stdout();
    }

    /** Runs tgtadm against this instance's control port; fails with tgtadm's and tgtd's output. */
    public ToolResult admOk(String... args) {
        ToolResult r = adm(ADM_TIMEOUT, args);
        if (!r.ok()) {
            throw new PeerException("tgtadm failed: " + r.describe() + "\n" + process.describe());
        }
        return r;
    }

    /** Runs tgtadm against this instance's control port and returns whatever happened. */
    public ToolResult adm(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Peers.path(Peers.Tool.TGTADM), "-C", Integer.toString(controlPort),
                "--lld", "iscsi"));
        cmd.addAll(List.of(args));
        return ProcessRunner.run(timeout, cmd);
    }

    // ---------------------------------------------------------------- addresses

    public int port() {
        return port;
    }

    /** tgtd's {@code -C} (management socket /var/run/tgtd/socket.N), for running tgtadm by hand. */
    public int controlPort() {
        return controlPort;
    }

    /** {@code iscsi://127.0.0.1:PORT} (discovery). */
    public String portalUrl() {
        return "iscsi://127.0.0.1:" + port;
    }

    /** {@code iscsi://127.0.0.1:PORT/IQN/LUN} for the lowest-numbered target. */
    public String url(int lun) {
        if (targets.isEmpty()) {
            throw new IllegalStateException("no target created yet");
        }
        return url(targets.keySet().iterator().next(), lun);
    }

    public String url(int tid, int lun) {
        String iqn = targets.get(tid);
        if (iqn == null) {
            throw new IllegalArgumentException("no target with tid " + tid);
        }
        return portalUrl() + "/" + iqn + "/" + lun;
    }

    public String iqn(int tid) {
        return targets.get(tid);
    }

    public Path directory() {
        return dir;
    }

    public PeerProcess process() {
        return process;
    }

    /** tgtd's log (kept until {@link #close()}; its tail is in every failure message). */
    public String logTail() {
        return process.logTail();
    }

    // ---------------------------------------------------------------- stop

    /**
     * Stops tgtd. tgtd ignores SIGTERM when run with {@code -f}; it exits on
     * {@code tgtadm --op delete --mode system}, which is refused ("invalid request") while targets
     * exist, so targets are deleted with {@code --force} first. SIGKILL after a bounded wait.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (process.isAlive() && ownsControlSocket) {
                for (String tid : liveTargetIds()) {
                    adm(Duration.ofSeconds(5), "--op", "delete", "--mode", "target", "--force", "--tid", tid);
                }
                adm(Duration.ofSeconds(5), "--op", "delete", "--mode", "system");
                if (!process.waitForExit(STOP_GRACE)) {
                    LOG.warn("tgtd on port {} did not exit on 'delete --mode system'; sending SIGTERM", port);
                    process.stop("TERM", Duration.ofSeconds(1));
                }
            }
        } finally {
            process.close();
            try {
                if (ownsControlSocket) {
                Files.deleteIfExists(CONTROL_SOCKET_DIR.resolve("socket." + controlPort));
                Files.deleteIfExists(CONTROL_SOCKET_DIR.resolve("socket." + controlPort + ".lock"));
                }
            } catch (IOException | SecurityException e) {
                LOG.debug("cannot remove tgtd control socket {}", port, e);
            }
            PeerLogs.keep(process.log(), "tgtd-" + port + ".log");
            TempDirs.deleteRecursively(dir);
        }
    }

    private List<String> liveTargetIds() {
        List<String> ids = new ArrayList<>();
        ToolResult r = adm(Duration.ofSeconds(5), "--op", "show", "--mode", "target");
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("Target ")) {
                int colon = line.indexOf(':');
                if (colon > 7) {
                    ids.add(line.substring(7, colon).strip());
                }
            }
        }
        return ids;
    }

    @Override
    public String toString() {
        return "tgtd on 127.0.0.1:" + port + " -C " + controlPort + " (pid " + process.pid() + ")";
    }
}
