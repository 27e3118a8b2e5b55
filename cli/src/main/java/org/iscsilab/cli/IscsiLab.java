package org.iscsilab.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code iscsi-lab} command. The command-line contract (docs/architecture.md) is stable:
 * tests, CI and users depend on the command names, options and exit codes.
 */
@Command(
    name = "iscsi-lab",
    mixinStandardHelpOptions = true,
    versionProvider = IscsiLab.Version.class,
    description = "An open iSCSI interoperability lab: reference target and initiator, conformance suite, pcap engine, reports.",
    subcommands = {
      TargetCommand.class,
      InitiatorCommand.class,
      SuiteCommand.class,
      ReplayCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success; 1 a MUST-level failure or a failed operation; 2 could not run (usage, unreachable target).",
      "URL form (as libiscsi): iscsi://[USER[%%SECRET]@]HOST[:PORT]/TARGET-IQN/LUN"
    })
public final class IscsiLab implements Callable<Integer> {

  /** Exit code: the command could not run (bad usage, unreachable target). */
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return EXIT_USAGE;
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    // The plain forms of `replay inspect` start without picocli (see ReplayInspect).
    Integer fast = ReplayInspect.tryRun(args, out, err);
    if (fast != null) {
      return fast;
    }
    CommandLine cmd = commandLine();
    cmd.setOut(out);
    cmd.setErr(err);
    return cmd.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new IscsiLab());
    cmd.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          // Never a stack trace to the user: one clear line naming what went wrong.
          commandLine.getErr().println("iscsi-lab: " + describe(ex));
          return EXIT_USAGE;
        });
    return cmd;
  }

  static String describe(Throwable ex) {
    String msg = ex.getMessage();
    return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = IscsiLab.class.getPackage().getImplementationVersion();
      return new String[] {"iscsi-lab " + (v == null ? "development build" : v)};
    }
  }
}
