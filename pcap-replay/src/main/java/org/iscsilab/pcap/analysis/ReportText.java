package org.iscsilab.pcap.analysis;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an {@link AnalysisReport} for a person at a terminal. */
public final class ReportText {
  private ReportText() {}

  public static String render(String source, AnalysisReport r) {
    StringBuilder b = new StringBuilder(4096);
    double span = (r.lastTimestampNanos() - r.firstTimestampNanos()) / 1e9;
    b.append(String.format(Locale.ROOT, "%s: %d iSCSI PDUs over %.3f s, %d sessions, %d tasks completed%n", source,
        r.pduCount(), span, r.sessions().size(), r.tasksCompleted()));

    b.append(String.format("%nSessions%n"));
    int n = 0;
    for (AnalysisReport.SessionSummary s : r.sessions()) {
      b.append(String.format("  #%d %s session ISID %s TSIH %s%n", ++n, s.sessionType(), s.isid(),
          s.tsih() < 0 ? "?" : Integer.toString(s.tsih())));
      b.append(String.format("     initiator %s%n", s.initiatorName()));
      if (!s.targetName().isEmpty()) {
        b.append(String.format("     target    %s%n", s.targetName()));
      }
      for (AnalysisReport.ConnectionSummary c : s.connections()) {
        b.append(String.format("     connection %s CID %d, frames %d–%d, %d PDUs%s, %s%n", c.connection(), c.cid(),
            c.firstFrame(), c.lastFrame(), c.pdus(), c.loginCaptured() ? "" : " (login not captured)", c.ended()));
      }
      if (!s.negotiated().isEmpty()) {
        b.append("     keys: ");
        int w = 11;
        boolean first = true;
        for (Map.Entry<String, String> e : s.negotiated().entrySet()) {
          String kv = e.getKey() + "=" + e.getValue();
          if (!first && w + kv.length() + 2 > 110) {
            b.append(String.format("%n           "));
            w = 11;
          } else if (!first) {
            b.append("  ");
          }
          b.append(kv);
          w += kv.length() + 2;
          first = false;
        }
        b.append(System.lineSeparator());
      }
    }

    b.append(String.format("%nPDUs by opcode%n"));
    r.pduCountsByOpcode().forEach((op, count) -> b.append(String.format("  %8d  %s%n", count, op)));

    if (!r.latencyByScsiOpcode().isEmpty()) {
      b.append(String.format("%nLatency by SCSI command (ms)%n"));
      b.append(String.format("  %-34s %8s %9s %9s %9s %9s%n", "command", "count", "min", "p50", "p99", "max"));
      for (AnalysisReport.LatencySummary l : r.latencyByScsiOpcode().values()) {
        b.append(String.format(Locale.ROOT, "  %-34s %8d %9.3f %9.3f %9.3f %9.3f%n", l.command(), l.count(),
            l.minMillis(), l.p50Millis(), l.p99Millis(), l.maxMillis()));
      }
    }

    b.append(String.format("%nFindings: %d errors, %d warnings, %d notes%n", r.count(Severity.ERROR),
        r.count(Severity.WARNING), r.count(Severity.INFO)));
    for (Finding f : r.findings()) {
      b.append(String.format("  %-7s %-15s frame %-7d %s%n          %s%n", f.severity(), f.rule().id(),
          f.frameNumber(), f.message(), f.clause() + "; blames the " + f.blames() + "; " + f.connection()));
    }
    r.findingCounts().forEach((rule, count) -> {
      if (count > SessionAnalyzer.FINDINGS_KEPT_PER_RULE) {
        b.append(String.format("  … and %d more %s findings%n", count - SessionAnalyzer.FINDINGS_KEPT_PER_RULE,
            rule.id()));
      }
    });

    List<AnalysisReport.OpenTask> open = r.openTasks();
    b.append(String.format("%nOpen tasks at the end: %d%n", open.size()));
    for (AnalysisReport.OpenTask o : open) {
      b.append(String.format("  %s%n", o.diagnosis()));
      b.append(String.format("    last PDUs on %s:%n", o.connection()));
      for (String p : o.lastPdus()) {
        b.append(String.format("      %s%n", p));
      }
    }
    return b.toString();
  }
}
