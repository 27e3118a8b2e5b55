package org.iscsilab.testfixtures.peers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The external programs the interop tests drive, and the Debian package each comes from.
 * {@link #require} fails loudly: CI always installs them, so a missing one is a broken machine,
 * never a reason to skip.
 */
public final class Peers {

    /** A program (or plug-in) and the Debian package that provides it. */
    public enum Tool {
        TGTD("tgtd", "tgt"),
        TGTADM("tgtadm", "tgt"),
        ISTGT("istgt", "istgt"),
        ISCSI_LS("iscsi-ls", "libiscsi-bin"),
        ISCSI_INQ("iscsi-inq", "libiscsi-bin"),
        ISCSI_READCAPACITY16("iscsi-readcapacity16", "libiscsi-bin"),
        ISCSI_PERF("iscsi-perf", "libiscsi-bin"),
        /** libiscsi's conformance tool (CUnit): SCSI and iSCSI test families. */
        ISCSI_TEST_CU("iscsi-test-cu", "libiscsi-bin"),
        QEMU_IMG("qemu-img", "qemu-utils"),
        /** qemu-img's iscsi:// driver is a separate module; without it: "Unknown protocol 'iscsi'". */
        QEMU_BLOCK_ISCSI("block-iscsi.so", "qemu-block-extra"),
        TSHARK("tshark", "tshark"),
        TCPDUMP("tcpdump", "tcpdump"),
        SGDISK("sgdisk", "gdisk"),
        MKFS_VFAT("mkfs.vfat", "dosfstools"),
        SETSID("setsid", "util-linux"),
        TRUNCATE("truncate", "coreutils"),
        TIMEOUT("timeout", "coreutils");

        final String program;
        final String debianPackage;

        Tool(String program, String debianPackage) {
            this.program = program;
            this.debianPackage = debianPackage;
        }

        public String program() {
            return program;
        }

        public String debianPackage() {
            return debianPackage;
        }
    }

    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");
    private static final List<String> QEMU_MODULE_DIRS = List.of(
            "/usr/lib/x86_64-linux-gnu/qemu", "/usr/lib/aarch64-linux-gnu/qemu", "/usr/lib/qemu", "/usr/lib64/qemu");

    private Peers() {
    }

    /** Where {@code tool} is installed, if it is. */
    public static java.util.Optional<Path> find(Tool tool) {
        List<String> dirs = new ArrayList<>();
        if (tool == Tool.QEMU_BLOCK_ISCSI) {
            dirs.addAll(QEMU_MODULE_DIRS);
        } else {
            String path = System.getenv().getOrDefault("PATH", "");
            dirs.addAll(List.of(path.split(File.pathSeparator)));
            dirs.addAll(EXTRA_DIRS);
        }
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, tool.program);
            if (Files.isRegularFile(p) && (tool == Tool.QEMU_BLOCK_ISCSI || Files.isExecutable(p))) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /** The absolute path of {@code tool}; a {@link PeerException} naming the package if missing. */
    public static String path(Tool tool) {
        return find(tool).orElseThrow(() -> missing(Set.of(tool))).toString();
    }

    /** Fails, naming every missing tool and the Debian packages to install, unless all are present. */
    public static void require(Tool... tools) {
        Set<Tool> missing = new LinkedHashSet<>();
        for (Tool t : tools) {
            if (find(t).isEmpty()) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw missing(missing);
        }
    }

    private static PeerException missing(Set<Tool> tools) {
        Set<String> pkgs = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        for (Tool t : tools) {
            pkgs.add(t.debianPackage);
            names.add(t.program + " (Debian package " + t.debianPackage + ")");
        }
        return new PeerException("interop peers missing: " + String.join(", ", names)
                + ". Install them: apt-get install -y " + String.join(" ", pkgs)
                + " (.ci/run does this on CI; the interop profile never skips).");
    }
}
