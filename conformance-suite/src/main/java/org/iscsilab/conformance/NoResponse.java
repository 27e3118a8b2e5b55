package org.iscsilab.conformance;

/**
 * The target did not send a PDU the suite was waiting for within the bound: a hang, which is a
 * finding. The diagnosis says what was awaited, for how long, and what was last sent.
 */
public final class NoResponse extends RuntimeException implements Diagnosed {

  public NoResponse(String diagnosis) {
    super(diagnosis, null, false, false);
  }

  @Override
  public String diagnosis() {
    return getMessage();
  }
}
