package org.iscsilab.reports;

/** A failure or warning as listed in summary.json: enough to act on without opening a report. */
public record Finding(String test, String name, String area, String clause, String level, Verdict verdict, String diagnosis) {

  static Finding of(CaseResult r) {
    return new Finding(r.id(), r.name(), r.area(), r.clause(), r.level(), r.verdict(), r.message());
  }
}
