package org.iscsilab.reports;

import java.util.List;
import java.util.Objects;

/**
 * The verdict of one conformance test (or interop scenario) with what it was judged against.
 *
 * @param id            unique and stable across runs: {@code class#method(params)}
 * @param className     the test class, as JUnit XML's {@code classname}
 * @param name          the test's display name
 * @param area          protocol area ({@code login}, {@code digests}, …)
 * @param clause        the clause it enforces, e.g. {@code RFC 7143 §11.13.2}
 * @param level         {@code MUST}, {@code SHOULD} or {@code MAY}
 * @param tags          tags of the test ({@code destructive}, {@code chap}, …)
 * @param verdict       the verdict
 * @param message       why, for anything but a pass (the diagnosis of a hang, the assertion
 *                      message of a failure, what the target declined); empty for a pass
 * @param durationMillis wall time of the test
 */
public record CaseResult(
    String id,
    String className,
    String name,
    String area,
    String clause,
    String level,
    List<String> tags,
    Verdict verdict,
    String message,
    long durationMillis) {

  public CaseResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(verdict, "verdict");
    className = className == null ? "" : className;
    name = name == null ? id : name;
    area = area == null ? "" : area;
    clause = clause == null ? "" : clause;
    level = level == null ? "" : level;
    tags = tags == null ? List.of() : List.copyOf(tags);
    message = message == null ? "" : message;
  }

  /** A failure at MUST level: the only kind of result that fails a suite run. */
  public boolean isMustFailure() {
    return verdict == Verdict.FAIL && "MUST".equalsIgnoreCase(level);
  }

  /** A failure or a warning: listed among the findings of a summary. */
  public boolean isFinding() {
    return verdict == Verdict.FAIL || verdict == Verdict.WARNING;
  }
}
