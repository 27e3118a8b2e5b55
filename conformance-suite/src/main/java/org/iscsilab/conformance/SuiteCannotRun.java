package org.iscsilab.conformance;

/**
 * The suite cannot judge the target at all: bad URL, unreachable target, refused login, no
 * embedded target. The CLI prints the message as one line and exits 2.
 */
public final class SuiteCannotRun extends Exception {
  public SuiteCannotRun(String message) {
    super(message);
  }

  public SuiteCannotRun(String message, Throwable cause) {
    super(message, cause);
  }
}
