package org.iscsilab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iscsilab.pcap.CaptureInspector;
import org.iscsilab.pcap.analysis.AnalysisReport;
import org.iscsilab.pcap.analysis.ReportText;
import org.iscsilab.pcap.analysis.Severity;

/**
 * {@code replay inspect}: the work behind the picocli command, and a fast path for the plain
 * forms of it ({@code replay inspect FILE [--json] [--port PORT]}) that starts without building
 * picocli's command tree. Reading a capture is a short batch job whose time is measured against
 * tshark's with the JVM start included (bench/replay-perf.sh); picocli alone takes a fifth of
 * it. Anything else — help, a bad option, an argument file — goes through picocli as before.
 * Nothing here may touch picocli, Jackson (unless --json) or Logback.
 */
final class ReplayInspect {
  private ReplayInspect() {}

  /** The parsed plain form, or null when picocli must handle the arguments. */
  record Args(Path file, boolean json, Integer port) {}

  static Args parse(String[] args) {
    if (args.length < 3 || args.length > 6 || !"replay".equals(args[0]) || !"inspect".equals(args[1])) {
      return null;
    }
    String file = null;
    boolean json = false;
    Integer port = null;
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--json")) {
        if (json) {
          return null; // picocli says it may be given once
        }
        json = true;
      } else if (a.equals("--port") || a.startsWith("--port=")) {
        String v;
        if (a.equals("--port")) {
          if (++i == args.length) {
            return null;
          }
          v = args[i];
        } else {
          v = a.substring("--port=".length());
        }
        if (port != null || !v.matches("0|[1-9][0-9]{0,8}")) {
          return null;
        }
        port = Integer.valueOf(v);
      } else if (a.isEmpty() || a.startsWith("-") || a.startsWith("@") || file != null) {
        return null; // options, "--", argument files and extra parameters are picocli's
      } else {
        file = a;
      }
    }
    return file == null ? null : new Args(Path.of(file), json, port);
  }

  /** Runs the plain form if {@code args} is one; otherwise returns null. */
  static Integer tryRun(String[] args, PrintWriter out, PrintWriter err) {
    Args a;
    try {
      a = parse(args);
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
    if (a == null) {
      return null;
    }
    try {
      return run(a.file(), a.json(), a.port(), out, err);
    } catch (Exception e) {
      // As IscsiLab's execution exception handler: one clear line, never a stack trace.
      err.println("iscsi-lab: " + IscsiLab.describe(e));
      return IscsiLab.EXIT_USAGE;
    }
  }

  static int run(Path file, boolean json, Integer port, PrintWriter out, PrintWriter err) throws Exception {
    if (!Files.isReadable(file)) {
      err.println("iscsi-lab: cannot read " + file + ": " + (Files.exists(file) ? "permission denied" : "no such file"));
      return IscsiLab.EXIT_USAGE;
    }
    Timing timing = Timing.ENABLED ? new Timing(err) : null;
    CaptureInspector.Result result = CaptureInspector.inspect(file, port);
    if (timing != null) {
      timing.lap("inspect");
    }
    AnalysisReport report = result.report();
    if (json) {
      out.println(Json.write(result));
    } else {
      out.print(ReportText.render(file.toString(), report));
    }
    if (timing != null) {
      out.flush();
      timing.lap("report");
    }
    if (result.damage() != null) {
      err.println("iscsi-lab: " + file + " is damaged: " + result.damage()
          + "; the report covers what was read before that point");
      out.flush();
      return report.pduCount() == 0 ? IscsiLab.EXIT_USAGE : 1;
    }
    out.flush();
    return report.count(Severity.ERROR) > 0 || !report.openTasks().isEmpty() ? 1 : 0;
  }

  /** Jackson in its own class, so that it is loaded only for --json. */
  static final class Json {
    private Json() {}

    static String write(Object value) throws Exception {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    }
  }

  /**
   * {@code ISCSI_LAB_TIMING=1}: where a run's time goes, on stderr — the JVM's uptime at main, and
   * wall and main-thread CPU milliseconds of each phase (for bench/replay-perf.sh investigations).
   */
  static final class Timing {
    static final boolean ENABLED = System.getenv("ISCSI_LAB_TIMING") != null;
    private final PrintWriter err;
    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    private long wall = System.nanoTime();
    private long cpu = threads.getCurrentThreadCpuTime();

    Timing(PrintWriter err) {
      this.err = err;
      err.println("timing: JVM uptime at inspect " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
          + " ms");
    }

    void lap(String what) {
      long w = System.nanoTime();
      long c = threads.getCurrentThreadCpuTime();
      err.println("timing: " + what + " " + (w - wall) / 1_000_000 + " ms wall, " + (c - cpu) / 1_000_000 + " ms cpu");
      err.flush();
      wall = w;
      cpu = c;
    }
  }
}
