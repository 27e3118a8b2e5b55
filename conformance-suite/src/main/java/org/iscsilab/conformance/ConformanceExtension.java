package org.iscsilab.conformance;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Installed by {@link Area}. For each conformance test it:
 *
 * <ul>
 *   <li>resolves the target once per run (URL from {@value SuiteSettings#TARGET}, or the embedded
 *       reference target) and checks it once ({@link Preflight}) unless the CLI already did;
 *   <li>injects {@link ConformanceContext} and {@link TargetUnderTest} parameters;
 *   <li>skips tests tagged {@code destructive} unless {@value SuiteSettings#DESTRUCTIVE} is set, and
 *       tests not selected by {@value SuiteSettings#INCLUDE}/{@value SuiteSettings#EXCLUDE};
 *   <li>runs the test body (and its {@code @BeforeEach}/{@code @AfterEach} methods) with a deadline ({@value SuiteSettings#TEST_TIMEOUT}): a test that
 *       does not finish has its connections closed and fails with a diagnosis naming the last
 *       PDU exchanged, and the run goes on;
 *   <li>maps what the body threw to a verdict ({@link Verdicts}): a MUST violation fails, a SHOULD
 *       or MAY violation becomes a warning, {@link NotSupported} becomes not-supported;
 *   <li>hands the PDU exchange of a failing test to the reports ({@link EvidenceRegistry}) and
 *       closes everything the test opened.
 * </ul>
 */
public final class ConformanceExtension
    implements ExecutionCondition, ParameterResolver, InvocationInterceptor, TestExecutionExceptionHandler,
        AfterEachCallback {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ConformanceExtension.class);
  private static final String RUN = "run";
  private static final String CONTEXT = "context";

  /** The target of the run, resolved and checked once; stopped when the run ends. */
  @SuppressWarnings("deprecation")
  static final class RunState implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final SuiteTargets.Resolved resolved;
    private final SuiteCannotRun failure;
    private boolean closed;

    RunState(SuiteTargets.Resolved resolved, SuiteCannotRun failure) {
      this.resolved = resolved;
      this.failure = failure;
    }

    static RunState start(SuiteSettings settings, boolean preflightDone) {
      SuiteTargets.Resolved r = null;
      try {
        r = SuiteTargets.resolve(settings.targetUrl());
        if (!preflightDone) {
          new LoginPreflight().check(r.target(), settings);
        }
        return new RunState(r, null);
      } catch (SuiteCannotRun e) {
        if (r != null) {
          r.close();
        }
        return new RunState(null, e);
      }
    }

    TargetUnderTest target() {
      if (failure != null) {
        throw new AssertionFailedError("cannot judge the target: " + failure.getMessage());
      }
      return resolved.target();
    }

    @Override
    public synchronized void close() {
      if (!closed && resolved != null) {
        closed = true;
        resolved.close();
      }
    }
  }

  // ---- selection -------------------------------------------------------------------------

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext ctx) {
    if (ctx.getTestMethod().isEmpty()) {
      return ConditionEvaluationResult.enabled("conformance class");
    }
    SuiteSettings s = settings(ctx);
    if (ctx.getTags().contains(SuiteTags.DESTRUCTIVE) && !s.destructive()) {
      return ConditionEvaluationResult.disabled(
          "destructive (writes to the LUN): runs only with --destructive (-D" + SuiteSettings.DESTRUCTIVE + "=true)");
    }
    TagSelection sel = TagSelection.of(s);
    if (!sel.isEverything()
        && !sel.selects(TagSelection.tagsOf(ctx.getRequiredTestClass(), ctx.getRequiredTestMethod(), ctx.getTags()))) {
      return ConditionEvaluationResult.disabled("not selected by include " + sel.include() + " / exclude " + sel.exclude());
    }
    return ConditionEvaluationResult.enabled("selected");
  }

  // ---- parameters ------------------------------------------------------------------------

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
    Class<?> t = p.getParameter().getType();
    return t == ConformanceContext.class || t == TargetUnderTest.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
    Class<?> t = p.getParameter().getType();
    TargetUnderTest target = run(ctx).target();
    if (t == TargetUnderTest.class) {
      return target;
    }
    return context(ctx, target);
  }

  /** The context of the current test, created on first use. */
  static ConformanceContext context(ExtensionContext ctx, TargetUnderTest target) {
    return ctx.getStore(NS).getOrComputeIfAbsent(CONTEXT, k -> new ConformanceContext(target, settings(ctx)),
        ConformanceContext.class);
  }

  private static RunState run(ExtensionContext ctx) {
    SuiteSettings s = settings(ctx);
    boolean preflightDone = ctx.getConfigurationParameter(SuiteSettings.PREFLIGHT_DONE).map(Boolean::parseBoolean)
        .orElse(false);
    Optional<TargetUnderTest> given = ctx.getConfigurationParameter(RunTargets.RUN_ID).flatMap(RunTargets::lookup);
    return ctx.getRoot().getStore(NS).getOrComputeIfAbsent(RUN,
        k -> given.map(t -> new RunState(new SuiteTargets.Resolved(t, Optional.empty()), null))
            .orElseGet(() -> RunState.start(s, preflightDone)),
        RunState.class);
  }

  static SuiteSettings settings(ExtensionContext ctx) {
    return SuiteSettings.from(ctx::getConfigurationParameter);
  }

  // ---- deadline --------------------------------------------------------------------------

  @Override
  public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
      ExtensionContext ctx) throws Throwable {
    withDeadline(invocation, ctx);
  }

  @Override
  public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
      ExtensionContext ctx) throws Throwable {
    withDeadline(invocation, ctx);
  }

  @Override
  public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
      ExtensionContext ctx) throws Throwable {
    withDeadline(invocation, ctx);
  }

  @Override
  public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
      ExtensionContext ctx) throws Throwable {
    withDeadline(invocation, ctx);
  }

  private static void withDeadline(Invocation<Void> invocation, ExtensionContext ctx) throws Throwable {
    Duration limit = settings(ctx).testTimeout();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread body = new Thread(() -> {
      try {
        invocation.proceed();
        done.complete(null);
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    }, "conformance: " + ctx.getRequiredTestClass().getSimpleName() + "." + ctx.getRequiredTestMethod().getName());
    body.setDaemon(true);
    body.start();
    try {
      done.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      ConformanceContext c = ctx.getStore(NS).get(CONTEXT, ConformanceContext.class);
      String last = c == null ? "" : c.lastEvent().map(l -> "; last event: " + l).orElse("");
      if (c != null) {
        c.close(); // unblocks a body stuck reading a socket
      }
      body.interrupt();
      body.join(2_000);
      throw new Signals.DeadlineExceeded(String.format(Locale.ROOT,
          "the test did not finish within %s (%s)%s%s", RawConnection.seconds(limit), SuiteSettings.TEST_TIMEOUT, last,
          body.isAlive() ? "; its thread is still blocked and was abandoned" : ""));
    }
  }

  // ---- verdicts --------------------------------------------------------------------------

  @Override
  public void handleTestExecutionException(ExtensionContext ctx, Throwable t) throws Throwable {
    NotSupported declined = Verdicts.find(t, NotSupported.class);
    if (declined != null) {
      throw new Signals.Declined(declined.getMessage(), t);
    }
    if (t instanceof TestAbortedException) {
      throw t; // an assumption of the test itself: skipped
    }
    Level level = level(ctx);
    String finding = Verdicts.describe(t);
    if (!level.violationFails()) {
      throw new Signals.Warning(finding, t);
    }
    if (t instanceof AssertionError && Verdicts.find(t, Diagnosed.class) == null) {
      throw t;
    }
    throw new Signals.Violation(finding, t);
  }

  private static Level level(ExtensionContext ctx) {
    return ctx.getTestMethod().map(m -> m.getAnnotation(Clause.class)).map(Clause::level).orElse(Level.MUST);
  }

  // ---- evidence and clean-up ---------------------------------------------------------------

  @Override
  public void afterEach(ExtensionContext ctx) {
    ConformanceContext c = ctx.getStore(NS).remove(CONTEXT, ConformanceContext.class);
    if (c == null) {
      return;
    }
    try {
      if (ctx.getExecutionException().isPresent()) {
        EvidenceRegistry.put(ctx.getUniqueId(), c.evidence());
      }
    } finally {
      c.close();
    }
  }
}
