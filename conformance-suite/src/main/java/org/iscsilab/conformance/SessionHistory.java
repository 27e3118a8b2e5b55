package org.iscsilab.conformance;

import java.util.List;
import java.util.Optional;
import org.iscsilab.initiator.IscsiConnection;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.PduRecord;

/** The PDU history of a reference-initiator session as a {@link PduExchange}, read when rendered. */
final class SessionHistory implements PduExchange {

  private final IscsiSession session;
  private final String title;

  SessionHistory(IscsiSession session, String title) {
    this.session = session;
    this.title = title;
  }

  @Override
  public String title() {
    return title;
  }

  @Override
  public String render() {
    StringBuilder sb = new StringBuilder(title).append(" (-> sent by the initiator, <- sent by the target)\n");
    for (IscsiConnection c : session.connections()) {
      sb.append("connection ").append(c).append('\n');
      for (PduRecord r : c.history()) {
        sb.append("  ").append(r.describe()).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public Optional<String> lastEvent() {
    List<IscsiConnection> conns = session.connections();
    for (int i = conns.size() - 1; i >= 0; i--) {
      List<PduRecord> h = conns.get(i).history();
      if (!h.isEmpty()) {
        return Optional.of(h.get(h.size() - 1).describe());
      }
    }
    return Optional.empty();
  }
}
