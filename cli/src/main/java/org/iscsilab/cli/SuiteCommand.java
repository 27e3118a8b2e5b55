package org.iscsilab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "suite", mixinStandardHelpOptions = true, description = "Judge a target against RFC 7143 / SPC / SBC (no URL: the embedded reference target). [not built yet]")
final class SuiteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Unmatched java.util.List<String> args;

  @Override
  public Integer call() {
    return NotBuiltYet.say(spec);
  }
}
