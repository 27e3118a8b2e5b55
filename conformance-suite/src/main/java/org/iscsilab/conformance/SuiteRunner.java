package org.iscsilab.conformance;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iscsilab.reports.RunSummary;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the conformance suite through the JUnit Platform Launcher, outside Maven: resolves the
 * target (URL or embedded), checks it once, runs the selected tests, writes the reports, and says
 * how the run ends (exit code 0, 1 or 2 as in the command-line contract).
 */
public final class SuiteRunner {

  public static final int EXIT_OK = 0;
  public static final int EXIT_MUST_FAILURE = 1;
  public static final int EXIT_CANNOT_RUN = 2;

  /** Where the conformance tests live: one sub-package per area. */
  public static final String CONFORMANCE_PACKAGE = "org.iscsilab.conformance";
  /** Top-level classes of the area sub-packages (not the framework, not nested fixtures). */
  /** Test classes of the area packages; {@code proof} holds the suite's own proofs, not tests of a target. */
  public static final String CONFORMANCE_CLASSES = "org\\.iscsilab\\.conformance\\.(?!proof\\.)[a-z0-9_]+\\.[A-Za-z0-9_]+";

  /**
   * What to run.
   *
   * @param targetUrl      the target; empty for the embedded reference target
   * @param out            where to write summary.json, junit/ and allure-results/; empty for none
   * @param selectors      which tests; empty for the whole suite
   * @param preflight      the check before the run
   */
  public record Options(Optional<String> targetUrl, Optional<Path> out, List<String> include, List<String> exclude,
      boolean destructive, Duration testTimeout, Duration responseTimeout, List<DiscoverySelector> selectors,
      Preflight preflight) {

    public static Options defaults() {
      return new Options(Optional.empty(), Optional.empty(), List.of(), List.of(), false,
          SuiteSettings.DEFAULT_TEST_TIMEOUT, SuiteSettings.DEFAULT_RESPONSE_TIMEOUT, List.of(), new LoginPreflight());
    }

    public Options withTarget(String url) {
      return new Options(Optional.ofNullable(url), out, include, exclude, destructive, testTimeout, responseTimeout,
          selectors, preflight);
    }

    public Options withOut(Path dir) {
      return new Options(targetUrl, Optional.ofNullable(dir), include, exclude, destructive, testTimeout,
          responseTimeout, selectors, preflight);
    }

    public Options withTags(List<String> include, List<String> exclude) {
      return new Options(targetUrl, out, include, exclude, destructive, testTimeout, responseTimeout, selectors,
          preflight);
    }

    public Options withDestructive(boolean destructive) {
      return new Options(targetUrl, out, include, exclude, destructive, testTimeout, responseTimeout, selectors,
          preflight);
    }

    public Options withTimeouts(Duration test, Duration response) {
      return new Options(targetUrl, out, include, exclude, destructive, test, response, selectors, preflight);
    }

    public Options withSelectors(List<DiscoverySelector> selectors) {
      return new Options(targetUrl, out, include, exclude, destructive, testTimeout, responseTimeout,
          List.copyOf(selectors), preflight);
    }

    public Options withPreflight(Preflight preflight) {
      return new Options(targetUrl, out, include, exclude, destructive, testTimeout, responseTimeout, selectors,
          preflight);
    }
  }

  /** How a run ended. */
  public record Outcome(RunSummary summary, int exitCode) {}

  private SuiteRunner() {}

  /**
   * Runs the suite.
   *
   * @param progress where to print one line per test (null: silent)
   * @throws SuiteCannotRun when the target cannot be judged at all (exit code 2)
   */
  public static Outcome run(Options o, PrintWriter progress) throws SuiteCannotRun {
    SuiteSettings settings = new SuiteSettings(o.targetUrl(), o.destructive(), o.include(), o.exclude(),
        o.testTimeout(), o.responseTimeout(), SuiteSettings.DEFAULT_INITIATOR_NAME);
    if (o.out().isPresent()) {
      Path dir = o.out().get();
      try {
        java.nio.file.Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new SuiteCannotRun("cannot write the reports to " + dir + ": " + e.getMessage(), e);
      }
      if (!java.nio.file.Files.isWritable(dir)) {
        throw new SuiteCannotRun("cannot write the reports to " + dir + ": not writable");
      }
    }
    try (SuiteTargets.Resolved resolved = SuiteTargets.resolve(o.targetUrl())) {
      TargetUnderTest target = resolved.target();
      o.preflight().check(target, settings);
      if (progress != null) {
        progress.println("iscsi-lab suite: judging " + (target.embedded() ? "the embedded reference target at " : "")
            + target.description());
        progress.flush();
      }
      String runId = RunTargets.register(target);
      try {
        SuiteListener listener = new SuiteListener(o.out(), target.description(), RunSummary.SUITE_INITIATOR, progress);
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
            .enableTestExecutionListenerAutoRegistration(false)
            .enablePostDiscoveryFilterAutoRegistration(false)
            .build());
        launcher.execute(request(o, settings, runId), listener);
        RunSummary summary = listener.summary();
        if (summary.results().isEmpty()) {
          throw new SuiteCannotRun("no conformance test selected"
              + (o.include().isEmpty() ? "" : " by --include " + String.join(",", o.include()))
              + (o.exclude().isEmpty() ? "" : " and --exclude " + String.join(",", o.exclude())));
        }
        return new Outcome(summary, summary.mustFailures() > 0 ? EXIT_MUST_FAILURE : EXIT_OK);
      } finally {
        RunTargets.unregister(runId);
      }
    }
  }

  /** One test of the catalog, as {@code --list} prints it. */
  public record Entry(String area, String clause, Level level, List<String> tags, String className, String method) {}

  /** The tests a run with these options would execute, without touching any target. */
  public static List<Entry> list(Options o) {
    SuiteSettings settings = new SuiteSettings(o.targetUrl(), o.destructive(), o.include(), o.exclude(),
        o.testTimeout(), o.responseTimeout(), SuiteSettings.DEFAULT_INITIATOR_NAME);
    Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestExecutionListenerAutoRegistration(false)
        .enablePostDiscoveryFilterAutoRegistration(false)
        .build());
    org.junit.platform.launcher.TestPlan plan = launcher.discover(request(o, settings, "list"));
    List<Entry> entries = new ArrayList<>();
    for (org.junit.platform.launcher.TestIdentifier root : plan.getRoots()) {
      for (org.junit.platform.launcher.TestIdentifier t : plan.getDescendants(root)) {
        // Test methods, and parameterized tests (containers whose invocations appear only when run).
        if (!(t.getSource().orElse(null) instanceof org.junit.platform.engine.support.descriptor.MethodSource ms)) {
          continue;
        }
        Area area = ms.getJavaClass().getAnnotation(Area.class);
        Clause clause = ms.getJavaMethod().getAnnotation(Clause.class);
        List<String> tags = t.getTags().stream().map(org.junit.platform.engine.TestTag::getName).sorted().toList();
        if (!settings.destructive() && tags.contains(SuiteTags.DESTRUCTIVE)) {
          continue;
        }
        entries.add(new Entry(area == null ? "" : area.value().tag(), clause == null ? "" : clause.value(),
            clause == null ? null : clause.level(), tags, ms.getClassName(), ms.getMethodName()));
      }
    }
    return entries;
  }

  static LauncherDiscoveryRequest request(Options o, SuiteSettings s, String runId) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put(RunTargets.RUN_ID, runId);
    params.put(SuiteSettings.PREFLIGHT_DONE, "true");
    params.put(SuiteSettings.DESTRUCTIVE, Boolean.toString(s.destructive()));
    params.put(SuiteSettings.TEST_TIMEOUT, s.testTimeout().toMillis() + "ms");
    params.put(SuiteSettings.RESPONSE_TIMEOUT, s.responseTimeout().toMillis() + "ms");
    params.put(SuiteSettings.INITIATOR_NAME, s.initiatorName());
    List<Filter<?>> filters = new ArrayList<>();
    filters.add(new SuiteTagFilter(TagSelection.of(s)));
    List<DiscoverySelector> selectors = o.selectors();
    if (selectors.isEmpty()) {
      selectors = List.of(DiscoverySelectors.selectPackage(CONFORMANCE_PACKAGE));
      filters.add(ClassNameFilter.includeClassNamePatterns(CONFORMANCE_CLASSES));
    }
    return LauncherDiscoveryRequestBuilder.request()
        .selectors(selectors)
        .filters(filters.toArray(new Filter<?>[0]))
        .configurationParameters(params)
        .build();
  }
}
