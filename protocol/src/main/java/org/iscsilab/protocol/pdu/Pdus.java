package org.iscsilab.protocol.pdu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.iscsilab.protocol.ProtocolException;

/**
 * Turns the parts of a framed PDU (BHS, AHS bytes, data segment) into a {@link Pdu} value, one
 * decoder per opcode. Framing (lengths, padding, digests) is the codec's job; this class only
 * gives the fields their meaning.
 */
public final class Pdus {

  private Pdus() {}

  /**
   * Decodes a PDU. The result re-encodes to exactly the bytes given: bits that no field of the
   * record stands for are kept as its {@link HeaderResidue}. Where a typed record cannot hold what
   * arrived, a {@link RawPdu} is returned instead of an error (style.md §4), and the receiver
   * judges it (see {@code org.iscsilab.protocol.codec.PduChecks}):
   *
   * <ul>
   *   <li>an opcode that RFC 7143 does not define;
   *   <li>a data segment on a PDU that has none (TMF Request/Response, Logout Request/Response,
   *       SNACK, R2T; RFC 7143 §11.5–§11.16);
   *   <li>AHS on any PDU other than a SCSI Command, or AHS bytes that the AHS types do not
   *       reproduce exactly (reserved byte set, non-zero padding).
   * </ul>
   *
   * @throws ProtocolException (connection scope) if the AHS bytes are not well-formed
   */
  public static Pdu decode(byte[] bhs, byte[] ahsBytes, DataSegment data) {
    if (bhs.length != Bhs.LENGTH) {
      throw new IllegalArgumentException("a BHS is 48 bytes, not " + bhs.length);
    }
    List<AdditionalHeaderSegment> ahs = ahsBytes.length == 0 ? List.of() : parseAhs(ahsBytes);
    int opcode = bhs[0] & 0x3f;
    if (!canHold(opcode, ahsBytes, ahs, data)) {
      return raw(bhs, ahsBytes, data);
    }
    Pdu pdu = decode(opcode, bhs, ahs, data, HeaderResidue.NONE);
    if (pdu == null) {
      return raw(bhs, ahsBytes, data);
    }
    byte[] written = new byte[Bhs.LENGTH];
    pdu.writeBhs(written);
    if (!Arrays.equals(written, bhs)) {
      pdu = decode(opcode, bhs, ahs, data, HeaderResidue.between(bhs, written));
    }
    return pdu;
  }

  private static RawPdu raw(byte[] bhs, byte[] ahsBytes, DataSegment data) {
    return new RawPdu(bhs, ahsBytes, data, OptionalInt.empty(), OptionalInt.empty());
  }

  /** True when the record for {@code opcode} can carry this AHS and data byte for byte. */
  private static boolean canHold(int opcode, byte[] ahsBytes, List<AdditionalHeaderSegment> ahs, DataSegment data) {
    if (ahsBytes.length > 0) {
      if (opcode != 0x01) {
        return false;
      }
      byte[] again = new byte[ahsBytes.length];
      int off = 0;
      for (AdditionalHeaderSegment a : ahs) {
        a.writeTo(again, off);
        off += a.wireLength();
      }
      if (off != ahsBytes.length || !Arrays.equals(again, ahsBytes)) {
        return false;
      }
    }
    return data.isEmpty() || !carriesNoData(opcode);
  }

  /** The opcodes whose PDU has no data segment (DataSegmentLength is reserved/0). */
  public static boolean carriesNoData(int opcode) {
    return switch (opcode) {
      case 0x02, 0x06, 0x10, 0x22, 0x26, 0x31 -> true;
      default -> false;
    };
  }

  private static Pdu decode(int opcode, byte[] bhs, List<AdditionalHeaderSegment> ahs, DataSegment data,
      HeaderResidue r) {
    return switch (opcode) {
      case 0x00 -> NopOut.decode(bhs, data, r);
      case 0x01 -> ScsiCommand.decode(bhs, ahs, data, r);
      case 0x02 -> TaskManagementRequest.decode(bhs, r);
      case 0x03 -> LoginRequest.decode(bhs, data, r);
      case 0x04 -> TextRequest.decode(bhs, data, r);
      case 0x05 -> DataOut.decode(bhs, data, r);
      case 0x06 -> LogoutRequest.decode(bhs, r);
      case 0x10 -> SnackRequest.decode(bhs, r);
      case 0x20 -> NopIn.decode(bhs, data, r);
      case 0x21 -> ScsiResponse.decode(bhs, data, r);
      case 0x22 -> TaskManagementResponse.decode(bhs, r);
      case 0x23 -> LoginResponse.decode(bhs, data, r);
      case 0x24 -> TextResponse.decode(bhs, data, r);
      case 0x25 -> DataIn.decode(bhs, data, r);
      case 0x26 -> LogoutResponse.decode(bhs, r);
      case 0x31 -> ReadyToTransfer.decode(bhs, r);
      case 0x32 -> AsyncMessage.decode(bhs, data, r);
      case 0x3f -> Reject.decode(bhs, data, r);
      default -> null;
    };
  }

  /** Parses the AHS area (RFC 7143 §11.2.2). */
  public static List<AdditionalHeaderSegment> parseAhs(byte[] b) {
    List<AdditionalHeaderSegment> out = new ArrayList<>(2);
    int off = 0;
    while (off < b.length) {
      if (b.length - off < 4) {
        throw ProtocolException.connection("RFC 7143 §11.2.2",
            "AHS at byte " + off + " of the AHS area is cut short: " + (b.length - off) + " bytes left, 4 needed");
      }
      int ahsLength = Bhs.u16(b, off);
      int type = b[off + 2] & 0xff;
      int padded = (3 + ahsLength + 3) & ~3;
      if (ahsLength == 0 || off + padded > b.length) {
        throw ProtocolException.connection("RFC 7143 §11.2.2", "AHS at byte " + off + " declares AHSLength "
            + ahsLength + " which does not fit the " + b.length + "-byte AHS area (TotalAHSLength)");
      }
      byte[] specific = java.util.Arrays.copyOfRange(b, off + 3, off + 3 + ahsLength);
      out.add(switch (type) {
        case AdditionalHeaderSegment.TYPE_EXTENDED_CDB ->
            new AdditionalHeaderSegment.ExtendedCdb(java.util.Arrays.copyOfRange(specific, 1, specific.length));
        case AdditionalHeaderSegment.TYPE_BIDIRECTIONAL_READ_LENGTH ->
            ahsLength == 5 ? new AdditionalHeaderSegment.BidirectionalReadDataLength(Bhs.i32(specific, 1))
                : new AdditionalHeaderSegment.Unknown(type, specific);
        default -> new AdditionalHeaderSegment.Unknown(type, specific);
      });
      off += padded;
    }
    return List.copyOf(out);
  }
}
