package org.iscsilab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class IscsiLabTest {

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = IscsiLab.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryCommandOfTheContract() {
    Result r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("target", "initiator", "suite", "replay", "report");
  }

  @Test
  void initiatorHelpListsItsSubcommands() {
    Result r = run("initiator", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("discover", "inquiry", "capacity", "read", "write", "perf", "workload");
  }

  @Test
  void unknownOptionIsAUsageErrorWithExitCode2() {
    Result r = run("--no-such-option");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--no-such-option");
  }
}
