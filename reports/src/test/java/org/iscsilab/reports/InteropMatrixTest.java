package org.iscsilab.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InteropMatrixTest {

  @Test
  void oneColumnPerInitiatorAndTargetWithShardsSharingIt() {
    InteropMatrix m = InteropMatrix.of(List.of(Fixtures.shardA("tgt"), Fixtures.shardB("tgt"), Fixtures.shardA("istgt")));
    assertThat(m.columns()).extracting(InteropMatrix.Column::target).containsExactly("tgt", "istgt");
    assertThat(m.rows()).hasSize(5);
    InteropMatrix.Row hangs = m.rows().stream().filter(r -> r.name().equals("hangs")).findFirst().orElseThrow();
    assertThat(m.cell(hangs, m.columns().get(1)).verdict()).isEqualTo(Verdict.FAIL);
    InteropMatrix.Row declines = m.rows().stream().filter(r -> r.name().equals("declines")).findFirst().orElseThrow();
    assertThat(m.cell(declines, m.columns().get(1))).as("not run against istgt").isNull();
  }

  @Test
  void aScenarioSeenTwiceInAColumnShowsItsWorstVerdict() {
    RunSummary a = Fixtures.summary("tgt", Fixtures.result("x", "login", "RFC 7143 §1", "MUST", Verdict.PASS, ""));
    RunSummary b = Fixtures.summary("tgt", Fixtures.result("x", "login", "RFC 7143 §1", "MUST", Verdict.FAIL, "broke"));
    InteropMatrix m = InteropMatrix.of(List.of(a, b));
    assertThat(m.cell(m.rows().get(0), m.columns().get(0))).isEqualTo(new InteropMatrix.Cell(Verdict.FAIL, "broke"));
  }

  @Test
  void thePageIsSelfContainedEscapedAndSortable() {
    RunSummary evil = Fixtures.summary("<script>alert(1)</script>",
        Fixtures.result("x", "login", "RFC 7143 §11.13", "MUST", Verdict.FAIL, "\"quoted\" <b>"));
    String html = InteropMatrix.of(List.of(Fixtures.shardA("tgt"), evil)).toHtml(Instant.EPOCH);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>", "<script>", "addEventListener('click'",
        "&lt;script&gt;alert(1)&lt;/script&gt;", "title=\"&quot;quoted&quot; &lt;b&gt;\"",
        "<td class=\"v fail\"", "<td class=\"v warning\"",
        "<a href=\"https://www.rfc-editor.org/rfc/rfc7143#section-11.13\">");
    assertThat(html).doesNotContain("<script src", "<link", "@import", "<img", "url(");
    assertThat(html).doesNotContain("<script>alert");
  }
}
