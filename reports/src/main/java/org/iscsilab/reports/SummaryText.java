package org.iscsilab.reports;

import java.util.Locale;
import java.util.Map;

/** The summary as the CLI prints it: totals, a line per area, then each failure and warning. */
public final class SummaryText {

  private SummaryText() {}

  public static String render(RunSummary s) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%nTarget %s — %d tests in %.1f s: %s%n", s.target(), s.results().size(),
        s.durationMillis() / 1000.0, counts(s.totals())));
    sb.append(String.format(Locale.ROOT, "  %-18s %s%n", "area", "verdicts"));
    s.byArea().forEach((area, c) -> sb.append(String.format(Locale.ROOT, "  %-18s %s%n", area, counts(c))));
    sb.append(String.format(Locale.ROOT, "  %-18s %s%n", "level", "verdicts"));
    s.byLevel().forEach((level, c) -> sb.append(String.format(Locale.ROOT, "  %-18s %s%n", level, counts(c))));
    if (!s.findings().isEmpty()) {
      sb.append(String.format(Locale.ROOT, "%nFindings:%n"));
      for (Finding f : s.findings()) {
        sb.append(String.format(Locale.ROOT, "  %-7s %-6s %-20s %s%n", f.verdict().wireName().toUpperCase(Locale.ROOT),
            f.level(), f.clause(), f.name()));
        sb.append("          ").append(f.diagnosis().replace("\n", "\n          ")).append('\n');
      }
    }
    sb.append(String.format(Locale.ROOT, "%n%s%n", s.mustFailures() == 0
        ? "No MUST-level failure."
        : s.mustFailures() + " MUST-level failure" + (s.mustFailures() == 1 ? "" : "s") + "."));
    return sb.toString();
  }

  /** {@code 5 pass, 1 fail, 2 warning}: zero counts left out. */
  public static String counts(Map<String, Integer> c) {
    StringBuilder sb = new StringBuilder();
    c.forEach((k, v) -> {
      if (v != 0) {
        sb.append(sb.length() == 0 ? "" : ", ").append(v).append(' ').append(k);
      }
    });
    return sb.length() == 0 ? "none" : sb.toString();
  }
}
