package org.iscsilab.conformance;

import java.util.Optional;

/**
 * A source of the PDU exchange of a test, attached as text to the report of a failing test.
 * {@link PduLog} is the suite's own; the reference initiator's PDU history plugs in here
 * (seam: wrap {@code PduHistory} from the codec branch in this interface and
 * {@link ConformanceContext#attach attach} it).
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
}
