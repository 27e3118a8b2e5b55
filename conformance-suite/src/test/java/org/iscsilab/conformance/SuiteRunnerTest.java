package org.iscsilab.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.reports.Verdict;
import org.junit.jupiter.api.Test;

class SuiteRunnerTest {

  private static final SuiteSettings QUICK = new SuiteSettings(Optional.empty(), false, List.of(), List.of(),
      Duration.ofSeconds(10), Duration.ofMillis(500), SuiteSettings.DEFAULT_INITIATOR_NAME);

  private static TargetUnderTest target(String url) throws SuiteCannotRun {
    return TargetUnderTest.of(SuiteTargets.parse(url), false);
  }

  @Test
  void preflightNamesAnUnreachablePortal() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "iscsi://127.0.0.1:" + port + "/iqn.2026-11.org.iscsilab:x/0";
    assertThatThrownBy(() -> new LoginPreflight().check(target(url), QUICK))
        .isInstanceOf(SuiteCannotRun.class)
        .hasMessageStartingWith("target unreachable: cannot connect to 127.0.0.1:" + port + ": ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void preflightReportsARefusedLoginWithItsStatus() throws Exception {
    try (FakeTarget t = FakeTarget.conforming()) {
      String url = "iscsi://127.0.0.1:" + t.address().getPort() + "/iqn.2026-11.org.iscsilab:wrong/0";
      assertThatThrownBy(() -> new LoginPreflight().check(target(url), QUICK))
          .isInstanceOf(SuiteCannotRun.class)
          .hasMessage("login to iqn.2026-11.org.iscsilab:wrong at 127.0.0.1:" + t.address().getPort()
              + " refused: Initiator Error: Not found (0x0203); check the target IQN in the URL");
    }
  }

  @Test
  void preflightSaysWhenTheTargetNeedsCredentials() throws Exception {
    try (FakeTarget t = FakeTarget.answering(
        r -> Optional.of(FakeTarget.answer(r, LoginStatus.AUTHENTICATION_FAILURE, Keys.of())), true)) {
      assertThatThrownBy(() -> new LoginPreflight().check(target(t.url()), QUICK))
          .isInstanceOf(SuiteCannotRun.class)
          .hasMessageContaining("refused: Initiator Error: Authentication failure (0x0201)")
          .hasMessageContaining("put CHAP credentials in the URL");
    }
  }

  @Test
  void preflightReportsATargetThatNeverAnswers() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      assertThatThrownBy(() -> new LoginPreflight().check(target(t.url()), QUICK))
          .isInstanceOf(SuiteCannotRun.class)
          .hasMessageStartingWith("login to " + FakeTarget.IQN + " at 127.0.0.1:" + t.address().getPort()
              + " failed: no Login Response after 0.5 s to the Login Request with ITT 0x00000000");
    }
  }

  @Test
  void preflightPassesAConformingTarget() throws Exception {
    try (FakeTarget t = FakeTarget.conforming()) {
      new LoginPreflight().check(target(t.url()), QUICK);
    }
  }

  @Test
  void runStopsBeforeAnyTestWhenThePreflightFails() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      assertThatThrownBy(() -> SuiteRunner.run(SuiteRunner.Options.defaults().withTarget(t.url())
              .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200))
              .withSelectors(List.of(selectClass(VerdictFixtures.Outcomes.class))), null))
          .isInstanceOf(SuiteCannotRun.class)
          .hasMessageContaining("no Login Response after 0.2 s");
    }
  }

  @Test
  void aMalformedUrlCannotRun() {
    assertThatThrownBy(() -> SuiteRunner.run(SuiteRunner.Options.defaults().withTarget("http://example/iqn/0"), null))
        .isInstanceOf(SuiteCannotRun.class)
        .hasMessageStartingWith("not a usable target URL: ")
        .hasMessageContaining("expected iscsi://");
  }

  /** The framework's example login tests, which FakeTarget is scripted for. */
  private static final List<org.junit.platform.engine.DiscoverySelector> EXAMPLES = List.of(
      org.junit.platform.engine.discovery.DiscoverySelectors.selectClass("org.iscsilab.conformance.login.LoginVersionTest"),
      org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(
          "org.iscsilab.conformance.login.LoginParametersTest"));

  @Test
  void withoutUrlTheEmbeddedReferenceTargetIsStartedJudgedAndStopped() throws Exception {
    StringWriter progress = new StringWriter();
    SuiteRunner.Outcome o = SuiteRunner.run(SuiteRunner.Options.defaults()
        .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(5)), new PrintWriter(progress));
    assertThat(progress.toString()).contains("judging the embedded reference target at iscsi://127.0.0.1:");
    assertThat(o.summary().target()).endsWith("/" + org.iscsilab.target.IscsiTarget.DEFAULT_IQN + "/0");
    assertThat(o.summary().results()).isNotEmpty()
        .allSatisfy(r -> assertThat(r.verdict()).as(r.name() + ": " + r.message())
            // without --destructive the tests that write are skipped, never run
            .isIn(Verdict.PASS, Verdict.NOT_SUPPORTED, Verdict.SKIPPED));
    assertThat(o.summary().results()).filteredOn(r -> r.verdict() == Verdict.SKIPPED)
        .allSatisfy(r -> assertThat(r.tags()).contains(SuiteTags.DESTRUCTIVE));
    assertThat(o.summary().results()).hasSizeGreaterThanOrEqualTo(120);
    assertThat(o.exitCode()).isZero();
  }

  @Test
  void theExampleLoginTestsPassAConformingTarget() throws Exception {
    try (FakeTarget t = FakeTarget.conforming()) {
      // FakeTarget scripts only what the framework's example classes ask; the area's full tests need a real target.
      SuiteRunner.Outcome o = SuiteRunner.run(SuiteRunner.Options.defaults().withTarget(t.url())
          .withTags(List.of("login"), List.of(SuiteTags.MULTI_CONNECTION)).withSelectors(EXAMPLES)
          .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2)), null);
      assertThat(o.summary().results()).extracting(CaseResult::area).containsOnly("login");
      assertThat(o.summary().results()).hasSizeGreaterThanOrEqualTo(6)
          .allSatisfy(r -> assertThat(r.verdict()).as(r.name() + ": " + r.message()).isEqualTo(Verdict.PASS));
      assertThat(o.exitCode()).isZero();
    }
  }

  @Test
  void theExampleLoginTestsJudgeADeviatingTarget() throws Exception {
    // Answers every problem with the generic 0x0200, omits TargetPortalGroupTag, never closes.
    try (FakeTarget t = FakeTarget.answering(r -> {
      var right = FakeTarget.conformingAnswer(r);
      return Optional.of(right.status().isSuccess()
          ? FakeTarget.answer(r, LoginStatus.SUCCESS, Keys.of("AuthMethod", "None"))
          : FakeTarget.answer(r, LoginStatus.INITIATOR_ERROR, Keys.of()));
    }, false)) {
      SuiteRunner.Outcome o = SuiteRunner.run(SuiteRunner.Options.defaults().withTarget(t.url())
          .withTags(List.of("login"), List.of(SuiteTags.MULTI_CONNECTION)).withSelectors(EXAMPLES)
          .withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(500)), null);
      Map<String, CaseResult> r = o.summary().results().stream()
          .collect(Collectors.toMap(CaseResult::name, Function.identity()));
      assertThat(r.get("rejectsLoginWithUnsupportedVersionRange").verdict()).isEqualTo(Verdict.PASS);
      assertThat(r.get("answersUnsupportedVersionRangeWithUnsupportedVersionStatus").verdict()).isEqualTo(Verdict.WARNING);
      assertThat(r.get("answersMissingInitiatorNameWithMissingParameterStatus").verdict()).isEqualTo(Verdict.WARNING);
      assertThat(r.get("firstLoginResponseCarriesTargetPortalGroupTag").verdict()).isEqualTo(Verdict.FAIL);
      assertThat(r.get("firstLoginResponseCarriesTargetPortalGroupTag").message()).contains("TargetPortalGroupTag");
      assertThat(r.get("closesConnectionAfterRejectingLogin").verdict()).isEqualTo(Verdict.FAIL);
      assertThat(o.exitCode()).isEqualTo(SuiteRunner.EXIT_MUST_FAILURE);
    }
  }
}
