package org.iscsilab.pcap.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test fixture: runs tshark with a bounded wait and returns its standard output lines. */
public final class Tshark {
    private Tshark() {}

    /** Runs {@code tshark args...}; fails if it does not finish in 60 s or exits non-zero. */
    public static List<String> run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("tshark");
        cmd.addAll(List.of(args));
        return Tools.run(workDir, cmd.toArray(String[]::new));
    }
}
