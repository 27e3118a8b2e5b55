package org.iscsilab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Merge test results and build the HTML report and interoperability matrix. [not built yet]")
final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Unmatched java.util.List<String> args;

  @Override
  public Integer call() {
    return NotBuiltYet.say(spec);
  }
}
