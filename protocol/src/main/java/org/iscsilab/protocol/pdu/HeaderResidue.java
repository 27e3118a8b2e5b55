package org.iscsilab.protocol.pdu;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The BHS bits a PDU record's fields do not stand for, as the peer sent them: reserved bytes and
 * bits that real implementations fill in (RFC 7143 §11.2.1 says "reserved" fields are sent as 0
 * and ignored on receipt), an I bit on a target PDU, a fixed F bit that arrived as 0. Kept as
 * the XOR between the received BHS and what the record's fields write, so that decode → encode
 * gives the received bytes back exactly; {@link #NONE} for every PDU built by our own code.
 */
public final class HeaderResidue {

  public static final HeaderResidue NONE = new HeaderResidue(new byte[Bhs.LENGTH]);

  private final byte[] xor;

  private HeaderResidue(byte[] xor) {
    this.xor = xor;
  }

  /** The residue of {@code received} against {@code written} (both 48-byte BHS). */
  public static HeaderResidue between(byte[] received, byte[] written) {
    byte[] x = new byte[Bhs.LENGTH];
    boolean any = false;
    for (int i = 0; i < Bhs.LENGTH; i++) {
      x[i] = (byte) (received[i] ^ written[i]);
      any |= x[i] != 0;
    }
    return any ? new HeaderResidue(x) : NONE;
  }

  /**
   * A residue that flips {@code mask} in BHS byte {@code offset}: how a test sets reserved bits on
   * an otherwise typed PDU. Byte 0 bits 0x3f (opcode) and bytes 4–7 (lengths) cannot be flipped.
   */
  public static HeaderResidue flipping(int offset, int mask) {
    return NONE.plus(offset, mask);
  }

  /** This residue with {@code mask} also flipped in byte {@code offset}. */
  public HeaderResidue plus(int offset, int mask) {
    if (offset < 0 || offset >= Bhs.LENGTH) {
      throw new IllegalArgumentException("BHS offset " + offset + " is outside 0..47");
    }
    if ((offset == 0 && (mask & 0x3f) != 0) || (offset >= 4 && offset <= 7)) {
      throw new IllegalArgumentException("the opcode and the length fields are not residue: byte " + offset);
    }
    byte[] x = xor.clone();
    x[offset] ^= (byte) mask;
    return Arrays.equals(x, NONE.xor) ? NONE : new HeaderResidue(x);
  }

  public boolean isEmpty() {
    return this == NONE || Arrays.equals(xor, NONE.xor);
  }

  /** The flipped bits of BHS byte {@code offset} (0 where nothing is flipped). */
  public int bitsAt(int offset) {
    return xor[offset] & 0xff;
  }

  /** Applies the residue to a BHS that a record has just written. */
  public void applyTo(byte[] bhs) {
    if (this == NONE) {
      return;
    }
    for (int i = 0; i < Bhs.LENGTH; i++) {
      bhs[i] ^= xor[i];
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeaderResidue r && Arrays.equals(xor, r.xor);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(xor);
  }

  /** {@code HeaderResidue[none]} or the flipped bits by byte offset, e.g. {@code [1:^80 20:^ff]}. */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "HeaderResidue[none]";
    }
    StringBuilder sb = new StringBuilder("HeaderResidue[");
    String sep = "";
    for (int i = 0; i < Bhs.LENGTH; i++) {
      if (xor[i] != 0) {
        sb.append(sep).append(i).append(":^").append(HexFormat.of().toHexDigits(xor[i]));
        sep = " ";
      }
    }
    return sb.append(']').toString();
  }
}
