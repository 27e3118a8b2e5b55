package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

/**
 * Login Request (RFC 7143 §11.12). The I bit is always 1 on the wire; the component is kept so
 * that a test can send a Login Request without it on purpose.
 */
public record LoginRequest(
    boolean immediate,
    boolean transit,
    boolean continueFlag,
    Stage currentStage,
    Stage nextStage,
    int versionMax,
    int versionMin,
    long isid,
    int tsih,
    int initiatorTaskTag,
    int cid,
    int cmdSN,
    int expStatSN,
    DataSegment data,
    HeaderResidue residue)
    implements InitiatorPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public LoginRequest(boolean immediate, boolean transit, boolean continueFlag, Stage currentStage,
      Stage nextStage, int versionMax, int versionMin, long isid, int tsih, int initiatorTaskTag, int cid,
      int cmdSN, int expStatSN, DataSegment data) {
    this(immediate, transit, continueFlag, currentStage, nextStage, versionMax, versionMin, isid, tsih,
        initiatorTaskTag, cid, cmdSN, expStatSN, data, HeaderResidue.NONE);
  }

  @Override
  public Opcode opcode() {
    return Opcode.LOGIN_REQUEST;
  }

  /** The T bit plays the role of F for a login PDU. */
  @Override
  public boolean finalFlag() {
    return transit;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) ((transit ? 0x80 : 0) | (continueFlag ? 0x40 : 0) | (currentStage.code() << 2) | nextStage.code());
    b[2] = (byte) versionMax;
    b[3] = (byte) versionMin;
    put48(b, 8, isid);
    put16(b, 14, tsih);
    put32(b, 16, initiatorTaskTag);
    put16(b, 20, cid);
    put32(b, 24, cmdSN);
    put32(b, 28, expStatSN);
    residue.applyTo(b);
  }

  static LoginRequest decode(byte[] b, DataSegment data, HeaderResidue r) {
    return new LoginRequest(bit(b, 0, 0x40), bit(b, 1, 0x80), bit(b, 1, 0x40), new Stage((b[1] >> 2) & 3),
        new Stage(b[1] & 3), u8(b, 2), u8(b, 3), u48(b, 8), u16(b, 14), i32(b, 16), u16(b, 20),
        i32(b, 24), i32(b, 28), data, r);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: a valid first Login Request in the security stage, version 0, no keys. */
  public static final class Builder {
    private boolean immediate = true;
    private boolean transit;
    private boolean continueFlag;
    private Stage csg = Stage.SECURITY_NEGOTIATION;
    private Stage nsg = Stage.SECURITY_NEGOTIATION;
    private int versionMax;
    private int versionMin;
    private long isid = 0x400001370000L;
    private int tsih;
    private int itt;
    private int cid;
    private int cmdSN;
    private int expStatSN;
    private DataSegment data = DataSegment.EMPTY;

    public Builder immediate(boolean v) { immediate = v; return this; }
    public Builder transit(boolean v) { transit = v; return this; }
    public Builder continueFlag(boolean v) { continueFlag = v; return this; }
    public Builder currentStage(Stage v) { csg = v; return this; }
    public Builder nextStage(Stage v) { nsg = v; return this; }
    /** Sets CSG, NSG and T (T is set when NSG differs from CSG). */
    public Builder stages(Stage current, Stage next) { csg = current; nsg = next; transit = !current.equals(next); return this; }
    public Builder versionMax(int v) { versionMax = v; return this; }
    public Builder versionMin(int v) { versionMin = v; return this; }
    public Builder isid(long v) { isid = v; return this; }
    public Builder tsih(int v) { tsih = v; return this; }
    public Builder initiatorTaskTag(int v) { itt = v; return this; }
    public Builder cid(int v) { cid = v; return this; }
    public Builder cmdSN(int v) { cmdSN = v; return this; }
    public Builder expStatSN(int v) { expStatSN = v; return this; }
    public Builder data(DataSegment v) { data = v; return this; }

    public LoginRequest build() {
      return new LoginRequest(immediate, transit, continueFlag, csg, nsg, versionMax, versionMin, isid, tsih, itt,
          cid, cmdSN, expStatSN, data);
    }
  }
}
