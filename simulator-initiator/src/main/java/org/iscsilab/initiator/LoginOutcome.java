package org.iscsilab.initiator;

import java.util.List;
import org.iscsilab.protocol.negotiation.NegotiationResult;
import org.iscsilab.protocol.text.KeyValue;

/**
 * A login that reached full feature phase.
 *
 * @param result     the negotiated parameters
 * @param isid       the ISID used
 * @param tsih       the TSIH the target assigned
 * @param cid        the connection ID
 * @param statSN     StatSN of the final Login Response
 * @param expCmdSN   ExpCmdSN of the final Login Response
 * @param maxCmdSN   MaxCmdSN of the final Login Response
 * @param cmdSN      the CmdSN the first command must carry
 * @param targetKeys every key the target sent, in order
 * @param targetViolations rules the target broke that the login tolerated
 */
public record LoginOutcome(NegotiationResult result, long isid, int tsih, int cid, int statSN, int expCmdSN,
    int maxCmdSN, int cmdSN, List<KeyValue> targetKeys, List<String> targetViolations) {
  public LoginOutcome {
    targetKeys = List.copyOf(targetKeys);
    targetViolations = List.copyOf(targetViolations);
  }
}
