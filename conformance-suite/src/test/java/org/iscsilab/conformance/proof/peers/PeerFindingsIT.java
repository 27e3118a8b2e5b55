package org.iscsilab.conformance.proof.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.iscsilab.conformance.SuiteRunner;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.reports.Verdict;
import org.iscsilab.testfixtures.peers.IstgtPeer;
import org.iscsilab.testfixtures.peers.TgtPeer;
import org.junit.jupiter.api.Test;

/**
 * The findings of the command-numbering, data-transfer, digest, task-management, logout, reject
 * and SCSI tests against the real peers on loopback (-Pinterop), pinned so that a change in the
 * tests or the peers shows: istgt's hangs and missing sense data, tgt's and istgt's Data-In
 * sequences beyond MaxBurstLength (C16).
 */
class PeerFindingsIT {

  private static Map<String, CaseResult> run(String url, String... areas) throws Exception {
    SuiteRunner.Outcome o = SuiteRunner.run(SuiteRunner.Options.defaults().withTarget(url)
        .withTags(List.of(areas), List.of()).withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(3)), null);
    assertThat(o.summary().results()).allSatisfy(r -> assertThat(r.verdict())
        .isIn(Verdict.PASS, Verdict.FAIL, Verdict.WARNING, Verdict.NOT_SUPPORTED, Verdict.SKIPPED));
    o.summary().findings().forEach(f -> assertThat(f.diagnosis()).as(f.test()).isNotBlank());
    return o.summary().results().stream().collect(Collectors.toMap(r -> r.name() + " " + r.id(),
        Function.identity(), (a, b) -> a));
  }

  private static List<CaseResult> named(Map<String, CaseResult> r, String name) {
    return r.values().stream().filter(c -> c.name().startsWith(name)).toList();
  }

  @Test
  void istgtHangsOnZeroLengthReadsAndSendsCheckConditionWithoutSense() throws Exception {
    try (IstgtPeer istgt = IstgtPeer.start()) {
      Map<String, CaseResult> r = run(istgt.url(), "data-transfer", "scsi", "command-numbering");
      assertThat(named(r, "zeroLengthReadCompletesWithGood")).isNotEmpty().allSatisfy(c -> {
        assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(c.message()).startsWith("no SCSI Response to SCSI Command").contains("blocks 0 EDTL 0");
      });
      assertThat(named(r, "zeroAllocationLengthIsNotAnError")).singleElement()
          .satisfies(c -> assertThat(c.message()).contains("no SCSI Response for INQUIRY standard alloc 0"));
      assertThat(named(r, "readBeyondTheLastLbaIsLbaOutOfRange")).isNotEmpty()
          .allSatisfy(c -> assertThat(c.message()).contains("CHECK CONDITION without any sense data"));
      assertThat(named(r, "dataInSequencesFitMaxBurstLength")).isNotEmpty()
          .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(Verdict.FAIL));
      assertThat(named(r, "pageCodeWithoutEvpdIsInvalidFieldInCdb")).singleElement()
          .satisfies(c -> assertThat(c.message()).contains("got GOOD"));
      // istgt executes a command whose CmdSN follows a gap at once, out of CmdSN order.
      assertThat(named(r, "commandAfterAGapWaitsUntilTheGapIsFilled")).singleElement()
          .satisfies(c -> assertThat(c.verdict()).isEqualTo(Verdict.FAIL));
    }
  }

  @Test
  void tgtIgnoresMaxBurstLengthForDataInAndDropsCommandsOutsideTheWindowWithTheConnection() throws Exception {
    try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
      Map<String, CaseResult> r = run(tgt.url(TgtPeer.DISK_LUN), "data-transfer", "command-numbering", "scsi");
      assertThat(named(r, "dataInSequencesFitMaxBurstLength")).isNotEmpty().allSatisfy(c -> {
        assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(c.message()).contains("Data-In sequences beyond MaxBurstLength");
      });
      assertThat(named(r, "commandBelowExpCmdSNIsSilentlyIgnored")).singleElement()
          .satisfies(c -> assertThat(c.message()).startsWith("the target dropped the connection after a TEST UNIT READY"));
      assertThat(named(r, "zeroLengthReadCompletesWithGood")).isNotEmpty()
          .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(Verdict.PASS));
      assertThat(named(r, "everyCheckConditionCarriesSenseData")).isNotEmpty()
          .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(Verdict.PASS));
    }
  }
}
