package org.iscsilab.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** All sessions of the target: TSIH allocation (RFC 7143 §11.12.6) and lookup by ISID. */
final class SessionRegistry {
  private final Map<Integer, Session> byTsih = new ConcurrentHashMap<>();
  private int nextTsih = 1;

  /** A fresh TSIH, never 0, not in use; -1 when all are taken. */
  synchronized int allocateTsih() {
    for (int i = 0; i < 65535; i++) {
      int t = nextTsih;
      nextTsih = nextTsih == 65535 ? 1 : nextTsih + 1;
      if (!byTsih.containsKey(t)) {
        return t;
      }
    }
    return -1;
  }

  void add(Session s) {
    byTsih.put(s.tsih, s);
  }

  /** The session ended (every way a session ends comes here once): its I_T nexus is gone. */
  void remove(Session s) {
    if (byTsih.remove(s.tsih, s)) {
      if (s.target != null) {
        s.target.luns.values().forEach(lu -> lu.nexusLost(s.nexus));
      }
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Waits until no session is left or {@code nanos} have passed; true when none is left. */
  synchronized boolean awaitEmpty(long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    while (!byTsih.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  Optional<Session> byTsih(int tsih) {
    return Optional.ofNullable(byTsih.get(tsih));
  }

  /** The session of the same initiator port and target, for session reinstatement (§6.3.5). */
  Optional<Session> find(String initiatorName, long isid, String targetName) {
    for (Session s : byTsih.values()) {
      String t = s.target == null ? "" : s.target.name();
      if (s.isid == isid && s.initiatorName.equals(initiatorName) && t.equals(targetName)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  int size() {
    return byTsih.size();
  }

  List<Session> all() {
    return new ArrayList<>(byTsih.values());
  }
}
