package org.iscsilab.protocol.pdu;

import static org.iscsilab.protocol.pdu.Bhs.*;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * SCSI Command (RFC 7143 §11.3). The CDB field holds the first 16 CDB bytes; a longer CDB
 * continues in an Extended CDB AHS. {@link #cdb()} returns the whole CDB.
 */
public record ScsiCommand(
    boolean immediate,
    boolean finalFlag,
    boolean read,
    boolean write,
    TaskAttribute attribute,
    long lun,
    int initiatorTaskTag,
    int expectedDataTransferLength,
    int cmdSN,
    int expStatSN,
    byte[] cdbField,
    List<AdditionalHeaderSegment> additionalHeaderSegments,
    DataSegment data,
    HeaderResidue residue)
    implements InitiatorPdu {

  /** Without residue: every field the RFC defines, nothing else. */
  public ScsiCommand(boolean immediate, boolean finalFlag, boolean read, boolean write,
      TaskAttribute attribute, long lun, int initiatorTaskTag, int expectedDataTransferLength, int cmdSN,
      int expStatSN, byte[] cdbField, List<AdditionalHeaderSegment> additionalHeaderSegments, DataSegment data) {
    this(immediate, finalFlag, read, write, attribute, lun, initiatorTaskTag, expectedDataTransferLength,
        cmdSN, expStatSN, cdbField, additionalHeaderSegments, data, HeaderResidue.NONE);
  }

  public ScsiCommand {
    Objects.requireNonNull(attribute, "attribute");
    if (cdbField.length != 16) {
      throw new IllegalArgumentException("the CDB field of the BHS is 16 bytes, not " + cdbField.length);
    }
    cdbField = cdbField.clone();
    additionalHeaderSegments = List.copyOf(additionalHeaderSegments);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(residue, "residue");
  }

  @Override
  public Opcode opcode() {
    return Opcode.SCSI_COMMAND;
  }

  /** The 16 bytes of the BHS CDB field (zero-padded for a short CDB). */
  @Override
  public byte[] cdbField() {
    return cdbField.clone();
  }

  /** The whole CDB: the BHS field, followed by the Extended CDB AHS if present. */
  public byte[] cdb() {
    for (AdditionalHeaderSegment a : additionalHeaderSegments) {
      if (a instanceof AdditionalHeaderSegment.ExtendedCdb e) {
        byte[] tail = e.cdbTail();
        byte[] all = Arrays.copyOf(cdbField, 16 + tail.length);
        System.arraycopy(tail, 0, all, 16, tail.length);
        return all;
      }
    }
    return cdbField.clone();
  }

  /**
   * The length of the CDB as its operation code's group says (SPC-4 §4.2.5.1: 6, 10, 12 or 16
   * bytes; a variable-length CDB from its ADDITIONAL CDB LENGTH), capped by what this PDU carries.
   * The wire pads the BHS CDB field to 16 bytes, so this is how a printer knows where a CDB ends.
   */
  public int cdbLength() {
    int carried = 16 + extendedCdbLength();
    int n = switch ((cdbField[0] & 0xff) >>> 5) {
      case 0 -> 6;
      case 1, 2 -> 10;
      case 5 -> 12;
      case 3 -> (cdbField[0] & 0xff) == 0x7f ? 8 + (cdbField[7] & 0xff) : 16;
      default -> 16;
    };
    return Math.min(n, carried);
  }

  private int extendedCdbLength() {
    for (AdditionalHeaderSegment a : additionalHeaderSegments) {
      if (a instanceof AdditionalHeaderSegment.ExtendedCdb e) {
        return e.cdbTail().length;
      }
    }
    return 0;
  }

  /** The first CDB byte: the SCSI operation code. */
  public int scsiOpcode() {
    return cdbField[0] & 0xff;
  }

  /** Expected bidirectional read data length from its AHS, or -1 when absent. */
  public int expectedBidirectionalReadDataLength() {
    for (AdditionalHeaderSegment a : additionalHeaderSegments) {
      if (a instanceof AdditionalHeaderSegment.BidirectionalReadDataLength r) {
        return r.expectedLength();
      }
    }
    return -1;
  }

  @Override
  public void writeBhs(byte[] b) {
    putCommon(b, this);
    b[1] = (byte) ((finalFlag ? 0x80 : 0) | (read ? 0x40 : 0) | (write ? 0x20 : 0) | attribute.code());
    put64(b, 8, lun);
    put32(b, 16, initiatorTaskTag);
    put32(b, 20, expectedDataTransferLength);
    put32(b, 24, cmdSN);
    put32(b, 28, expStatSN);
    System.arraycopy(cdbField, 0, b, 32, 16);
    residue.applyTo(b);
  }

  static ScsiCommand decode(byte[] b, List<AdditionalHeaderSegment> ahs, DataSegment data, HeaderResidue r) {
    return new ScsiCommand(bit(b, 0, 0x40), bit(b, 1, 0x80), bit(b, 1, 0x40), bit(b, 1, 0x20),
        new TaskAttribute(b[1] & 7), i64(b, 8), i32(b, 16), i32(b, 20), i32(b, 24), i32(b, 28),
        Arrays.copyOfRange(b, 32, 48), ahs, data, r);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScsiCommand c && immediate == c.immediate && finalFlag == c.finalFlag
        && read == c.read && write == c.write && attribute.equals(c.attribute) && lun == c.lun
        && initiatorTaskTag == c.initiatorTaskTag
        && expectedDataTransferLength == c.expectedDataTransferLength && cmdSN == c.cmdSN
        && expStatSN == c.expStatSN && Arrays.equals(cdbField, c.cdbField)
        && additionalHeaderSegments.equals(c.additionalHeaderSegments) && data.equals(c.data)
        && residue.equals(c.residue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(initiatorTaskTag, cmdSN, lun, expectedDataTransferLength, Arrays.hashCode(cdbField), data);
  }

  @Override
  public String toString() {
    return "ScsiCommand[I=" + immediate + " F=" + finalFlag + " R=" + read + " W=" + write
        + " ATTR=" + attribute + String.format(" LUN=0x%016x ITT=0x%08x EDTL=%d CmdSN=%d ExpStatSN=%d",
            lun, initiatorTaskTag, expectedDataTransferLength, Integer.toUnsignedLong(cmdSN),
            Integer.toUnsignedLong(expStatSN))
        + " CDB=" + HexFormat.of().formatHex(cdb()) + " AHS=" + additionalHeaderSegments + " " + data
        + (residue.isEmpty() ? "" : " " + residue) + "]";
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a SCSI Command; defaults are valid (simple task, LUN 0, final, no data). */
  public static final class Builder {
    private boolean immediate;
    private boolean finalFlag = true;
    private boolean read;
    private boolean write;
    private TaskAttribute attribute = TaskAttribute.SIMPLE;
    private long lun;
    private int itt;
    private int edtl;
    private int cmdSN;
    private int expStatSN;
    private byte[] cdb = new byte[6];
    private List<AdditionalHeaderSegment> extraAhs = List.of();
    private DataSegment data = DataSegment.EMPTY;

    public Builder immediate(boolean v) { immediate = v; return this; }
    public Builder finalFlag(boolean v) { finalFlag = v; return this; }
    public Builder read(boolean v) { read = v; return this; }
    public Builder write(boolean v) { write = v; return this; }
    public Builder attribute(TaskAttribute v) { attribute = v; return this; }
    public Builder lun(long v) { lun = v; return this; }
    public Builder initiatorTaskTag(int v) { itt = v; return this; }
    public Builder expectedDataTransferLength(int v) { edtl = v; return this; }
    public Builder cmdSN(int v) { cmdSN = v; return this; }
    public Builder expStatSN(int v) { expStatSN = v; return this; }
    /** The whole CDB; bytes beyond 16 go into an Extended CDB AHS. */
    public Builder cdb(byte[] v) { cdb = v.clone(); return this; }
    /** Further AHS (e.g. the bidirectional read length). */
    public Builder additionalHeaderSegments(List<AdditionalHeaderSegment> v) { extraAhs = List.copyOf(v); return this; }
    public Builder data(DataSegment v) { data = v; return this; }

    public ScsiCommand build() {
      byte[] field = Arrays.copyOf(cdb, 16);
      List<AdditionalHeaderSegment> ahs = extraAhs;
      if (cdb.length > 16) {
        ahs = new java.util.ArrayList<>();
        ahs.add(new AdditionalHeaderSegment.ExtendedCdb(Arrays.copyOfRange(cdb, 16, cdb.length)));
        ahs.addAll(extraAhs);
      }
      return new ScsiCommand(immediate, finalFlag, read, write, attribute, lun, itt, edtl, cmdSN,
          expStatSN, field, ahs, data);
    }
  }
}
