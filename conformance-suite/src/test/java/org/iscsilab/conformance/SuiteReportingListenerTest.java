package org.iscsilab.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import org.iscsilab.reports.RunSummary;
import org.iscsilab.reports.SummaryJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** The surefire/IDE path: a plain launcher, the target and output directory as configuration. */
class SuiteReportingListenerTest {

  @TempDir Path out;

  @Test
  void aPlainLauncherWithIscsilabOutWritesTheSuiteReports() throws Exception {
    try (FakeTarget t = FakeTarget.conforming()) {
      SummaryGeneratingListener junit = new SummaryGeneratingListener();
      LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(VerdictFixtures.Outcomes.class))
          .configurationParameter(SuiteSettings.TARGET, t.url())
          .configurationParameter(SuiteSettings.EXCLUDE, "should,may")
          .configurationParameter(SuiteReportingListener.OUT, out.toString())
          .build(), junit);
      RunSummary s = SummaryJson.read(out.resolve("summary.json"));
      assertThat(s.target()).isEqualTo(t.url());
      assertThat(s.mustFailures()).isEqualTo(2);
      // Under a plain launcher the selection is a condition: unselected tests show as skipped, with why.
      assertThat(s.results()).filteredOn(r -> r.name().startsWith("violatesS") || r.name().startsWith("violatesMay"))
          .extracting(r -> r.verdict()).containsOnly(org.iscsilab.reports.Verdict.SKIPPED);
      assertThat(s.results()).filteredOn(r -> r.name().equals("violatesShould")).singleElement()
          .satisfies(r -> assertThat(r.message()).startsWith("not selected by include [] / exclude [may, should]"));
      assertThat(Files.list(out.resolve("junit")).count()).isEqualTo(1);
      // JUnit's own view: a MUST violation fails, the unselected SHOULD/MAY tests are skipped.
      assertThat(junit.getSummary().getTotalFailureCount()).isEqualTo(2);
    }
  }

  @Test
  void withoutIscsilabOutItWritesNothing() throws Exception {
    try (FakeTarget t = FakeTarget.conforming()) {
      LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(VerdictFixtures.Outcomes.class))
          .configurationParameter(SuiteSettings.TARGET, t.url())
          .build());
      try (var files = Files.list(out)) {
        assertThat(files).isEmpty();
      }
    }
  }
}
