package org.iscsilab.conformance;

/**
 * Checked once before any test: the target is reachable and accepts a login. Its failure is
 * reported as one line and the run exits 2, instead of every test failing the same way.
 *
 * <p>{@link LoginPreflight} is the suite's own (a hand-made login on a plain connection); when
 * the reference initiator lands, an implementation logging in through its session API replaces
 * it.
 */
@FunctionalInterface
public interface Preflight {

  /** @throws SuiteCannotRun with one line saying what failed ("cannot connect to …", "login refused: …") */
  void check(TargetUnderTest target, SuiteSettings settings) throws SuiteCannotRun;
}
