package org.iscsilab.testfixtures.peers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command with a deadline. Output goes to temporary files (no pipe can fill up and
 * deadlock the child), stdin is {@code /dev/null} (nothing can wait for a TTY), and on timeout the
 * whole process tree is killed.
 */
public final class ProcessRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
    private static final Duration REAP_GRACE = Duration.ofSeconds(5);

    private ProcessRunner() {
    }

    public static ToolResult run(Duration timeout, String... command) {
        return run(timeout, List.of(command));
    }

    public static ToolResult run(Duration timeout, List<String> command) {
        return run(timeout, null, Map.of(), command);
    }

    /**
     * @param workDir working directory, or {@code null} for the JVM's
     * @param env variables added to the inherited environment
     */
    public static ToolResult run(Duration timeout, Path workDir, Map<String, String> env, List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("iscsilab-out-", ".txt");
            err = Files.createTempFile("iscsilab-err-", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process p = pb.start();
            boolean exited = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!exited) {
                LOG.warn("{} did not finish within {} ms; killing its process tree", command, timeout.toMillis());
                killTree(p.toHandle());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            int code = exited ? p.exitValue() : -1;
            ToolResult r = new ToolResult(code, read(out), read(err), !exited, took, command);
            LOG.debug("{} -> {}", command, exited ? "exit " + code : "timeout");
            return r;
        } catch (IOException e) {
            throw new PeerException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Kills a process and every descendant (snapshot taken first, so orphans are not missed). */
    public static void killTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(0, root);
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(REAP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("process {} still alive {} ms after SIGKILL", h.pid(), REAP_GRACE.toMillis());
            }
        }
    }

    /** Sends a signal by name ({@code INT}, {@code TERM}, ...) to one process. */
    public static void signal(long pid, String signal) {
        ToolResult r = run(Duration.ofSeconds(5), "kill", "-s", signal, Long.toString(pid));
        if (!r.ok()) {
            LOG.debug("kill -s {} {} failed: {}", signal, pid, r.stderr().strip());
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("cannot delete {}", p, e);
            }
        }
    }
}
