package org.iscsilab.pcap.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test fixture: runs tshark with a bounded wait and returns its standard output lines. */
public final class Tshark {
    private Tshark() {}

    /** Runs {@code tshark args...}; fails if it does not finish in 60 s or exits non-zero. */
    public static List<String> run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("tshark");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "tshark", ".out");
        Path err = Files.createTempFile(workDir, "tshark", ".err");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("tshark is not installed (apt-get install tshark): " + e.getMessage(), e);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("tshark did not finish within 60 s: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("tshark exited " + p.exitValue() + ": " + cmd + "\n" + Files.readString(err));
        }
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }
}
