package org.iscsilab.initiator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.zip.CRC32;
import org.iscsilab.initiator.Awaited;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.ScriptedTargetAccess;
import org.iscsilab.initiator.Side;
import org.iscsilab.initiator.TaskStalledException;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;

@ExtendWith(NettyLeakDetection.class)
@Timeout(30)
class DiskFormatWorkloadTest {

  @Test
  void runsEveryPhaseAgainstATargetThatAnswersEverything() {
    try (ScriptedTargetAccess t = new ScriptedTargetAccess(); IscsiSession s = IscsiSession.open(t.config())) {
      DiskFormatWorkload.Report r = new DiskFormatWorkload(BlockDevice.open(s, 0),
          DiskFormatWorkload.Options.defaults(), null).run();
      assertThat(r.failure()).isEmpty();
      assertThat(r.phases()).extracting(DiskFormatWorkload.Phase::name).containsExactly("probe",
          "read partition tables", "write partition tables", "zero first MiB", "zero contiguous range",
          "volume header", "synchronize cache");
      byte[] disk = t.disk();
      assertThat(disk[510]).isEqualTo((byte) 0x55);
      assertThat(disk[511]).isEqualTo((byte) 0xAA);
      assertThat(new String(disk, 512, 8)).isEqualTo("EFI PART");
      ByteBuffer h = ByteBuffer.wrap(disk, 512, 92).order(ByteOrder.LITTLE_ENDIAN);
      int stored = h.getInt(512 + 16);
      byte[] header = java.util.Arrays.copyOfRange(disk, 512, 512 + 92);
      header[16] = header[17] = header[18] = header[19] = 0;
      CRC32 crc = new CRC32();
      crc.update(header);
      assertThat(stored).isEqualTo((int) crc.getValue());
      assertThat(Json.write(r.toJson())).contains("\"ok\":true");
    }
  }

  /** The motivating case: SYNCHRONIZE CACHE (whole cache) accepted and never answered. */
  @Test
  void aFlushTheTargetNeverAnswersStopsTheFormatWithTheDiagnosis() {
    try (ScriptedTargetAccess t = new ScriptedTargetAccess()) {
      t.dropOpcode(0x35);
      try (IscsiSession s = IscsiSession.open(t.config())) {
        DiskFormatWorkload.Report r = new DiskFormatWorkload(BlockDevice.open(s, 0),
            new DiskFormatWorkload.Options(1 << 20, 0, 4, Duration.ofMillis(500)), null).run();
        assertThat(r.ok()).isFalse();
        DiskFormatWorkload.Phase last = r.phases().get(r.phases().size() - 1);
        assertThat(last.name()).isEqualTo("synchronize cache");
        assertThat(last.status()).isEqualTo("STALLED");
        TaskStalledException e = r.stall().orElseThrow();
        assertThat(e.task()).isEqualTo("SYNCHRONIZE CACHE(10) LBA 0 blocks 0 (whole medium)");
        assertThat(e.awaited()).isEqualTo(Awaited.SCSI_RESPONSE);
        assertThat(e.owingSide()).isEqualTo(Side.TARGET);
        assertThat(Json.write(r.toJson())).contains("\"owingSide\":\"TARGET\"").contains("\"awaited\":\"SCSI Response\"");
      }
    }
  }
}
