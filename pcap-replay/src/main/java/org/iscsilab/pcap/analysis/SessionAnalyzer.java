package org.iscsilab.pcap.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.iscsilab.protocol.pdu.AsyncMessage;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LogoutRequest;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Opcode;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.Stage;
import org.iscsilab.protocol.pdu.TargetPdu;
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponse;
import org.iscsilab.protocol.pdu.TaskManagementResponseCode;
import org.iscsilab.protocol.pdu.TextRequest;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.protocol.scsi.cdb.Cdb;
import org.iscsilab.protocol.sn.SerialNumber;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextFormatException;
import org.iscsilab.protocol.text.TextSegmentAssembler;

/**
 * Reconstructs iSCSI sessions from the PDUs of a capture and checks them against RFC 7143: it
 * groups connections into sessions, follows login and negotiation, tracks every task from its
 * command to its status, applies the {@link Rule rules}, and at the end names every task still
 * waiting and which side owes the next PDU.
 *
 * <p>Memory is bounded by what is outstanding, not by the capture's length: finished tasks are
 * folded into counters and latency histograms, and findings are kept up to a cap per rule.
 * Feed PDUs in capture order; not thread-safe.
 */
public final class SessionAnalyzer {

  /** Findings kept per rule; further ones are only counted. */
  public static final int FINDINGS_KEPT_PER_RULE = 200;

  private static final int LAST_PDUS = 6;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Map<ConnectionId, Conn> connections = new LinkedHashMap<>();
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final long[] pduCounts = new long[64];
  private final Map<String, LatencyHistogram> latency = new TreeMap<>();
  private final List<Finding> findings = new ArrayList<>();
  /** SCSI command names by opcode and service action: named once, not per command. */
  private final Map<Integer, String> scsiNames = new HashMap<>();
  private final Map<Rule, Long> findingCounts = new EnumMap<>(Rule.class);
  private final List<AnalysisReport.OpenTask> openTasks = new ArrayList<>();
  private long pduCount;
  private long tasksCompleted;
  private long firstTs = Long.MAX_VALUE;
  private long lastTs = Long.MIN_VALUE;
  private long lastFrame;

  /** Takes the next PDU of the capture. */
  public void accept(PduEvent e) {
    pduCount++;
    pduCounts[e.pdu().opcode().code()]++;
    firstTs = Math.min(firstTs, e.timestampNanos());
    lastTs = Math.max(lastTs, e.timestampNanos());
    lastFrame = Math.max(lastFrame, e.frameNumber());
    Conn c = connections.computeIfAbsent(e.connection(), id -> new Conn(id, e.frameNumber()));
    c.lastFrame = e.frameNumber();
    c.lastTs = e.timestampNanos();
    c.pdus++;
    c.remember(e);
    Pdu p = e.pdu();
    if (e.direction() == Direction.INITIATOR_TO_TARGET) {
      fromInitiator(c, e, p);
    } else {
      fromTarget(c, e, p);
    }
  }

  /**
   * Any packet of the capture, iSCSI or not, moves the clock: the capture's end (and so how long
   * an open task waited) is the last packet's time, not the last PDU's.
   */
  public void packetSeen(long frameNumber, long timestampNanos) {
    firstTs = Math.min(firstTs, timestampNanos);
    lastTs = Math.max(lastTs, timestampNanos);
    lastFrame = Math.max(lastFrame, frameNumber);
  }

  /**
   * Whether the login of {@code id} settled on CRC32C for {@code key} (HeaderDigest or
   * DataDigest): the last value either side sent for it, which is the answer.
   */
  public boolean negotiatedDigest(ConnectionId id, String key) {
    Conn c = connections.get(id);
    return c != null && "CRC32C".equalsIgnoreCase(c.declared.get(key));
  }

  /** Bytes of a connection's stream were missing from the capture. */
  public void streamGap(ConnectionId id, Direction direction, long frameNumber, long timestampNanos, long bytes) {
    Conn c = connections.computeIfAbsent(id, k -> new Conn(k, frameNumber));
    c.gaps++;
    report(Rule.STREAM_GAP, direction == Direction.INITIATOR_TO_TARGET ? Side.INITIATOR : Side.TARGET, id,
        frameNumber, timestampNanos, bytes + " bytes of the " + direction
            + " stream are missing from the capture; decoding resumed at the next plausible PDU header");
  }

  /** A digest did not match; the codec's message says which. */
  public void digestError(ConnectionId id, Direction direction, long frameNumber, long timestampNanos, String message) {
    report(Rule.DIGEST_ERROR, direction == Direction.INITIATOR_TO_TARGET ? Side.INITIATOR : Side.TARGET, id,
        frameNumber, timestampNanos, message);
  }

  /** The connection ended (FIN, RST, or end of capture), as the capture says. */
  public void connectionClosed(ConnectionId id, long frameNumber, long timestampNanos, String how) {
    Conn c = connections.get(id);
    if (c == null || c.ended != null) {
      return;
    }
    c.ended = how + " at frame " + frameNumber;
    closeOpenTasks(c, frameNumber, timestampNanos, "the connection ended (" + how + ", frame " + frameNumber + ")");
  }

  /** Ends the analysis: every connection still open is closed at the capture's end. */
  public AnalysisReport finish() {
    for (Conn c : connections.values()) {
      if (c.ended == null) {
        c.ended = "open at the end of the capture";
        closeOpenTasks(c, lastFrame, lastTs, "the capture ended");
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int op = 0; op < 64; op++) {
      if (pduCounts[op] > 0) {
        counts.put(Opcode.of(op).toString(), pduCounts[op]);
      }
    }
    Map<String, AnalysisReport.LatencySummary> lat = new LinkedHashMap<>();
    latency.forEach((name, h) -> lat.put(name, new AnalysisReport.LatencySummary(name, h.count(), ms(h.min()),
        ms(h.percentile(0.50)), ms(h.percentile(0.99)), ms(h.max()), h.mean() / 1e6)));
    List<AnalysisReport.SessionSummary> ss = new ArrayList<>();
    for (Session s : sessions.values()) {
      List<AnalysisReport.ConnectionSummary> cs = new ArrayList<>();
      for (Conn c : s.connections) {
        cs.add(c.summary());
      }
      ss.add(new AnalysisReport.SessionSummary(s.type(), String.format("0x%012x", s.isid), s.tsih,
          s.keys.getOrDefault("InitiatorName", "?"), s.keys.getOrDefault("TargetName", s.isDiscovery() ? "" : "?"),
          Collections.unmodifiableSortedMap(new TreeMap<>(s.keys)), List.copyOf(cs)));
    }
    // Connections whose login was not captured still belong in the report.
    List<AnalysisReport.ConnectionSummary> orphans = new ArrayList<>();
    for (Conn c : connections.values()) {
      if (c.session == null) {
        orphans.add(c.summary());
      }
    }
    if (!orphans.isEmpty()) {
      ss.add(new AnalysisReport.SessionSummary("unknown (login not captured)", "?", -1, "?", "?", Map.of(),
          List.copyOf(orphans)));
    }
    return new AnalysisReport(pduCount, counts, List.copyOf(ss), tasksCompleted, lat, List.copyOf(findings),
        new EnumMap<>(findingCounts), List.copyOf(openTasks), firstTs == Long.MAX_VALUE ? 0 : firstTs,
        lastTs == Long.MIN_VALUE ? 0 : lastTs);
  }

  private String scsiName(ScsiCommand cmd) {
    byte[] f = cmd.cdbField();
    int key = ((f[0] & 0xff) << 8) | (f[1] & 0x1f);
    return scsiNames.computeIfAbsent(key, k -> Cdb.nameOf(cmd.cdb()));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  // ---------------------------------------------------------------- initiator → target

  private void fromInitiator(Conn c, PduEvent e, Pdu p) {
    if (p instanceof LoginRequest r) {
      loginRequest(c, e, r);
      return;
    }
    Session s = c.session;
    if (p instanceof ScsiCommand cmd) {
      Task t = c.newTask(e, cmd.initiatorTaskTag(), cmd.cmdSN(), cmd.immediate(), null, scsiName(cmd));
      t.scsi = cmd;
      t.lun = cmd.lun();
      checkWindow(c, e, cmd.cmdSN(), cmd.immediate(), t);
      int immediateData = cmd.data().length();
      if (immediateData > 0 && c.paramsKnown()) {
        if (!s.bool("ImmediateData", true)) {
          report(Rule.UNSOLICITED_DATA_NOT_ALLOWED, Side.INITIATOR, c.id, e,
              t.what() + " carries " + immediateData + " bytes of immediate data although ImmediateData=No");
        }
        checkMaxRecv(c, e, Rule.DATA_OUT_BEYOND_MAX_RECV_DSL, immediateData, c.targetMaxRecv(), t);
      }
      t.unsolicitedBytes += immediateData;
      t.dataOutBytes += immediateData;
      checkFirstBurst(c, e, t);
    } else if (p instanceof DataOut d) {
      dataOut(c, e, d);
    } else if (p instanceof NopOut n) {
      if (n.initiatorTaskTag() != Pdu.RESERVED_TAG) {
        c.newTask(e, n.initiatorTaskTag(), n.cmdSN(), n.immediate(), "NOP-Out ping", null);
        checkWindow(c, e, n.cmdSN(), n.immediate(), "NOP-Out ping");
      }
      if (n.targetTransferTag() != Pdu.RESERVED_TAG) {
        NopPing ping = c.pings.remove(n.targetTransferTag());
        if (ping != null && ping.lun != n.lun()) {
          report(Rule.NOP_OUT_ANSWER_WRONG_LUN, Side.INITIATOR, c.id, e, String.format(
              "NOP-Out answering the NOP-In of frame %d (TTT 0x%08x) carries LUN 0x%016x, the NOP-In had 0x%016x",
              ping.frame, n.targetTransferTag(), n.lun(), ping.lun));
        }
      }
    } else if (p instanceof TaskManagementRequest r) {
      Task t = c.newTask(e, r.initiatorTaskTag(), r.cmdSN(), r.immediate(),
          r.function() + String.format(" (referenced ITT 0x%08x)", r.referencedTaskTag()), null);
      t.tmf = r;
      checkWindow(c, e, r.cmdSN(), r.immediate(), t.description());
    } else if (p instanceof TextRequest r) {
      Task t = c.tasks.get(r.initiatorTaskTag());
      if (t == null) {
        t = c.newTask(e, r.initiatorTaskTag(), r.cmdSN(), r.immediate(), "Text Request", null);
        checkWindow(c, e, r.cmdSN(), r.immediate(), "Text Request");
      }
      keys(c, e, c.textFromInitiator, r.data().toByteArray(), r.continueFlag(), true);
    } else if (p instanceof LogoutRequest r) {
      c.newTask(e, r.initiatorTaskTag(), r.cmdSN(), r.immediate(), "Logout Request (" + r.reason() + ")", null);
      checkWindow(c, e, r.cmdSN(), r.immediate(), "Logout Request");
    }
  }

  private void loginRequest(Conn c, PduEvent e, LoginRequest r) {
    c.loginSeen = true;
    c.isid = r.isid();
    c.tsih = r.tsih();
    c.cid = r.cid();
    c.loginCmdSN = r.cmdSN();
    if (c.firstLoginRequestFrame == 0) {
      c.firstLoginRequestFrame = e.frameNumber();
    }
    keys(c, e, c.loginFromInitiator, r.data().toByteArray(), r.continueFlag(), true);
    if (!r.continueFlag() && c.pendingKeys.containsKey("TargetName")) {
      c.targetNameGiven = true;
    }
  }

  private void dataOut(Conn c, PduEvent e, DataOut d) {
    Task t = c.tasks.get(d.initiatorTaskTag());
    if (t == null) {
      return; // data for a task we did not see start: the capture began mid-task
    }
    int len = d.data().length();
    t.dataOutBytes += len;
    if (c.paramsKnown()) {
      checkMaxRecv(c, e, Rule.DATA_OUT_BEYOND_MAX_RECV_DSL, len, c.targetMaxRecv(), t);
    }
    if (d.targetTransferTag() == Pdu.RESERVED_TAG) {
      if (c.paramsKnown() && c.session.bool("InitialR2T", true)) {
        report(Rule.UNSOLICITED_DATA_NOT_ALLOWED, Side.INITIATOR, c.id, e, String.format(
            "unsolicited Data-Out (TTT 0xffffffff, offset %d, %d bytes) for %s although InitialR2T=Yes",
            d.bufferOffset(), len, t.what()));
      }
      t.unsolicitedBytes += len;
      checkFirstBurst(c, e, t);
      return;
    }
    R2tState r2t = t.r2ts.get(d.targetTransferTag());
    if (r2t == null) {
      return;
    }
    long end = (long) d.bufferOffset() + len;
    if (d.bufferOffset() < r2t.offset || end > (long) r2t.offset + r2t.length) {
      report(Rule.DATA_OUT_BEYOND_R2T, Side.INITIATOR, c.id, e, String.format(
          "Data-Out bytes [%d, %d) for %s lie outside the range [%d, %d) its R2T (frame %d, TTT 0x%08x) asked for",
          d.bufferOffset(), end, t.what(), r2t.offset, (long) r2t.offset + r2t.length, r2t.frame,
          d.targetTransferTag()));
    }
    r2t.received += len;
    if (d.finalFlag()) {
      t.r2ts.remove(d.targetTransferTag());
    }
  }

  private void checkFirstBurst(Conn c, PduEvent e, Task t) {
    if (!c.paramsKnown() || t.firstBurstReported) {
      return;
    }
    Session s = c.session;
    boolean relevant = !(s.bool("InitialR2T", true) && !s.bool("ImmediateData", true));
    int firstBurst = s.number("FirstBurstLength", 65536);
    if (relevant && t.unsolicitedBytes > firstBurst) {
      t.firstBurstReported = true;
      report(Rule.UNSOLICITED_DATA_BEYOND_FIRST_BURST, Side.INITIATOR, c.id, e, String.format(
          "%s: %d bytes of immediate and unsolicited data, FirstBurstLength is %d", t.what(), t.unsolicitedBytes,
          firstBurst));
    }
  }

  private void checkWindow(Conn c, PduEvent e, int cmdSN, boolean immediate, Object what) {
    Session s = c.session;
    if (s == null || !c.fullFeature) {
      return;
    }
    if (immediate) {
      s.immediateCmdSNs.put(cmdSN, e.frameNumber());
      return;
    }
    s.sentCmdSNs.add(cmdSN);
    Task sent = c.tasks.get(e.pdu().initiatorTaskTag());
    if (sent != null && s.expCmdSN != null && SerialNumber.inWindow(cmdSN, s.expCmdSN, s.maxCmdSN)) {
      sent.windowWhenSent = "[" + Integer.toUnsignedString(s.expCmdSN) + ", " + Integer.toUnsignedString(s.maxCmdSN)
          + "]";
    }
    if (s.expCmdSN != null && !SerialNumber.inWindow(cmdSN, s.expCmdSN, s.maxCmdSN)) {
      if (sent != null) {
        sent.outsideWindow = "[" + Integer.toUnsignedString(s.expCmdSN) + ", " + Integer.toUnsignedString(s.maxCmdSN)
            + "]";
      }
      report(Rule.COMMAND_OUTSIDE_WINDOW, Side.INITIATOR, c.id, e, String.format(
          "%s sent with CmdSN %s while the window was [%s, %s]; the target may drop it",
          what instanceof Task task ? task.description() : what,
          Integer.toUnsignedString(cmdSN), Integer.toUnsignedString(s.expCmdSN), Integer.toUnsignedString(s.maxCmdSN)));
    }
  }

  // ---------------------------------------------------------------- target → initiator

  private void fromTarget(Conn c, PduEvent e, Pdu p) {
    if (p instanceof LoginResponse r) {
      loginResponse(c, e, r);
      return;
    }
    if (p instanceof TargetPdu tp && c.fullFeature) {
      window(c, e, tp);
      statSN(c, e, tp);
    }
    if (p instanceof DataIn d) {
      dataIn(c, e, d);
    } else if (p instanceof ScsiResponse r) {
      Task t = c.tasks.get(r.initiatorTaskTag());
      if (t == null) {
        unknownTask(c, e, p);
        return;
      }
      if (r.status() == 0x02 && r.senseData().length == 0) {
        report(Rule.CHECK_CONDITION_WITHOUT_SENSE, Side.TARGET, c.id, e,
            "CHECK CONDITION for " + t.what() + " carries no sense data (data segment of " + r.data().length()
                + " bytes)");
      }
      checkResidual(c, e, t, r.status(), r.residualOverflow(), r.residualUnderflow(), r.residualCount());
      complete(c, e, t);
    } else if (p instanceof ReadyToTransfer r) {
      Task t = c.tasks.get(r.initiatorTaskTag());
      if (t == null) {
        unknownTask(c, e, p);
        return;
      }
      t.r2ts.put(r.targetTransferTag(), new R2tState(e.frameNumber(), r.bufferOffset(), r.desiredDataTransferLength()));
      t.r2tCount++;
      if (t.scsi != null && t.scsi.read() && t.scsi.write()) {
        t.nextDataSN++; // bidirectional: R2T and Data-In share the numbering (RFC 7143 §11.7.5)
      }
      int maxR2T = c.paramsKnown() ? c.session.number("MaxOutstandingR2T", 1) : Integer.MAX_VALUE;
      if (t.r2ts.size() > maxR2T) {
        report(Rule.R2T_BEYOND_MAX_OUTSTANDING, Side.TARGET, c.id, e, String.format(
            "%d R2Ts outstanding for %s, MaxOutstandingR2T is %d", t.r2ts.size(), t.what(), maxR2T));
      }
    } else if (p instanceof NopIn n) {
      if (n.initiatorTaskTag() != Pdu.RESERVED_TAG) {
        Task t = c.tasks.get(n.initiatorTaskTag());
        if (t != null) {
          complete(c, e, t);
        }
      }
      if (n.requestsAnswer()) {
        c.pings.put(n.targetTransferTag(), new NopPing(e.frameNumber(), e.timestampNanos(), n.lun()));
      }
    } else if (p instanceof TaskManagementResponse r) {
      Task t = c.tasks.get(r.initiatorTaskTag());
      if (t == null) {
        unknownTask(c, e, p);
        return;
      }
      if (t.tmf != null && r.response().equals(TaskManagementResponseCode.FUNCTION_COMPLETE)) {
        abortTasks(c, e, t);
      } else if (t.tmf != null && t.tmf.function().equals(TaskManagementFunction.ABORT_TASK)
          && r.response().equals(TaskManagementResponseCode.TASK_DOES_NOT_EXIST)) {
        lostTask(c, e, t);
      }
      complete(c, e, t);
    } else if (p instanceof TextResponse r) {
      keys(c, e, c.textFromTarget, r.data().toByteArray(), r.continueFlag(), false);
      Task t = c.tasks.get(r.initiatorTaskTag());
      if (t != null && r.finalFlag()) {
        complete(c, e, t);
      }
    } else if (p instanceof LogoutResponse r) {
      Task t = c.tasks.get(r.initiatorTaskTag());
      if (t != null) {
        complete(c, e, t);
      }
    } else if (p instanceof Reject r) {
      byte[] header = r.data().toByteArray();
      String rejected = header.length >= 48 ? Opcode.of(header[0]).toString() : "a PDU";
      Task t = null;
      if (header.length >= 48) {
        int itt = ((header[16] & 0xff) << 24) | ((header[17] & 0xff) << 16) | ((header[18] & 0xff) << 8)
            | (header[19] & 0xff);
        t = c.tasks.get(itt);
      }
      report(Rule.REJECT_RECEIVED, Side.INITIATOR, c.id, e, "target rejected " + rejected
          + (t != null ? " (" + t.what() + ")" : "") + ": " + r.reason());
      if (t != null && t.scsi != null) {
        c.tasks.remove(t.itt); // a rejected command is over (RFC 7143 §11.17.1)
      }
    }
  }

  private void loginResponse(Conn c, PduEvent e, LoginResponse r) {
    keys(c, e, c.loginFromTarget, r.data().toByteArray(), r.continueFlag(), false);
    if (!r.status().isSuccess()) {
      report(Rule.LOGIN_REFUSED, Side.TARGET, c.id, e, "login refused: " + r.status());
      return;
    }
    if (!c.firstLoginResponseChecked && !r.continueFlag()) {
      c.firstLoginResponseChecked = true;
      if (c.targetNameGiven && !c.pendingKeys.containsKey("TargetPortalGroupTag")) {
        report(Rule.TPGT_MISSING, Side.TARGET, c.id, e,
            "the first Login Response to a Login Request that named TargetName "
                + c.pendingKeys.getOrDefault("TargetName", "") + " carries no TargetPortalGroupTag");
      }
    }
    if (r.transit() && r.nextStage().code() == Stage.FULL_FEATURE_PHASE.code()) {
      c.tsih = r.tsih();
      Session s = sessions.computeIfAbsent(c.sessionKey(), k -> new Session(c.isid, r.tsih()));
      s.keys.putAll(c.pendingKeys);
      s.connections.add(c);
      c.session = s;
      c.fullFeature = true;
      c.lastStatSN = r.statSN();
      if (s.expCmdSN == null) {
        s.expCmdSN = r.expCmdSN();
        s.maxCmdSN = r.maxCmdSN();
      }
    }
  }

  private void dataIn(Conn c, PduEvent e, DataIn d) {
    Task t = c.tasks.get(d.initiatorTaskTag());
    if (t == null) {
      unknownTask(c, e, d);
      return;
    }
    int len = d.data().length();
    if (c.paramsKnown()) {
      checkMaxRecv(c, e, Rule.DATA_IN_BEYOND_MAX_RECV_DSL, len, c.initiatorMaxRecv(), t);
    }
    if (d.dataSN() != t.nextDataSN) {
      report(Rule.DATASN_GAP, Side.TARGET, c.id, e, String.format("Data-In for %s has DataSN %s, expected %s",
          t.what(), Integer.toUnsignedString(d.dataSN()), Integer.toUnsignedString(t.nextDataSN)));
    }
    t.nextDataSN = d.dataSN() + 1;
    if (c.paramsKnown() && c.session.bool("DataPDUInOrder", true) && c.session.bool("DataSequenceInOrder", true)
        && len > 0 && d.bufferOffset() != t.nextOffset) {
      report(Rule.DATA_IN_OUT_OF_ORDER, Side.TARGET, c.id, e, String.format(
          "Data-In for %s at buffer offset %d, expected %d", t.what(), Integer.toUnsignedLong(d.bufferOffset()),
          t.nextOffset));
    }
    t.nextOffset = Math.max(t.nextOffset, Integer.toUnsignedLong(d.bufferOffset()) + len);
    t.dataInBytes += len;
    t.sequenceBytes += len;
    if (d.finalFlag() || d.statusPresent()) {
      int maxBurst = c.paramsKnown() ? c.session.number("MaxBurstLength", 262144) : Integer.MAX_VALUE;
      if (t.sequenceBytes > maxBurst) {
        report(Rule.DATA_IN_BEYOND_MAX_BURST, Side.TARGET, c.id, e, String.format(
            "Data-In sequence for %s carried %d bytes, MaxBurstLength is %d", t.what(), t.sequenceBytes, maxBurst));
      }
      t.sequenceBytes = 0;
    }
    if (d.statusPresent()) {
      checkResidual(c, e, t, d.status(), d.residualOverflow(), d.residualUnderflow(), d.residualCount());
      complete(c, e, t);
    }
  }

  private void checkResidual(Conn c, PduEvent e, Task t, int status, boolean overflow, boolean underflow,
      int residual) {
    if (t.scsi == null || status != 0 || !t.scsi.read() || t.scsi.write()) {
      return;
    }
    long edtl = Integer.toUnsignedLong(t.scsi.expectedDataTransferLength());
    long moved = t.dataInBytes;
    long expectedUnderflow = edtl - moved;
    if (moved < edtl && (!underflow || Integer.toUnsignedLong(residual) != expectedUnderflow) && !overflow) {
      report(Rule.RESIDUAL_MISMATCH, Side.TARGET, c.id, e, String.format(
          "%s: expected %d bytes, %d arrived, but the status says %s residual %d", t.what(), edtl, moved,
          underflow ? "underflow" : "no underflow,", Integer.toUnsignedLong(residual)));
    }
  }

  private void window(Conn c, PduEvent e, TargetPdu tp) {
    Session s = c.session;
    int exp = tp.expCmdSN();
    int max = tp.maxCmdSN();
    if (s.expCmdSN != null && SerialNumber.lessThan(exp, s.expCmdSN)) {
      report(Rule.WINDOW_MOVED_BACKWARDS, Side.TARGET, c.id, e, String.format(
          "%s carries ExpCmdSN %s, lower than the %s announced before", tp.opcode().name(),
          Integer.toUnsignedString(exp), Integer.toUnsignedString(s.expCmdSN)));
      return;
    }
    if (!SerialNumber.isWindowValid(exp, max)) {
      report(Rule.WINDOW_MOVED_BACKWARDS, Side.TARGET, c.id, e, String.format(
          "%s carries MaxCmdSN %s below ExpCmdSN %s - 1", tp.opcode().name(), Integer.toUnsignedString(max),
          Integer.toUnsignedString(exp)));
    }
    if (s.expCmdSN != null && exp != s.expCmdSN) {
      long distance = SerialNumber.distance(s.expCmdSN, exp);
      int c0 = s.expCmdSN;
      for (long i = 0; i < Math.min(distance, 4096); i++) {
        int sn = c0 + (int) i;
        if (!s.sentCmdSNs.contains(sn)) {
          Long immediateFrame = s.immediateCmdSNs.get(sn);
          if (immediateFrame != null) {
            report(Rule.IMMEDIATE_ADVANCED_EXPCMDSN, Side.TARGET, c.id, e, String.format(
                "ExpCmdSN advanced from %s to %s after the immediate PDU of frame %d carried CmdSN %s; no "
                    + "non-immediate command used CmdSN %s, so the next one will look old to the target",
                Integer.toUnsignedString(c0), Integer.toUnsignedString(exp), immediateFrame,
                Integer.toUnsignedString(sn), Integer.toUnsignedString(sn)));
            break;
          }
        }
      }
      for (Conn sc : s.connections) {
        for (Task t : sc.tasks.values()) {
          if (!t.immediate && t.cmdSN != null && SerialNumber.lessThan(t.cmdSN, exp)) {
            t.cmdSNConsumed = true;
            t.expCmdSNAfter = exp;
          }
        }
      }
      s.sentCmdSNs.removeIf(sn -> SerialNumber.lessThan(sn, exp));
      s.immediateCmdSNs.keySet().removeIf(sn -> SerialNumber.lessThan(sn, exp));
    }
    s.expCmdSN = exp;
    s.maxCmdSN = max;
  }

  private void statSN(Conn c, PduEvent e, TargetPdu tp) {
    boolean statusBearing = tp instanceof ScsiResponse || tp instanceof TaskManagementResponse
        || tp instanceof TextResponse || tp instanceof LogoutResponse
        || (tp instanceof DataIn d && d.statusPresent())
        || (tp instanceof NopIn n && n.initiatorTaskTag() != Pdu.RESERVED_TAG);
    if (tp instanceof AsyncMessage || tp instanceof Reject) {
      c.looseStatSNs++; // they may or may not consume a StatSN; accept either
      return;
    }
    if (!statusBearing) {
      return;
    }
    if (c.lastStatSN != null) {
      long step = SerialNumber.distance(c.lastStatSN, tp.statSN());
      if (step < 1 || step > 1 + c.looseStatSNs) {
        report(Rule.STATSN_NOT_INCREMENTING, Side.TARGET, c.id, e, String.format(
            "%s carries StatSN %s; the previous status carried %s", tp.opcode().name(),
            Integer.toUnsignedString(tp.statSN()), Integer.toUnsignedString(c.lastStatSN)));
      }
    }
    c.lastStatSN = tp.statSN();
    c.looseStatSNs = 0;
  }

  private void unknownTask(Conn c, PduEvent e, Pdu p) {
    if (c.loginSeen && c.fullFeature && !c.abortedItts.contains(p.initiatorTaskTag())) {
      report(Rule.RESPONSE_FOR_UNKNOWN_TASK, Side.TARGET, c.id, e, String.format(
          "%s for ITT 0x%08x, which has no outstanding task", p.opcode().name(), p.initiatorTaskTag()));
    }
  }

  /**
   * An ABORT TASK answered "Task does not exist" for a command the capture shows still open: when
   * its CmdSN was consumed the target accepted it and then lost it; the initiator now considers it
   * ended, so it is reported here rather than as an open task.
   */
  private void lostTask(Conn c, PduEvent e, Task tmfTask) {
    List<Conn> scope = c.session != null ? c.session.connections : List.of(c);
    for (Conn sc : scope) {
      Task t = sc.tasks.get(tmfTask.tmf.referencedTaskTag());
      if (t == null || t.scsi == null || t == tmfTask) {
        continue;
      }
      sc.tasks.remove(t.itt);
      sc.abortedItts.add(t.itt);
      if (t.cmdSNConsumed) {
        report(Rule.TASK_NEVER_ANSWERED, Side.TARGET, sc.id, t.frame, t.ts, String.format(
            "no answer to %s (ITT 0x%08x, frame %d) in %.1f s although CmdSN %s was consumed; the initiator's "
                + "ABORT TASK (frame %d) was answered \"Task does not exist\" (frame %d): the target lost the command",
            t.description(), t.itt, t.frame, (tmfTask.ts - t.ts) / 1e9, Integer.toUnsignedString(t.cmdSN),
            tmfTask.frame, e.frameNumber()));
      }
      return;
    }
  }

  private void abortTasks(Conn c, PduEvent e, Task tmfTask) {
    TaskManagementRequest r = tmfTask.tmf;
    TaskManagementFunction f = r.function();
    List<Conn> scope = c.session != null ? c.session.connections : List.of(c);
    for (Conn sc : scope) {
      Iterator<Task> it = sc.tasks.values().iterator();
      while (it.hasNext()) {
        Task t = it.next();
        if (t == tmfTask || t.scsi == null) {
          continue;
        }
        boolean hit = f.equals(TaskManagementFunction.ABORT_TASK) ? t.itt == r.referencedTaskTag()
            : f.equals(TaskManagementFunction.ABORT_TASK_SET) || f.equals(TaskManagementFunction.CLEAR_TASK_SET)
                || f.equals(TaskManagementFunction.LOGICAL_UNIT_RESET) ? t.lun == r.lun() && t.frame < tmfTask.frame
                : f.equals(TaskManagementFunction.TARGET_WARM_RESET) || f.equals(TaskManagementFunction.TARGET_COLD_RESET);
        if (hit) {
          sc.abortedItts.add(t.itt);
          it.remove();
          if (f.equals(TaskManagementFunction.ABORT_TASK)) {
            report(Rule.TASK_ENDED_BY_ABORT, Side.TARGET, sc.id, t.frame, t.ts, String.format(
                "no answer to %s (ITT 0x%08x, frame %d) in %.1f s; %s; the initiator gave up and aborted it "
                    + "(ABORT TASK frame %d, answered Function complete in frame %d)",
                t.description(), t.itt, t.frame, (tmfTask.ts - t.ts) / 1e9,
                t.cmdSNConsumed ? "CmdSN " + Integer.toUnsignedString(t.cmdSN) + " was consumed"
                    : t.immediate ? "it was immediate" : "its CmdSN was never acknowledged",
                tmfTask.frame, e.frameNumber()));
          }
        }
      }
    }
  }

  private void complete(Conn c, PduEvent e, Task t) {
    c.tasks.remove(t.itt);
    tasksCompleted++;
    if (t.scsiName != null) {
      latency.computeIfAbsent(t.scsiName, k -> new LatencyHistogram()).record(e.timestampNanos() - t.ts);
    }
  }

  private void checkMaxRecv(Conn c, PduEvent e, Rule rule, int length, int max, Task t) {
    if (length > max) {
      report(rule, rule.blames(), c.id, e, String.format("%d-byte data segment for %s, the receiver declared "
          + "MaxRecvDataSegmentLength=%d", length, t.what(), max));
    }
  }

  private void keys(Conn c, PduEvent e, TextSegmentAssembler assembler, byte[] data, boolean continues,
      boolean fromInitiator) {
    try {
      Optional<List<KeyValue>> kvs = assembler.append(data, continues);
      if (kvs.isEmpty()) {
        return;
      }
      for (KeyValue kv : kvs.get()) {
        String v = kv.value();
        if (v.equals("NotUnderstood") || v.equals("Irrelevant") || v.equals("Reject")) {
          continue;
        }
        String key = kv.key();
        if (key.equals("MaxRecvDataSegmentLength")) {
          key = fromInitiator ? "MaxRecvDataSegmentLength (initiator)" : "MaxRecvDataSegmentLength (target)";
        }
        if (key.startsWith("CHAP_")) {
          continue; // secrets and challenges are not parameters
        }
        if (c.session != null) {
          c.session.keys.put(key, v);
        } else {
          c.pendingKeys.put(key, v);
        }
        if (key.equals("HeaderDigest") || key.equals("DataDigest") || key.startsWith("MaxRecvDataSegmentLength")) {
          c.declared.put(key, v);
        }
      }
    } catch (TextFormatException ex) {
      // Malformed text is the sender's problem; the codec's message says what.
      report(Rule.REJECT_RECEIVED, fromInitiator ? Side.INITIATOR : Side.TARGET, c.id, e,
          "malformed key=value text: " + ex.getMessage());
    }
  }

  private void closeOpenTasks(Conn c, long frame, long ts, String ending) {
    for (Task t : c.tasks.values()) {
      openTask(c, t, frame, ts, ending);
    }
    c.tasks.clear();
    for (Map.Entry<Integer, NopPing> ping : c.pings.entrySet()) {
      NopPing p = ping.getValue();
      report(Rule.NOP_IN_UNANSWERED, Side.INITIATOR, c.id, p.frame, p.ts, String.format(
          "NOP-In of frame %d (TTT 0x%08x) asked for a NOP-Out and got none in %.1f s, before %s", p.frame,
          ping.getKey(), (ts - p.ts) / 1e9, ending));
    }
    c.pings.clear();
  }

  private void openTask(Conn c, Task t, long frame, long ts, String ending) {
    long waited = ts - t.ts;
    Side owes;
    String owed;
    if (t.outsideWindow != null && !t.cmdSNConsumed) {
      owes = Side.INITIATOR;
      owed = "a command inside the window: this one was outside " + t.outsideWindow
          + " and the target may drop it (RFC 7143 §4.2.2.1)";
    } else if (t.scsi != null && t.scsi.write() && !t.r2ts.isEmpty()) {
      R2tState r = t.r2ts.values().iterator().next();
      owes = Side.INITIATOR;
      owed = String.format("Data-Out for the R2T of frame %d (offset %d, %d bytes, %d sent)", r.frame, r.offset,
          r.length, r.received);
    } else if (t.scsi != null && t.scsi.write()
        && t.dataOutBytes < Integer.toUnsignedLong(t.scsi.expectedDataTransferLength())) {
      owes = Side.TARGET;
      owed = "an R2T for the remaining " + (Integer.toUnsignedLong(t.scsi.expectedDataTransferLength()) - t.dataOutBytes)
          + " bytes, or a SCSI Response";
    } else if (t.scsi != null) {
      owes = Side.TARGET;
      owed = t.scsi.read() && t.dataInBytes < Integer.toUnsignedLong(t.scsi.expectedDataTransferLength())
          ? "Data-In and a SCSI Response" : "a SCSI Response";
    } else if (t.tmf != null) {
      owes = Side.TARGET;
      owed = "a Task Management Function Response";
    } else if (t.description().startsWith("NOP-Out")) {
      owes = Side.TARGET;
      owed = "a NOP-In";
    } else if (t.description().startsWith("Logout")) {
      owes = Side.TARGET;
      owed = "a Logout Response";
    } else {
      owes = Side.TARGET;
      owed = "a Text Response";
    }
    String sn = t.cmdSN == null ? "-" : Integer.toUnsignedString(t.cmdSN);
    String consumed;
    if (t.immediate) {
      consumed = "it was immediate (CmdSN " + sn + " not consumed by design)";
    } else if (t.cmdSNConsumed) {
      consumed = "CmdSN " + sn + " was consumed (ExpCmdSN advanced to " + Integer.toUnsignedString(t.expCmdSNAfter)
          + ")";
    } else if (t.windowWhenSent != null) {
      consumed = "CmdSN " + sn + " was inside the command window " + t.windowWhenSent
          + " when sent, so the target had to execute it";
    } else if (t.outsideWindow != null) {
      consumed = "CmdSN " + sn + " was outside the command window " + t.outsideWindow + " when sent";
    } else {
      consumed = "CmdSN " + sn + " was never acknowledged (ExpCmdSN did not pass it)";
    }
    String diagnosis = String.format("no answer to %s (ITT 0x%08x, frame %d) after %.1f s; %s; the %s owes %s; %s",
        t.description(), t.itt, t.frame, waited / 1e9, consumed, owes, owed, ending);
    openTasks.add(new AnalysisReport.OpenTask(c.id, t.itt, t.description(), t.frame, t.ts, waited, sn,
        t.cmdSNConsumed, owes, owed, diagnosis, c.lastPdus()));
    if (owes == Side.TARGET && (t.cmdSNConsumed || t.immediate || t.windowWhenSent != null)) {
      report(Rule.TASK_NEVER_ANSWERED, Side.TARGET, c.id, t.frame, t.ts, diagnosis);
    }
  }

  private void report(Rule rule, Side blames, ConnectionId id, PduEvent e, String message) {
    report(rule, blames, id, e.frameNumber(), e.timestampNanos(), message);
  }

  private void report(Rule rule, Side blames, ConnectionId id, long frame, long ts, String message) {
    long n = findingCounts.merge(rule, 1L, Long::sum);
    if (n <= FINDINGS_KEPT_PER_RULE) {
      findings.add(new Finding(rule, blames, id, frame, ts, message));
    }
  }

  // ---------------------------------------------------------------- state

  private static final class Session {
    final long isid;
    final int tsih;
    final Map<String, String> keys = new LinkedHashMap<>();
    final List<Conn> connections = new ArrayList<>();
    final Set<Integer> sentCmdSNs = new HashSet<>();
    final Map<Integer, Long> immediateCmdSNs = new HashMap<>();
    Integer expCmdSN;
    int maxCmdSN;

    Session(long isid, int tsih) {
      this.isid = isid;
      this.tsih = tsih;
    }

    boolean isDiscovery() {
      return "Discovery".equals(keys.get("SessionType"));
    }

    String type() {
      return isDiscovery() ? "Discovery" : "Normal";
    }

    boolean bool(String key, boolean dflt) {
      String v = keys.get(key);
      return v == null ? dflt : v.equalsIgnoreCase("Yes");
    }

    int number(String key, int dflt) {
      String v = keys.get(key);
      if (v == null) {
        return dflt;
      }
      try {
        return v.startsWith("0x") || v.startsWith("0X") ? Integer.parseUnsignedInt(v.substring(2), 16)
            : Integer.parseUnsignedInt(v);
      } catch (NumberFormatException ex) {
        return dflt;
      }
    }
  }

  private static final class Conn {
    final ConnectionId id;
    final long firstFrame;
    long lastFrame;
    long lastTs;
    long pdus;
    long gaps;
    Session session;
    boolean loginSeen;
    boolean fullFeature;
    boolean targetNameGiven;
    boolean firstLoginResponseChecked;
    long firstLoginRequestFrame;
    long isid;
    int tsih;
    int cid;
    int loginCmdSN;
    Integer lastStatSN;
    int looseStatSNs;
    String ended;
    final Map<String, String> pendingKeys = new LinkedHashMap<>();
    final Map<String, String> declared = new TreeMap<>();
    final TextSegmentAssembler loginFromInitiator = new TextSegmentAssembler();
    final TextSegmentAssembler loginFromTarget = new TextSegmentAssembler();
    final TextSegmentAssembler textFromInitiator = new TextSegmentAssembler();
    final TextSegmentAssembler textFromTarget = new TextSegmentAssembler();
    final Map<Integer, Task> tasks = new LinkedHashMap<>();
    final Map<Integer, NopPing> pings = new LinkedHashMap<>();
    final Set<Integer> abortedItts = new HashSet<>();
    private final ArrayDeque<Seen> last = new ArrayDeque<>(LAST_PDUS);

    Conn(ConnectionId id, long firstFrame) {
      this.id = id;
      this.firstFrame = firstFrame;
    }

    String sessionKey() {
      return id.initiatorAddress() + "|" + id.targetAddress() + "|" + id.targetPort() + "|" + isid + "|" + tsih;
    }

    boolean paramsKnown() {
      return session != null && loginSeen;
    }

    int initiatorMaxRecv() {
      return maxRecv("MaxRecvDataSegmentLength (initiator)");
    }

    int targetMaxRecv() {
      return maxRecv("MaxRecvDataSegmentLength (target)");
    }

    private int maxRecv(String key) {
      String v = declared.get(key);
      try {
        return v == null ? 8192 : Integer.parseInt(v);
      } catch (NumberFormatException ex) {
        return Integer.MAX_VALUE;
      }
    }

    Task newTask(PduEvent e, int itt, int cmdSN, boolean immediate, String description, String scsiName) {
      Task t = new Task(itt, e.frameNumber(), e.timestampNanos(), cmdSN, immediate, description, scsiName);
      tasks.put(itt, t);
      return t;
    }

    void remember(PduEvent e) {
      if (last.size() == LAST_PDUS) {
        last.removeFirst();
      }
      last.addLast(new Seen(e.frameNumber(), e.direction(), e.pdu().opcode().code(), e.pdu().initiatorTaskTag()));
    }

    List<String> lastPdus() {
      List<String> out = new ArrayList<>(last.size());
      for (Seen x : last) {
        out.add(String.format(Locale.ROOT, "frame %d %s %s ITT 0x%08x", x.frame(),
            x.direction() == Direction.INITIATOR_TO_TARGET ? "→" : "←", Opcode.of(x.opcode()).name(), x.itt()));
      }
      return out;
    }

    AnalysisReport.ConnectionSummary summary() {
      return new AnalysisReport.ConnectionSummary(id, cid, loginSeen, firstFrame, lastFrame, pdus,
          Collections.unmodifiableSortedMap(new TreeMap<>(declared)),
          ended);
    }
  }

  private static final class Task {
    final int itt;
    final long frame;
    final long ts;
    final Integer cmdSN;
    final boolean immediate;
    private String description;
    final String scsiName;
    ScsiCommand scsi;
    TaskManagementRequest tmf;
    long lun;
    boolean cmdSNConsumed;
    int expCmdSNAfter;
    String windowWhenSent;
    String outsideWindow;
    int nextDataSN;
    long nextOffset;
    long dataInBytes;
    long sequenceBytes;
    long dataOutBytes;
    long unsolicitedBytes;
    boolean firstBurstReported;
    int r2tCount;
    final Map<Integer, R2tState> r2ts = new LinkedHashMap<>();
    private String what;

    Task(int itt, long frame, long ts, int cmdSN, boolean immediate, String description, String scsiName) {
      this.itt = itt;
      this.frame = frame;
      this.ts = ts;
      this.cmdSN = cmdSN;
      this.immediate = immediate;
      this.description = description;
      this.scsiName = scsiName;
    }

    /** What the task is, described when first asked: most tasks finish without anyone asking. */
    String description() {
      if (description == null) {
        description = scsi != null ? Cdb.describe(scsi.cdb()) : "task";
      }
      return description;
    }

    /** The description with the ITT, made once: the checks of every data PDU name their task. */
    String what() {
      if (what == null) {
        String hex = Integer.toHexString(itt);
        what = description() + " (ITT 0x" + "00000000".substring(hex.length()) + hex + ")";
      }
      return what;
    }
  }

  private static final class R2tState {
    final long frame;
    final int offset;
    final int length;
    long received;

    R2tState(long frame, int offset, int length) {
      this.frame = frame;
      this.offset = offset;
      this.length = length;
    }
  }

  private record NopPing(long frame, long ts, long lun) {}

  /** A PDU remembered for a hang diagnosis; formatted only when a diagnosis needs it. */
  private record Seen(long frame, Direction direction, int opcode, int itt) {}
}
