package org.iscsilab.conformance;

/** The target closed (or reset) the connection while the suite was waiting for a PDU. */
public final class TargetClosedConnection extends RuntimeException implements Diagnosed {

  public TargetClosedConnection(String diagnosis) {
    super(diagnosis, null, false, false);
  }

  @Override
  public String diagnosis() {
    return getMessage();
  }
}
