package org.iscsilab.conformance;

import java.util.List;
import java.util.Optional;
import org.iscsilab.protocol.codec.PduHistory;
import org.iscsilab.protocol.codec.PduTap;

/**
 * A source of the PDU exchange of a test, attached as text to the report of a failing test.
 * {@link PduLog} is the suite's own (raw connections), {@code SessionHistory} wraps a reference
 * initiator session, and {@link #of(String, PduHistory)} wraps the codec's {@link PduHistory}
 * (any {@link PduTap} — e.g. one on the embedded target's pipeline).
 */
public interface PduExchange {

  /** What this is, e.g. "connection 1 to 127.0.0.1:3260". */
  String title();

  /** The exchange, one PDU per line, oldest first. */
  String render();

  /** The last thing that happened, for the diagnosis of a test that ran out of time. */
  default Optional<String> lastEvent() {
    return Optional.empty();
  }

  /** The PDUs a {@link PduTap} recorded into {@code history}, rendered when the report is written. */
  static PduExchange of(String title, PduHistory history) {
    return new PduExchange() {
      @Override
      public String title() {
        return title;
      }

      @Override
      public String render() {
        return title + " (-> out, <- in; times relative to the last PDU)\n" + history.describe();
      }

      @Override
      public Optional<String> lastEvent() {
        List<PduHistory.Entry> e = history.entries();
        if (e.isEmpty()) {
          return Optional.empty();
        }
        PduHistory.Entry last = e.get(e.size() - 1);
        return Optional.of((last.direction() == PduTap.Direction.INBOUND ? "<- " : "-> ") + PduHistory.summary(last.pdu()));
      }
    };
  }
}
