package org.iscsilab.testfixtures.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real istgt (the FreeBSD/FreeNAS-lineage target, 2011 snapshot) on 127.0.0.1, configured by
 * the file in docs/peers.md with every path in its own temporary directory and free ports for the
 * portal and UnitControl.
 *
 * <p>istgt has real protocol bugs and some libiscsi tools hang against it: bound every call.
 * Seen here: {@code iscsi-ls} never returns, because istgt advances ExpCmdSN for the immediate
 * SendTargets Text Request, libiscsi then refuses to send its Logout
 * ({@code outqueue[0]->cmdsn < expcmdsn}) and loops reconnecting the discovery session.
 */
public final class IstgtPeer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IstgtPeer.class);

    public static final String IQN = "iqn.2007-09.jp.ne.peach.istgt:disk1";
    public static final int LUN = 0;
    public static final long DEFAULT_DISK_SIZE = 64L << 20;
    static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** istgt takes about 4 s to leave after SIGTERM (its workers wake on a poll timeout). */
    static final Duration STOP_GRACE = Duration.ofSeconds(8);

    /** What to start: disk size and optional CHAP (one-way or mutual). */
    public record Options(long diskSize, String chapUser, String chapSecret, String mutualUser, String mutualSecret) {
        public static Options defaults() {
            return new Options(DEFAULT_DISK_SIZE, null, null, null, null);
        }

        public Options withDiskSize(long size) {
            return new Options(size, chapUser, chapSecret, mutualUser, mutualSecret);
        }

        /** The initiator must log in with CHAP as {@code user}/{@code secret}. */
        public Options withChap(String user, String secret) {
            return new Options(diskSize, user, secret, mutualUser, mutualSecret);
        }

        /** The target also authenticates itself to the initiator as {@code user}/{@code secret}. */
        public Options withMutualChap(String user, String secret) {
            return new Options(diskSize, chapUser, chapSecret, user, secret);
        }

        boolean chap() {
            return chapUser != null;
        }

        boolean mutual() {
            return mutualUser != null;
        }
    }

    private final int port;
    private final int controlPort;
    private final Path dir;
    private final PeerProcess process;
    private boolean closed;

    private IstgtPeer(int port, int controlPort, Path dir, PeerProcess process) {
        this.port = port;
        this.controlPort = controlPort;
        this.dir = dir;
        this.process = process;
    }

    public static IstgtPeer start() {
        return start(Options.defaults());
    }

    public static IstgtPeer start(Options options) {
        Peers.require(Peers.Tool.ISTGT, Peers.Tool.SETSID, Peers.Tool.TRUNCATE);
        return FreePort.withRetry(FreePort.DEFAULT_ATTEMPTS, port -> startOn(port, FreePort.pick(), options));
    }

    private static IstgtPeer startOn(int port, int controlPort, Options options) {
        Path dir = TempDirs.create("iscsilab-istgt-");
        Path disk = TempDirs.sparseFile(dir.resolve("disk1.img"), options.diskSize());
        Path conf = dir.resolve("istgt.conf");
        try {
            Files.writeString(dir.resolve("auth.conf"), authConf(options), StandardCharsets.US_ASCII);
            Files.writeString(conf, config(dir, port, controlPort, disk, options), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            TempDirs.deleteRecursively(dir);
            throw new PeerException("cannot write istgt configuration: " + e.getMessage(), e);
        }
        PeerProcess p = PeerProcess.start("istgt:" + port,
                List.of(Peers.path(Peers.Tool.ISTGT), "-c", conf.toString(), "-D"), dir.resolve("istgt.log"));
        IstgtPeer peer = new IstgtPeer(port, controlPort, dir, p);
        try {
            // istgt logs "***ERROR*** conn->state = 2" for this bare TCP probe; harmless.
            boolean ready = Polling.await(START_TIMEOUT, () -> !p.isAlive() || Polling.accepts(port));
            if (!p.isAlive()) {
                String tail = p.logTail();
                if (tail.contains("Address already in use") || tail.contains("bind")) {
                    throw new FreePort.PortInUseException("istgt could not bind its ports: " + p.describe());
                }
                throw new PeerException("istgt exited during start: " + p.describe());
            }
            if (!ready) {
                throw new PeerException("istgt did not accept connections on 127.0.0.1:" + port + " within "
                        + START_TIMEOUT.toSeconds() + " s: " + p.describe());
            }
            LOG.info("istgt ready on 127.0.0.1:{} (pid {})", port, p.pid());
            return peer;
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    static String authConf(Options o) {
        if (!o.chap()) {
            return "";
        }
        String auth = "  Auth \"" + o.chapUser() + "\" \"" + o.chapSecret() + "\"";
        if (o.mutual()) {
            auth += " \"" + o.mutualUser() + "\" \"" + o.mutualSecret() + "\"";
        }
        return "[AuthGroup1]\n  Comment \"iscsi-lab\"\n" + auth + "\n";
    }

    static String config(Path dir, int port, int controlPort, Path disk, Options o) {
        String authMethod = !o.chap() ? "None" : o.mutual() ? "CHAP Mutual" : "CHAP";
        String authGroup = o.chap() ? "  AuthGroup AuthGroup1\n" : "";
        return """
                [Global]
                  NodeBase "iqn.2007-09.jp.ne.peach.istgt"
                  PidFile %1$s/istgt.pid
                  AuthFile %1$s/auth.conf
                  MediaDirectory %1$s
                  LogFacility "local7"
                  Timeout 30
                  NopInInterval 20
                  DiscoveryAuthMethod Auto
                  MaxSessions 16
                  MaxConnections 4
                  MaxR2T 32
                  MaxOutstandingR2T 16
                  DefaultTime2Wait 2
                  DefaultTime2Retain 60
                  FirstBurstLength 262144
                  MaxBurstLength 1048576
                  MaxRecvDataSegmentLength 262144
                  InitialR2T Yes
                  ImmediateData Yes
                  DataPDUInOrder Yes
                  DataSequenceInOrder Yes
                  ErrorRecoveryLevel 0
                [UnitControl]
                  AuthMethod None
                  Portal UC1 127.0.0.1:%3$d
                  Netmask 127.0.0.1
                [PortalGroup1]
                  Portal DA1 127.0.0.1:%2$d
                [InitiatorGroup1]
                  InitiatorName "ALL"
                  Netmask 127.0.0.0/8
                [LogicalUnit1]
                  TargetName disk1
                  Mapping PortalGroup1 InitiatorGroup1
                  AuthMethod %5$s
                %6$s  UseDigest Auto
                  UnitType Disk
                  LUN0 Storage %4$s Auto
                """.formatted(dir, port, controlPort, disk, authMethod, authGroup);
    }

    public int port() {
        return port;
    }

    public int controlPort() {
        return controlPort;
    }

    public String portalUrl() {
        return "iscsi://127.0.0.1:" + port;
    }

    /** {@code iscsi://127.0.0.1:PORT/iqn.2007-09.jp.ne.peach.istgt:disk1/LUN}. */
    public String url(int lun) {
        return portalUrl() + "/" + IQN + "/" + lun;
    }

    /** The disk, LUN 0. */
    public String url() {
        return url(LUN);
    }

    public Path directory() {
        return dir;
    }

    public Path disk() {
        return dir.resolve("disk1.img");
    }

    public PeerProcess process() {
        return process;
    }

    public String logTail() {
        return process.logTail();
    }

    /** SIGTERM, SIGKILL after {@link #STOP_GRACE}; deletes the directory, keeps the log. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.stop("TERM", STOP_GRACE);
        } finally {
            process.close();
            PeerLogs.keep(process.log(), "istgt-" + port + ".log");
            TempDirs.deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "istgt on 127.0.0.1:" + port + " (pid " + process.pid() + ")";
    }
}
