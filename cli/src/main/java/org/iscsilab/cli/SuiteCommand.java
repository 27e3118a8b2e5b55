package org.iscsilab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.iscsilab.conformance.SuiteCannotRun;
import org.iscsilab.conformance.SuiteRunner;
import org.iscsilab.conformance.SuiteSettings;
import org.iscsilab.reports.OutputLayout;
import org.iscsilab.reports.SummaryText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "suite",
    mixinStandardHelpOptions = true,
    description = {
      "Judge an iSCSI target against RFC 7143 / SPC / SBC; every verdict names its clause.",
      "Without a URL, starts the embedded reference target and judges it."
    },
    footer = {
      "",
      "Tags for --include/--exclude: any @Tag (destructive, digests, chap, multi-connection, slow),",
      "an area (login, negotiation, discovery, command-numbering, data-transfer, digests, nop,",
      "task-management, logout, async, reject, scsi) or a level (must, should, may).",
      "Exit codes: 0 no MUST-level failure; 1 a MUST-level failure; 2 could not run (usage, unreachable target)."
    })
final class SuiteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
      description = "iscsi://[USER[%%SECRET]@]HOST[:PORT]/TARGET-IQN/LUN (default: the embedded reference target)")
  String url;

  @Option(names = "--out", paramLabel = "DIR", description = "write summary.json, junit/ and allure-results/ here")
  Path out;

  @Option(names = "--include", paramLabel = "TAG", description = "run only tests with this tag (repeatable, or comma-separated)")
  List<String> include = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "TAG", description = "do not run tests with this tag (repeatable, or comma-separated)")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--destructive", description = "also run tests that write to the LUN (tag destructive)")
  boolean destructive;

  @Option(names = "--list", description = "list the tests that would run (with their clause and level) and exit")
  boolean list;

  @Option(names = "--test-timeout", paramLabel = "DURATION", defaultValue = "60s",
      description = "deadline of each test (default ${DEFAULT-VALUE})")
  String testTimeout;

  @Option(names = "--response-timeout", paramLabel = "DURATION", defaultValue = "10s",
      description = "how long to wait for one expected PDU (default ${DEFAULT-VALUE})")
  String responseTimeout;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration test;
    Duration response;
    try {
      test = SuiteSettings.duration("--test-timeout", testTimeout);
      response = SuiteSettings.duration("--response-timeout", responseTimeout);
    } catch (IllegalArgumentException e) {
      err.println("iscsi-lab suite: " + e.getMessage());
      return SuiteRunner.EXIT_CANNOT_RUN;
    }
    SuiteRunner.Options options = SuiteRunner.Options.defaults()
        .withTarget(url)
        .withOut(out)
        .withTags(split(include), split(exclude))
        .withDestructive(destructive)
        .withTimeouts(test, response);
    if (list) {
      List<SuiteRunner.Entry> entries = SuiteRunner.list(options);
      for (SuiteRunner.Entry e : entries) {
        o.printf("%-17s %-6s %-22s %s#%s%s%n", e.area(), e.level() == null ? "" : e.level(), e.clause(),
            e.className().substring(e.className().lastIndexOf('.') + 1), e.method(),
            e.tags().isEmpty() ? "" : "  [" + String.join(", ", e.tags()) + "]");
      }
      o.println(entries.size() + " test" + (entries.size() == 1 ? "" : "s"));
      o.flush();
      return entries.isEmpty() ? SuiteRunner.EXIT_CANNOT_RUN : SuiteRunner.EXIT_OK;
    }
    try {
      SuiteRunner.Outcome outcome = SuiteRunner.run(options, o);
      o.print(SummaryText.render(outcome.summary()));
      if (out != null) {
        OutputLayout l = new OutputLayout(out);
        o.println("Reports: " + l.summary() + ", " + l.junit() + "/, " + l.allureResults() + "/");
      }
      o.flush();
      return outcome.exitCode();
    } catch (SuiteCannotRun e) {
      err.println("iscsi-lab suite: " + e.getMessage());
      return SuiteRunner.EXIT_CANNOT_RUN;
    }
  }

  private static List<String> split(List<String> tags) {
    List<String> all = new ArrayList<>();
    for (String t : tags) {
      for (String x : t.split(",")) {
        if (!x.isBlank()) {
          all.add(x.trim());
        }
      }
    }
    return all;
  }
}
