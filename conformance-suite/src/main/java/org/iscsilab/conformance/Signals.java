package org.iscsilab.conformance;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * How the extension tells JUnit (and so surefire, IDEs and the suite's listener) what a verdict
 * is. JUnit knows only successful, aborted and failed; the suite's verdicts ride on these types.
 */
public final class Signals {

  private Signals() {}

  /** A SHOULD or MAY deviation: aborted for JUnit (never fails a build), {@code warning} for the suite. */
  public static final class Warning extends TestAbortedException implements Diagnosed {
    public Warning(String finding, Throwable cause) {
      super(finding, cause);
    }

    @Override
    public String diagnosis() {
      return getMessage();
    }
  }

  /** The target declined an optional feature: aborted for JUnit, {@code not-supported} for the suite. */
  public static final class Declined extends TestAbortedException {
    public Declined(String what, Throwable cause) {
      super(what, cause);
    }
  }

  /** A MUST violation whose message is a diagnosis (a hang, a closed connection). */
  public static final class Violation extends AssertionFailedError implements Diagnosed {
    public Violation(String diagnosis, Throwable cause) {
      super(diagnosis, cause);
    }

    @Override
    public String diagnosis() {
      return getMessage();
    }
  }

  /** The test did not finish within its deadline. */
  public static final class DeadlineExceeded extends RuntimeException implements Diagnosed {
    public DeadlineExceeded(String diagnosis) {
      super(diagnosis, null, false, false);
    }

    @Override
    public String diagnosis() {
      return getMessage();
    }
  }
}
