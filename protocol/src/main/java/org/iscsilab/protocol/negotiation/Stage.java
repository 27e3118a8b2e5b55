package org.iscsilab.protocol.negotiation;

/** Where a negotiation happens: the login stages of RFC 7143 §6.3 and full feature phase. */
public enum Stage {
    /** Login security negotiation stage (CSG/NSG 0). */
    SECURITY_NEGOTIATION(0),
    /** Login operational negotiation stage (CSG/NSG 1). */
    OPERATIONAL_NEGOTIATION(1),
    /** Full feature phase: Text request/response negotiation (CSG/NSG 3). */
    FULL_FEATURE_PHASE(3);

    private final int code;

    Stage(int code) {
        this.code = code;
    }

    /** The CSG/NSG code of the Login PDU (RFC 7143 §11.12.3). */
    public int code() {
        return code;
    }

    /** Whether this is one of the login stages. */
    public boolean isLogin() {
        return this != FULL_FEATURE_PHASE;
    }
}
