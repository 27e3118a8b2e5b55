package org.iscsilab.target;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.iscsilab.protocol.negotiation.SessionParameters;
import org.iscsilab.protocol.negotiation.SessionType;
import org.iscsilab.protocol.pdu.InitiatorPdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.target.quirk.Quirk;
import org.iscsilab.target.quirk.QuirkContext;
import org.iscsilab.target.scsi.Nexus;

/**
 * One iSCSI session (RFC 7143 §4.1): its identity (ISID, TSIH), negotiated parameters, the
 * session-wide command window (§4.2.2.1) and its connections. The command window is shared by
 * connections on different event loops and guarded by this object.
 */
final class Session {

  final int tsih;
  final long isid;
  final String initiatorName;
  final TargetNode target; // null for discovery
  final SessionType type;
  final SessionParameters params;
  final SessionLimits limits;
  final Quirk quirk;
  final Nexus nexus;
  final Map<Integer, FullFeatureHandler> connections = new ConcurrentHashMap<>();

  // Guarded by this.
  private int expCmdSN;
  private final Map<Integer, Held> held = new HashMap<>();
  private boolean closed;
  private volatile long window;

  /**
   * A PDU ready for delivery on its connection; {@code aborted} for a SCSI command that arrived
   * after a task-set-wide function with a higher CmdSN and so belongs to the aborted task set.
   */
  record Held(FullFeatureHandler connection, InitiatorPdu pdu, boolean aborted) {
    Held(FullFeatureHandler connection, InitiatorPdu pdu) {
      this(connection, pdu, false);
    }
  }

  /**
   * An immediate task-set-wide function waiting for the commands with lower CmdSN, on whichever
   * connection they come (RFC 7143 §4.2.3.3 b): they are aborted on arrival, and the function
   * is released to its connection once ExpCmdSN has passed it.
   */
  private TaskManagementRequest pendingTmf;
  private FullFeatureHandler pendingTmfOwner;

  Session(int tsih, long isid, String initiatorName, TargetNode target, SessionType type, SessionParameters params,
      SessionLimits limits, Quirk quirk, int firstCmdSN, int portalGroupTag) {
    this.tsih = tsih;
    this.isid = isid;
    this.initiatorName = initiatorName;
    this.target = target;
    this.type = type;
    this.params = params;
    this.limits = limits;
    this.quirk = quirk;
    this.expCmdSN = firstCmdSN;
    publish();
    this.nexus = new Nexus(initiatorName, isid, portalGroupTag);
  }

  synchronized int expCmdSN() {
    return expCmdSN;
  }

  synchronized int maxCmdSN() {
    return expCmdSN + limits.queueDepth() - 1;
  }

  /** Both window edges at once, for building a response: read without the lock on every PDU. */
  long window() {
    return window;
  }

  /** Publishes the window after ExpCmdSN changed (called with the lock held). */
  private void publish() {
    window = ((long) expCmdSN << 32) | ((expCmdSN + limits.queueDepth() - 1) & 0xffffffffL);
  }

  boolean discovery() {
    return type == SessionType.DISCOVERY;
  }

  /**
   * Admits a command-carrying PDU through the window (RFC 7143 §4.2.2.1). Returns, in CmdSN order,
   * the PDUs that may be delivered now: an immediate one at once; a non-immediate one when its
   * CmdSN is ExpCmdSN, followed by any it unblocks. A non-immediate CmdSN outside
   * [ExpCmdSN, MaxCmdSN] is silently ignored.
   */
  synchronized List<Held> admit(FullFeatureHandler from, QuirkContext ctx, InitiatorPdu pdu, int cmdSN) {
    if (closed) {
      return List.of();
    }
    if (pdu.immediate()) {
      List<Held> out = new ArrayList<>(1);
      out.add(new Held(from, pdu));
      if (quirk.advancesExpCmdSN(ctx, pdu, false) && cmdSN == expCmdSN) {
        expCmdSN++;
        drainInto(out);
        publish();
      }
      return settle(out);
    }
    int distance = cmdSN - expCmdSN;
    if (distance < 0 || distance >= limits.queueDepth()) {
      return null;
    }
    if (distance > 0) {
      held.putIfAbsent(cmdSN, new Held(from, pdu));
      return List.of();
    }
    List<Held> out = new ArrayList<>(1);
    out.add(new Held(from, pdu));
    if (quirk.advancesExpCmdSN(ctx, pdu, true)) {
      expCmdSN++;
    }
    drainInto(out);
    publish();
    return settle(out);
  }

  /**
   * Holds an immediate task-set-wide function whose CmdSN is ahead of ExpCmdSN (commands before it
   * are still missing). False when nothing is missing or another one is already held.
   */
  synchronized boolean holdTaskManagement(FullFeatureHandler owner, TaskManagementRequest t) {
    if (closed || pendingTmf != null || t.cmdSN() - expCmdSN <= 0) {
      return false;
    }
    pendingTmf = t;
    pendingTmfOwner = owner;
    return true;
  }

  /** The owner's connection ended: its held function goes with it. */
  synchronized void dropTaskManagement(FullFeatureHandler owner) {
    if (pendingTmfOwner == owner) {
      pendingTmf = null;
      pendingTmfOwner = null;
    }
  }

  private List<Held> settle(List<Held> out) {
    TaskManagementRequest t = pendingTmf;
    if (t == null) {
      return out;
    }
    boolean targetWide = t.function().equals(TaskManagementFunction.TARGET_WARM_RESET)
        || t.function().equals(TaskManagementFunction.TARGET_COLD_RESET);
    for (int k = 0; k < out.size(); k++) {
      Held h = out.get(k);
      if (h.pdu() instanceof ScsiCommand c && !c.immediate() && c.cmdSN() - t.cmdSN() < 0
          && (targetWide || c.lun() == t.lun())) {
        out.set(k, new Held(h.connection(), c, true));
      }
    }
    if (expCmdSN - t.cmdSN() >= 0) {
      out.add(new Held(pendingTmfOwner, t));
      pendingTmf = null;
      pendingTmfOwner = null;
    }
    return out;
  }

  private void drainInto(List<Held> out) {
    while (!held.isEmpty()) {
      Held h = held.remove(expCmdSN);
      if (h == null) {
        return;
      }
      out.add(h);
      expCmdSN++;
    }
  }

  /**
   * RFC 7143 §11.5.1: an ABORT TASK for a command never received, with RefCmdSN in the window,
   * makes the target consider that CmdSN received.
   */
  synchronized List<Held> considerReceived(int refCmdSN) {
    List<Held> out = new ArrayList<>();
    if (refCmdSN == expCmdSN) {
      expCmdSN++;
      drainInto(out);
      publish();
    } else {
      held.remove(refCmdSN);
    }
    return settle(out);
  }

  /** Whether {@code cmdSN} lies in the valid command window [ExpCmdSN, MaxCmdSN] (RFC 7143 §4.2.2.1). */
  synchronized boolean inCommandWindow(int cmdSN) {
    return cmdSN - expCmdSN >= 0 && maxCmdSN() - cmdSN >= 0;
  }

  synchronized boolean withinWindow(int cmdSN) {
    int distance = cmdSN - expCmdSN;
    return distance >= -limits.queueDepth() && distance < limits.queueDepth();
  }

  synchronized void markClosed() {
    closed = true;
    held.clear();
    pendingTmf = null;
    pendingTmfOwner = null;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return String.format("session TSIH %d ISID 0x%012x %s -> %s", tsih, isid, initiatorName,
        target == null ? "discovery" : target.name());
  }
}
