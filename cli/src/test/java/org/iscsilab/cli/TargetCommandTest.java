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

  private final AtomicReference<String> servedBy = new AtomicReference<>();

  private CliResult run(String... args) {
    // Instead of waiting for a signal: note what was served, then stop at once.
    TargetCommand.waiter = t -> {
      servedBy.set(t.describe());
      t.close();
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = IscsiLab.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliResult(exit, out.toString(), err.toString());
  }

  @AfterEach
  void restoreWaiter() {
    TargetCommand.waiter = TargetCommand::awaitShutdown;
  }

  @Test
  void printsOneReadyLineNamingPortalTargetAndLuns() {
    CliResult r = run("target", "--listen", "127.0.0.1:0", "--lun", "64MiB", "--lun", "null:1GiB");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(1);
    assertThat(r.out()).startsWith("iscsi-lab target ready on 127.0.0.1:")
        .contains(IscsiTarget.DEFAULT_IQN + " (LUN 0: 64 MiB memory, LUN 1: 1 GiB null)");
  }

  @Test
  void badLunSpecIsOneLineAndExitCode2() {
    CliResult r = run("target", "--listen", "127.0.0.1:0", "--lun", "lots");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("iscsi-lab target: --lun:").contains("lots");
  }

  @Test
  void unknownQuirkIsNamed() {
    CliResult r = run("target", "--listen", "127.0.0.1:0", "--quirk", "fly");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown quirk 'fly'");
  }

  @Test
  void quirkListDescribesEveryQuirkOnOneLine() {
    CliResult r = run("target", "--quirk", "list");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("sync-cache-never-answered").contains("check-condition-without-sense")
        .contains("immediate-advances-expcmdsn").contains("ignore-writes-larger-than=BYTES");
  }

  @Test
  void shortChapSecretIsRefusedWithTheReason() {
    CliResult r = run("target", "--listen", "127.0.0.1:0", "--chap", "user:short");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("12 to 255");
  }

  @Test
  void recordWritesEveryConnectionAsAPcapThatReplayInspectReads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path pcap = dir.resolve("target.pcap");
    TargetCommand.waiter = t -> {
      // One login over a plain socket while the target serves, then stop.
      try (java.net.Socket s = new java.net.Socket(t.address().getAddress(), t.address().getPort())) {
        s.setSoTimeout(10_000);
        byte[] bytes = org.iscsilab.protocol.codec.PduFramer.encode(org.iscsilab.protocol.pdu.LoginRequest.builder()
            .stages(org.iscsilab.protocol.pdu.Stage.LOGIN_OPERATIONAL_NEGOTIATION,
                org.iscsilab.protocol.pdu.Stage.FULL_FEATURE_PHASE)
            .initiatorTaskTag(1).cmdSN(1)
            .data(org.iscsilab.protocol.pdu.DataSegment.ofText("InitiatorName=iqn.2026-11.test:rec\0SessionType=Discovery\0"))
            .build(), org.iscsilab.protocol.codec.FramingLimits.LOGIN);
        s.getOutputStream().write(bytes);
        byte[] bhs = s.getInputStream().readNBytes(48);
        assertThat(bhs).hasSize(48);
        assertThat(bhs[0] & 0x3f).as("a Login Response").isEqualTo(0x23);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      t.close();
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = IscsiLab.run(new String[] {"target", "--listen", "127.0.0.1:0", "--record", pcap.toString()},
        new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("recording to " + pcap);
    var report = org.iscsilab.pcap.CaptureInspector.inspect(pcap, null).report();
    assertThat(report.pduCountsByOpcode()).containsEntry("Login Request (0x03)", 1L)
        .containsEntry("Login Response (0x23)", 1L);
  }

  @Test
  void recordToAnUnwritablePlaceIsOneLine() {
    CliResult r = run("target", "--listen", "127.0.0.1:0", "--record", "/nonexistent-dir/x.pcap");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("iscsi-lab target: --record: cannot write /nonexistent-dir/x.pcap");
  }

  @Test
  void portInUseIsOneLine() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliResult r = run("target", "--listen", "127.0.0.1:" + s.getLocalPort());
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
    CliResult r = run("target", "--config", c.toString());
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
    CliResult r = run("target", "--config", c.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("iscsi-lab target: targets[1].luns.0:").contains("floppy");
    Files.writeString(c, "limits:\n  queueDepht: 3\n");
    CliResult typo = run("target", "--config", c.toString());
    assertThat(typo.err()).contains("limits.queueDepht: unknown field");
    assertThat(typo.err().lines()).hasSize(1);
  }

  @Test
  void lunNumbersCanBeChosenAndTheTargetRenamed() {
    CliResult r = run("target", "--listen", "127.0.0.1:0", "--iqn", "iqn.2026-11.org.iscsilab:renamed",
        "--lun", "3=null:1GiB", "--lun", "32MiB,ro");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("iqn.2026-11.org.iscsilab:renamed (LUN 3: 1 GiB null, LUN 4: 32 MiB memory read-only)");
  }

  @Test
  void badIqnIsNamed() {
    CliResult r = run("target", "--listen", "127.0.0.1:0", "--iqn", "not a name");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("not a name");
  }
}
