package org.iscsilab.conformance;

/**
 * Tags with a meaning to the suite, for {@code @Tag}. Besides these, every test is also tagged
 * (for selection) with its area ({@code login}…) and its level ({@code must}, {@code should},
 * {@code may}).
 */
public final class SuiteTags {
  /** Writes to the LUN: run only with {@code --destructive}. */
  public static final String DESTRUCTIVE = "destructive";
  /** Needs header or data digests. */
  public static final String DIGESTS = "digests";
  /** Needs CHAP credentials in the URL. */
  public static final String CHAP = "chap";
  /** Opens more than one connection in a session. */
  public static final String MULTI_CONNECTION = "multi-connection";
  /** Takes long (tens of seconds, e.g. waits for a target timer). */
  public static final String SLOW = "slow";

  private SuiteTags() {}
}
