package org.iscsilab.conformance;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a target the launcher already resolved (and checked) to the tests of that run, by a run
 * id passed as the configuration parameter {@value #RUN_ID}. Needed for the embedded target, whose
 * URL is only known once it has started, and so that secrets never travel as strings.
 */
final class RunTargets {

  static final String RUN_ID = "iscsilab.run.id";

  private static final Map<String, TargetUnderTest> TARGETS = new ConcurrentHashMap<>();

  private RunTargets() {}

  static String register(TargetUnderTest target) {
    String id = UUID.randomUUID().toString();
    TARGETS.put(id, target);
    return id;
  }

  static Optional<TargetUnderTest> lookup(String runId) {
    return Optional.ofNullable(TARGETS.get(runId));
  }

  static void unregister(String runId) {
    TARGETS.remove(runId);
  }
}
