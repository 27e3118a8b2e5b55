package org.iscsilab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.iscsilab.target.IscsiTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetCommandTest {

  private record Result(int exit, String out, String err) {}

  private final AtomicReference<String> servedBy = new AtomicReference<>();

  private Result run(String... args) {
    // Instead of waiting for a signal: note what was served, then stop at once.
    TargetCommand.waiter = t -> {
      servedBy.set(t.describe());
      t.close();
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = IscsiLab.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  @AfterEach
  void restoreWaiter() {
    TargetCommand.waiter = TargetCommand::awaitShutdown;
  }

  @Test
  void printsOneReadyLineNamingPortalTargetAndLuns() {
    Result r = run("target", "--listen", "127.0.0.1:0", "--lun", "64MiB", "--lun", "null:1GiB");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(1);
    assertThat(r.out()).startsWith("iscsi-lab target ready on 127.0.0.1:")
        .contains(IscsiTarget.DEFAULT_IQN + " (LUN 0: 64 MiB memory, LUN 1: 1 GiB null)");
  }

  @Test
  void badLunSpecIsOneLineAndExitCode2() {
    Result r = run("target", "--listen", "127.0.0.1:0", "--lun", "lots");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("iscsi-lab target: --lun:").contains("lots");
  }

  @Test
  void unknownQuirkIsNamed() {
    Result r = run("target", "--listen", "127.0.0.1:0", "--quirk", "fly");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown quirk 'fly'");
  }

  @Test
  void quirkListDescribesEveryQuirkOnOneLine() {
    Result r = run("target", "--quirk", "list");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("sync-cache-never-answered").contains("check-condition-without-sense")
        .contains("immediate-advances-expcmdsn").contains("ignore-writes-larger-than=BYTES");
  }

  @Test
  void shortChapSecretIsRefusedWithTheReason() {
    Result r = run("target", "--listen", "127.0.0.1:0", "--chap", "user:short");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("12 to 255");
  }

  @Test
  void recordIsAcceptedButSaysItIsNotAvailableYet() {
    Result r = run("target", "--listen", "127.0.0.1:0", "--record", "x.pcap");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--record is not available yet");
  }

  @Test
  void portInUseIsOneLine() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Result r = run("target", "--listen", "127.0.0.1:" + s.getLocalPort());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err().lines()).hasSize(1);
      assertThat(r.err()).startsWith("iscsi-lab target: ");
    }
  }

  @Test
  void configFileDescribesSeveralTargetsAndPortals(@TempDir Path dir) throws Exception {
    Path c = dir.resolve("t.yaml");
    Files.writeString(c, """
        portals:
          - listen: 127.0.0.1:0
            group: 1
        targets:
          - iqn: iqn.2026-11.org.iscsilab:one
            luns: {0: 64MiB}
          - iqn: iqn.2026-11.org.iscsilab:two
            luns: {0: "null:1GiB", 3: 32MiB}
        limits:
          queueDepth: 64
          nopInIntervalSeconds: 5
        quirks: [sync-cache-never-answered]
        """);
    Result r = run("target", "--config", c.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("iqn.2026-11.org.iscsilab:one (LUN 0: 64 MiB memory)")
        .contains("iqn.2026-11.org.iscsilab:two (LUN 0: 1 GiB null, LUN 3: 32 MiB memory)");
  }

  @Test
  void configMistakesNameTheField(@TempDir Path dir) throws Exception {
    Path c = dir.resolve("t.yaml");
    Files.writeString(c, """
        targets:
          - iqn: iqn.2026-11.org.iscsilab:one
            luns: {0: 64MiB}
          - iqn: iqn.2026-11.org.iscsilab:two
            luns: {0: "floppy"}
        """);
    Result r = run("target", "--config", c.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("iscsi-lab target: targets[1].luns.0:").contains("floppy");
    Files.writeString(c, "limits:\n  queueDepht: 3\n");
    Result typo = run("target", "--config", c.toString());
    assertThat(typo.err()).contains("limits.queueDepht: unknown field");
    assertThat(typo.err().lines()).hasSize(1);
  }
}
