package org.iscsilab.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.iscsilab.pcap.analysis.AnalysisReport;
import org.iscsilab.pcap.analysis.Finding;
import org.iscsilab.pcap.analysis.Rule;
import org.iscsilab.pcap.analysis.Side;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on the real captures of shared/captures. Expected PDU counts per opcode
 * were measured with {@code tshark -r FILE -d tcp.port==PORT,iscsi -T fields -e iscsi.opcode}
 * (comma lists split); no port is given to the inspector, so iSCSI is found by what decodes.
 */
class CaptureInspectorGoldenTest {

  private static Path capture(String name) {
    return org.iscsilab.testfixtures.Captures.path(name);
  }

  private static Map<String, Long> counts(AnalysisReport r) {
    Map<String, Long> byCode = new java.util.TreeMap<>();
    r.pduCountsByOpcode().forEach((name, n) -> byCode.put(name.replaceAll(".*\\((0x..)\\)$", "$1"), n));
    return byCode;
  }

  @Test
  void discoveryCaptureMatchesTsharkAndIsClean() throws Exception {
    CaptureInspector.Result r = CaptureInspector.inspect(capture("libiscsi-tgt-discovery.pcap"), null);
    assertThat(counts(r.report())).isEqualTo(Map.of("0x03", 1L, "0x04", 1L, "0x06", 1L, "0x23", 1L, "0x24", 1L,
        "0x26", 1L));
    // The SendTargets Text Request is immediate and tgt leaves ExpCmdSN alone: no finding.
    assertThat(r.report().findings()).isEmpty();
    assertThat(r.report().sessions()).singleElement()
        .satisfies(s -> assertThat(s.sessionType()).isEqualTo("Discovery"));
    assertThat(r.damage()).isNull();
  }

  @Test
  void mixedCaptureMatchesTsharkAndBlamesOnlyTheDeliberateCmdSNTests() throws Exception {
    CaptureInspector.Result r = CaptureInspector.inspect(capture("libiscsi-tgt-mixed.pcap"), null);
    assertThat(r.report().pduCount()).isEqualTo(986);
    assertThat(counts(r.report())).isEqualTo(Map.ofEntries(Map.entry("0x01", 458L), Map.entry("0x02", 1L),
        Map.entry("0x03", 15L), Map.entry("0x05", 6L), Map.entry("0x06", 14L), Map.entry("0x21", 95L),
        Map.entry("0x22", 1L), Map.entry("0x23", 15L), Map.entry("0x25", 361L), Map.entry("0x26", 14L),
        Map.entry("0x31", 6L)));
    assertThat(r.report().findings()).extracting(Finding::rule)
        .containsExactly(Rule.COMMAND_OUTSIDE_WINDOW, Rule.COMMAND_OUTSIDE_WINDOW);
    assertThat(r.report().openTasks()).allSatisfy(o -> assertThat(o.owes()).isEqualTo(Side.INITIATOR));
  }

  @Test
  void istgtCaptureNamesTheUnansweredRead16AndHowLongItWaited() throws Exception {
    CaptureInspector.Result r = CaptureInspector.inspect(capture("istgt-read16-zero-length-unanswered.pcap"), null);
    assertThat(counts(r.report())).isEqualTo(Map.of("0x01", 12L, "0x03", 2L, "0x06", 1L, "0x20", 2L, "0x21", 3L,
        "0x23", 2L, "0x25", 8L, "0x26", 1L));
    assertThat(r.report().openTasks()).singleElement().satisfies(o -> {
      assertThat(o.initiatorTaskTag()).isEqualTo(0x54f91141);
      assertThat(o.command()).isEqualTo("READ(16) LBA 0 blocks 0");
      assertThat(o.issuedFrame()).isEqualTo(44);
      // frame 44 at 2.007259 s, the initiator's FIN at 19.995994 s
      assertThat(o.waitedNanos()).isBetween(17_988_000_000L, 17_990_000_000L);
      assertThat(o.owes()).isEqualTo(Side.TARGET);
      assertThat(o.owedPdu()).isEqualTo("a SCSI Response");
      assertThat(o.diagnosis()).contains("ITT 0x54f91141", "inside the command window");
    });
    assertThat(r.report().findings()).extracting(Finding::rule)
        .contains(Rule.TASK_NEVER_ANSWERED)
        // istgt's C22 bug: the immediate Logout Request's CmdSN advanced ExpCmdSN.
        .contains(Rule.IMMEDIATE_ADVANCED_EXPCMDSN);
  }
}
