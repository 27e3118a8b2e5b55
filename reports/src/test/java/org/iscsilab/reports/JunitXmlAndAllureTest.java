package org.iscsilab.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qameta.allure.model.Label;
import io.qameta.allure.model.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JunitXmlAndAllureTest {

  @TempDir Path dir;

  @Test
  void writesOneWellFormedFilePerClassWithFailuresAndSkipsMapped() throws Exception {
    RunSummary s = Fixtures.summary("t",
        Fixtures.result("passes", "login", "RFC 7143 §13.9", "MUST", Verdict.PASS, ""),
        Fixtures.result("hangs", "login", "RFC 7143 §11.13", "MUST", Verdict.FAIL, "no Login Response <after> 10 s"),
        Fixtures.result("warns", "login", "RFC 7143 §11.13.5", "SHOULD", Verdict.WARNING, "0x0200"),
        Fixtures.result("declines", "login", "RFC 7143 §13.1", "MAY", Verdict.NOT_SUPPORTED, "no CRC32C"));
    List<Path> files = JunitXml.write(dir, s.results(), Map.of("target", "iscsi://t/iqn/0"),
        r -> r.verdict() == Verdict.FAIL ? "→ LoginRequest\u0001 ]]> end" : null, Instant.EPOCH);
    assertThat(files).singleElement();
    JunitXml.validate(files.get(0));
    String xml = Files.readString(files.get(0));
    assertThat(xml).contains("tests=\"4\"", "failures=\"1\"", "skipped=\"2\"",
        "<failure message=\"no Login Response &lt;after&gt; 10 s\" type=\"MUST RFC 7143 §11.13\">",
        "<skipped message=\"warning: 0x0200\"/>", "<skipped message=\"not supported: no CRC32C\"/>",
        "→ LoginRequest? ]]]]><![CDATA[> end", "<property name=\"target\" value=\"iscsi://t/iqn/0\"/>");
  }

  @Test
  void validateNamesAFileThatIsNotJunitXml() throws Exception {
    Path f = dir.resolve("TEST-x.xml");
    Files.writeString(f, "<testsuite><testcase></testsuite>");
    assertThatThrownBy(() -> JunitXml.validate(f)).isInstanceOf(ReportInputException.class)
        .hasMessageStartingWith(f + ": not well-formed XML at line 1");
    Files.writeString(f, "<html/>");
    assertThatThrownBy(() -> JunitXml.validate(f)).hasMessage(f + ": not JUnit XML: the root element is <html>, expected <testsuite>");
  }

  @Test
  void linksRfcClausesToTheirSection() {
    assertThat(AllureSupport.rfcUrl("RFC 7143 §11.4.7.2")).contains("https://www.rfc-editor.org/rfc/rfc7143#section-11.4.7.2");
    assertThat(AllureSupport.rfcUrl("RFC 3720 section 10.12")).contains("https://www.rfc-editor.org/rfc/rfc3720#section-10.12");
    assertThat(AllureSupport.rfcUrl("SPC-4 §6.6.1")).isEmpty();
    assertThat(AllureSupport.links("SBC-3 §5.15")).isEmpty();
  }

  @Test
  void mapsLevelsAndVerdicts() {
    assertThat(AllureSupport.severity("MUST")).isEqualTo("critical");
    assertThat(AllureSupport.severity("SHOULD")).isEqualTo("normal");
    assertThat(AllureSupport.severity("MAY")).isEqualTo("minor");
    assertThat(AllureSupport.status(Verdict.FAIL)).isEqualTo(Status.FAILED);
    assertThat(AllureSupport.status(Verdict.WARNING)).isEqualTo(Status.BROKEN);
    assertThat(AllureSupport.status(Verdict.NOT_SUPPORTED)).isEqualTo(Status.SKIPPED);
    CaseResult r = Fixtures.result("hangs", "login", "RFC 7143 §11.13", "MUST", Verdict.FAIL, "no Login Response after 10 s");
    assertThat(AllureSupport.statusDetails(r).getMessage()).isEqualTo("MUST violated (RFC 7143 §11.13): no Login Response after 10 s");
    assertThat(AllureSupport.labels(r, "h")).extracting(Label::getName, Label::getValue).contains(
        org.assertj.core.groups.Tuple.tuple("epic", "iSCSI conformance"),
        org.assertj.core.groups.Tuple.tuple("feature", "login"),
        org.assertj.core.groups.Tuple.tuple("story", "RFC 7143 §11.13"),
        org.assertj.core.groups.Tuple.tuple("severity", "critical"));
  }

  @Test
  void categoriesSortHangsBeforeOtherFailures() throws Exception {
    AllureSupport.writeCategories(dir);
    String json = Files.readString(dir.resolve("categories.json"));
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    assertThat(json.indexOf("Hangs")).isLessThan(json.indexOf("MUST-level failures"));
    java.util.regex.Pattern hang = java.util.regex.Pattern.compile("(?s).*\\b(no [^\\n]* after|did not finish within) .*");
    assertThat(hang.matcher("MUST violated (RFC 7143 §11.13): no Login Response after 10 s to the Login Request").matches()).isTrue();
    assertThat(hang.matcher("MUST violated (RFC 7143 §11.13): status was 0x0200").matches()).isFalse();
  }
}
