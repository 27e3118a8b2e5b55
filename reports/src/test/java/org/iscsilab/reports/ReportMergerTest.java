package org.iscsilab.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportMergerTest {

  @TempDir Path dir;

  private Path shard(String name, RunSummary s) throws Exception {
    OutputLayout l = new OutputLayout(dir.resolve(name));
    SummaryJson.write(l.summary(), s);
    JunitXml.write(l.junit(), s.results(), Map.of("target", s.target()), r -> null, Instant.EPOCH);
    Files.createDirectories(l.allureResults());
    Files.writeString(l.allureResults().resolve(name.replace('/', '-') + "-uuid-result.json"), "{\"name\": \"" + name + "\"}");
    AllureSupport.writeCategories(l.allureResults());
    return l.dir();
  }

  @Test
  void mergesShardsIntoOneSummaryJunitAllureAndMatrix() throws Exception {
    Path a = shard("a", Fixtures.shardA("tgt"));
    Path b = shard("b", Fixtures.shardB("tgt"));
    Path out = dir.resolve("merged");
    ReportMerger.Result r = ReportMerger.merge(List.of(a, b), out);

    RunSummary merged = SummaryJson.read(out.resolve("summary.json"));
    assertThat(merged.results()).hasSize(5);
    assertThat(merged.target()).isEqualTo("tgt");
    assertThat(merged.mustFailures()).isEqualTo(1);
    assertThat(merged.totals()).containsEntry("pass", 1).containsEntry("fail", 1).containsEntry("warning", 1)
        .containsEntry("not-supported", 1).containsEntry("skipped", 1);
    assertThat(merged.durationMillis()).isEqualTo(3000);
    // shard A has login tests, shard B digests and scsi ones: three classes
    try (var files = Files.list(out.resolve("junit"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).hasSize(3);
    }
    assertThat(out.resolve("allure-results/a-uuid-result.json")).exists();
    assertThat(out.resolve("allure-results/b-uuid-result.json")).exists();
    assertThat(out.resolve("allure-results/categories.json")).exists();
    assertThat(r.matrix()).exists();
    assertThat(Files.readString(r.matrix())).contains("iscsi-lab conformance suite × tgt");
  }

  @Test
  void sameFileNamesFromTwoShardsAreKeptApart() throws Exception {
    Path a = shard("a", Fixtures.shardA("tgt"));
    Path b = shard("b", Fixtures.shardA("istgt"));
    Path out = dir.resolve("merged");
    ReportMerger.merge(List.of(a, b), out);
    try (var files = Files.list(out.resolve("junit"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
          "TEST-org.iscsilab.conformance.login.SomeTest.xml", "TEST-shard2-org.iscsilab.conformance.login.SomeTest.xml");
    }
    RunSummary merged = SummaryJson.read(out.resolve("summary.json"));
    assertThat(merged.target()).isEqualTo("tgt, istgt");
    assertThat(merged.results()).hasSize(6);
    assertThat(Files.readString(out.resolve("matrix.html"))).contains("× tgt", "× istgt");
  }

  @Test
  void aDirectoryOfShardDirectoriesIsAccepted() throws Exception {
    shard("shards/1", Fixtures.shardA("tgt"));
    shard("shards/2", Fixtures.shardB("tgt"));
    ReportMerger.Result r = ReportMerger.merge(List.of(dir.resolve("shards")), dir.resolve("out"));
    assertThat(r.inputs()).hasSize(2);
  }

  @Test
  void missingAndInvalidInputsAreNamed() throws Exception {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> ReportMerger.merge(List.of(missing), dir.resolve("o")))
        .isInstanceOf(ReportInputException.class).hasMessage(missing + ": no such directory");

    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ReportMerger.merge(List.of(empty), dir.resolve("o")))
        .hasMessageStartingWith(empty.resolve("summary.json") + ": no such file");

    Path a = shard("a", Fixtures.shardA("tgt"));
    Path badXml = a.resolve("junit/TEST-broken.xml");
    Files.writeString(badXml, "<testsuite>");
    assertThatThrownBy(() -> ReportMerger.merge(List.of(a), dir.resolve("o")))
        .hasMessageStartingWith(badXml + ": not well-formed XML");
    Files.delete(badXml);

    Path badAllure = a.resolve("allure-results/x-result.json");
    Files.writeString(badAllure, "{nope");
    assertThatThrownBy(() -> ReportMerger.merge(List.of(a), dir.resolve("o")))
        .hasMessageStartingWith(badAllure + ": not a valid Allure result");
    Files.delete(badAllure);

    Files.writeString(a.resolve("summary.json"), "[]");
    assertThatThrownBy(() -> ReportMerger.merge(List.of(a), dir.resolve("o")))
        .hasMessageStartingWith(a.resolve("summary.json") + ": not a valid summary.json");
    assertThat(dir.resolve("o")).as("nothing written when an input is bad").doesNotExist();
  }
}
