package org.iscsilab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.cli.CliResult.run;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class InitiatorCommandTest {

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void discoverOnAPortalNobodyListensOnSaysSoInOneLineWithExitCode2() throws Exception {
    int port = closedPort();
    CliResult r = run("initiator", "discover", "iscsi://127.0.0.1:" + port);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("iscsi-lab: cannot connect to 127.0.0.1:" + port
        + ": connection refused (nothing listens there)");
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void inquiryOnAnUnreachablePortalIsExitCode2() throws Exception {
    CliResult r = run("initiator", "inquiry", "iscsi://127.0.0.1:" + closedPort() + "/iqn.2001-04.com.example:x/1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("iscsi-lab: cannot connect to");
  }

  @Test
  void aUrlWithoutTargetAndLunIsABadArgument() {
    CliResult r = run("initiator", "capacity", "iscsi://127.0.0.1:3260");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("iscsi://HOST[:PORT]/TARGET-IQN/LUN");
  }

  @Test
  void aMalformedUrlIsABadArgument() {
    CliResult r = run("initiator", "inquiry", "http://example");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("iscsi-lab: ");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void readWithoutItsRequiredOptionsIsAUsageError() {
    CliResult r = run("initiator", "read", "iscsi://127.0.0.1/iqn.2001-04.com.example:x/1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--lba");
  }

  @Test
  void anUnknownWorkloadIsRefusedBeforeConnecting() {
    CliResult r = run("initiator", "workload", "iscsi://127.0.0.1:1/iqn.2001-04.com.example:x/1", "--name", "defrag");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown workload 'defrag'; known: disk-format, verify");
  }

  @Test
  void anUnknownQuirkIsABadArgument() throws Exception {
    CliResult r = run("initiator", "inquiry", "iscsi://127.0.0.1:" + closedPort() + "/iqn.2001-04.com.example:x/1",
        "--quirk", "nope");
    assertThat(r.exit()).isEqualTo(2);
  }

  @Test
  void perfRejectsANonsenseBlockSize() {
    CliResult r = run("initiator", "perf", "iscsi://127.0.0.1:1/iqn.2001-04.com.example:x/1", "--block-size", "lots");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("lots");
  }

  @Test
  void perfRejectsAPollIntervalOfZeroBeforeConnecting() {
    CliResult r = run("initiator", "perf", "iscsi://127.0.0.1:1/iqn.2001-04.com.example:x/1", "--poll",
        "--poll-interval", "0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("iscsi-lab: --poll-interval must be 1-1000000 microseconds");
  }

  @Test
  void sizesReadTheWayPeopleWriteThem() {
    assertThat(InitiatorCli.parseSize("4KiB")).isEqualTo(4096);
    assertThat(InitiatorCli.parseSize("128KiB")).isEqualTo(131072);
    assertThat(InitiatorCli.parseSize("1MiB")).isEqualTo(1 << 20);
    assertThat(InitiatorCli.parseSize("4k")).isEqualTo(4096);
    assertThat(InitiatorCli.parseSize("512")).isEqualTo(512);
    assertThat(InitiatorCli.parseSize("1G")).isEqualTo(1L << 30);
  }

  @Test
  void initiatorHelpNamesTheExitCodes() {
    CliResult r = run("initiator", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("discover", "perf", "workload", "Exit codes");
  }
}
