package org.iscsilab.protocol.negotiation;

import java.util.Optional;

/** Values of the SessionType key (RFC 7143 §13.21). */
public enum SessionType {
    /** SessionType=Discovery: only SendTargets text requests. */
    DISCOVERY("Discovery"),
    /** SessionType=Normal, the default. */
    NORMAL("Normal");

    private final String wire;

    SessionType(String wire) {
        this.wire = wire;
    }

    /** The key value on the wire. */
    public String wire() {
        return wire;
    }

    /** Parses the case-sensitive wire value. */
    public static Optional<SessionType> fromWire(String value) {
        for (SessionType t : values()) {
            if (t.wire.equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
