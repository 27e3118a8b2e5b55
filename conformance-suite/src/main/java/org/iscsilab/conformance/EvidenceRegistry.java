package org.iscsilab.conformance;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the evidence of a test (its PDU exchanges as text) from the extension, which sees the
 * test's context, to the listener, which writes the reports. Keyed by JUnit unique id.
 */
public final class EvidenceRegistry {

  private static final Map<String, String> EVIDENCE = new ConcurrentHashMap<>();

  private EvidenceRegistry() {}

  /** Bounds what piles up when no listener takes the evidence (a plain surefire run). */
  private static final int MAX_ENTRIES = 1_000;

  public static void put(String uniqueId, String evidence) {
    if (evidence != null && !evidence.isBlank()) {
      if (EVIDENCE.size() >= MAX_ENTRIES) {
        EVIDENCE.clear();
      }
      EVIDENCE.put(uniqueId, evidence);
    }
  }

  /** Removes and returns the evidence of a test. */
  public static Optional<String> take(String uniqueId) {
    return Optional.ofNullable(EVIDENCE.remove(uniqueId));
  }
}
