package org.iscsilab.protocol.negotiation;

/**
 * A negotiation that cannot go on. Carries the Login response status that applies when the
 * target detects the problem (RFC 7143 §11.13.5), e.g. 0x0200 initiator error for a protocol
 * error, 0x0201 authentication failure, 0x0207 missing parameter; an initiator that detects
 * a problem drops the connection instead (§6.2). The message names the RFC clause.
 */
public class NegotiationException extends Exception {

    /** Status class 0x02, detail 0x00: initiator error (RFC 7143 §11.13.5). */
    public static final int INITIATOR_ERROR = 0x0200;
    /** 0x0201: authentication failure. */
    public static final int AUTHENTICATION_FAILURE = 0x0201;
    /** 0x0202: authorization failure. */
    public static final int AUTHORIZATION_FAILURE = 0x0202;
    /** 0x0207: missing parameter. */
    public static final int MISSING_PARAMETER = 0x0207;
    /** 0x0209: session type not supported. */
    public static final int SESSION_TYPE_NOT_SUPPORTED = 0x0209;
    /** 0x020B: invalid request during login. */
    public static final int INVALID_DURING_LOGIN = 0x020B;

    private final int status;
    private final String clause;
    private final String key;

    /**
     * @param status  status class in the high byte, detail in the low byte
     * @param clause  the RFC clause enforced, e.g. {@code RFC 7143 §6.2}
     * @param key     the key concerned, or null
     * @param message what went wrong
     */
    public NegotiationException(int status, String clause, String key, String message) {
        super(message + " (" + clause + ")", null, false, false);
        this.status = status;
        this.clause = clause;
        this.key = key;
    }

    /** Protocol error (initiator error 0x0200). */
    public static NegotiationException protocolError(String clause, String key, String message) {
        return new NegotiationException(INITIATOR_ERROR, clause, key, message);
    }

    /** Status class and detail as one number, e.g. 0x0201. */
    public int status() {
        return status;
    }

    /** Login status class (high byte). */
    public int statusClass() {
        return status >>> 8;
    }

    /** Login status detail (low byte). */
    public int statusDetail() {
        return status & 0xFF;
    }

    /** The RFC clause enforced. */
    public String clause() {
        return clause;
    }

    /** The key concerned, or null. */
    public String key() {
        return key;
    }
}
