package org.iscsilab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.iscsilab.pcap.analysis.AnalysisReport;
import org.iscsilab.pcap.analysis.ReportText;
import org.iscsilab.pcap.analysis.Severity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Read, diagnose and replay captured iSCSI sessions.",
    subcommands = {ReplayCommand.Inspect.class, ReplayCommand.Capture.class, ReplayCommand.Run.class})
final class ReplayCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return IscsiLab.EXIT_USAGE;
  }

  @Command(
      name = "inspect",
      mixinStandardHelpOptions = true,
      description = {
        "Sessions and negotiated keys, PDU counts by opcode, latency per SCSI command, findings with frame numbers"
            + " and clauses, and the tasks still open at the end (who owes the next PDU).",
        "Exit code: 0 no error-level finding; 1 error-level findings or tasks left unanswered; 2 the file could not"
            + " be read at all."
      })
  static final class Inspect implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A pcap or pcapng capture.")
    Path file;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--port", paramLabel = "PORT",
        description = "Treat this TCP port as iSCSI (by default iSCSI is recognised on any port by what decodes).")
    Integer port;

    @Override
    public Integer call() throws Exception {
      return ReplayInspect.run(file, json, port, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  @Command(
      name = "capture",
      mixinStandardHelpOptions = true,
      description = {
        "Live capture through libpcap (Pcap4J) into the same analysis as inspect; optionally written to a file.",
        "Needs root or CAP_NET_RAW. Exit codes as for inspect."
      })
  static final class Capture implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--interface", paramLabel = "NAME", defaultValue = "lo",
        description = "Capture interface (default: ${DEFAULT-VALUE}).")
    String interfaceName;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "3260",
        description = "iSCSI TCP port to capture (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10",
        description = "Stop after N seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--write", paramLabel = "FILE", description = "Also write the packets to this pcap file.")
    Path write;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (port < 1 || port > 65535 || seconds <= 0) {
        spec.commandLine().getErr().println("iscsi-lab: --port must be 1-65535 and --seconds positive");
        return IscsiLab.EXIT_USAGE;
      }
      org.iscsilab.pcap.LiveCapture capture = new org.iscsilab.pcap.LiveCapture();
      Thread hook = new Thread(capture::stop);
      Runtime.getRuntime().addShutdownHook(hook);
      org.iscsilab.pcap.LiveCapture.Result result;
      try {
        result = capture.run(interfaceName, port, java.time.Duration.ofMillis((long) (seconds * 1000)), write);
      } catch (org.iscsilab.pcap.LiveCapture.LiveCaptureException e) {
        spec.commandLine().getErr().println("iscsi-lab: " + e.getMessage());
        return IscsiLab.EXIT_USAGE;
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is already stopping; the capture was stopped by the hook
        }
      }
      AnalysisReport report = result.report();
      if (json) {
        spec.commandLine().getOut().println(ReplayInspect.Json.write(result));
      } else {
        spec.commandLine().getOut().print(ReportText.render(interfaceName + " port " + port, report));
        if (write != null) {
          spec.commandLine().getOut().println("Packets written to " + write);
        }
      }
      spec.commandLine().getOut().flush();
      return report.count(Severity.ERROR) > 0 || !report.openTasks().isEmpty() ? 1 : 0;
    }
  }

  @Command(name = "run", description = "Replay a captured initiator against a live target [not built yet]")
  static final class Run extends InitiatorCommand.Unbuilt {}
}
