package org.iscsilab.initiator;

/**
 * Base of everything the initiator reports as a failure. The message is a complete, one-paragraph
 * diagnosis meant for people and reports; subclasses carry the same facts as fields. No stack
 * trace is filled in for failures caused by the peer.
 */
public class InitiatorException extends RuntimeException {

  public InitiatorException(String message) {
    super(message, null, false, false);
  }

  public InitiatorException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
