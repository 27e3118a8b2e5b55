package org.iscsilab.testfixtures.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps peer logs after their temporary directory is gone: copied to {@code target/peer-logs/}
 * of the module under test (or {@code -Discsilab.peerLogs=DIR}), so CI can publish them.
 */
public final class PeerLogs {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLogs.class);

    private PeerLogs() {
    }

    /** Where logs are kept, or {@code null} when there is no build directory to keep them in. */
    public static Path directory() {
        String configured = System.getProperty("iscsilab.peerLogs");
        if (configured != null) {
            return Path.of(configured);
        }
        Path target = Path.of("target");
        return Files.isDirectory(target) ? target.resolve("peer-logs") : null;
    }

    static void keep(Path log, String name) {
        Path dir = directory();
        if (dir == null || log == null || !Files.exists(log)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.copy(log, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.debug("cannot keep {}", log, e);
        }
    }
}
