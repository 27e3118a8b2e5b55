package org.iscsilab.protocol.negotiation;

/** The side of an iSCSI connection. */
public enum Role {
    /** The iSCSI initiator. */
    INITIATOR,
    /** The iSCSI target. */
    TARGET;

    /** The other side. */
    public Role peer() {
        return this == INITIATOR ? TARGET : INITIATOR;
    }
}
