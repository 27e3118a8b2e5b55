package org.iscsilab.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Every conformance test says what it judges: its class carries {@link Area} and lives in that
 * area's package, its method carries a {@link Clause} written so that reports can link it.
 */
class ConformanceCatalogTest {

  /** {@code RFC 7143 §11.13.2}, {@code SPC-4 §6.6.1}, {@code SBC-3 §5.15}, {@code SAM-5 §5.3}. */
  static final Pattern CLAUSE = Pattern.compile("(RFC [0-9]{3,5}|SPC-[0-9]|SBC-[0-9]|SAM-[0-9]) §[0-9A-Z]+(\\.[0-9]+)*");

  private static List<String> violations(LauncherDiscoveryRequest request) {
    TestPlan plan = LauncherFactory.create().discover(request);
    List<String> problems = new ArrayList<>();
    List<TestIdentifier> tests = new ArrayList<>();
    plan.getRoots().forEach(r -> plan.getDescendants(r).stream().filter(TestIdentifier::isTest).forEach(tests::add));
    for (TestIdentifier t : tests) {
      if (t.getSource().isEmpty() || !(t.getSource().get() instanceof MethodSource ms)) {
        continue;
      }
      Class<?> c = ms.getJavaClass();
      Method m = ms.getJavaMethod();
      String where = c.getName() + "#" + m.getName();
      Area area = c.getAnnotation(Area.class);
      if (area == null) {
        problems.add(where + ": class has no @Area");
      } else {
        String expectedPackage = SuiteRunner.CONFORMANCE_PACKAGE + "." + area.value().name().toLowerCase(Locale.ROOT);
        if (c.getName().startsWith(SuiteRunner.CONFORMANCE_PACKAGE + ".") && !c.getPackageName().equals(expectedPackage)
            && !c.getName().contains("$")) {
          problems.add(where + ": @Area(" + area.value() + ") but package " + c.getPackageName()
              + " (expected " + expectedPackage + ")");
        }
      }
      Clause clause = m.getAnnotation(Clause.class);
      if (clause == null) {
        problems.add(where + ": test has no @Clause");
      } else if (!CLAUSE.matcher(clause.value()).matches()) {
        problems.add(where + ": clause \"" + clause.value() + "\" is not of the form \"RFC 7143 §11.13.2\"");
      }
    }
    if (tests.isEmpty()) {
      problems.add("no conformance test found");
    }
    return problems;
  }

  @Test
  void everyConformanceTestNamesItsAreaClauseAndLevel() {
    LauncherDiscoveryRequest suite = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage(SuiteRunner.CONFORMANCE_PACKAGE))
        .filters(ClassNameFilter.includeClassNamePatterns(SuiteRunner.CONFORMANCE_CLASSES))
        .build();
    assertThat(violations(suite)).isEmpty();
  }

  @Test
  void theCheckCatchesATestWithoutClause() {
    LauncherDiscoveryRequest bad = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(VerdictFixtures.MissingClause.class)).build();
    assertThat(violations(bad)).singleElement().asString().endsWith("MissingClause#noClause: test has no @Clause");
  }

  @Test
  void theDefaultSelectionHoldsOnlyTheAreaPackages() {
    TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage(SuiteRunner.CONFORMANCE_PACKAGE))
        .filters(ClassNameFilter.includeClassNamePatterns(SuiteRunner.CONFORMANCE_CLASSES))
        .build());
    List<String> classes = new ArrayList<>();
    plan.getRoots().forEach(r -> plan.getDescendants(r).forEach(t -> t.getSource()
        .filter(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource)
        .map(s -> ((org.junit.platform.engine.support.descriptor.ClassSource) s).getClassName())
        .ifPresent(classes::add)));
    assertThat(classes).isNotEmpty().allSatisfy(c -> assertThat(c).matches(SuiteRunner.CONFORMANCE_CLASSES));
  }
}
