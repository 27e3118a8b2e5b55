package org.iscsilab.conformance;

import java.util.Optional;
import org.iscsilab.reports.Verdict;
import org.junit.platform.engine.TestExecutionResult;
import org.opentest4j.TestAbortedException;

/** From a JUnit result and the test's level to the suite's verdict and its message. */
public final class Verdicts {

  /** A verdict and why. */
  public record Judgement(Verdict verdict, String message) {}

  private Verdicts() {}

  /**
   * Maps a finished test: successful → pass; the target declined a feature → not-supported; a
   * violation → fail at MUST level, warning at SHOULD/MAY level; a plain JUnit assumption → skipped.
   * A missing level counts as MUST.
   */
  public static Judgement judge(TestExecutionResult result, Level level) {
    Level l = level == null ? Level.MUST : level;
    Optional<Throwable> t = result.getThrowable();
    return switch (result.getStatus()) {
      case SUCCESSFUL -> new Judgement(Verdict.PASS, "");
      case ABORTED -> {
        Throwable th = t.orElse(null);
        if (find(th, NotSupported.class) != null || th instanceof Signals.Declined) {
          yield new Judgement(Verdict.NOT_SUPPORTED, message(th));
        }
        if (th instanceof Signals.Warning) {
          yield new Judgement(Verdict.WARNING, th.getMessage());
        }
        yield new Judgement(Verdict.SKIPPED, th == null ? "aborted" : message(th));
      }
      case FAILED -> {
        Throwable th = t.orElse(null);
        if (find(th, NotSupported.class) != null) {
          yield new Judgement(Verdict.NOT_SUPPORTED, message(find(th, NotSupported.class)));
        }
        yield new Judgement(l.violationFails() ? Verdict.FAIL : Verdict.WARNING, describe(th));
      }
    };
  }

  /**
   * What went wrong, in one message: the diagnosis of a {@link Diagnosed} anywhere in the cause
   * chain, else the assertion's message, else the unexpected exception with its message.
   */
  public static String describe(Throwable t) {
    if (t == null) {
      return "failed without an exception";
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof Diagnosed d) {
        return d.diagnosis();
      }
      if (c instanceof org.iscsilab.initiator.InitiatorException) {
        // The reference initiator's exceptions (TaskStalledException, LoginFailedException, …)
        // carry their diagnosis as the message.
        return c.getMessage();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    if (t instanceof AssertionError || t instanceof TestAbortedException) {
      return message(t);
    }
    return "unexpected " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage().strip());
  }

  private static String message(Throwable t) {
    if (t == null) {
      return "";
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
  }

  static <T> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
