package org.iscsilab.initiator.scsi;

import java.util.Optional;

/**
 * MODE SENSE parameter data as the disk-format sequence needs it (SPC-4 §7.5, SBC-3 §6.4): the
 * WP bit of the device-specific parameter and, if the caching page (0x08) is present, WCE.
 *
 * @param writeProtected    WP
 * @param writeCacheEnabled WCE from the caching page, if returned
 * @param raw               the bytes returned
 */
public record ModeData(boolean writeProtected, Optional<Boolean> writeCacheEnabled, byte[] raw) {

  static ModeData parse6(byte[] d) {
    try {
      var m = org.iscsilab.protocol.scsi.mode.ModeParameterList.parseSense6(d);
      return new ModeData(m.writeProtected(), m.cachingPage().map(c -> c.wce()), d.clone());
    } catch (RuntimeException e) {
      // lenient fallback below
    }
    if (d.length < 4) {
      throw new IllegalArgumentException("MODE SENSE(6) data needs a 4-byte header, got " + d.length);
    }
    return parse(d, 4 + (d[3] & 0xff), (d[2] & 0x80) != 0, (d[0] & 0xff) + 1);
  }

  static ModeData parse10(byte[] d) {
    try {
      var m = org.iscsilab.protocol.scsi.mode.ModeParameterList.parseSense10(d);
      return new ModeData(m.writeProtected(), m.cachingPage().map(c -> c.wce()), d.clone());
    } catch (RuntimeException e) {
      // lenient fallback below
    }
    if (d.length < 8) {
      throw new IllegalArgumentException("MODE SENSE(10) data needs an 8-byte header, got " + d.length);
    }
    int bdl = ((d[6] & 0xff) << 8) | (d[7] & 0xff);
    return parse(d, 8 + bdl, (d[3] & 0x80) != 0, (((d[0] & 0xff) << 8) | (d[1] & 0xff)) + 2);
  }

  private static ModeData parse(byte[] d, int firstPage, boolean wp, int total) {
    Optional<Boolean> wce = Optional.empty();
    int end = Math.min(d.length, total);
    for (int off = firstPage; off + 2 <= end; ) {
      int code = d[off] & 0x3f;
      boolean spf = (d[off] & 0x40) != 0;
      int len = spf ? (off + 4 <= end ? (((d[off + 2] & 0xff) << 8) | (d[off + 3] & 0xff)) + 4 : end)
          : (d[off + 1] & 0xff) + 2;
      if (code == 0x08 && !spf && off + 2 < end) {
        wce = Optional.of((d[off + 2] & 0x04) != 0);
      }
      if (len <= 0) {
        break;
      }
      off += len;
    }
    return new ModeData(wp, wce, d.clone());
  }
}
