package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/** Login Response (RFC 7143 §11.13). */
public record LoginResponse(
    boolean transit,
    boolean continueFlag,
    Stage currentStage,
    Stage nextStage,
    int versionMax,
    int versionActive,
    long isid,
    int tsih,
    int initiatorTaskTag,
    int statSN,
    int expCmdSN,
    int maxCmdSN,
    LoginStatus status,
    DataSegment data,
    HeaderResidue residue)
    implements TargetPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public LoginResponse(boolean transit, boolean continueFlag, Stage currentStage, Stage nextStage,
      int versionMax, int versionActive, long isid, int tsih, int initiatorTaskTag, int statSN, int expCmdSN,
      int maxCmdSN, LoginStatus status, DataSegment data) {
    this(transit, continueFlag, currentStage, nextStage, versionMax, versionActive, isid, tsih,
        initiatorTaskTag, statSN, expCmdSN, maxCmdSN, status, data, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.LOGIN_RESPONSE;
  }

  @Override
  public boolean finalFlag() {
    return transit;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) ((transit ? 0x80 : 0) | (continueFlag ? 0x40 : 0) | (currentStage.code() << 2) | nextStage.code());
    b[2] = (byte) versionMax;
    b[3] = (byte) versionActive;
    put48(b, 8, isid);
    put16(b, 14, tsih);
    put32(b, 16, initiatorTaskTag);
    put32(b, 24, statSN);
    put32(b, 28, expCmdSN);
    put32(b, 32, maxCmdSN);
    b[36] = (byte) status.statusClass();
    b[37] = (byte) status.statusDetail();
    residue.applyTo(b);
  }

  static LoginResponse decode(byte[] b, DataSegment data, HeaderResidue r) {
    return new LoginResponse(bit(b, 1, 0x80), bit(b, 1, 0x40), new Stage((b[1] >> 2) & 3), new Stage(b[1] & 3),
        u8(b, 2), u8(b, 3), u48(b, 8), u16(b, 14), i32(b, 16), i32(b, 24), i32(b, 28), i32(b, 32),
        new LoginStatus(u8(b, 36), u8(b, 37)), data, r);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: success, security stage, no transit, version 0. */
  public static final class Builder {
    private boolean transit;
    private boolean continueFlag;
    private Stage csg = Stage.SECURITY_NEGOTIATION;
    private Stage nsg = Stage.SECURITY_NEGOTIATION;
    private int versionMax;
    private int versionActive;
    private long isid;
    private int tsih;
    private int itt;
    private int statSN, expCmdSN, maxCmdSN;
    private LoginStatus status = LoginStatus.SUCCESS;
    private DataSegment data = DataSegment.EMPTY;

    public Builder transit(boolean v) { transit = v; return this; }
    public Builder continueFlag(boolean v) { continueFlag = v; return this; }
    public Builder currentStage(Stage v) { csg = v; return this; }
    public Builder nextStage(Stage v) { nsg = v; return this; }
    public Builder versionMax(int v) { versionMax = v; return this; }
    public Builder versionActive(int v) { versionActive = v; return this; }
    public Builder isid(long v) { isid = v; return this; }
    public Builder tsih(int v) { tsih = v; return this; }
    public Builder initiatorTaskTag(int v) { itt = v; return this; }
    public Builder statSN(int v) { statSN = v; return this; }
    public Builder expCmdSN(int v) { expCmdSN = v; return this; }
    public Builder maxCmdSN(int v) { maxCmdSN = v; return this; }
    public Builder status(LoginStatus v) { status = v; return this; }
    public Builder data(DataSegment v) { data = v; return this; }

    public LoginResponse build() {
      return new LoginResponse(transit, continueFlag, csg, nsg, versionMax, versionActive, isid, tsih, itt, statSN,
          expCmdSN, maxCmdSN, status, data);
    }
  }
}
