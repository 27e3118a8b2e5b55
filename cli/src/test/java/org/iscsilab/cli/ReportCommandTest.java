package org.iscsilab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.cli.CliResult.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.reports.OutputLayout;
import org.iscsilab.reports.RunSummary;
import org.iscsilab.reports.SummaryJson;
import org.iscsilab.reports.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

  @TempDir Path dir;

  private Path shard(String name, Verdict v) {
    Path d = dir.resolve(name);
    SummaryJson.write(new OutputLayout(d).summary(), RunSummary.of("iscsi://127.0.0.1:3260/iqn.x/0",
        RunSummary.SUITE_INITIATOR, Instant.EPOCH, 10, List.of(new CaseResult("C#" + name + "()", "C", name, "login",
            "RFC 7143 §13.9", "MUST", List.of(), v, v == Verdict.FAIL ? "missing TargetPortalGroupTag" : "", 5))));
    return d;
  }

  @Test
  void mergesShardsAndBuildsTheMatrix() throws Exception {
    Path out = dir.resolve("merged");
    CliResult r = run("report", "--in", shard("a", Verdict.PASS).toString(), "--in", shard("b", Verdict.FAIL).toString(),
        "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Merged 2 runs", "1 MUST-level failure", "missing TargetPortalGroupTag");
    assertThat(out.resolve("summary.json")).exists();
    assertThat(Files.readString(out.resolve("matrix.html"))).contains("<table id=\"matrix\">");
  }

  @Test
  void aMissingInputIsNamedWithExitCode2() {
    Path missing = dir.resolve("shard-9");
    CliResult r = run("report", "--in", missing.toString(), "--out", dir.resolve("o").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualToIgnoringNewLines("iscsi-lab report: " + missing + ": no such directory");
  }

  @Test
  void anInvalidSummaryIsNamedWithExitCode2() throws Exception {
    Path d = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(d.resolve("summary.json"), "{ not json");
    CliResult r = run("report", "--in", d.toString(), "--out", dir.resolve("o").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("iscsi-lab report: " + d.resolve("summary.json") + ": not a valid summary.json")
        .doesNotContain("\tat ");
  }

  @Test
  void withoutArgumentsItIsAUsageError() {
    CliResult r = run("report");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--in", "--out");
  }
}
