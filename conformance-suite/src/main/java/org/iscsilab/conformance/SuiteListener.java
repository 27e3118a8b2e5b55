package org.iscsilab.conformance;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.iscsilab.reports.AllureSupport;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.reports.JunitXml;
import org.iscsilab.reports.OutputLayout;
import org.iscsilab.reports.RunSummary;
import org.iscsilab.reports.SummaryJson;
import org.iscsilab.reports.Verdict;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records the verdict of every conformance test and, at the end of the run, writes the reports
 * into the output directory: {@code summary.json}, JUnit XML under {@code junit/}, Allure results
 * under {@code allure-results/} (each failing test with its PDU exchange attached). Without an
 * output directory it only keeps the summary.
 *
 * <p>It also drives Allure's lifecycle, so a test body can use {@code Allure.step(...)} and
 * {@code Allure.addAttachment(...)}.
 */
public final class SuiteListener implements TestExecutionListener {

  private record Meta(String id, String className, String name, String area, String clause, Level level,
      List<String> tags) {}

  private record Started(String allureUuid, long nanos) {}

  private final Optional<OutputLayout> out;
  private final String target;
  private final String initiator;
  private final PrintWriter progress;
  private final Map<String, Started> started = new ConcurrentHashMap<>();
  private final Map<String, CaseResult> results = new LinkedHashMap<>();
  private final Map<String, String> evidence = new ConcurrentHashMap<>();
  private TestPlan plan;
  private Instant startedAt = Instant.now();
  private long startNanos = System.nanoTime();
  private AllureLifecycle lifecycle;
  private RunSummary summary;
  private String host = "";

  /**
   * @param out       where to write reports; empty for none
   * @param target    the target's description (no secrets)
   * @param initiator who judged it
   * @param progress  where to print one line per finished test; null for silence
   */
  public SuiteListener(Optional<Path> out, String target, String initiator, PrintWriter progress) {
    this.out = out.map(OutputLayout::new);
    this.target = target;
    this.initiator = initiator;
    this.progress = progress;
  }

  /** The summary, once the run has finished. */
  public RunSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("the run has not finished");
    }
    return summary;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    startedAt = Instant.now();
    startNanos = System.nanoTime();
    lifecycle = new AllureLifecycle(out.<AllureResultsWriter>map(o -> new FileSystemResultsWriter(o.allureResults()))
        .orElseGet(NoWriter::new));
    Allure.setLifecycle(lifecycle);
    host = hostName();
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    if (!id.isTest()) {
      return;
    }
    Meta m = meta(id);
    String uuid = UUID.randomUUID().toString();
    started.put(id.getUniqueId(), new Started(uuid, System.nanoTime()));
    lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName(m.name()).setFullName(m.id())
        .setHistoryId(AllureSupport.historyId(m.id())).setTestCaseId(AllureSupport.historyId(m.id())));
    lifecycle.startTestCase(uuid);
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest()) {
      finish(id, new Verdicts.Judgement(Verdict.SKIPPED, reason));
      return;
    }
    if (plan != null) {
      for (TestIdentifier d : plan.getDescendants(id)) {
        if (d.isTest() && !isRecorded(d)) {
          finish(d, new Verdicts.Judgement(Verdict.SKIPPED, reason));
        }
      }
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (id.isTest()) {
      finish(id, Verdicts.judge(result, meta(id).level()));
      return;
    }
    // A class whose set-up failed never starts its tests: judge them with the class's failure.
    if (plan != null && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
      for (TestIdentifier d : plan.getDescendants(id)) {
        if (d.isTest() && !isRecorded(d)) {
          Verdicts.Judgement j = Verdicts.judge(result, meta(d).level());
          finish(d, new Verdicts.Judgement(j.verdict(), "set-up of " + id.getDisplayName() + " failed: " + j.message()));
        }
      }
    }
  }

  private synchronized boolean isRecorded(TestIdentifier id) {
    return results.containsKey(id.getUniqueId());
  }

  private void finish(TestIdentifier id, Verdicts.Judgement j) {
    Meta m = meta(id);
    Started s = started.remove(id.getUniqueId());
    if (s == null) {
      s = new Started(UUID.randomUUID().toString(), System.nanoTime());
      lifecycle.scheduleTestCase(new TestResult().setUuid(s.allureUuid()).setName(m.name()).setFullName(m.id())
          .setHistoryId(AllureSupport.historyId(m.id())).setTestCaseId(AllureSupport.historyId(m.id())));
      lifecycle.startTestCase(s.allureUuid());
    }
    long millis = Duration.ofNanos(System.nanoTime() - s.nanos()).toMillis();
    CaseResult r = new CaseResult(m.id(), m.className(), m.name(), m.area(), m.clause(),
        m.level() == null ? "" : m.level().name(), m.tags(), j.verdict(), j.message(), millis);
    Optional<String> ev = EvidenceRegistry.take(id.getUniqueId());
    synchronized (this) {
      results.put(id.getUniqueId(), r);
      ev.ifPresent(e -> evidence.put(r.id(), e));
    }
    String uuid = s.allureUuid();
    List<Attachment> attachments = new ArrayList<>();
    if (ev.isPresent() && r.verdict() != Verdict.PASS) {
      String source = UUID.randomUUID() + "-attachment.txt";
      lifecycle.writeAttachment(source, new ByteArrayInputStream(ev.get().getBytes(StandardCharsets.UTF_8)));
      attachments.add(new Attachment().setName("PDU exchange").setType("text/plain").setSource(source));
    }
    lifecycle.updateTestCase(uuid, tr -> {
      tr.getLabels().addAll(AllureSupport.labels(r, host));
      tr.getLinks().addAll(AllureSupport.links(r.clause()));
      tr.setStatus(AllureSupport.status(r.verdict()));
      tr.setStatusDetails(AllureSupport.statusDetails(r));
      tr.setDescription(r.clause().isEmpty() ? null : r.level() + " · " + r.clause() + " · area " + r.area());
      tr.getAttachments().addAll(attachments);
      tr.setStage(Stage.FINISHED);
    });
    lifecycle.stopTestCase(uuid);
    lifecycle.writeTestCase(uuid);
    if (progress != null) {
      progress.printf(Locale.ROOT, "  %-13s %-17s %-6s %-22s %s%n", r.verdict().wireName().toUpperCase(Locale.ROOT),
          r.area(), r.level(), r.clause(), r.name());
      if (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.WARNING || r.verdict() == Verdict.NOT_SUPPORTED) {
        progress.println("                " + r.message().replace("\n", "\n                "));
      }
      progress.flush();
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    List<CaseResult> list;
    synchronized (this) {
      list = List.copyOf(results.values());
    }
    summary = RunSummary.of(target, initiator, startedAt, millis, list);
    out.ifPresent(o -> {
      SummaryJson.write(o.summary(), summary);
      Map<String, String> props = new LinkedHashMap<>();
      props.put("target", target);
      props.put("initiator", initiator);
      JunitXml.write(o.junit(), list, props, r -> evidence.get(r.id()), startedAt);
      AllureSupport.writeCategories(o.allureResults());
      Map<String, String> env = new LinkedHashMap<>(props);
      env.put("java", System.getProperty("java.version"));
      env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
      AllureSupport.writeEnvironment(o.allureResults(), env);
    });
  }

  private Meta meta(TestIdentifier id) {
    String className = "";
    String methodId = id.getUniqueId();
    String area = "";
    String clause = "";
    Level level = null;
    Optional<TestSource> src = id.getSource();
    if (src.isPresent() && src.get() instanceof MethodSource ms) {
      className = ms.getClassName();
      methodId = ms.getClassName() + "#" + ms.getMethodName() + "(" + ms.getMethodParameterTypes() + ")";
      try {
        Class<?> c = ms.getJavaClass();
        Method m = ms.getJavaMethod();
        Area a = c.getAnnotation(Area.class);
        area = a == null ? "" : a.value().tag();
        Clause cl = m.getAnnotation(Clause.class);
        if (cl != null) {
          clause = cl.value();
          level = cl.level();
        }
      } catch (RuntimeException e) {
        // a source whose class cannot be loaded keeps empty metadata
      }
    }
    String name = id.getDisplayName();
    if (src.isPresent() && src.get() instanceof MethodSource ms && name.startsWith(ms.getMethodName() + "(")) {
      name = ms.getMethodName(); // the default display name: the parameter list adds nothing
    }
    if (id.getUniqueIdObject().getLastSegment().getType().endsWith("-invocation")) {
      methodId += " " + name;
      String parent = plan == null ? "" : plan.getParent(id).map(TestIdentifier::getDisplayName).orElse("");
      name = parent.isEmpty() ? name : parent + " " + name;
    }
    List<String> tags = id.getTags().stream().map(TestTag::getName).sorted().toList();
    return new Meta(methodId, className, name, area, clause, level, tags);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "";
    }
  }

  /** Allure writer that keeps nothing (runs without --out). */
  private static final class NoWriter implements AllureResultsWriter {
    @Override
    public void write(TestResult testResult) {}

    @Override
    public void write(TestResultContainer testResultContainer) {}

    @Override
    public void write(String source, InputStream attachment) {}
  }
}
