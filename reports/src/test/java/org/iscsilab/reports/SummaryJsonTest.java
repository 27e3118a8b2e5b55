package org.iscsilab.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {

  @TempDir Path dir;

  @Test
  void countsPerVerdictAreaAndLevelAndListsFindings() {
    RunSummary s = Fixtures.shardA("iscsi://t/iqn.x/0");
    assertThat(s.totals()).containsEntry("pass", 1).containsEntry("fail", 1).containsEntry("warning", 1)
        .containsEntry("not-supported", 0).containsEntry("skipped", 0);
    assertThat(s.mustFailures()).isEqualTo(1);
    assertThat(s.byArea().get("login")).containsEntry("fail", 1);
    assertThat(s.byLevel().get("SHOULD")).containsEntry("warning", 1);
    assertThat(s.findings()).extracting(Finding::clause, Finding::level, Finding::verdict, Finding::diagnosis)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("RFC 7143 §11.13", "MUST", Verdict.FAIL, "no Login Response after 10 s"),
            org.assertj.core.groups.Tuple.tuple("RFC 7143 §11.13.5", "SHOULD", Verdict.WARNING, "0x0200 instead of 0x0205"));
  }

  @Test
  void aShouldDeviationIsNotAMustFailure() {
    RunSummary s = Fixtures.summary("t", Fixtures.result("w", "login", "RFC 7143 §1", "SHOULD", Verdict.WARNING, "x"),
        Fixtures.result("f", "login", "RFC 7143 §1", "MAY", Verdict.FAIL, "x"));
    assertThat(s.mustFailures()).isZero();
  }

  @Test
  void roundTripsThroughTheFile() throws Exception {
    RunSummary s = Fixtures.shardA("iscsi://127.0.0.1:3260/iqn.x/1");
    Path f = dir.resolve("summary.json");
    SummaryJson.write(f, s);
    assertThat(Files.readString(f)).contains("\"schema\" : \"iscsi-lab.summary/1\"", "\"not-supported\" : 0",
        "\"verdict\" : \"fail\"");
    assertThat(SummaryJson.read(f)).isEqualTo(s);
  }

  @Test
  void invalidJsonIsReportedWithTheFileAndLine() throws Exception {
    Path f = dir.resolve("summary.json");
    Files.writeString(f, "{\n  \"schema\": \"iscsi-lab.summary/1\",\n  oops\n}");
    assertThatThrownBy(() -> SummaryJson.read(f)).isInstanceOf(ReportInputException.class)
        .hasMessageStartingWith(f + ": not a valid summary.json: ").hasMessageContaining("line 3");
  }

  @Test
  void aForeignJsonFileIsRejectedByItsSchema() throws Exception {
    Path f = dir.resolve("summary.json");
    Files.writeString(f, "{\"schema\": \"other/2\", \"results\": []}");
    assertThatThrownBy(() -> SummaryJson.read(f)).isInstanceOf(ReportInputException.class)
        .hasMessage(f + ": schema is \"other/2\", expected \"iscsi-lab.summary/1\"");
  }

  @Test
  void aSummaryWithoutResultsIsInvalid() throws Exception {
    Path f = dir.resolve("summary.json");
    Files.writeString(f, "{\"schema\": \"iscsi-lab.summary/1\"}");
    assertThatThrownBy(() -> SummaryJson.read(f)).isInstanceOf(ReportInputException.class)
        .hasMessageStartingWith(f + ": not a valid summary.json").hasMessageContaining("results");
  }

  @Test
  void aMissingFileIsNamed() {
    Path f = dir.resolve("nope/summary.json");
    assertThatThrownBy(() -> SummaryJson.read(f)).isInstanceOf(ReportInputException.class).hasMessage(f + ": no such file");
  }

  @Test
  void verdictNamesAreTheWireNames() {
    assertThat(Verdict.fromWireName("not-supported")).isEqualTo(Verdict.NOT_SUPPORTED);
    assertThat(Verdict.fromWireName("NOT_SUPPORTED")).isEqualTo(Verdict.NOT_SUPPORTED);
    assertThat(Verdict.worst(Verdict.PASS, Verdict.WARNING)).isEqualTo(Verdict.WARNING);
    assertThat(Verdict.worst(Verdict.FAIL, Verdict.WARNING)).isEqualTo(Verdict.FAIL);
    assertThatThrownBy(() -> Verdict.fromWireName("meh")).hasMessageContaining("unknown verdict \"meh\"");
  }
}
