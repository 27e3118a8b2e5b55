package org.iscsilab.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.reports.RunSummary;
import org.iscsilab.reports.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictMappingTest {

  @TempDir Path out;

  private static SuiteRunner.Options options(String url, Class<?>... classes) {
    return SuiteRunner.Options.defaults()
        .withTarget(url)
        .withPreflight((t, s) -> { })
        .withSelectors(Stream.of(classes).map(c -> selectClass(c)).map(s -> (org.junit.platform.engine.DiscoverySelector) s).toList());
  }

  private static Map<String, CaseResult> byMethod(RunSummary s) {
    return s.results().stream().collect(Collectors.toMap(r -> r.name(), Function.identity()));
  }

  @Test
  void mapsEachOutcomeToItsVerdict() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      SuiteRunner.Outcome o = SuiteRunner.run(options(t.url(), VerdictFixtures.Outcomes.class).withOut(out), null);
      Map<String, CaseResult> r = byMethod(o.summary());

      assertThat(r.get("passes").verdict()).isEqualTo(Verdict.PASS);
      assertThat(r.get("violatesMust").verdict()).isEqualTo(Verdict.FAIL);
      assertThat(r.get("violatesMust").message()).contains("[status]", "Success");
      assertThat(r.get("violatesShould").verdict()).isEqualTo(Verdict.WARNING);
      assertThat(r.get("violatesShould").message()).contains("Status-Detail");
      assertThat(r.get("violatesMay").verdict()).isEqualTo(Verdict.WARNING);
      assertThat(r.get("targetDeclinesFeature").verdict()).isEqualTo(Verdict.NOT_SUPPORTED);
      assertThat(r.get("targetDeclinesFeature").message()).isEqualTo("the target declined ImmediateData");
      assertThat(r.get("testOwnAssumptionFails").verdict()).isEqualTo(Verdict.SKIPPED);
      assertThat(r.get("breaksUnexpectedly").verdict()).isEqualTo(Verdict.FAIL);
      assertThat(r.get("breaksUnexpectedly").message()).isEqualTo("unexpected IOException: Connection reset by peer");
      assertThat(r.get("writesToTheLun").verdict()).isEqualTo(Verdict.SKIPPED);
      assertThat(r.get("writesToTheLun").message()).contains("--destructive");

      assertThat(o.summary().mustFailures()).isEqualTo(2);
      assertThat(o.exitCode()).isEqualTo(SuiteRunner.EXIT_MUST_FAILURE);
      assertThat(r.get("violatesMust").clause()).isEqualTo("RFC 7143 §4.2");
      assertThat(r.get("violatesMust").level()).isEqualTo("MUST");
      assertThat(r.get("violatesMust").area()).isEqualTo("login");
    }
  }

  @Test
  void destructiveTestsRunOnlyWhenAskedFor() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      SuiteRunner.Outcome o = SuiteRunner.run(options(t.url(), VerdictFixtures.Outcomes.class)
          .withTags(List.of(SuiteTags.DESTRUCTIVE), List.of()).withDestructive(true), null);
      assertThat(o.summary().results()).extracting(CaseResult::name, CaseResult::verdict)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("writesToTheLun", Verdict.PASS));
      assertThat(o.exitCode()).isZero();
    }
  }

  @Test
  void warningsAndDeclinedFeaturesDoNotFailTheRun() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      SuiteRunner.Outcome o = SuiteRunner.run(options(t.url(), VerdictFixtures.Outcomes.class)
          .withTags(List.of("should", "may"), List.of()), null);
      assertThat(o.summary().results()).extracting(CaseResult::verdict).containsOnly(Verdict.WARNING);
      assertThat(o.summary().results()).hasSize(2);
      assertThat(o.exitCode()).isEqualTo(SuiteRunner.EXIT_OK);
    }
  }

  @Test
  void excludeDropsTestsFromTheRunAndTheReports() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      SuiteRunner.Outcome o = SuiteRunner.run(options(t.url(), VerdictFixtures.Outcomes.class)
          .withTags(List.of(), List.of("must", SuiteTags.DESTRUCTIVE)), null);
      assertThat(o.summary().results()).extracting(CaseResult::name)
          .containsExactlyInAnyOrder("violatesShould", "violatesMay");
    }
  }

  @Test
  void aSelectionThatMatchesNothingCannotRun() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> SuiteRunner.run(options(t.url(),
              VerdictFixtures.Outcomes.class).withTags(List.of("no-such-tag"), List.of()), null))
          .isInstanceOf(SuiteCannotRun.class)
          .hasMessage("no conformance test selected by --include no-such-tag");
    }
  }

  @Test
  void aTargetThatNeverAnswersFailsWithADiagnosisAndThePduExchangeAttached() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      SuiteRunner.Outcome o = SuiteRunner.run(options(t.url(), VerdictFixtures.Hangs.class)
          .withTimeouts(Duration.ofSeconds(20), Duration.ofMillis(300)).withOut(out), null);
      CaseResult r = o.summary().results().get(0);
      assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(r.message()).startsWith("no Login Response after 0.3 s to the Login Request with ITT 0x00001234;")
          .contains("still open", "1 PDUs sent, 0 received");
      assertThat(o.exitCode()).isEqualTo(1);

      String junit = Files.readString(out.resolve("junit/TEST-" + VerdictFixtures.Hangs.class.getName().replace('$', '_') + ".xml"));
      assertThat(junit).contains("<failure", "no Login Response after 0.3 s", "connection 1 to 127.0.0.1:",
          "→ Login Request", "InitiatorName=" + SuiteSettings.DEFAULT_INITIATOR_NAME);

      JsonNode allure = allureResults(out).get(0);
      assertThat(allure.get("status").asText()).isEqualTo("failed");
      assertThat(allure.get("statusDetails").get("message").asText()).startsWith("MUST violated (RFC 7143 §11.13): no Login");
      JsonNode attachment = allure.get("attachments").get(0);
      assertThat(attachment.get("name").asText()).isEqualTo("PDU exchange");
      assertThat(Files.readString(out.resolve("allure-results").resolve(attachment.get("source").asText())))
          .contains("→ Login Request", "gave up waiting");
    }
  }

  @Test
  void aStalledReferenceInitiatorSessionFailsWithTheInitiatorsDiagnosisAndHistory() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      SuiteRunner.Outcome o = SuiteRunner.run(options(t.url(), VerdictFixtures.SessionHangs.class)
          .withTimeouts(Duration.ofSeconds(20), Duration.ofMillis(300)).withOut(out), null);
      CaseResult r = o.summary().results().get(0);
      assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(r.message()).as("the initiator's own diagnosis")
          .startsWith("could not log in the session this test needs: no Login Response");
      String junit = Files.readString(out.resolve("junit/TEST-"
          + VerdictFixtures.SessionHangs.class.getName().replace('$', '_') + ".xml"));
      assertThat(junit).contains("<failure");
    }
  }

  @Test
  void allureStepsFromTheTestBodyAndParameterizedInvocationsAreReported() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      SuiteRunner.Outcome o = SuiteRunner.run(options(t.url(), VerdictFixtures.StepsAndParameters.class).withOut(out), null);
      assertThat(o.summary().results()).extracting(CaseResult::name, CaseResult::verdict).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple("reportsItsSteps", Verdict.PASS),
          org.assertj.core.groups.Tuple.tuple("offersDigest(String) [1] None", Verdict.PASS),
          org.assertj.core.groups.Tuple.tuple("offersDigest(String) [2] CRC32C", Verdict.WARNING));
      assertThat(o.summary().results()).extracting(CaseResult::id).doesNotHaveDuplicates();
      JsonNode steps = allureResults(out).stream().filter(n -> n.get("name").asText().equals("reportsItsSteps"))
          .findFirst().orElseThrow();
      assertThat(steps.get("steps").get(0).get("name").asText()).isEqualTo("offer MaxRecvDataSegmentLength=8192");
      assertThat(steps.get("attachments").get(0).get("name").asText()).isEqualTo("negotiated keys");
    }
  }

  @Test
  void aTestBodyThatOverrunsItsDeadlineFailsAndTheRunGoesOn() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      SuiteRunner.Outcome o = SuiteRunner.run(options(t.url(), VerdictFixtures.Overruns.class, VerdictFixtures.Outcomes.class)
          .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(30)), null);
      Map<String, CaseResult> r = byMethod(o.summary());
      assertThat(r.get("blocksForever").verdict()).isEqualTo(Verdict.FAIL);
      assertThat(r.get("blocksForever").message())
          .startsWith("the test did not finish within 0.5 s (iscsilab.test.timeout); last event: connection 1 to 127.0.0.1:")
          .contains("→ Login Request");
      assertThat(r.get("passes").verdict()).as("the next test runs").isEqualTo(Verdict.PASS);
    }
  }

  @Test
  void writesSummaryJunitXmlAndAllureResults() throws Exception {
    try (FakeTarget t = FakeTarget.silent()) {
      SuiteRunner.run(options(t.url(), VerdictFixtures.Outcomes.class).withOut(out), null);
    }
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("schema").asText()).isEqualTo(RunSummary.SCHEMA);
    assertThat(s.get("target").asText()).startsWith("iscsi://127.0.0.1:").endsWith("/iqn.2026-11.org.iscsilab:fake/0");
    assertThat(s.get("totals").get("pass").asInt()).isEqualTo(1);
    assertThat(s.get("totals").get("fail").asInt()).isEqualTo(2);
    assertThat(s.get("totals").get("warning").asInt()).isEqualTo(2);
    assertThat(s.get("totals").get("not-supported").asInt()).isEqualTo(1);
    assertThat(s.get("totals").get("skipped").asInt()).isEqualTo(2);
    assertThat(s.get("mustFailures").asInt()).isEqualTo(2);
    assertThat(s.get("byArea").get("login").get("fail").asInt()).isEqualTo(2);
    assertThat(s.get("byLevel").get("SHOULD").get("warning").asInt()).isEqualTo(1);
    assertThat(s.get("byLevel").get("MAY").get("warning").asInt()).isEqualTo(1);
    assertThat(s.get("findings")).hasSize(4);
    JsonNode finding = s.get("findings").get(0);
    assertThat(finding.get("clause").asText()).isNotEmpty();
    assertThat(finding.get("level").asText()).isNotEmpty();
    assertThat(finding.get("diagnosis").asText()).isNotEmpty();
    assertThat(s.get("durationMillis").asLong()).isNotNegative();

    Path junit = out.resolve("junit/TEST-" + VerdictFixtures.Outcomes.class.getName().replace('$', '_') + ".xml");
    assertThat(Files.readString(junit)).contains("tests=\"8\"", "failures=\"2\"", "skipped=\"5\"",
        "<skipped message=\"warning: ", "<skipped message=\"not supported: the target declined ImmediateData\"");

    Map<String, String> statusByName = allureResults(out).stream()
        .collect(Collectors.toMap(n -> n.get("name").asText(), n -> n.get("status").asText()));
    assertThat(statusByName).containsEntry("passes", "passed").containsEntry("violatesMust", "failed")
        .containsEntry("violatesShould", "broken").containsEntry("targetDeclinesFeature", "skipped")
        .containsEntry("writesToTheLun", "skipped");
    JsonNode must = allureResults(out).stream().filter(n -> n.get("name").asText().equals("violatesMust")).findFirst()
        .orElseThrow();
    assertThat(labels(must)).containsEntry("epic", "iSCSI conformance").containsEntry("feature", "login")
        .containsEntry("story", "RFC 7143 §4.2").containsEntry("severity", "critical");
    assertThat(must.get("links").get(0).get("url").asText()).isEqualTo("https://www.rfc-editor.org/rfc/rfc7143#section-4.2");
    assertThat(out.resolve("allure-results/categories.json")).exists();
    assertThat(out.resolve("allure-results/environment.properties")).exists();
  }

  private static Map<String, String> labels(JsonNode result) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    result.get("labels").forEach(l -> m.putIfAbsent(l.get("name").asText(), l.get("value").asText()));
    return m;
  }

  private static List<JsonNode> allureResults(Path out) throws IOException {
    ObjectMapper m = new ObjectMapper();
    try (Stream<Path> s = Files.list(out.resolve("allure-results"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("-result.json")).map(p -> {
        try {
          return m.readTree(p.toFile());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
