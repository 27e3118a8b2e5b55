package org.iscsilab.initiator.scsi;

/**
 * READ CAPACITY data (SBC-3 §5.15, §5.16).
 *
 * @param lastLba               RETURNED LOGICAL BLOCK ADDRESS
 * @param blockSize             LOGICAL BLOCK LENGTH IN BYTES
 * @param logicalBlocksPerPhysicalExponent from READ CAPACITY(16), else 0
 * @param thinProvisioned       LBPME, from READ CAPACITY(16)
 * @param from16                whether it came from READ CAPACITY(16)
 */
public record Capacity(long lastLba, int blockSize, int logicalBlocksPerPhysicalExponent, boolean thinProvisioned,
    boolean from16) {

  public long blocks() {
    return lastLba + 1;
  }

  public long bytes() {
    return blocks() * blockSize;
  }

  /** READ CAPACITY(10) says 0xffffffff when the medium is too large for it. */
  public boolean saturated() {
    return !from16 && lastLba == 0xffffffffL;
  }

  static Capacity parse10(byte[] d) {
    try {
      var c = org.iscsilab.protocol.scsi.block.ReadCapacity10Data.parse(d);
      return new Capacity(c.returnedLba(), (int) c.blockLength(), 0, false, false);
    } catch (RuntimeException e) {
      // lenient fallback below: an initiator reads what a buggy target sends
    }
    if (d.length < 8) {
      throw new IllegalArgumentException("READ CAPACITY(10) data is 8 bytes, got " + d.length);
    }
    return new Capacity(u32(d, 0), (int) u32(d, 4), 0, false, false);
  }

  static Capacity parse16(byte[] d) {
    try {
      var c = org.iscsilab.protocol.scsi.block.ReadCapacity16Data.parse(d);
      return new Capacity(c.returnedLba(), (int) c.blockLength(), c.logicalBlocksPerPhysicalBlockExponent(),
          c.lbpme(), true);
    } catch (RuntimeException e) {
      // lenient fallback below
    }
    if (d.length < 12) {
      throw new IllegalArgumentException("READ CAPACITY(16) data needs at least 12 bytes, got " + d.length);
    }
    long lba = (u32(d, 0) << 32) | u32(d, 4);
    int exp = d.length > 13 ? d[13] & 0x0f : 0;
    boolean lbpme = d.length > 14 && (d[14] & 0x80) != 0;
    return new Capacity(lba, (int) u32(d, 8), exp, lbpme, true);
  }

  static long u32(byte[] d, int o) {
    return ((d[o] & 0xffL) << 24) | ((d[o + 1] & 0xffL) << 16) | ((d[o + 2] & 0xffL) << 8) | (d[o + 3] & 0xffL);
  }

  @Override
  public String toString() {
    return blocks() + " blocks of " + blockSize + " bytes (" + bytes() + " bytes)";
  }
}
