package org.iscsilab.protocol.negotiation;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Negotiated session-wide operational parameters (RFC 7143 §13). Values not negotiated carry the
 * RFC default.
 *
 * @param sessionType          Discovery or Normal
 * @param initiatorName        InitiatorName declared by the initiator
 * @param targetName           TargetName (Normal sessions)
 * @param initiatorAlias       InitiatorAlias, if declared
 * @param targetAlias          TargetAlias, if declared
 * @param targetPortalGroupTag TargetPortalGroupTag, if declared
 * @param maxConnections       §13.2
 * @param initialR2T           §13.10
 * @param immediateData        §13.11
 * @param maxBurstLength       §13.13
 * @param firstBurstLength     §13.14; meaningless (irrelevant) when InitialR2T=Yes and ImmediateData=No
 * @param defaultTime2Wait     §13.15
 * @param defaultTime2Retain   §13.16
 * @param maxOutstandingR2T    §13.17
 * @param dataPDUInOrder       §13.18
 * @param dataSequenceInOrder  §13.19
 * @param errorRecoveryLevel   §13.20
 * @param taskReporting        §13.23: RFC3720, ResponseFence or FastAbort
 * @param iscsiProtocolLevel   §13.24 / RFC 7144
 */
public record SessionParameters(SessionType sessionType, Optional<String> initiatorName,
                                Optional<String> targetName, Optional<String> initiatorAlias,
                                Optional<String> targetAlias, OptionalInt targetPortalGroupTag,
                                int maxConnections, boolean initialR2T, boolean immediateData,
                                int maxBurstLength, int firstBurstLength, int defaultTime2Wait,
                                int defaultTime2Retain, int maxOutstandingR2T, boolean dataPDUInOrder,
                                boolean dataSequenceInOrder, int errorRecoveryLevel, String taskReporting,
                                int iscsiProtocolLevel) {

    /** Whether FirstBurstLength applies: not when InitialR2T=Yes and ImmediateData=No (§13.14). */
    public boolean firstBurstLengthRelevant() {
        return !(initialR2T && !immediateData);
    }

    /**
     * Most unsolicited data (immediate data plus unsolicited Data-Out) an initiator may send for
     * one command: FirstBurstLength, or 0 when InitialR2T=Yes and ImmediateData=No (RFC 7143
     * §13.14; C15, C6).
     */
    public int unsolicitedDataLimit() {
        return firstBurstLengthRelevant() ? firstBurstLength : 0;
    }

    /** Whether unsolicited Data-Out PDUs may follow a write command (InitialR2T=No, §13.10). */
    public boolean unsolicitedDataOutAllowed() {
        return !initialR2T;
    }
}
