package org.iscsilab.reports;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The content of {@code summary.json}: one suite run (or the merge of several shards) against one
 * target by one initiator. Counts are derived from {@link #results()}, which is the source of
 * truth; {@link #of} computes them.
 *
 * @param schema         {@value #SCHEMA}
 * @param target         the target judged, without secrets
 * @param initiator      the initiator that judged it
 * @param startedAt      ISO-8601 instant the run started
 * @param durationMillis wall time of the whole run
 * @param totals         count per verdict
 * @param mustFailures   failures at MUST level (non-zero makes the run exit 1)
 * @param byArea         count per verdict, per protocol area
 * @param byLevel        count per verdict, per level (MUST, SHOULD, MAY)
 * @param findings       each failure and warning with clause, level and diagnosis
 * @param results        every test with its verdict
 */
@JsonPropertyOrder({"schema", "target", "initiator", "startedAt", "durationMillis", "totals", "mustFailures",
    "byArea", "byLevel", "findings", "results"})
public record RunSummary(
    String schema,
    String target,
    String initiator,
    String startedAt,
    long durationMillis,
    Map<String, Integer> totals,
    int mustFailures,
    Map<String, Map<String, Integer>> byArea,
    Map<String, Map<String, Integer>> byLevel,
    List<Finding> findings,
    List<CaseResult> results) {

  public static final String SCHEMA = "iscsi-lab.summary/1";

  /** The initiator named in summaries of suite runs. */
  public static final String SUITE_INITIATOR = "iscsi-lab conformance suite";

  public RunSummary {
    Objects.requireNonNull(results, "results");
    results = List.copyOf(results);
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  /** A summary whose counts and findings are computed from {@code results}. */
  public static RunSummary of(String target, String initiator, Instant startedAt, long durationMillis,
      Collection<CaseResult> results) {
    return of(target, initiator, startedAt.toString(), durationMillis, results);
  }

  static RunSummary of(String target, String initiator, String startedAt, long durationMillis,
      Collection<CaseResult> results) {
    List<CaseResult> list = List.copyOf(results);
    Map<String, Integer> totals = counts(list);
    Map<String, Map<String, Integer>> byArea = grouped(list, r -> r.area().isEmpty() ? "(none)" : r.area());
    Map<String, Map<String, Integer>> byLevel = grouped(list, r -> r.level().isEmpty() ? "(none)" : r.level());
    List<Finding> findings = new ArrayList<>();
    int must = 0;
    for (CaseResult r : list) {
      if (r.isFinding()) {
        findings.add(Finding.of(r));
      }
      if (r.isMustFailure()) {
        must++;
      }
    }
    return new RunSummary(SCHEMA, target, initiator, startedAt, durationMillis, totals, must, byArea, byLevel,
        findings, list);
  }

  /** The same summary with counts and findings recomputed from its results. */
  public RunSummary recomputed() {
    return of(target, initiator, startedAt, durationMillis, results);
  }

  /** Count of results with verdict {@code v}. */
  public int count(Verdict v) {
    return totals.getOrDefault(v.wireName(), 0);
  }

  private static Map<String, Integer> counts(Collection<CaseResult> results) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Verdict v : Verdict.values()) {
      m.put(v.wireName(), 0);
    }
    for (CaseResult r : results) {
      m.merge(r.verdict().wireName(), 1, Integer::sum);
    }
    return m;
  }

  private static Map<String, Map<String, Integer>> grouped(List<CaseResult> results, Function<CaseResult, String> key) {
    Map<String, List<CaseResult>> groups = new TreeMap<>();
    for (CaseResult r : results) {
      groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
    }
    Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
    groups.forEach((k, v) -> m.put(k, counts(v)));
    return m;
  }
}
