package org.iscsilab.protocol.text;

/**
 * Text data that cannot be decoded as key=value pairs, or that is too long. The message names the
 * RFC 7143 clause that is violated.
 */
public final class TextFormatException extends Exception {

    private final String clause;

    /**
     * @param clause  the RFC clause, e.g. {@code RFC 7143 §6.1}
     * @param message what is wrong
     */
    public TextFormatException(String clause, String message) {
        super(message + " (" + clause + ")", null, false, false);
        this.clause = clause;
    }

    /** The RFC clause the data violates. */
    public String clause() {
        return clause;
    }
}
