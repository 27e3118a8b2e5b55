package org.iscsilab.protocol.pdu;

import java.util.Arrays;
import java.util.HexFormat;

/** Byte literals for the per-PDU tests: hex written field by field, split into BHS, AHS and data. */
final class Wire {
  private Wire() {}

  /** Concatenated hex fields; spaces are ignored. */
  static byte[] hex(String... fields) {
    return HexFormat.of().parseHex(String.join("", fields).replace(" ", ""));
  }

  /** Decodes one PDU without digests (lengths from the BHS, padding dropped). */
  static Pdu decode(byte[] wire) {
    int ahs = (wire[4] & 0xff) * 4;
    int dsl = ((wire[5] & 0xff) << 16) | ((wire[6] & 0xff) << 8) | (wire[7] & 0xff);
    return Pdus.decode(Arrays.copyOf(wire, 48), Arrays.copyOfRange(wire, 48, 48 + ahs),
        DataSegment.of(wire, 48 + ahs, dsl));
  }

  /** BHS, AHS and data (padded to four bytes) of {@code pdu}, without digests. */
  static byte[] encode(Pdu pdu) {
    RawPdu raw = pdu.toRaw();
    int dsl = raw.data().length();
    byte[] out = new byte[48 + raw.ahs().length + dsl + ((4 - (dsl & 3)) & 3)];
    System.arraycopy(raw.bhs(), 0, out, 0, 48);
    System.arraycopy(raw.ahs(), 0, out, 48, raw.ahs().length);
    raw.data().copyTo(0, out, 48 + raw.ahs().length, dsl);
    return out;
  }
}
