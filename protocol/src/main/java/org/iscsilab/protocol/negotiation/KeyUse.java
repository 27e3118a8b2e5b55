package org.iscsilab.protocol.negotiation;

/** The "Use" column of RFC 7143 §13: where a key may appear. */
public enum KeyUse {
    /** Leading only: login of the leading connection. */
    LO,
    /** Initialize only: login phase only. */
    IO,
    /** Login and full feature phase. */
    ALL,
    /** Full feature phase only. */
    FFPO,
    /** Security negotiation stage only (AuthMethod and the authentication keys, §12). */
    SECURITY
}
