package org.iscsilab.protocol.auth;

import org.iscsilab.protocol.negotiation.NegotiationException;

/**
 * A failed authentication step. Login status 0x0201 (authentication failure) unless said
 * otherwise (RFC 7143 §11.13.5); the message names the clause.
 */
public final class AuthenticationException extends NegotiationException {

    /**
     * @param status  Login status, usually {@link #AUTHENTICATION_FAILURE}
     * @param clause  RFC clause
     * @param key     the key concerned, or null
     * @param message what went wrong
     */
    public AuthenticationException(int status, String clause, String key, String message) {
        super(status, clause, key, message);
    }

    /** Authentication failure 0x0201. */
    public static AuthenticationException failure(String clause, String key, String message) {
        return new AuthenticationException(AUTHENTICATION_FAILURE, clause, key, message);
    }
}
