package org.iscsilab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.cli.CliResult.run;

import org.junit.jupiter.api.Test;

class IscsiLabTest {

  @Test
  void helpListsEveryCommandOfTheContract() {
    CliResult r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("target", "initiator", "suite", "replay", "report");
  }

  @Test
  void initiatorHelpListsItsSubcommands() {
    CliResult r = run("initiator", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("discover", "inquiry", "capacity", "read", "write", "perf", "workload");
  }

  @Test
  void unknownOptionIsAUsageErrorWithExitCode2() {
    CliResult r = run("--no-such-option");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--no-such-option");
  }
}
