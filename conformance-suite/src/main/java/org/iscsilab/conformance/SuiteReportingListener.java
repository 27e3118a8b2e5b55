package org.iscsilab.conformance;

import java.nio.file.Path;
import java.util.Optional;
import org.iscsilab.reports.RunSummary;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The suite's reports under Maven/surefire (or an IDE): registered through
 * {@code META-INF/services}, it does nothing unless {@code -Discsilab.out=DIR} is given, and then
 * writes the same summary.json, JUnit XML and Allure results as {@code iscsi-lab suite --out DIR}.
 * The CLI does not use it (it registers {@link SuiteListener} itself).
 */
public final class SuiteReportingListener implements TestExecutionListener {

  public static final String OUT = "iscsilab.out";

  private SuiteListener delegate;

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    Optional<String> out = plan.getConfigurationParameters().get(OUT).filter(s -> !s.isBlank());
    if (out.isEmpty()) {
      return;
    }
    String target = plan.getConfigurationParameters().get(SuiteSettings.TARGET)
        .map(u -> {
          try {
            return SuiteTargets.parse(u).toString();
          } catch (SuiteCannotRun e) {
            return "(invalid URL)";
          }
        })
        .orElse("embedded reference target");
    delegate = new SuiteListener(Optional.of(Path.of(out.get())), target, RunSummary.SUITE_INITIATOR, null);
    delegate.testPlanExecutionStarted(plan);
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    if (delegate != null && isConformance(id)) {
      delegate.executionStarted(id);
    }
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    if (delegate != null && isConformance(id)) {
      delegate.executionSkipped(id, reason);
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (delegate != null && isConformance(id)) {
      delegate.executionFinished(id, result);
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (delegate != null) {
      delegate.testPlanExecutionFinished(plan);
      delegate = null;
    }
  }

  /** Only tests of {@link Area} classes go into the reports. */
  private static boolean isConformance(TestIdentifier id) {
    return id.getSource()
        .filter(s -> s instanceof org.junit.platform.engine.support.descriptor.MethodSource
            || s instanceof org.junit.platform.engine.support.descriptor.ClassSource)
        .map(s -> {
          try {
            Class<?> c = s instanceof org.junit.platform.engine.support.descriptor.MethodSource ms ? ms.getJavaClass()
                : ((org.junit.platform.engine.support.descriptor.ClassSource) s).getJavaClass();
            return c.isAnnotationPresent(Area.class);
          } catch (RuntimeException e) {
            return false;
          }
        })
        .orElse(false);
  }
}
