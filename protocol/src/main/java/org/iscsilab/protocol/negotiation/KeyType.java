package org.iscsilab.protocol.negotiation;

/** How a key's outcome is computed (RFC 7143 §6.2). */
public enum KeyType {
    /** List negotiation: the responder picks the first offered value it supports (§6.2.1). */
    LIST,
    /** Numerical negotiation, result = minimum of offered and responding value (§6.2.2). */
    NUMERICAL_MIN,
    /** Numerical negotiation, result = maximum (§6.2.2). */
    NUMERICAL_MAX,
    /** Boolean negotiation, result = AND (§6.2.2). */
    BOOLEAN_AND,
    /** Boolean negotiation, result = OR (§6.2.2). */
    BOOLEAN_OR,
    /** Declarative: no answer expected (§6.2). */
    DECLARATIVE,
    /** CHAP/SRP exchange keys, handled by the authentication state machine (§12). */
    AUTHENTICATION,
    /** Keys RFC 7143 §13.25 removed (markers): answered Reject, never NotUnderstood. */
    OBSOLETE
}
