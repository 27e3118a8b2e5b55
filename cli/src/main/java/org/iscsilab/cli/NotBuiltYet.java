package org.iscsilab.cli;

import picocli.CommandLine;

/** For contract commands whose implementation has not landed yet: says so and exits 2. */
final class NotBuiltYet {
  private NotBuiltYet() {}

  static int say(CommandLine.Model.CommandSpec spec) {
    spec.commandLine()
        .getErr()
        .println(
            "iscsi-lab: '"
                + spec.qualifiedName(" ").replaceFirst("^iscsi-lab ", "")
                + "' is part of the command-line contract but is not built yet.");
    return IscsiLab.EXIT_USAGE;
  }
}
