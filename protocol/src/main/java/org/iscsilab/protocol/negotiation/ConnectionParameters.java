package org.iscsilab.protocol.negotiation;

/**
 * Negotiated per-connection parameters. MaxRecvDataSegmentLength is declarative and per direction
 * (RFC 7143 §13.12): the limit on what a side may send is what the receiving side declared.
 *
 * @param headerDigest                        §13.1
 * @param dataDigest                          §13.1
 * @param initiatorMaxRecvDataSegmentLength   what the initiator declared it can receive
 * @param targetMaxRecvDataSegmentLength      what the target declared it can receive
 * @param authMethod                          the negotiated AuthMethod (§12.1)
 */
public record ConnectionParameters(Digest headerDigest, Digest dataDigest,
                                   int initiatorMaxRecvDataSegmentLength, int targetMaxRecvDataSegmentLength,
                                   String authMethod) {

    /** What {@code receiver} declared it can receive in one data segment. */
    public int maxRecvDataSegmentLength(Role receiver) {
        return receiver == Role.INITIATOR ? initiatorMaxRecvDataSegmentLength : targetMaxRecvDataSegmentLength;
    }

    /** The largest data segment {@code sender} may send: the peer's declaration. */
    public int maxSendDataSegmentLength(Role sender) {
        return maxRecvDataSegmentLength(sender.peer());
    }
}
