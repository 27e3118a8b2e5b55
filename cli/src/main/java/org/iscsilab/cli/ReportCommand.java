package org.iscsilab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.iscsilab.reports.ReportInputException;
import org.iscsilab.reports.ReportMerger;
import org.iscsilab.reports.SummaryText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Merge suite results (CI shards, or runs against several targets) and build the interoperability matrix.",
      "Each --in is a 'suite --out' directory, or a directory whose sub-directories are."
    },
    footer = {
      "",
      "Writes to --out: summary.json (merged), junit/, allure-results/ and matrix.html (one self-contained page).",
      "Exit codes: 0 merged; 2 could not run (usage, missing or invalid input, named in the message)."
    })
final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--in", paramLabel = "DIR", required = true, arity = "1..*", description = "result directories to merge")
  List<Path> in;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "where to write the merged report")
  Path out;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      ReportMerger.Result r = ReportMerger.merge(in, out);
      o.printf("Merged %d run%s: %d JUnit XML files, %d Allure files.%n", r.inputs().size(),
          r.inputs().size() == 1 ? "" : "s", r.junitFiles(), r.allureFiles());
      o.print(SummaryText.render(r.summary()));
      o.println("Matrix: " + r.matrix());
      o.flush();
      return 0;
    } catch (ReportInputException e) {
      err.println("iscsi-lab report: " + e.getMessage());
      return IscsiLab.EXIT_USAGE;
    } catch (java.io.UncheckedIOException e) {
      err.println("iscsi-lab report: " + e.getMessage());
      return IscsiLab.EXIT_USAGE;
    }
  }
}
