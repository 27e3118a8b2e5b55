package org.iscsilab.initiator;

import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;

/**
 * A seam where the initiator can be told to misbehave the way real initiators did
 * (docs/interop-failures.md). Every hook defaults to correct behaviour; a quirk overrides the steps
 * it perturbs. Hooks run on the connection's event loop.
 */
public interface InitiatorQuirk {

  /** The quirk's name as given to {@code --quirk}. */
  String name();

  /** What real failure it reproduces, with its catalog id. */
  String description();

  /** Whether to answer a NOP-In that asks for an answer (valid TTT). */
  default boolean answerNopIn(NopIn nopIn) {
    return true;
  }

  /** The NOP-Out answering {@code nopIn}; the correct one is given. */
  default NopOut nopOutAnswer(NopIn nopIn, NopOut correct) {
    return correct;
  }

  /**
   * How many bytes of a write to send unsolicited (immediate data plus unsolicited Data-Out); the
   * correct limit, min(FirstBurstLength, EDTL), is given.
   */
  default int unsolicitedLimit(int correctLimit, int firstBurstLength, int expectedDataTransferLength) {
    return correctLimit;
  }

  /** Last chance to change (or, returning null, drop) any PDU before it is written. */
  default Pdu beforeSend(Pdu pdu) {
    return pdu;
  }
}
