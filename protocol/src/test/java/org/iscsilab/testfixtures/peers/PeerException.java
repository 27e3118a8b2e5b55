package org.iscsilab.testfixtures.peers;

/** A real peer or tool did not start, did not answer in time, or answered with a failure. */
public class PeerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeerException(String message) {
        super(message);
    }

    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
