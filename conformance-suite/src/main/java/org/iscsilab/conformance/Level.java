package org.iscsilab.conformance;

/**
 * The requirement level of a clause (RFC 2119). It decides what a violation means: MUST → the
 * verdict is {@code fail} and the run exits 1; SHOULD and MAY → {@code warning}, which never fails
 * a run.
 */
public enum Level {
  MUST,
  SHOULD,
  MAY;

  /** Whether a violation at this level is a failure (as opposed to a warning). */
  public boolean violationFails() {
    return this == MUST;
  }
}
