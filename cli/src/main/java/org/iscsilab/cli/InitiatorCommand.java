package org.iscsilab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "initiator",
    mixinStandardHelpOptions = true,
    description = "The reference initiator: discovery, SCSI commands, workloads.",
    subcommands = {
      InitiatorCommand.Discover.class,
      InitiatorCommand.Inquiry.class,
      InitiatorCommand.Capacity.class,
      InitiatorCommand.Read.class,
      InitiatorCommand.Write.class,
      InitiatorCommand.Perf.class,
      InitiatorCommand.Workload.class
    })
final class InitiatorCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return IscsiLab.EXIT_USAGE;
  }

  abstract static class Unbuilt implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Unmatched java.util.List<String> args;

    @Override
    public Integer call() {
      return NotBuiltYet.say(spec);
    }
  }

  @Command(name = "discover", description = "SendTargets discovery on a portal: iscsi://HOST[:PORT] [not built yet]")
  static final class Discover extends Unbuilt {}

  @Command(name = "inquiry", description = "INQUIRY standard data and VPD pages of a LUN [not built yet]")
  static final class Inquiry extends Unbuilt {}

  @Command(name = "capacity", description = "READ CAPACITY(16) of a LUN [not built yet]")
  static final class Capacity extends Unbuilt {}

  @Command(name = "read", description = "Read blocks: URL --lba N --blocks N [--out FILE] [not built yet]")
  static final class Read extends Unbuilt {}

  @Command(name = "write", description = "Write a file at an LBA: URL --lba N --in FILE [not built yet]")
  static final class Write extends Unbuilt {}

  @Command(name = "perf", description = "Measure IOPS, MB/s and latency percentiles [not built yet]")
  static final class Perf extends Unbuilt {}

  @Command(name = "workload", description = "Run a named workload, e.g. disk-format [not built yet]")
  static final class Workload extends Unbuilt {}
}
