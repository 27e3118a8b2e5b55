package org.iscsilab.conformance;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The suite's configuration parameters. The CLI passes them to the JUnit Platform launcher; under
 * Maven they are system properties ({@code -Discsilab.target=iscsi://…}).
 *
 * @param targetUrl       {@value #TARGET}: the target; absent means the embedded reference target
 * @param destructive     {@value #DESTRUCTIVE}: run tests tagged {@code destructive} (they write)
 * @param include         {@value #INCLUDE}: comma-separated tags; a test runs if it has one
 * @param exclude         {@value #EXCLUDE}: comma-separated tags; a test with one does not run
 * @param testTimeout     {@value #TEST_TIMEOUT}: the deadline of each test (e.g. {@code 60s})
 * @param responseTimeout {@value #RESPONSE_TIMEOUT}: how long to wait for one expected PDU
 * @param initiatorName   {@value #INITIATOR_NAME}: the InitiatorName the suite logs in with
 */
public record SuiteSettings(
    Optional<String> targetUrl,
    boolean destructive,
    List<String> include,
    List<String> exclude,
    Duration testTimeout,
    Duration responseTimeout,
    String initiatorName) {

  public static final String TARGET = "iscsilab.target";
  public static final String DESTRUCTIVE = "iscsilab.destructive";
  public static final String INCLUDE = "iscsilab.include";
  public static final String EXCLUDE = "iscsilab.exclude";
  public static final String TEST_TIMEOUT = "iscsilab.test.timeout";
  public static final String RESPONSE_TIMEOUT = "iscsilab.response.timeout";
  public static final String INITIATOR_NAME = "iscsilab.initiator.name";
  /** Set by the CLI, which has already checked the target: the extension skips its own check. */
  public static final String PREFLIGHT_DONE = "iscsilab.preflight.done";

  public static final Duration DEFAULT_TEST_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(10);
  public static final String DEFAULT_INITIATOR_NAME = "iqn.2026-11.org.iscsilab:conformance-suite";

  public static SuiteSettings defaults() {
    return new SuiteSettings(Optional.empty(), false, List.of(), List.of(), DEFAULT_TEST_TIMEOUT,
        DEFAULT_RESPONSE_TIMEOUT, DEFAULT_INITIATOR_NAME);
  }

  /** Reads the settings from configuration parameters ({@code key → value or null}). */
  public static SuiteSettings from(Function<String, Optional<String>> parameters) {
    return new SuiteSettings(
        parameters.apply(TARGET).map(String::trim).filter(s -> !s.isEmpty()),
        parameters.apply(DESTRUCTIVE).map(s -> s.isBlank() || Boolean.parseBoolean(s.trim())).orElse(false),
        list(parameters.apply(INCLUDE)),
        list(parameters.apply(EXCLUDE)),
        parameters.apply(TEST_TIMEOUT).map(s -> duration(TEST_TIMEOUT, s)).orElse(DEFAULT_TEST_TIMEOUT),
        parameters.apply(RESPONSE_TIMEOUT).map(s -> duration(RESPONSE_TIMEOUT, s)).orElse(DEFAULT_RESPONSE_TIMEOUT),
        parameters.apply(INITIATOR_NAME).filter(s -> !s.isBlank()).orElse(DEFAULT_INITIATOR_NAME));
  }

  /** {@code 10}, {@code 10s}, {@code 500ms}, {@code 2m}, or ISO-8601 {@code PT10S}. */
  public static Duration duration(String key, String text) {
    String s = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (s.startsWith("pt")) {
        return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      if (s.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      }
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " must be a duration such as 30s or 500ms, not \"" + text + "\"");
    }
  }

  private static List<String> list(Optional<String> s) {
    return s.map(v -> List.of(v.split(","))).orElse(List.of()).stream().map(String::trim).filter(t -> !t.isEmpty())
        .toList();
  }
}
