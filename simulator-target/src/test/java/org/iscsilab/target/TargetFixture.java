package org.iscsilab.target;

import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.Write;
import org.iscsilab.target.backend.LunSpec;

/** Starting an embedded target on a free loopback port for a test. */
final class TargetFixture {
  private TargetFixture() {}

  static IscsiTarget.Builder builder() {
    return IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse("64MiB"))
        .reportPowerOnUnitAttention(false).threads(1);
  }

  static byte[] read10(long lba, int blocks) {
    return Read.of10(lba, blocks).toBytes();
  }

  static byte[] write10(long lba, int blocks) {
    return Write.of10(lba, blocks).toBytes();
  }

  static byte[] pattern(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }
}
