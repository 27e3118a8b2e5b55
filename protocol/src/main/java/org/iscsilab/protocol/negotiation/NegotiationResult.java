package org.iscsilab.protocol.negotiation;

import java.util.Map;

/**
 * Outcome of a negotiation, as immutable values.
 *
 * @param session     session-wide parameters
 * @param connection  per-connection parameters
 * @param values      every key's outcome as a string (negotiated keys, declarations of both sides)
 */
public record NegotiationResult(SessionParameters session, ConnectionParameters connection,
                                Map<String, String> values) {

    /** Copies the map. */
    public NegotiationResult {
        values = Map.copyOf(values);
    }
}
