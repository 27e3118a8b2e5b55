package org.iscsilab.target.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiStatus;
import org.iscsilab.protocol.scsi.cdb.CompareAndWrite;
import org.iscsilab.protocol.scsi.cdb.Inquiry;
import org.iscsilab.protocol.scsi.cdb.ModeSense;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveOut;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.ReadCapacity16;
import org.iscsilab.protocol.scsi.cdb.Write;
import org.iscsilab.protocol.scsi.cdb.WriteSame;
import org.iscsilab.protocol.scsi.pr.PrOutServiceAction;
import org.iscsilab.protocol.scsi.pr.ReservationType;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.iscsilab.target.backend.SparseMemoryBackend;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class LogicalUnitTest {
  static final Nexus A = new Nexus("iqn.2026-11.org.iscsilab:a", 1, 1);
  static final Nexus B = new Nexus("iqn.2026-11.org.iscsilab:b", 2, 1);

  private final LogicalUnit lu = new LogicalUnit(0, new SparseMemoryBackend(1 << 24, false), "iqn.2026-11.x:t", true);

  private ScsiResult run(Nexus n, byte[] cdb, byte[] data) {
    return lu.execute(new ScsiRequest(n, cdb, data.length, data));
  }

  private ScsiResult run(byte[] cdb) {
    return run(A, cdb, ScsiRequest.NO_DATA);
  }

  @Test
  void newNexusSeesPowerOnUnitAttentionOnceButInquiryIsNotBlocked() {
    lu.attach(A);
    assertThat(run(Inquiry.standard(96).toBytes()).good()).isTrue();
    ScsiResult first = run(new byte[6]);
    assertThat(first.sense().senseKey()).isEqualTo(SenseKey.UNIT_ATTENTION);
    assertThat(first.sense().additionalSense().asc()).isEqualTo(0x29);
    assertThat(run(new byte[6]).good()).isTrue();
  }

  @Test
  void everyVpdPageAdvertisedInPageZeroIsServed() {
    ScsiResult zero = run(Inquiry.vpd(0, 255).toBytes());
    int n = ScsiBytes.u16(zero.data(), 2);
    for (int k = 0; k < n; k++) {
      int page = zero.data()[4 + k] & 0xff;
      ScsiResult r = run(Inquiry.vpd(page, 255).toBytes());
      assertThat(r.good()).as("VPD page %02x", page).isTrue();
      assertThat(r.data()[1] & 0xff).isEqualTo(page);
    }
    ScsiResult bad = run(Inquiry.vpd(0x99, 255).toBytes());
    assertThat(bad.sense().fieldPointer().orElseThrow().byteOffset()).isEqualTo(2);
  }

  @Test
  void readCapacity16ReportsLastLbaAndThinProvisioning() {
    ScsiResult r = run(ReadCapacity16.of().toBytes());
    assertThat(ScsiBytes.u64(r.data(), 0)).isEqualTo((1 << 24) / 512 - 1);
    assertThat(ScsiBytes.u32(r.data(), 8)).isEqualTo(512);
    assertThat(r.data()[14] & 0x80).isNotZero();
  }

  @Test
  void writeThenReadAndOutOfRangeAccess() {
    byte[] d = new byte[1024];
    Arrays.fill(d, (byte) 9);
    assertThat(run(A, Write.of10(5, 2).toBytes(), d).good()).isTrue();
    assertThat(Arrays.copyOf(run(Read.of10(5, 2).toBytes()).data(), 1024)).isEqualTo(d);
    ScsiResult out = run(Read.of16((1 << 24) / 512, 1).toBytes());
    assertThat(out.status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
    assertThat(out.sense().additionalSense().asc()).isEqualTo(0x21);
  }

  @Test
  void writeSameWithUnmapDeallocatesAndCompareAndWriteDetectsMiscompare() {
    byte[] d = new byte[512];
    Arrays.fill(d, (byte) 3);
    run(A, Write.of10(0, 1).toBytes(), d);
    assertThat(run(A, WriteSame.unmap16(0, 1).toBytes(), new byte[512]).good()).isTrue();
    assertThat(run(Read.of10(0, 1).toBytes()).data()).containsOnly((byte) 0);
    byte[] caw = new byte[1024];
    caw[0] = 1; // expects 1 at byte 0, the medium holds 0
    ScsiResult r = run(A, CompareAndWrite.of(0, 1).toBytes(), caw);
    assertThat(r.sense().senseKey()).isEqualTo(SenseKey.MISCOMPARE);
    assertThat(r.sense().information().orElseThrow()).isZero();
  }

  @Test
  void modeSenseAllPagesInAllPageControlsAndCachingIsChangeable() {
    for (var pc : org.iscsilab.protocol.scsi.mode.PageControl.values()) {
      if (pc == org.iscsilab.protocol.scsi.mode.PageControl.SAVED) {
        continue;
      }
      ScsiResult r = run(new ModeSense(10, false, false, pc, 0x3F, 0, 4096, 0).toBytes());
      assertThat(r.good()).as("%s", pc).isTrue();
    }
  }

  private static byte[] prParams(long key, long saKey) {
    byte[] p = new byte[24];
    ScsiBytes.put64(p, 0, key);
    ScsiBytes.put64(p, 8, saKey);
    return p;
  }

  @Test
  void persistentReservationWriteExclusiveBlocksOtherWritersButNotReaders() {
    byte[] register = PersistentReserveOut.of(PrOutServiceAction.REGISTER, ReservationType.WRITE_EXCLUSIVE).toBytes();
    assertThat(run(A, register, prParams(0, 0xA)).good()).isTrue();
    byte[] reserve = PersistentReserveOut.of(PrOutServiceAction.RESERVE, ReservationType.WRITE_EXCLUSIVE).toBytes();
    assertThat(run(A, reserve, prParams(0xA, 0)).good()).isTrue();
    assertThat(run(B, Write.of10(0, 1).toBytes(), new byte[512]).status())
        .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    assertThat(run(B, Read.of10(0, 1).toBytes(), ScsiRequest.NO_DATA).good()).isTrue();
    assertThat(run(A, Write.of10(0, 1).toBytes(), new byte[512]).good()).isTrue();
  }
}
