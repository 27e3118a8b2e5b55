package org.iscsilab.conformance.data_transfer;

import org.iscsilab.conformance.LoggedInConnection;
import org.iscsilab.protocol.negotiation.IscsiKeys;

/** Reads made for their Data-In, with the burst and segment limits a test negotiates. */
final class Reads {

  private Reads() {}

  /** A READ(10) CDB. */
  static byte[] read10(long lba, int blocks) {
    return new byte[] {0x28, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba, 0,
        (byte) (blocks >>> 8), (byte) blocks, 0};
  }

  /** A READ(16) CDB. */
  static byte[] read16(long lba, long blocks) {
    byte[] c = new byte[16];
    c[0] = (byte) 0x88;
    for (int i = 0; i < 8; i++) {
      c[2 + i] = (byte) (lba >>> (56 - 8 * i));
    }
    for (int i = 0; i < 4; i++) {
      c[10 + i] = (byte) (blocks >>> (24 - 8 * i));
    }
    return c;
  }

  /** Logs in declaring {@code maxRecv} and offering {@code maxBurst} (FirstBurstLength kept below it). */
  static LoggedInConnection open(org.iscsilab.conformance.ConformanceContext ctx, int maxRecv, int maxBurst) {
    return LoggedInConnection.open(ctx, s -> s
        .withKey(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH, Integer.toString(maxRecv))
        .withKey(IscsiKeys.MAX_BURST_LENGTH, Integer.toString(maxBurst))
        .withKey(IscsiKeys.FIRST_BURST_LENGTH, Integer.toString(Math.min(maxBurst, 262144))));
  }

  /** READ(10) of about {@code bytes} from LBA 0 after clearing unit attentions; must end GOOD. */
  static LoggedInConnection.Exchange readFromStart(LoggedInConnection c, int bytes) {
    int bs = c.blockSize();
    int blocks = Math.max(1, bytes / bs);
    LoggedInConnection.Exchange e = c.run(read10(0, blocks), blocks * bs);
    if (!e.good()) {
      throw new org.opentest4j.AssertionFailedError("READ(10) of " + blocks + " blocks from LBA 0 did not complete: "
          + e.describe());
    }
    return e;
  }
}
