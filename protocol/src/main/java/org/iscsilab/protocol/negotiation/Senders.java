package org.iscsilab.protocol.negotiation;

/** The "Senders" column of RFC 7143 §13. */
public enum Senders {
    /** Only the initiator may send the key. */
    INITIATOR,
    /** Only the target may send the key. */
    TARGET,
    /** Both sides. */
    BOTH;

    /** Whether {@code role} may send the key. */
    public boolean allows(Role role) {
        return this == BOTH || (this == INITIATOR) == (role == Role.INITIATOR);
    }
}
