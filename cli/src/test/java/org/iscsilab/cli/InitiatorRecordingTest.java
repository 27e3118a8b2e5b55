package org.iscsilab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.cli.CliResult.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.iscsilab.initiator.ConnectionTap;
import org.iscsilab.initiator.Discovery;
import org.iscsilab.initiator.IscsiConnection;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.LoginSpec;
import org.iscsilab.initiator.PduRecord;
import org.iscsilab.initiator.SessionConfig;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.pcap.CaptureInspector;
import org.iscsilab.pcap.PcapRecordingHandler;
import org.iscsilab.pcap.io.PcapRecorder;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.target.IscsiTarget;
import org.iscsilab.target.backend.LunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initiator's pcap recording (library seam {@link ConnectionTap} and {@code --record}) against
 * the reference target in-process: what replay inspect reads back from the file is exactly what
 * the initiator exchanged, to the last PDU (the Logout Response after which the connection closes).
 */
@Timeout(120)
class InitiatorRecordingTest {

  private static IscsiTarget start(PcapRecorder targetSide) {
    IscsiTarget.Builder b = IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse("64MiB"));
    if (targetSide != null) {
      b.wireTap(ch -> PcapRecordingHandler.listener(targetSide, ch, true), PcapRecordingHandler::epochNanos);
    }
    IscsiTarget t = b.build();
    t.start();
    return t;
  }

  private static ConnectionTap tap(PcapRecorder r) {
    return new ConnectionTap(ch -> PcapRecordingHandler.listener(r, ch, false), PcapRecordingHandler::epochNanos);
  }

  /** PDU counts by opcode as replay inspect reports them. */
  private static Map<String, Long> inspected(Path pcap) throws Exception {
    CaptureInspector.Result r = CaptureInspector.inspect(pcap, null);
    assertThat(r.damage()).isNull();
    return new TreeMap<>(r.report().pduCountsByOpcode());
  }

  private static Map<String, Long> counted(List<PduRecord> history) {
    Map<String, Long> m = new TreeMap<>();
    for (PduRecord p : history) {
      m.merge(p.pdu().opcode().toString(), 1L, Long::sum);
    }
    return m;
  }

  @Test
  void aSessionsRecordingReadsBackWithTheCountsOfEveryPduItExchanged(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("session.pcap");
    List<PduRecord> history;
    try (IscsiTarget t = start(null); PcapRecorder rec = new PcapRecorder(pcap)) {
      SessionConfig cfg = SessionConfig.of("127.0.0.1", t.address().getPort(),
          LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, IscsiTarget.DEFAULT_IQN)).withWireTap(tap(rec));
      IscsiSession s = IscsiSession.open(cfg);
      BlockDevice d = BlockDevice.open(s, 0);
      byte[] data = new byte[300_000 / 512 * 512];
      new Random(3).nextBytes(data);
      d.write(8, data);
      assertThat(d.read(8, data.length / 512)).isEqualTo(data);
      s.close();
      IscsiConnection c = s.connections().get(0);
      history = c.history();
      // The session keeps its last 64 PDUs: fewer than that means the history is all of them.
      assertThat(history).hasSizeLessThan(64);
    }
    Map<String, Long> expected = counted(history);
    assertThat(expected).containsEntry("Logout Response (0x26)", 1L).containsKey("SCSI Data-Out (0x05)")
        .containsKey("SCSI Data-In (0x25)");
    assertThat(inspected(pcap)).isEqualTo(expected);
  }

  /** A connection that ends without a logout is flushed, with its FIN, the moment it ends. */
  @Test
  void aLostConnectionIsOnDiskAtOnceWhileTheRecorderStaysOpen(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("lost.pcap");
    try (IscsiTarget t = start(null); PcapRecorder rec = new PcapRecorder(pcap)) {
      IscsiSession s = IscsiSession.open(SessionConfig.of("127.0.0.1", t.address().getPort(),
          LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, IscsiTarget.DEFAULT_IQN)).withWireTap(tap(rec)));
      BlockDevice d = BlockDevice.open(s, 0);
      d.read(0, 16);
      IscsiConnection c = s.connections().get(0);
      c.close(); // the TCP connection ends under the session: no logout
      assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
      List<PduRecord> history = c.history();
      // Read while the recorder is still open: everything up to the loss is already in the file.
      CaptureInspector.Result r = CaptureInspector.inspect(pcap, null);
      assertThat(r.damage()).isNull();
      assertThat(new TreeMap<>(r.report().pduCountsByOpcode())).isEqualTo(counted(history));
      s.close();
    }
  }

  @Test
  void rawConnectionsAndDiscoveryAreRecordedToo(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("raw.pcap");
    List<PduRecord> raw;
    try (IscsiTarget t = start(null); PcapRecorder rec = new PcapRecorder(pcap)) {
      int port = t.address().getPort();
      try (IscsiConnection c = IscsiConnection.connect("127.0.0.1", port, Duration.ofSeconds(5), null, true,
          tap(rec))) {
        var o = c.login(LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, IscsiTarget.DEFAULT_IQN));
        c.send(NopOut.ping(7, o.cmdSN(), o.statSN() + 1, DataSegment.EMPTY));
        assertThat(c.receive(Duration.ofSeconds(5))).isInstanceOf(NopIn.class);
        raw = c.history();
      } // closed without a logout: the FIN still goes into the file
      Discovery.Result found = Discovery.run("127.0.0.1", port, LoginSpec.discovery(LoginSpec.DEFAULT_INITIATOR_NAME),
          Duration.ofSeconds(5), tap(rec));
      assertThat(found.targets()).isNotEmpty();
    }
    Map<String, Long> expected = counted(raw);
    // Discovery: login (1 or more round trips), SendTargets, logout.
    Map<String, Long> got = inspected(pcap);
    assertThat(got).containsEntry("Text Request (0x04)", 1L).containsEntry("Text Response (0x24)", 1L)
        .containsEntry("Logout Request (0x06)", 1L).containsEntry("Logout Response (0x26)", 1L)
        .containsEntry("NOP-Out (0x00)", expected.get("NOP-Out (0x00)"))
        .containsEntry("NOP-In (0x20)", expected.get("NOP-In (0x20)"));
    assertThat(got.get("Login Request (0x03)")).isGreaterThan(expected.get("Login Request (0x03)"));
    assertThat(got.get("Login Request (0x03)")).isEqualTo(got.get("Login Response (0x23)"));
  }

  /** Each command's recording against the target's own recording of the same connections. */
  @Test
  void recordOnEveryInitiatorCommandMatchesWhatTheTargetSaw(@TempDir Path dir) throws Exception {
    byte[] data = new byte[70000];
    new Random(4).nextBytes(data);
    Path in = dir.resolve("in.bin");
    Files.write(in, data);
    String[][] commands = {
        {"discover", "PORTAL"},
        {"inquiry", "URL"},
        {"capacity", "URL"},
        {"write", "URL", "--lba", "10", "--in", in.toString()},
        {"read", "URL", "--lba", "10", "--blocks", "137", "--out", dir.resolve("out.bin").toString()},
        {"perf", "URL", "--seconds", "0.5", "--warmup", "0", "--queue-depth", "4", "--json"},
        {"workload", "URL", "--name", "verify", "--blocks", "2048"},
    };
    for (String[] cmd : commands) {
      Path ours = dir.resolve(cmd[0] + ".pcap");
      Path theirs = dir.resolve(cmd[0] + "-target.pcap");
      try (PcapRecorder targetSide = new PcapRecorder(theirs)) {
        try (IscsiTarget t = start(targetSide)) {
          String portal = "iscsi://127.0.0.1:" + t.address().getPort();
          String[] args = new String[cmd.length + 3];
          args[0] = "initiator";
          for (int i = 0; i < cmd.length; i++) {
            args[i + 1] = cmd[i].equals("PORTAL") ? portal
                : cmd[i].equals("URL") ? portal + "/" + IscsiTarget.DEFAULT_IQN + "/0" : cmd[i];
          }
          args[cmd.length + 1] = "--record";
          args[cmd.length + 2] = ours.toString();
          CliResult r = run(args);
          assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
          assertThat(r.err()).doesNotContain("recording");
        }
      }
      Map<String, Long> got = inspected(ours);
      assertThat(got).as(cmd[0]).containsEntry("Logout Response (0x26)", 1L).isEqualTo(inspected(theirs));
    }
  }

  @Test
  void recordToAnUnwritablePlaceIsOneLineAndExitCode2() {
    CliResult r = run("initiator", "discover", "iscsi://127.0.0.1:1", "--record", "/nonexistent-dir/x.pcap");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("iscsi-lab: --record: cannot write /nonexistent-dir/x.pcap")
        .doesNotContain("\n");
  }
}
