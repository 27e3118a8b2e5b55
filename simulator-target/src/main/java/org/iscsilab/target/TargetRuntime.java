package org.iscsilab.target;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.NegotiationProfile;
import org.iscsilab.target.quirk.Quirk;

/** What every connection handler of one running target shares. */
final class TargetRuntime {
  final Map<String, TargetNode> targets;
  final SessionRegistry sessions = new SessionRegistry();
  final SessionLimits limits;
  /** PDUs whose ExpStatSN acknowledged a status not yet sent (RFC 7143 §4.2.2.2). */
  final java.util.concurrent.atomic.AtomicLong expStatSNAhead = new java.util.concurrent.atomic.AtomicLong();
  /** Statuses forgotten because the initiator never acknowledged them. */
  final java.util.concurrent.atomic.AtomicLong statusNeverAcknowledged = new java.util.concurrent.atomic.AtomicLong();
  final java.util.concurrent.atomic.AtomicInteger headerDigestLogins = new java.util.concurrent.atomic.AtomicInteger();
  final java.util.concurrent.atomic.AtomicInteger dataDigestLogins = new java.util.concurrent.atomic.AtomicInteger();
  final Quirk quirk;
  final Optional<ChapCredentials> discoveryChap;
  final Optional<ChapCredentials> discoveryMutualChap;
  private final Map<Integer, List<InetSocketAddress>> portals = new ConcurrentHashMap<>();
  /** Where commands on blocking backends (files) run, off the event loops. */
  final java.util.concurrent.ExecutorService io = java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "iscsi-lab-io");
    t.setDaemon(true);
    return t;
  });

  TargetRuntime(Map<String, TargetNode> targets, SessionLimits limits, Quirk quirk,
      Optional<ChapCredentials> discoveryChap, Optional<ChapCredentials> discoveryMutualChap) {
    this.targets = targets;
    this.limits = limits;
    this.quirk = quirk;
    this.discoveryChap = discoveryChap;
    this.discoveryMutualChap = discoveryMutualChap;
  }

  void addPortal(int tag, InetSocketAddress bound) {
    portals.computeIfAbsent(tag, t -> new CopyOnWriteArrayList<>()).add(bound);
  }

  List<InetSocketAddress> portals(int tag) {
    return portals.getOrDefault(tag, List.of());
  }

  /** The target's side of the negotiation for a login through portal group {@code tag}. */
  NegotiationProfile profile(int tag) {
    SessionLimits l = limits;
    return NegotiationProfile.target()
        .with(IscsiKeys.TARGET_PORTAL_GROUP_TAG, Integer.toString(tag))
        .with(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH, Integer.toString(l.maxRecvDataSegmentLength()))
        .with(IscsiKeys.MAX_BURST_LENGTH, Integer.toString(l.maxBurstLength()))
        .with(IscsiKeys.FIRST_BURST_LENGTH, Integer.toString(l.firstBurstLength()))
        .with(IscsiKeys.INITIAL_R2T, l.initialR2T() ? "Yes" : "No")
        .with(IscsiKeys.IMMEDIATE_DATA, l.immediateData() ? "Yes" : "No")
        .with(IscsiKeys.MAX_OUTSTANDING_R2T, Integer.toString(l.maxOutstandingR2T()))
        .with(IscsiKeys.MAX_CONNECTIONS, Integer.toString(l.maxConnections()))
        .with(IscsiKeys.DATA_PDU_IN_ORDER, l.dataPduInOrder() ? "Yes" : "No")
        .with(IscsiKeys.DATA_SEQUENCE_IN_ORDER, l.dataSequenceInOrder() ? "Yes" : "No")
        .with(IscsiKeys.ERROR_RECOVERY_LEVEL, "0")
        .with(IscsiKeys.DEFAULT_TIME2WAIT, "0")
        .with(IscsiKeys.DEFAULT_TIME2RETAIN, "0");
  }

  void closeSession(Session s) {
    s.markClosed();
    sessions.remove(s);
    for (FullFeatureHandler h : new ArrayList<>(s.connections.values())) {
      h.close();
    }
  }

  void closeAllSessionsOf(TargetNode target) {
    for (Session s : sessions.all()) {
      if (s.target == target) {
        closeSession(s);
      }
    }
  }
}
