package org.iscsilab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one in-process run of the command line returned and printed on each stream. */
record CliResult(int exit, String out, String err) {

  /** Runs {@code iscsi-lab ARGS} in this JVM, capturing stdout and stderr. */
  static CliResult run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = IscsiLab.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliResult(exit, out.toString(), err.toString());
  }
}
