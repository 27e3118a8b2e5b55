package org.iscsilab.protocol.url;

/**
 * A malformed {@code iscsi://} URL. The message names the part that is wrong; any CHAP secret
 * in the URL is masked in the message.
 */
public final class IscsiUrlException extends IllegalArgumentException {

    private final String problem;

    IscsiUrlException(String maskedUrl, String problem) {
        super("bad iSCSI URL \"" + maskedUrl + "\": " + problem);
        this.problem = problem;
    }

    /** The part of the message after the URL, e.g. {@code port 99999 is out of range 1-65535}. */
    public String problem() {
        return problem;
    }
}
