package org.iscsilab.initiator;

import java.time.Instant;
import org.iscsilab.protocol.pdu.Pdu;

/**
 * One PDU seen on a connection, with when and in which direction. {@code pdu} is the decoded
 * value (inbound) or the value handed to the encoder (outbound).
 *
 * @param time      wall-clock time the PDU was seen
 * @param nanoTime  {@link System#nanoTime()} at that moment, for intervals
 * @param direction IN (target to initiator) or OUT
 * @param pdu       the PDU
 */
public record PduRecord(Instant time, long nanoTime, Direction direction, Pdu pdu) {

  /** Which way the PDU went. */
  public enum Direction {
    /** Target to initiator. */
    IN,
    /** Initiator to target. */
    OUT
  }

  /** One line: time, arrow, opcode and the fields that matter for a diagnosis. */
  public String describe() {
    return time + " " + (direction == Direction.IN ? "<- " : "-> ") + PduSummary.of(pdu);
  }

  @Override
  public String toString() {
    return describe();
  }
}
