package org.iscsilab.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Document;

/**
 * JUnit XML in the legacy (Ant/surefire) form that CI servers read: one {@code TEST-<class>.xml}
 * per test class.
 *
 * <p>Mapping: {@code fail} → {@code <failure>} (type = level), {@code warning} and
 * {@code not-supported} → {@code <skipped>} with a message starting {@code warning:} or
 * {@code not supported:} (so that a SHOULD deviation does not fail a CI job, as under surefire),
 * {@code skipped} → {@code <skipped>}. The clause, level and verdict of each test are in its
 * {@code <system-out>}, followed by the evidence (the PDU exchange of a failing test).
 */
public final class JunitXml {

  private JunitXml() {}

  /**
   * Writes one file per test class into {@code dir}.
   *
   * @param properties suite-level properties (target, initiator) repeated in every file
   * @param evidence   extra text per result for its {@code <system-out>} (may return null)
   * @return the files written
   */
  public static List<Path> write(Path dir, List<CaseResult> results, Map<String, String> properties,
      Function<CaseResult, String> evidence, Instant timestamp) {
    Map<String, List<CaseResult>> byClass = new LinkedHashMap<>();
    for (CaseResult r : results) {
      byClass.computeIfAbsent(r.className().isEmpty() ? "conformance" : r.className(), k -> new ArrayList<>()).add(r);
    }
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, List<CaseResult>> e : byClass.entrySet()) {
        Path file = dir.resolve("TEST-" + e.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".xml");
        try (OutputStream out = Files.newOutputStream(file)) {
          writeSuite(out, e.getKey(), e.getValue(), properties, evidence, timestamp);
        }
        files.add(file);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write JUnit XML to " + dir + ": " + ex.getMessage(), ex);
    } catch (XMLStreamException ex) {
      throw new IllegalStateException("cannot write JUnit XML to " + dir + ": " + ex.getMessage(), ex);
    }
    return files;
  }

  private static void writeSuite(OutputStream out, String suite, List<CaseResult> results,
      Map<String, String> properties, Function<CaseResult, String> evidence, Instant timestamp)
      throws XMLStreamException {
    XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
    long failures = results.stream().filter(r -> r.verdict() == Verdict.FAIL).count();
    long skipped = results.stream().filter(r -> r.verdict() != Verdict.FAIL && r.verdict() != Verdict.PASS).count();
    long millis = results.stream().mapToLong(CaseResult::durationMillis).sum();
    w.writeStartDocument("UTF-8", "1.0");
    w.writeCharacters("\n");
    w.writeStartElement("testsuite");
    w.writeAttribute("name", suite);
    w.writeAttribute("tests", Integer.toString(results.size()));
    w.writeAttribute("failures", Long.toString(failures));
    w.writeAttribute("errors", "0");
    w.writeAttribute("skipped", Long.toString(skipped));
    w.writeAttribute("time", seconds(millis));
    w.writeAttribute("timestamp", timestamp.toString());
    w.writeCharacters("\n  ");
    w.writeStartElement("properties");
    for (Map.Entry<String, String> p : properties.entrySet()) {
      w.writeCharacters("\n    ");
      w.writeEmptyElement("property");
      w.writeAttribute("name", clean(p.getKey()));
      w.writeAttribute("value", clean(p.getValue()));
    }
    w.writeCharacters("\n  ");
    w.writeEndElement();
    for (CaseResult r : results) {
      w.writeCharacters("\n  ");
      w.writeStartElement("testcase");
      w.writeAttribute("name", clean(r.name()));
      w.writeAttribute("classname", clean(r.className()));
      w.writeAttribute("time", seconds(r.durationMillis()));
      switch (r.verdict()) {
        case FAIL -> {
          w.writeCharacters("\n    ");
          w.writeStartElement("failure");
          w.writeAttribute("message", clean(firstLine(r.message())));
          w.writeAttribute("type", r.level().isEmpty() ? "failure" : r.level() + " " + r.clause());
          w.writeCharacters(clean(r.message()));
          w.writeEndElement();
        }
        case WARNING -> skippedElement(w, "warning: " + r.message());
        case NOT_SUPPORTED -> skippedElement(w, "not supported: " + r.message());
        case SKIPPED -> skippedElement(w, r.message());
        case PASS -> { }
      }
      w.writeCharacters("\n    ");
      w.writeStartElement("system-out");
      StringBuilder sb = new StringBuilder();
      sb.append("clause: ").append(r.clause()).append('\n')
          .append("level: ").append(r.level()).append('\n')
          .append("area: ").append(r.area()).append('\n')
          .append("verdict: ").append(r.verdict().wireName()).append('\n');
      if (!r.message().isEmpty()) {
        sb.append("diagnosis: ").append(r.message()).append('\n');
      }
      String extra = evidence == null ? null : evidence.apply(r);
      if (extra != null && !extra.isEmpty()) {
        sb.append('\n').append(extra).append('\n');
      }
      w.writeCData(cdataSafe(clean(sb.toString())));
      w.writeEndElement();
      w.writeCharacters("\n  ");
      w.writeEndElement();
    }
    w.writeCharacters("\n");
    w.writeEndElement();
    w.writeCharacters("\n");
    w.writeEndDocument();
    w.flush();
    w.close();
  }

  private static void skippedElement(XMLStreamWriter w, String message) throws XMLStreamException {
    w.writeCharacters("\n    ");
    w.writeEmptyElement("skipped");
    w.writeAttribute("message", clean(firstLine(message)));
  }

  /** Checks that {@code file} is well-formed XML whose root is testsuite or testsuites. */
  public static void validate(Path file) throws ReportInputException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setNamespaceAware(false);
      Document doc = f.newDocumentBuilder().parse(file.toFile());
      String root = doc.getDocumentElement().getTagName();
      if (!root.equals("testsuite") && !root.equals("testsuites")) {
        throw new ReportInputException(file, "not JUnit XML: the root element is <" + root + ">, expected <testsuite>");
      }
    } catch (ReportInputException e) {
      throw e;
    } catch (org.xml.sax.SAXParseException e) {
      throw new ReportInputException(file, "not well-formed XML at line " + e.getLineNumber() + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new ReportInputException(file, "cannot be read as XML: " + e.getMessage(), e);
    }
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String cdataSafe(String s) {
    return s.replace("]]>", "]]]]><![CDATA[>");
  }

  /** Drops characters XML 1.0 cannot carry (control bytes from a PDU dump). */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
          || c >= 0x10000;
      sb.appendCodePoint(ok ? c : '?');
    });
    return sb.toString();
  }
}
