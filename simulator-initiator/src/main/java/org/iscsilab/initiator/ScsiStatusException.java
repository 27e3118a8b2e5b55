package org.iscsilab.initiator;

/** A SCSI command completed with a status other than GOOD (the result, with its sense, is kept). */
public final class ScsiStatusException extends InitiatorException {
  private final ScsiResult result;

  public ScsiStatusException(ScsiResult result) {
    super(result.command() + " failed: " + result.describeStatus());
    this.result = result;
  }

  public ScsiResult result() {
    return result;
  }
}
