package org.iscsilab.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every "§N.N…" that the Java sources of the repository attribute to RFC 7143 names a section the RFC
 * has (the table {@code rfc7143-sections.txt}). A citation is attributed to the last document named
 * before it on the same line ({@code RFC 7143 §6.2}, {@code SPC-4 §6.11, §6.12}, {@code RFC 1994 §4.1});
 * one with no document before it on its line ({@code §13.13} continuing a comment, {@code // §13.1
 * HeaderDigest}) belongs to the document of the previous citation in the same file, and to RFC 7143 when
 * it is the file's first. Citations of other documents are not checked: their section lists are not public.
 */
class Rfc7143CitationTest {

  static final String RFC_7143 = "RFC 7143";

  /** Names of documents that a § can belong to; anything else in the text is not a document. */
  private static final Pattern DOCUMENT = Pattern.compile(
      "RFC ?[0-9]{3,5}|(?:SPC|SBC|SAM|SSC|MMC|SES)-[0-9]|UEFI|IEEE|pcapng|style\\.md|draft-[a-z0-9-]+");
  private static final Pattern SECTION = Pattern.compile("§ ?([0-9]+(?:\\.[0-9]+)*)");

  record Citation(String document, String section, String where, String line) {}

  static Map<String, String> sections() {
    Map<String, String> table = new LinkedHashMap<>();
    try (InputStream in = Rfc7143CitationTest.class.getResourceAsStream("rfc7143-sections.txt")) {
      assertThat(in).as("rfc7143-sections.txt on the class path").isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (l.isBlank() || l.startsWith("#")) {
          continue;
        }
        String[] f = l.split("\t", 2);
        assertThat(f).as("table line \"%s\" is number<TAB>title", l).hasSize(2);
        assertThat(table.put(f[0], f[1])).as("section %s listed twice", f[0]).isNull();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return table;
  }

  /** The citations of one file's lines, attributed by the rule of the class comment. */
  static List<Citation> citations(String file, List<String> lines) {
    List<Citation> out = new ArrayList<>();
    String carried = RFC_7143;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher s = SECTION.matcher(line);
      while (s.find()) {
        String document = null;
        Matcher d = DOCUMENT.matcher(line.substring(0, s.start()));
        while (d.find()) {
          document = d.group();
        }
        if (document == null) {
          document = carried;
        }
        document = document.startsWith("RFC") ? "RFC " + document.substring(3).strip() : document;
        carried = document;
        out.add(new Citation(document, s.group(1), file + ":" + (i + 1), line.strip()));
      }
    }
    return out;
  }

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !(Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("protocol")))) {
      p = p.getParent();
    }
    assertThat(p).as("the repository root above %s", Path.of("").toAbsolutePath()).isNotNull();
    return p;
  }

  static List<Citation> repositoryCitations() throws IOException {
    Path root = repositoryRoot();
    List<Citation> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".java"))
          .filter(f -> root.relativize(f).toString().replace('\\', '/').matches("[^/]+/src/(main|test)/java/.*"))
          .sorted().toList()) {
        all.addAll(citations(root.relativize(f).toString(), Files.readAllLines(f, StandardCharsets.UTF_8)));
      }
    }
    return all;
  }

  @Test
  void everyRfc7143CitationNamesAnExistingSection() throws IOException {
    Map<String, String> table = sections();
    List<Citation> all = repositoryCitations();
    List<Citation> rfc = all.stream().filter(c -> c.document().equals(RFC_7143)).toList();
    assertThat(rfc.size()).as("RFC 7143 citations found in the sources (is the scan looking at them?)")
        .isGreaterThan(500);
    List<String> missing = rfc.stream().filter(c -> !table.containsKey(c.section()))
        .map(c -> c.where() + ": RFC 7143 has no §" + c.section() + " — " + c.line()).toList();
    assertThat(missing).as("citations of RFC 7143 sections that do not exist").isEmpty();
  }

  @Test
  void tableHasTheSectionsTheSuiteLeansOn() {
    Map<String, String> table = sections();
    assertThat(table).containsEntry("4.2.2.1", "Command Numbering and Acknowledging")
        .containsEntry("11.17.1", "Reason").containsEntry("13.1", "HeaderDigest and DataDigest")
        .doesNotContainKey("3.2.2.1").doesNotContainKey("13.27");
    assertThat(table.keySet()).allMatch(k -> k.matches("[0-9]+(\\.[0-9]+)*"), "numbers only");
  }

  @Test
  void citationBelongsToTheLastDocumentNamedBeforeItOnTheLine() {
    List<Citation> c = citations("X.java", List.of(
        " * CHAP checks (RFC 1994 §4.1, RFC 7143 §9.2.1 and §12.1.3).",
        " * MODE SENSE (SPC-4 §6.11,",
        " * §6.12).",
        "  // §13.24 iSCSIProtocolLevel (RFC 7144): min."));
    assertThat(c).extracting(Citation::document, Citation::section).containsExactly(
        org.assertj.core.groups.Tuple.tuple("RFC 1994", "4.1"),
        org.assertj.core.groups.Tuple.tuple(RFC_7143, "9.2.1"),
        org.assertj.core.groups.Tuple.tuple(RFC_7143, "12.1.3"),
        org.assertj.core.groups.Tuple.tuple("SPC-4", "6.11"),
        org.assertj.core.groups.Tuple.tuple("SPC-4", "6.12"),
        org.assertj.core.groups.Tuple.tuple("SPC-4", "13.24"));
  }

  @Test
  void unattributedCitationAtTheTopOfAFileIsRfc7143() {
    List<Citation> c = citations("X.java", List.of("  // §6.2 unknown keys.", "  // style.md §7"));
    assertThat(c).extracting(Citation::document).containsExactly(RFC_7143, "style.md");
  }
}
