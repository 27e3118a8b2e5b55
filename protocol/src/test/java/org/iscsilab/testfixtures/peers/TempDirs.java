package org.iscsilab.testfixtures.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Temporary directories owned by one peer. */
final class TempDirs {
    private static final Logger LOG = LoggerFactory.getLogger(TempDirs.class);

    private TempDirs() {
    }

    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new PeerException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.getMessage());
        }
    }

    /** A sparse file of {@code size} bytes made with {@code truncate}, as peers.md does. */
    static Path sparseFile(Path file, long size) {
        ProcessRunner.run(java.time.Duration.ofSeconds(10),
                Peers.path(Peers.Tool.TRUNCATE), "-s", Long.toString(size), file.toString()).requireOk();
        return file;
    }
}
