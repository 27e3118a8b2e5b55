package org.iscsilab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.cli.CliResult.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayInspectCommandTest {

  private static Path capture(String name) {
    return org.iscsilab.testfixtures.Captures.path(name);
  }

  @Test
  void cleanCaptureExitsZeroAndListsSessionsAndOpcodes() throws Exception {
    CliResult r = run("replay", "inspect", capture("libiscsi-tgt-discovery.pcap").toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Discovery session", "Text Request (0x04)", "Findings: 0 errors");
  }

  @Test
  void hangIsReportedWithTheOwingSideAndExitCodeOne() throws Exception {
    CliResult r = run("replay", "inspect", capture("istgt-read16-zero-length-unanswered.pcap").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("Open tasks at the end: 1", "READ(16) LBA 0 blocks 0 (ITT 0x54f91141",
        "the target owes a SCSI Response");
  }

  @Test
  void jsonOutputCarriesTheReport() throws Exception {
    CliResult r = run("replay", "inspect", "--json", capture("libiscsi-tgt-discovery.pcap").toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("\"pduCount\" : 6", "\"openTasks\" : [ ]");
  }

  @Test
  void truncatedCaptureSaysWhereAndKeepsWhatWasRead(@TempDir Path dir) throws Exception {
    byte[] whole = Files.readAllBytes(capture("libiscsi-tgt-mixed.pcap"));
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, java.util.Arrays.copyOf(whole, 150_000));
    CliResult r = run("replay", "inspect", cut.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("is damaged", "byte offset", "frame").doesNotContain("Exception");
    assertThat(r.out()).contains("iSCSI PDUs");
  }

  @Test
  void garbageIsRefusedInOneLineWithExitCodeTwo(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.pcap");
    Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24});
    CliResult r = run("replay", "inspect", junk.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("iscsi-lab: ").contains("byte offset 0").doesNotContain("\n\tat ");
  }

  @Test
  void missingFileIsAUsageError() {
    CliResult r = run("replay", "inspect", "/nonexistent/x.pcap");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no such file");
  }
}
