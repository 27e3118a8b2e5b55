package org.iscsilab.protocol.auth;

/** Progress of one side's CHAP exchange. */
public enum ChapState {
    /** Target: waiting for CHAP_A. Initiator: about to send CHAP_A. */
    START,
    /** Target: sent CHAP_A/CHAP_I/CHAP_C, waiting for CHAP_N/CHAP_R. Initiator: sent CHAP_A. */
    CHALLENGED,
    /** Initiator: sent its response and its own challenge (mutual), waiting for the target's. */
    AWAITING_TARGET_RESPONSE,
    /** Authentication done (both directions when mutual). */
    SUCCEEDED,
    /** A step failed; the connection must close. */
    FAILED
}
