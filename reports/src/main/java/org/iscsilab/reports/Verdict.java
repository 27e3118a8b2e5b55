package org.iscsilab.reports;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a conformance test or interop scenario concluded about the target.
 *
 * <p>Only {@link #FAIL} at MUST level makes a run fail; a {@link #WARNING} is a SHOULD (or MAY)
 * deviation, {@link #NOT_SUPPORTED} an optional feature the target declined (never a failure),
 * {@link #SKIPPED} a test that was not run (filtered, destructive without --destructive, a
 * precondition of the test itself not met).
 */
public enum Verdict {
  PASS("pass"),
  FAIL("fail"),
  WARNING("warning"),
  NOT_SUPPORTED("not-supported"),
  SKIPPED("skipped");

  private final String wireName;

  Verdict(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in summary.json, the matrix and the CLI: {@code pass}, {@code not-supported}… */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static Verdict fromWireName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Verdict v : values()) {
      if (v.wireName.equals(n)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown verdict \"" + name + "\" (expected pass, fail, warning, not-supported or skipped)");
  }

  /** Ordering for "the worst of several": fail, warning, not-supported, skipped, pass. */
  public int severity() {
    return switch (this) {
      case FAIL -> 4;
      case WARNING -> 3;
      case NOT_SUPPORTED -> 2;
      case SKIPPED -> 1;
      case PASS -> 0;
    };
  }

  public static Verdict worst(Verdict a, Verdict b) {
    return a.severity() >= b.severity() ? a : b;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
