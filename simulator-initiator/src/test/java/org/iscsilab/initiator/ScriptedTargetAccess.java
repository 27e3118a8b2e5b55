package org.iscsilab.initiator;

/** Lets tests in other packages use the package-private {@link ScriptedTarget}. */
public final class ScriptedTargetAccess implements AutoCloseable {
  private final ScriptedTarget target = new ScriptedTarget();

  public SessionConfig config() {
    return target.config();
  }

  public byte[] disk() {
    return target.disk;
  }

  /** Accepts (consumes the CmdSN of) commands with this SCSI opcode and never answers them. */
  public void dropOpcode(int opcode) {
    target.drop = c -> c.scsiOpcode() == opcode;
  }

  @Override
  public void close() {
    target.close();
  }
}
