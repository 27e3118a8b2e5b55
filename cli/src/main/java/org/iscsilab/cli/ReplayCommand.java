package org.iscsilab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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

  @Command(name = "inspect", description = "Sessions, PDU counts, tasks, findings and open tasks of a capture [not built yet]")
  static final class Inspect extends InitiatorCommand.Unbuilt {}

  @Command(name = "run", description = "Replay a captured initiator against a live target [not built yet]")
  static final class Run extends InitiatorCommand.Unbuilt {}
}
