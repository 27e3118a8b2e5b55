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

    /**
     * Whether a data segment of {@code dataSegmentLength} bytes (the DataSegmentLength field,
     * padding not counted, C15) from {@code sender} is within the receiver's declaration.
     */
    public boolean fitsDataSegment(Role sender, int dataSegmentLength) {
        return dataSegmentLength >= 0 && dataSegmentLength <= maxSendDataSegmentLength(sender);
    }

    /**
     * Largest immediate data in one SCSI Command PDU: bounded by the target's
     * MaxRecvDataSegmentLength and by the session's unsolicited-data limit (RFC 7143 §13.11, §13.14).
     */
    public int maxImmediateData(SessionParameters session) {
        return session.immediateData() ? Math.min(targetMaxRecvDataSegmentLength, session.unsolicitedDataLimit()) : 0;
    }
}
