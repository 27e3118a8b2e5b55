package org.iscsilab.reports;

import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How iscsi-lab results appear in Allure: labels (epic {@value #EPIC}, feature = area, story =
 * clause, severity from level, one tag label per tag), a link to the RFC section, the status of
 * each verdict, and the categories that sort failures, hangs, warnings and declined features.
 */
public final class AllureSupport {

  public static final String EPIC = "iSCSI conformance";
  public static final String RESULTS_DIR = "allure-results";

  private static final Pattern RFC_CLAUSE = Pattern.compile("RFC\\s*(\\d{3,5})\\s*(?:§|[Ss]ection\\s*)\\s*([0-9]+(?:\\.[0-9]+)*)");

  private AllureSupport() {}

  /** Allure severity for a level: MUST → critical, SHOULD → normal, MAY → minor. */
  public static String severity(String level) {
    return switch (level.toUpperCase(Locale.ROOT)) {
      case "MUST" -> "critical";
      case "SHOULD" -> "normal";
      case "MAY" -> "minor";
      default -> "normal";
    };
  }

  /** Allure status: fail → failed, warning → broken, not-supported and skipped → skipped. */
  public static Status status(Verdict v) {
    return switch (v) {
      case PASS -> Status.PASSED;
      case FAIL -> Status.FAILED;
      case WARNING -> Status.BROKEN;
      case NOT_SUPPORTED, SKIPPED -> Status.SKIPPED;
    };
  }

  /** The message Allure shows; its prefix is what {@link #writeCategories} matches on. */
  public static StatusDetails statusDetails(CaseResult r) {
    String prefix = switch (r.verdict()) {
      case FAIL -> r.level() + " violated (" + r.clause() + "): ";
      case WARNING -> "warning: " + r.level() + " not met (" + r.clause() + "): ";
      case NOT_SUPPORTED -> "not supported: ";
      case SKIPPED -> "skipped: ";
      case PASS -> "";
    };
    return new StatusDetails().setMessage(r.verdict() == Verdict.PASS ? null : prefix + r.message());
  }

  /** Labels of a result; {@code suite} groups results in Allure's Suites tab. */
  public static List<Label> labels(CaseResult r, String host) {
    List<Label> labels = new ArrayList<>();
    labels.add(label("epic", EPIC));
    if (!r.area().isEmpty()) {
      labels.add(label("feature", r.area()));
      labels.add(label("parentSuite", r.area()));
    }
    if (!r.clause().isEmpty()) {
      labels.add(label("story", r.clause()));
    }
    labels.add(label("severity", severity(r.level())));
    if (!r.level().isEmpty()) {
      labels.add(label("level", r.level()));
    }
    for (String t : r.tags()) {
      labels.add(label("tag", t));
    }
    if (!r.className().isEmpty()) {
      labels.add(label("suite", simpleName(r.className())));
      labels.add(label("testClass", r.className()));
      int dot = r.className().lastIndexOf('.');
      if (dot > 0) {
        labels.add(label("package", r.className().substring(0, dot)));
      }
    }
    labels.add(label("framework", "junit-platform"));
    labels.add(label("language", "java"));
    if (host != null && !host.isEmpty()) {
      labels.add(label("host", host));
    }
    return labels;
  }

  /** A link to the RFC section of a clause such as {@code RFC 7143 §11.4.7.2}. */
  public static List<Link> links(String clause) {
    return rfcUrl(clause).map(u -> List.of(new Link().setName(clause).setUrl(u).setType("link"))).orElse(List.of());
  }

  /**
   * {@code https://www.rfc-editor.org/rfc/rfc7143#section-11.4.7.2} for {@code RFC 7143
   * §11.4.7.2}; empty for clauses of documents without a public URL (SPC, SBC).
   */
  public static Optional<String> rfcUrl(String clause) {
    if (clause == null) {
      return Optional.empty();
    }
    Matcher m = RFC_CLAUSE.matcher(clause);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of("https://www.rfc-editor.org/rfc/rfc" + m.group(1) + "#section-" + m.group(2));
  }

  /** A stable history id, so that Allure tracks a test across runs. */
  public static String historyId(String testId) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(testId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code categories.json}: hangs first (a failure whose diagnosis says nothing came),
   * then MUST failures, SHOULD warnings and features the target declined.
   */
  public static void writeCategories(Path resultsDir) {
    String json = """
        [
          {"name": "Hangs: the target never answered", "matchedStatuses": ["failed"], "messageRegex": "(?s).*\\\\b(no [^\\\\n]* after|did not finish within) .*"},
          {"name": "MUST-level failures", "matchedStatuses": ["failed"]},
          {"name": "SHOULD-level warnings", "matchedStatuses": ["broken"], "messageRegex": "(?s)warning: .*"},
          {"name": "Not supported by the target", "matchedStatuses": ["skipped"], "messageRegex": "(?s)not supported: .*"},
          {"name": "Not run", "matchedStatuses": ["skipped"]}
        ]
        """;
    writeText(resultsDir.resolve("categories.json"), json);
  }

  /** Writes {@code environment.properties} (shown on the Allure overview). */
  public static void writeEnvironment(Path resultsDir, Map<String, String> environment) {
    StringBuilder sb = new StringBuilder();
    environment.forEach((k, v) -> sb.append(escapeProperty(k)).append(" = ").append(escapeProperty(v)).append('\n'));
    writeText(resultsDir.resolve("environment.properties"), sb.toString());
  }

  private static String escapeProperty(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:");
  }

  private static void writeText(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Label label(String name, String value) {
    return new Label().setName(name).setValue(value);
  }

  private static String simpleName(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? className : className.substring(dot + 1);
  }
}
