package org.iscsilab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.iscsilab.pcap.CaptureInspector;
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
    subcommands = {ReplayCommand.Inspect.class, ReplayCommand.Run.class})
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
      if (!Files.isReadable(file)) {
        spec.commandLine().getErr().println("iscsi-lab: cannot read " + file + ": "
            + (Files.exists(file) ? "permission denied" : "no such file"));
        return IscsiLab.EXIT_USAGE;
      }
      CaptureInspector.Result result = CaptureInspector.inspect(file, port);
      AnalysisReport report = result.report();
      if (json) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        spec.commandLine().getOut().println(mapper.writeValueAsString(result));
      } else {
        spec.commandLine().getOut().print(ReportText.render(file.toString(), report));
      }
      if (result.damage() != null) {
        spec.commandLine().getErr().println("iscsi-lab: " + file + " is damaged: " + result.damage()
            + "; the report covers what was read before that point");
        spec.commandLine().getOut().flush();
        return report.pduCount() == 0 ? IscsiLab.EXIT_USAGE : 1;
      }
      spec.commandLine().getOut().flush();
      return report.count(Severity.ERROR) > 0 || !report.openTasks().isEmpty() ? 1 : 0;
    }
  }

  @Command(name = "run", description = "Replay a captured initiator against a live target [not built yet]")
  static final class Run extends InitiatorCommand.Unbuilt {}
}
