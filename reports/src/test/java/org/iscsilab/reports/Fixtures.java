package org.iscsilab.reports;

import java.time.Instant;
import java.util.List;

/** Small results and summaries for the report tests. */
final class Fixtures {

  private Fixtures() {}

  static CaseResult result(String method, String area, String clause, String level, Verdict v, String message) {
    return new CaseResult("org.iscsilab.conformance." + area + ".SomeTest#" + method + "()",
        "org.iscsilab.conformance." + area + ".SomeTest", method, area, clause, level, List.of(), v, message, 12);
  }

  static RunSummary summary(String target, CaseResult... results) {
    return RunSummary.of(target, RunSummary.SUITE_INITIATOR, Instant.parse("2026-11-24T03:00:00Z"), 1500, List.of(results));
  }

  static RunSummary shardA(String target) {
    return summary(target,
        result("passes", "login", "RFC 7143 §13.9", "MUST", Verdict.PASS, ""),
        result("hangs", "login", "RFC 7143 §11.13", "MUST", Verdict.FAIL, "no Login Response after 10 s"),
        result("warns", "login", "RFC 7143 §11.13.5", "SHOULD", Verdict.WARNING, "0x0200 instead of 0x0205"));
  }

  static RunSummary shardB(String target) {
    return summary(target,
        result("declines", "digests", "RFC 7143 §13.1", "MAY", Verdict.NOT_SUPPORTED, "target declined CRC32C"),
        result("writes", "scsi", "SBC-3 §5.40", "MUST", Verdict.SKIPPED, "destructive"));
  }
}
