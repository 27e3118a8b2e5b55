package org.iscsilab.pcap.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test fixture: runs a Wireshark command-line tool with a bounded wait. */
public final class Tools {
    private Tools() {}

    /** Runs {@code cmd}; fails if it does not finish in 60 s or exits non-zero; returns stdout lines. */
    public static List<String> run(Path workDir, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "tool", ".out");
        Path err = Files.createTempFile(workDir, "tool", ".err");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(cmd[0] + " is not installed (apt-get install tshark): " + e.getMessage(), e);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(cmd[0] + " did not finish within 60 s: " + List.of(cmd));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(cmd[0] + " exited " + p.exitValue() + ": " + List.of(cmd) + "\n" + Files.readString(err));
        }
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }
}
