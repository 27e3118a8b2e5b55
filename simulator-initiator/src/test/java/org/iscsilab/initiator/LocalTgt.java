package org.iscsilab.initiator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iscsilab.testfixtures.peers.FreePort;

/**
 * A bounded tgtd for the initiator's interop tests. Stopgap: the shared TgtPeer fixture passes the
 * portal port as tgtd's control port ({@code -C}), which tgtd limits to 0..32767, so it cannot
 * start on an ephemeral port. Every call here is bounded; close() kills the process it started.
 */
final class LocalTgt implements AutoCloseable {
  static final String IQN = "iqn.2001-04.com.example:tgt1";
  static final int DISK_LUN = 1;
  static final int NULL_LUN = 2;

  final int port;
  final int control;
  final Path dir;
  private final Process process;

  private LocalTgt(int port, int control, Path dir, Process process) {
    this.port = port;
    this.control = control;
    this.dir = dir;
    this.process = process;
  }

  /** tgtd with {@link #IQN}: LUN 1 a file of {@code diskBytes}, LUN 2 a null LUN, open to all. */
  static LocalTgt start(long diskBytes) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = FreePort.pick();
      int control = 1000 + (int) ((port * 31L + attempt * 7919L + ProcessHandle.current().pid()) % 31000);
      try {
        return startOn(port, control, diskBytes);
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last;
  }

  private static LocalTgt startOn(int port, int control, long diskBytes) {
    try {
      Path dir = Files.createTempDirectory("iscsilab-init-tgt-");
      Path log = dir.resolve("tgtd.log");
      Process p = new ProcessBuilder("setsid", "tgtd", "-f", "-C", Integer.toString(control), "--iscsi",
          "portal=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      LocalTgt t = new LocalTgt(port, control, dir, p);
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
          if (!p.isAlive()) {
            throw new IllegalStateException("tgtd exited: " + Files.readString(log));
          }
          if (t.adm(false, "--op", "show", "--mode", "system") && accepts(port)) {
            break;
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("tgtd not ready in 15 s: " + Files.readString(log));
          }
          p.waitFor(100, TimeUnit.MILLISECONDS);
        }
        Path disk = dir.resolve("disk.img");
        try (var f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
          f.setLength(diskBytes);
        }
        t.adm(true, "--op", "new", "--mode", "target", "--tid", "1", "-T", IQN);
        t.adm(true, "--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", "1", "-b", disk.toString());
        t.adm(true, "--op", "new", "--mode", "logicalunit", "--tid", "1", "--lun", "2", "--bstype", "null", "-b",
            "/dev/null");
        t.adm(true, "--op", "bind", "--mode", "target", "--tid", "1", "-I", "ALL");
        return t;
      } catch (RuntimeException | InterruptedException e) {
        t.close();
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Requires CHAP (and optionally mutual CHAP) on target 1. */
  void requireChap(String user, String secret) {
    adm(true, "--op", "new", "--mode", "account", "--user", user, "--password", secret);
    adm(true, "--op", "bind", "--mode", "account", "--tid", "1", "--user", user);
  }

  void mutualChap(String user, String secret) {
    adm(true, "--op", "new", "--mode", "account", "--user", user, "--password", secret);
    adm(true, "--op", "bind", "--mode", "account", "--tid", "1", "--user", user, "--outgoing");
  }

  boolean adm(boolean must, String... args) {
    List<String> cmd = new ArrayList<>(List.of("tgtadm", "-C", Integer.toString(control), "--lld", "iscsi"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("tgtadm hung: " + cmd);
      }
      String out = new String(p.getInputStream().readAllBytes());
      if (p.exitValue() != 0 && must) {
        throw new IllegalStateException(cmd + " failed: " + out);
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String url(int lun) {
    return "iscsi://127.0.0.1:" + port + "/" + IQN + "/" + lun;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  static Duration seconds(int n) {
    return Duration.ofSeconds(n);
  }
}
