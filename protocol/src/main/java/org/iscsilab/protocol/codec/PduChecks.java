package org.iscsilab.protocol.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.HeaderResidue;
import org.iscsilab.protocol.pdu.Opcode;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Pdus;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.RejectReason;
import org.iscsilab.protocol.pdu.Sender;

/**
 * What is wrong with a decoded PDU, field by field: the one set of rules that target, initiator
 * and pcap analyser share. Works on the header bytes, so a {@link RawPdu} is judged like a typed
 * record.
 *
 * <p>How a violation is scoped (style.md §6):
 *
 * <ul>
 *   <li>{@link Severity#CONNECTION}: the stream cannot be trusted past this PDU — a data segment
 *       longer than the receiver's MaxRecvDataSegmentLength (RFC 7143 §13.12; the framer raises it
 *       before the body is awaited). Header digest errors and malformed AHS are raised by the
 *       framer itself.
 *   <li>{@link Severity#REJECT}: the PDU is framed correctly but a defined field is wrong; a target
 *       answers with a Reject carrying {@link Violation#rejectReason()} (RFC 7143 §11.17.1), or
 *       during login with a Login Response of class Initiator Error (§11.13.5). An initiator cannot
 *       send a Reject: for a target PDU this severity means "the target broke the protocol".
 *   <li>{@link Severity#NOTE}: reserved bits or bytes set. RFC 7143 §11 says a sender MUST set them
 *       to 0 and a receiver MUST ignore them, so a receiver goes on; the pcap analyser reports them.
 * </ul>
 */
public final class PduChecks {

  public enum Severity {
    CONNECTION,
    REJECT,
    NOTE
  }

  /** One rule broken: how bad, the clause, the Reject reason where one applies, and what was seen. */
  public record Violation(Severity severity, String clause, RejectReason rejectReason, String message) {

    public Optional<RejectReason> reject() {
      return Optional.ofNullable(rejectReason);
    }

    /** The violation as the codec's error type, scoped CONNECTION or PDU. */
    public ProtocolException toException() {
      return severity == Severity.CONNECTION ? ProtocolException.connection(clause, message)
          : ProtocolException.pdu(clause, rejectReason, message);
    }

    @Override
    public String toString() {
      return severity + " " + message + " (" + clause + (rejectReason != null ? "; Reject " + rejectReason : "") + ")";
    }
  }

  private PduChecks() {}

  /**
   * Every rule {@code pdu} breaks, worst first.
   *
   * @param from who sent it (null: not checked)
   * @param limits the receiver's limits (MaxRecvDataSegmentLength)
   */
  public static List<Violation> check(Pdu pdu, Sender from, FramingLimits limits) {
    List<Violation> out = new ArrayList<>(2);
    byte[] b = pdu.bhs();
    int code = b[0] & 0x3f;
    Opcode opcode = Opcode.of(code);
    String s = section(code);
    int dsl = ((b[5] & 0xff) << 16) | ((b[6] & 0xff) << 8) | (b[7] & 0xff);
    if (dsl > limits.maxDataSegmentLength()) {
      out.add(new Violation(Severity.CONNECTION, "RFC 7143 §13.12", null, "data segment of " + dsl
          + " bytes beyond MaxRecvDataSegmentLength " + limits.maxDataSegmentLength()));
    }
    if (!opcode.isKnown()) {
      out.add(reject("RFC 7143 §11.2.1.2", RejectReason.COMMAND_NOT_SUPPORTED,
          "opcode " + opcode + " is not supported"));
      return out;
    }
    if (from != null && Sender.of(opcode) != from) {
      out.add(reject("RFC 7143 §11.2.1.2", RejectReason.PROTOCOL_ERROR,
          opcode.name() + " is a " + Sender.of(opcode).name().toLowerCase() + " PDU but came from the "
              + from.name().toLowerCase()));
    }
    if (dsl > 0 && Pdus.carriesNoData(code)) {
      out.add(reject(s, RejectReason.PROTOCOL_ERROR, opcode.name() + " carries a data segment of " + dsl
          + " bytes; this PDU has none"));
    }
    if ((b[4] & 0xff) != 0 && code != 0x01) {
      out.add(reject("RFC 7143 §11.2.2", RejectReason.PROTOCOL_ERROR, opcode.name() + " carries "
          + (b[4] & 0xff) * 4 + " bytes of AHS; only a SCSI Command has AHS"));
    }
    if (opcode.hasFixedFinalBit() && (b[1] & 0x80) == 0) {
      out.add(reject(s, RejectReason.INVALID_PDU_FIELD, "F bit is 0 in a " + opcode.name() + "; it is always 1"));
    }
    int itt = int32(b, 16);
    int ttt = int32(b, 20);
    checkTags(out, code, opcode, s, b, itt, ttt);
    checkFlags(out, code, opcode, s, b, pdu);
    reservedBits(out, pdu, b, code, opcode);
    out.sort((x, y) -> x.severity().compareTo(y.severity()));
    return out;
  }

  /** The first violation that calls for a Reject or worse, if any. */
  public static Optional<Violation> firstError(Pdu pdu, Sender from, FramingLimits limits) {
    return check(pdu, from, limits).stream().filter(v -> v.severity() != Severity.NOTE).findFirst();
  }

  private static void checkTags(List<Violation> out, int code, Opcode opcode, String s, byte[] b, int itt, int ttt) {
    boolean reservedItt = itt == Pdu.RESERVED_TAG;
    switch (code) {
      // May carry the reserved ITT: NOP-Out answering a NOP-In, a target's NOP-In, SNACK (Status/DataACK).
      case 0x00 -> {
        // ITT and TTT both 0xffffffff is the one-way NOP-Out that only confirms ExpStatSN
        // (RFC 7143 §11.18); with the reserved ITT the I bit must be set (§11.18.1).
        if (reservedItt && ttt == Pdu.RESERVED_TAG && (b[0] & 0x40) == 0) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR,
              "NOP-Out with ITT 0xffffffff but the I bit clear; it must be an immediate PDU"));
        }
      }
      case 0x10, 0x20 -> { }
      // Always carry the reserved ITT.
      case 0x32, 0x3f -> {
        if (!reservedItt) {
          out.add(reject(s, RejectReason.INVALID_PDU_FIELD,
              String.format("%s with ITT 0x%08x; it is always 0xffffffff", opcode.name(), itt)));
        }
      }
      default -> {
        if (reservedItt) {
          out.add(reject("RFC 7143 §11.2.1.8", RejectReason.INVALID_PDU_FIELD,
              opcode.name() + " with the reserved ITT 0xffffffff"));
        }
      }
    }
  }

  private static void checkFlags(List<Violation> out, int code, Opcode opcode, String s, byte[] b, Pdu pdu) {
    int f = b[1] & 0xff;
    switch (code) {
      case 0x01 -> {
        boolean w = (f & 0x20) != 0;
        if (!w && dataLength(b) > 0) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR, "SCSI Command carries immediate data without the W bit"));
        }
        if (!w && (f & 0x80) == 0) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR,
              "SCSI Command without W has F 0, but no unsolicited Data-Out can follow"));
        }
        if ((f & 0x07) > 4) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR, "reserved task attribute " + (f & 0x07)));
        }
      }
      case 0x03, 0x23 -> {
        if ((f & 0xc0) == 0xc0) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR, opcode.name() + " with both T and C set"));
        }
        if (((f >> 2) & 3) == 2 || (f & 3) == 2) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR, opcode.name() + " names the reserved stage 2"));
        }
        if (code == 0x03 && (b[0] & 0x40) == 0) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR, "Login Request without the I bit; it is always 1"));
        }
      }
      case 0x04, 0x24 -> {
        if ((f & 0xc0) == 0xc0) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR, opcode.name() + " with both F and C set"));
        }
      }
      case 0x25 -> {
        if ((f & 0x01) != 0 && (f & 0x80) == 0) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR, "Data-In with S set but not F"));
        }
        if ((f & 0x06) == 0x06) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR, "Data-In with both O and U set"));
        }
      }
      case 0x21 -> {
        if ((f & 0x06) == 0x06 || (f & 0x18) == 0x18) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR, "SCSI Response with both overflow and underflow set"));
        }
      }
      case 0x06 -> {
        if ((f & 0x7f) > 3) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR, "reserved logout reason " + (f & 0x7f)));
        }
      }
      case 0x10 -> {
        if ((f & 0x0f) > 3) {
          out.add(reject(s, RejectReason.PROTOCOL_ERROR, "reserved SNACK type " + (f & 0x0f)));
        }
      }
      default -> { }
    }
  }

  /** Bits of the header that no field stands for (beyond those already reported) as a NOTE. */
  private static void reservedBits(List<Violation> out, Pdu pdu, byte[] b, int code, Opcode opcode) {
    HeaderResidue residue = residueOf(pdu, b);
    if (residue == null || residue.isEmpty()) {
      return;
    }
    StringBuilder where = new StringBuilder();
    for (int i = 0; i < 48; i++) {
      int bits = residue.bitsAt(i);
      if (i == 1 && opcode.hasFixedFinalBit()) {
        bits &= 0x7f; // reported above
      }
      if (i == 0 && code == 0x03) {
        bits &= ~0x40; // Login without I: reported above
      }
      if (bits != 0) {
        where.append(where.length() == 0 ? "" : ", ").append(String.format("byte %d (0x%02x)", i, bits));
      }
    }
    if (where.length() > 0) {
      out.add(new Violation(Severity.NOTE, "RFC 7143 §11", null, "reserved bits set in the "
          + opcode.name() + " header: " + where));
    }
  }

  private static HeaderResidue residueOf(Pdu pdu, byte[] b) {
    Pdu typed = pdu;
    if (pdu instanceof RawPdu) {
      // The same header without data or AHS decodes to the typed record, residue and all.
      byte[] again = b.clone();
      again[4] = 0;
      again[5] = again[6] = again[7] = 0;
      typed = Pdus.decode(again, new byte[0], DataSegment.EMPTY);
    }
    if (typed instanceof RawPdu) {
      return null;
    }
    return typed.residue();
  }

  private static int dataLength(byte[] b) {
    return ((b[5] & 0xff) << 16) | ((b[6] & 0xff) << 8) | (b[7] & 0xff);
  }

  private static int int32(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }

  private static Violation reject(String clause, RejectReason reason, String message) {
    return new Violation(Severity.REJECT, clause, reason, message);
  }

  /** The RFC 7143 section that lays out the PDU with {@code opcode}. */
  static String section(int opcode) {
    return "RFC 7143 §" + switch (opcode) {
      case 0x00 -> "11.18";
      case 0x01 -> "11.3";
      case 0x02 -> "11.5";
      case 0x03 -> "11.12";
      case 0x04 -> "11.10";
      case 0x05, 0x25 -> "11.7";
      case 0x06 -> "11.14";
      case 0x10 -> "11.16";
      case 0x20 -> "11.19";
      case 0x21 -> "11.4";
      case 0x22 -> "11.6";
      case 0x23 -> "11.13";
      case 0x24 -> "11.11";
      case 0x26 -> "11.15";
      case 0x31 -> "11.8";
      case 0x32 -> "11.9";
      case 0x3f -> "11.17";
      default -> "11.2.1.2";
    };
  }
}
