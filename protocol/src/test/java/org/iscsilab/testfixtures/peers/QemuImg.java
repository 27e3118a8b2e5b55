package org.iscsilab.testfixtures.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * qemu-img reading and writing whole images over iSCSI (through libiscsi). Needs the
 * qemu-block-extra package besides qemu-utils.
 */
public final class QemuImg {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private QemuImg() {
    }

    /**
     * {@code qemu-img convert -O raw SRC DST}; with {@code -n} (do not create) when DST is an
     * {@code iscsi://} URL, since a LUN cannot be created.
     */
    public static ToolResult convert(String src, String dst) {
        return convert(src, dst, DEFAULT_TIMEOUT);
    }

    public static ToolResult convert(String src, String dst, Duration timeout) {
        require(src, dst);
        List<String> cmd = new ArrayList<>(List.of(Peers.path(Peers.Tool.QEMU_IMG), "convert"));
        if (dst.startsWith("iscsi://")) {
            cmd.add("-n");
        }
        cmd.addAll(List.of("-O", "raw", src, dst));
        return ProcessRunner.run(timeout, cmd);
    }

    /** {@code qemu-img info URL}. */
    public static ToolResult info(String url) {
        require(url);
        return ProcessRunner.run(DEFAULT_TIMEOUT, Peers.path(Peers.Tool.QEMU_IMG), "info", url);
    }

    private static void require(String... locations) {
        Peers.require(Peers.Tool.QEMU_IMG);
        for (String l : locations) {
            if (l.startsWith("iscsi://")) {
                Peers.require(Peers.Tool.QEMU_BLOCK_ISCSI);
            }
        }
    }
}
