package org.iscsilab.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.reports.ReportMerger;
import org.iscsilab.reports.SummaryJson;
import org.iscsilab.reports.Verdict;
import org.iscsilab.testfixtures.peers.IstgtPeer;
import org.iscsilab.testfixtures.peers.TgtPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite against real targets on loopback (-Pinterop): tgt and istgt. */
class PeerConformanceIT {

  @TempDir Path dir;

  /** The whole suite, each wait bounded at 2 s: a slow or silent peer costs time, never a hang. */
  private static SuiteRunner.Options options(String url, Path out) {
    return SuiteRunner.Options.defaults().withTarget(url).withOut(out)
        .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(2));
  }

  /** The framework's own example login tests, whose verdicts on tgt are known. */
  private static final List<org.junit.platform.engine.DiscoverySelector> EXAMPLES = List.of(
      org.junit.platform.engine.discovery.DiscoverySelectors.selectClass("org.iscsilab.conformance.login.LoginVersionTest"),
      org.junit.platform.engine.discovery.DiscoverySelectors.selectClass("org.iscsilab.conformance.login.LoginParametersTest"),
      org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(
          "org.iscsilab.conformance.login.MultipleConnectionsTest"));

  private static Map<String, CaseResult> byName(SuiteRunner.Outcome o) {
    return o.summary().results().stream().collect(Collectors.toMap(CaseResult::name, Function.identity(), (a, b) -> a));
  }

  @Test
  void tgtPassesTheLoginTestsAndEveryReportIsWritten() throws Exception {
    try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
      Path out = dir.resolve("tgt");
      SuiteRunner.Outcome o = SuiteRunner.run(options(tgt.url(TgtPeer.DISK_LUN), out).withSelectors(EXAMPLES), null);
      Map<String, CaseResult> r = byName(o);
      assertThat(r).containsKeys("rejectsLoginWithUnsupportedVersionRange",
          "answersUnsupportedVersionRangeWithUnsupportedVersionStatus", "firstLoginResponseCarriesTargetPortalGroupTag",
          "refusesLoginWithoutInitiatorName", "answersMissingInitiatorNameWithMissingParameterStatus",
          "closesConnectionAfterRejectingLogin");
      // tgt keeps MaxConnections=1 by default: the multi-connection test is not-supported, never failed.
      assertThat(o.summary().results())
          .allSatisfy(c -> assertThat(c.verdict()).as(c.name() + ": " + c.message()).isIn(Verdict.PASS, Verdict.NOT_SUPPORTED));
      assertThat(r.get("acceptsASecondConnectionWhenMaxConnectionsAllowsIt").verdict()).isEqualTo(Verdict.NOT_SUPPORTED);
      assertThat(o.exitCode()).isZero();
      assertThat(SummaryJson.read(out.resolve("summary.json")).target()).isEqualTo(tgt.url(TgtPeer.DISK_LUN));
      assertThat(out.resolve("junit")).isDirectoryContaining("glob:**/TEST-org.iscsilab.conformance.login.*.xml");
      assertThat(out.resolve("allure-results")).isDirectoryContaining("glob:**/*-result.json");
    }
  }

  @Test
  void preflightLogsInWithChapFromTheUrlAndNamesTheMissingCredentials() throws Exception {
    try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
      tgt.requireChap(TgtPeer.DEFAULT_TID, "suiteuser", "suitesecret1234");
      String plain = tgt.url(TgtPeer.DISK_LUN);
      String withChap = plain.replace("iscsi://", "iscsi://suiteuser%suitesecret1234@");
      SuiteSettings s = SuiteSettings.defaults();
      new LoginPreflight().check(TargetUnderTest.of(SuiteTargets.parse(withChap), false), s);
      assertThatThrownBy(() -> new LoginPreflight().check(TargetUnderTest.of(SuiteTargets.parse(plain), false), s))
          .isInstanceOf(SuiteCannotRun.class)
          .hasMessageContaining("Authentication failure (0x0201)")
          .hasMessageContaining("put CHAP credentials in the URL");
    }
  }

  @Test
  void istgtIsJudgedAndTwoTargetsMergeIntoOneMatrix() throws Exception {
    Path tgtOut = dir.resolve("runs/tgt");
    Path istgtOut = dir.resolve("runs/istgt");
    try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
      SuiteRunner.run(options(tgt.url(TgtPeer.DISK_LUN), tgtOut), null);
    }
    SuiteRunner.Outcome o;
    try (IstgtPeer istgt = IstgtPeer.start()) {
      o = SuiteRunner.run(options(istgt.url(), istgtOut), null);
    }
    // Whatever istgt gets wrong, every test of the whole suite has a verdict and the run ends with
    // 0 or 1, never stuck.
    assertThat(o.summary().results()).hasSizeGreaterThan(100)
        .allSatisfy(c -> assertThat(c.verdict()).isIn(Verdict.PASS, Verdict.FAIL, Verdict.WARNING, Verdict.NOT_SUPPORTED,
            Verdict.SKIPPED));
    // Skipped: the tests that write (no --destructive), and checks whose situation the target
    // never produced (another test judges that).
    o.summary().findings().forEach(f -> assertThat(f.diagnosis()).as(f.test()).isNotBlank());
    // istgt's known deviation: it keeps the connection open after rejecting a login (RFC 7143 §11.13.5).
    CaseResult close = byName(o).get("closesConnectionAfterRejectingLogin");
    assertThat(close.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(close.message()).startsWith("the target kept the connection open for 2 s after answering the login with");
    assertThat(o.exitCode()).isEqualTo(SuiteRunner.EXIT_MUST_FAILURE);

    ReportMerger.Result merged = ReportMerger.merge(List.of(dir.resolve("runs")), dir.resolve("merged"));
    assertThat(merged.inputs()).hasSize(2);
    String html = Files.readString(merged.matrix());
    assertThat(html).contains(IstgtPeer.IQN, TgtPeer.DEFAULT_IQN);
  }
}
