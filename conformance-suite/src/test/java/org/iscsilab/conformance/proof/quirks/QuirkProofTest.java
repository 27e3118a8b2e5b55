package org.iscsilab.conformance.proof.quirks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.time.Duration;
import java.util.List;
import org.iscsilab.conformance.SuiteRunner;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.reports.Verdict;
import org.iscsilab.target.IscsiTarget;
import org.iscsilab.target.backend.LunSpec;
import org.iscsilab.target.quirk.Quirks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * (One package below {@code proof}: the suite's default selection takes every class directly in a
 * sub-package of {@code org.iscsilab.conformance} for a conformance test.)
 *
 * <p>The suite proves itself: each conformance test below passes against the reference target and
 * fails — with a diagnosis naming what went wrong — against the same target running the one quirk
 * that breaks exactly the rule the test judges.
 */
class QuirkProofTest {

  private static final String P = "org.iscsilab.conformance.";
  private static final String CTX = "org.iscsilab.conformance.ConformanceContext";

  private static List<CaseResult> run(String quirk, String method, boolean destructive) throws Exception {
    IscsiTarget.Builder b = IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse("64MiB"));
    for (String q : quirk.split("\\+")) {
      if (!q.isBlank()) {
        b.quirk(Quirks.create(q.strip()));
      }
    }
    try (IscsiTarget t = b.start()) {
      String url = "iscsi://127.0.0.1:" + t.address().getPort() + "/" + IscsiTarget.DEFAULT_IQN + "/0";
      SuiteRunner.Outcome o = SuiteRunner.run(SuiteRunner.Options.defaults().withTarget(url)
          .withDestructive(destructive).withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(2))
          .withSelectors(List.of(selectMethod(P + method))), null);
      return o.summary().results();
    }
  }

  @ParameterizedTest(name = "{0} breaks {1}")
  @CsvSource(delimiter = '|', value = {
      "sync-cache-never-answered | scsi.SynchronizeCacheTest#synchronizeCache10IsAnsweredWithGood(int, int, " + CTX
          + ") | false | SYNCHRONIZE CACHE(10)",
      "check-condition-without-sense | scsi.CommandSetTest#everyCheckConditionCarriesSenseData(java.lang.String, "
          + CTX + ") | false | autosense",
      "immediate-advances-expcmdsn | command_numbering.ImmediateCommandTest#immediateCommandDoesNotAdvanceExpCmdSN("
          + "org.iscsilab.conformance.command_numbering.ImmediateCommandTest$Immediate, " + CTX
          + ") | false | ExpCmdSN in the answer to",
      "zero-length-read-never-answered | data_transfer.ZeroLengthTransferTest#zeroLengthReadCompletesWithGood(int, "
          + CTX + ") | false | no SCSI Response",
      "nop-out-never-answered | nop.NopOutPingTest#answerCarriesThePingsInitiatorTaskTag(" + CTX
          + ") | false | no NOP-In answering",
      "statsn-advanced-on-every-pdu | command_numbering.StatusNumberingTest#dataInWithoutStatusDoesNotAdvanceStatSN("
          + CTX + ") | false | StatSN of the READ's status",
      "statsn-advanced-on-every-pdu | data_transfer.R2TTest#r2tDoesNotAdvanceStatSN(" + CTX
          + ") | true | R2Ts carry the next StatSN",
      "ignore-writes-larger-than=16384 | data_transfer.R2TTest#r2tsAskForEveryByteOnceInOrder(" + CTX
          + ") | true | no R2T or SCSI Response",
  })
  void theQuirkFailsTheTestThatJudgesItsRule(String quirk, String method, boolean destructive, String diagnosis)
      throws Exception {
    List<CaseResult> clean = run("", method, destructive);
    assertThat(clean).as("results against the reference target").isNotEmpty()
        .allSatisfy(r -> assertThat(r.verdict()).as(r.name() + ": " + r.message()).isEqualTo(Verdict.PASS));
    List<CaseResult> broken = run(quirk, method, destructive);
    assertThat(broken).as("results against the reference target with quirk " + quirk).isNotEmpty()
        .anySatisfy(r -> {
          assertThat(r.verdict()).as(r.name() + ": " + r.message()).isEqualTo(Verdict.FAIL);
          assertThat(r.message()).contains(diagnosis);
        });
  }

  /**
   * The reference target pings only after 30 s of idleness, so the target-ping tests are
   * not-supported against it; with pings every second they pass, and fail once the target also
   * advances StatSN for its pings.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"targetPingCarriesReservedIttAndStatSNNotAdvanced", "targetAcceptsTheAnswerToItsPing"})
  void targetPingTestsJudgeAPingingTarget(String test) throws Exception {
    String method = "nop.TargetPingTest#" + test + "(" + CTX + ")";
    assertThat(run("", method, false)).singleElement()
        .satisfies(r -> assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.NOT_SUPPORTED));
    assertThat(run("nop-in-drop-after=2", method, false)).singleElement()
        .satisfies(r -> assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.PASS));
    if (test.startsWith("targetPingCarries")) {
      assertThat(run("nop-in-drop-after=2+statsn-advanced-on-every-pdu", method, false)).singleElement()
          .satisfies(r -> {
            assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.FAIL);
            assertThat(r.message()).contains("StatSN");
          });
    }
  }
}
