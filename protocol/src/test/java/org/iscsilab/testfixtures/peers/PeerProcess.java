package org.iscsilab.testfixtures.peers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running peer (a target daemon, a capture) started in its own session with
 * {@code setsid}, its output in a log file kept for failure messages. A JVM shutdown hook kills
 * whatever is still alive, so an aborted test run leaves no daemon behind.
 */
public final class PeerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerProcess.class);
    private static final Set<PeerProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final int LOG_TAIL_CHARS = 3000;
    /** The longest any peer may live; a whole CI run fits well inside it. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(30);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (PeerProcess p : LIVE) {
                ProcessRunner.killTree(p.process.toHandle());
            }
        }, "iscsilab-peer-reaper"));
    }

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path log;

    private PeerProcess(String name, List<String> command, Process process, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} under {@code setsid}, stdout and stderr both into {@code log}. The
     * process is also under {@code timeout -s KILL} ({@link #MAX_LIFETIME}, or
     * {@code -Discsilab.peerMaxLifetimeSeconds}) so a JVM killed with SIGKILL, whose shutdown hook
     * never runs, cannot leave a daemon behind for longer than that. timeout(1) passes TERM and
     * INT on to the peer.
     */
    public static PeerProcess start(String name, List<String> command, Path log) {
        List<String> full = new ArrayList<>();
        full.add(Peers.path(Peers.Tool.SETSID));
        full.addAll(List.of(Peers.path(Peers.Tool.TIMEOUT), "-s", "KILL",
                Long.toString(Long.getLong("iscsilab.peerMaxLifetimeSeconds", MAX_LIFETIME.toSeconds()))));
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            PeerProcess pp = new PeerProcess(name, full, p, log);
            LIVE.add(pp);
            LOG.info("started {} pid {}: {}", name, p.pid(), String.join(" ", full));
            return pp;
        } catch (IOException e) {
            throw new PeerException("cannot start " + name + " " + full + ": " + e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public List<String> command() {
        return command;
    }

    /** The last few KiB of the log. */
    public String logTail() {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            String s = Files.readString(log, StandardCharsets.ISO_8859_1);
            return ToolResult.tail(s.length() > LOG_TAIL_CHARS ? s.substring(s.length() - LOG_TAIL_CHARS) : s);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** A description for failure messages: name, pid, state, command and log tail. */
    public String describe() {
        return name + " (pid " + pid() + (isAlive() ? ", alive" : ", exited " + process.exitValue()) + ")\n  "
                + String.join(" ", command) + "\n  --- log " + log + " (tail) ---\n" + logTail();
    }

    public boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends {@code signal} (e.g. {@code TERM}, {@code INT}) to the process. */
    public void signal(String signal) {
        if (isAlive()) {
            ProcessRunner.signal(pid(), signal);
        }
    }

    /**
     * Sends {@code signal}, waits up to {@code grace}, then kills the process tree.
     *
     * @return whether the process exited on the signal alone
     */
    public boolean stop(String signal, Duration grace) {
        try {
            if (!isAlive()) {
                return true;
            }
            signal(signal);
            if (waitForExit(grace)) {
                return true;
            }
            LOG.warn("{} (pid {}) ignored SIG{} for {} ms; killing it", name, pid(), signal, grace.toMillis());
            ProcessRunner.killTree(process.toHandle());
            return false;
        } finally {
            LIVE.remove(this);
        }
    }

    /** Kills the process tree right away. */
    @Override
    public void close() {
        if (isAlive()) {
            ProcessRunner.killTree(process.toHandle());
        }
        LIVE.remove(this);
    }
}
