package org.iscsilab.testfixtures.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Disk images with a real partition table and file system, and byte-for-byte comparison. */
public final class DiskImages {
    public static final long DEFAULT_SIZE = 64L << 20;
    /** The partition starts at sector 2048 (1 MiB), as partitioning tools align it. */
    public static final long PARTITION_START_SECTOR = 2048;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int SECTOR = 512;
    /** GPT keeps a backup table in the last 33 sectors; the partition must end before it. */
    private static final long GPT_BACKUP_SECTORS = 34;

    private DiskImages() {
    }

    /** A 64 MiB image: GPT, one Microsoft basic data partition at 1 MiB, FAT on it labelled ISCSILAB. */
    public static Path gptFat(Path file) {
        return gptFat(file, DEFAULT_SIZE);
    }

    public static Path gptFat(Path file, long size) {
        Peers.require(Peers.Tool.SGDISK, Peers.Tool.MKFS_VFAT, Peers.Tool.TRUNCATE);
        TempDirs.sparseFile(file, size);
        ProcessRunner.run(TIMEOUT, Peers.path(Peers.Tool.SGDISK), "-n", "1:" + PARTITION_START_SECTOR + ":0",
                "-t", "1:0700", file.toString()).requireOk();
        // sgdisk's "0" end means the last usable sector, i.e. before the backup GPT.
        long partitionSectors = size / SECTOR - GPT_BACKUP_SECTORS - PARTITION_START_SECTOR + 1;
        long blocks1k = partitionSectors * SECTOR / 1024;
        ProcessRunner.run(TIMEOUT, Peers.path(Peers.Tool.MKFS_VFAT), "--offset", Long.toString(PARTITION_START_SECTOR),
                "-n", "ISCSILAB", file.toString(), Long.toString(blocks1k)).requireOk();
        ProcessRunner.run(TIMEOUT, Peers.path(Peers.Tool.SGDISK), "-v", file.toString()).requireOk();
        return file;
    }

    /** The offset of the first differing byte, or -1 when the files are identical. */
    public static long mismatch(Path a, Path b) {
        try {
            return Files.mismatch(a, b);
        } catch (IOException e) {
            throw new PeerException("cannot compare " + a + " and " + b + ": " + e.getMessage(), e);
        }
    }

    public static boolean sameContent(Path a, Path b) {
        return mismatch(a, b) == -1;
    }
}
