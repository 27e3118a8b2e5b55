package org.iscsilab.initiator;

/** The TCP connection to the portal could not be made. */
public final class PortalUnreachableException extends InitiatorException {
  public PortalUnreachableException(String message) {
    super(message);
  }
}
