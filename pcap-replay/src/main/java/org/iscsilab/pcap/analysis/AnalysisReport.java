package org.iscsilab.pcap.analysis;

import java.util.List;
import java.util.Map;

/**
 * What the analyser understood of a capture: sessions and their negotiated keys, PDU counts,
 * task latencies, findings, and the tasks still open when the capture (or their connection)
 * ended — the hang diagnosis.
 */
public record AnalysisReport(
    long pduCount,
    Map<String, Long> pduCountsByOpcode,
    List<SessionSummary> sessions,
    long tasksCompleted,
    Map<String, LatencySummary> latencyByScsiOpcode,
    List<Finding> findings,
    Map<Rule, Long> findingCounts,
    List<OpenTask> openTasks,
    long firstTimestampNanos,
    long lastTimestampNanos) {

  /** One iSCSI session: its identity, its connections and what was negotiated. */
  public record SessionSummary(
      String sessionType,
      String isid,
      int tsih,
      String initiatorName,
      String targetName,
      Map<String, String> negotiated,
      List<ConnectionSummary> connections) {}

  /** One TCP connection of a session. */
  public record ConnectionSummary(
      ConnectionId connection,
      int cid,
      boolean loginCaptured,
      long firstFrame,
      long lastFrame,
      long pdus,
      Map<String, String> declared,
      String ended) {}

  /** Latency of one SCSI command kind, from its SCSI Command PDU to its status. */
  public record LatencySummary(String command, long count, double minMillis, double p50Millis, double p99Millis,
      double maxMillis, double meanMillis) {}

  /**
   * A task still waiting when its connection or the capture ended: what it is, how long it
   * waited, and who owes the next PDU.
   */
  public record OpenTask(
      ConnectionId connection,
      int initiatorTaskTag,
      String command,
      long issuedFrame,
      long issuedAtNanos,
      long waitedNanos,
      String cmdSN,
      boolean cmdSNConsumed,
      Side owes,
      String owedPdu,
      String diagnosis,
      List<String> lastPdus) {}

  public long count(Severity severity) {
    long n = 0;
    for (Map.Entry<Rule, Long> e : findingCounts.entrySet()) {
      if (e.getKey().severity() == severity) {
        n += e.getValue();
      }
    }
    return n;
  }
}
