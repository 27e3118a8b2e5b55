package org.iscsilab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "target", mixinStandardHelpOptions = true, description = "Run the reference iSCSI target (serves until SIGINT/SIGTERM). [not built yet]")
final class TargetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Unmatched java.util.List<String> args;

  @Override
  public Integer call() {
    return NotBuiltYet.say(spec);
  }
}
