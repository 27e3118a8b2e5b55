package org.iscsilab.target.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiStatus;
import org.iscsilab.protocol.scsi.cdb.GetLbaStatus;
import org.iscsilab.protocol.scsi.cdb.ModeSelect;
import org.iscsilab.protocol.scsi.cdb.ModeSense;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveIn;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveOut;
import org.iscsilab.protocol.scsi.cdb.PreFetch;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.Release6;
import org.iscsilab.protocol.scsi.cdb.ReportSupportedOperationCodes;
import org.iscsilab.protocol.scsi.cdb.Reserve6;
import org.iscsilab.protocol.scsi.cdb.StartStopUnit;
import org.iscsilab.protocol.scsi.cdb.SynchronizeCache;
import org.iscsilab.protocol.scsi.cdb.Unmap;
import org.iscsilab.protocol.scsi.cdb.Verify;
import org.iscsilab.protocol.scsi.cdb.Write;
import org.iscsilab.protocol.scsi.cdb.WriteAndVerify;
import org.iscsilab.protocol.scsi.mode.PageControl;
import org.iscsilab.protocol.scsi.pr.PrInServiceAction;
import org.iscsilab.protocol.scsi.pr.PrOutServiceAction;
import org.iscsilab.protocol.scsi.pr.ReservationType;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.iscsilab.target.backend.SparseMemoryBackend;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class LogicalUnitCommandsTest {
  static final Nexus A = new Nexus("iqn.2026-11.org.iscsilab:a", 1, 1);
  static final Nexus B = new Nexus("iqn.2026-11.org.iscsilab:b", 2, 1);
  private final LogicalUnit lu = new LogicalUnit(0, new SparseMemoryBackend(1 << 24, false), "iqn.2026-11.x:t", false);
  private final LogicalUnit readOnly = new LogicalUnit(1, new SparseMemoryBackend(1 << 20, true), "iqn.2026-11.x:t",
      false);

  private ScsiResult run(LogicalUnit u, Nexus n, byte[] cdb, byte[] data) {
    return u.execute(new ScsiRequest(n, cdb, data.length, data));
  }

  private ScsiResult run(Nexus n, byte[] cdb, byte[] data) {
    return run(lu, n, cdb, data);
  }

  private ScsiResult run(byte[] cdb) {
    return run(A, cdb, ScsiRequest.NO_DATA);
  }

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  @Test
  void verifyWithByteCheckComparesAndWriteAndVerifyWrites() {
    assertThat(run(A, WriteAndVerify.of16(4, 1).toBytes(), filled(512, 7)).good()).isTrue();
    byte[] v = new Verify(16, 0, false, 1, 4, 1, 0, 0).toBytes();
    assertThat(run(A, v, filled(512, 7)).good()).isTrue();
    ScsiResult miss = run(A, v, filled(512, 8));
    assertThat(miss.sense().senseKey()).isEqualTo(SenseKey.MISCOMPARE);
    assertThat(run(Verify.of16(4, 1).toBytes()).good()).as("BYTCHK 0 only checks the medium").isTrue();
  }

  @Test
  void unmapDeallocatesTheListedRangesAndGetLbaStatusSeesIt() {
    run(A, Write.of16(0, 256).toBytes(), filled(256 * 512, 1));
    assertThat(ScsiBytes.u32(run(new GetLbaStatus(0, 64, 0).toBytes()).data(), 0)).isEqualTo(20);
    assertThat(run(new GetLbaStatus(0, 64, 0).toBytes()).data()[20]).as("mapped").isZero();
    byte[] p = new byte[24];
    ScsiBytes.put16(p, 0, 22);
    ScsiBytes.put16(p, 2, 16);
    ScsiBytes.put64(p, 8, 0);
    ScsiBytes.put32(p, 16, 256);
    assertThat(run(A, new Unmap(false, 0, 24, 0).toBytes(), p).good()).isTrue();
    assertThat(run(new GetLbaStatus(0, 64, 0).toBytes()).data()[20]).as("deallocated").isEqualTo((byte) 1);
    assertThat(run(Read.of10(0, 1).toBytes()).data()).containsOnly((byte) 0);
  }

  @Test
  void synchronizeCacheOfTheWholeMediumAndPrefetchConditionMet() {
    assertThat(run(SynchronizeCache.wholeMedium(10, false).toBytes()).good()).isTrue();
    assertThat(run(SynchronizeCache.wholeMedium(16, false).toBytes()).good()).isTrue();
    assertThat(run(PreFetch.wholeMedium(10, false).toBytes()).status()).isEqualTo(ScsiStatus.CONDITION_MET);
  }

  @Test
  void stoppedUnitIsNotReadyUntilStartedAgain() {
    assertThat(run(StartStopUnit.of(false).toBytes()).good()).isTrue();
    assertThat(run(Read.of10(0, 1).toBytes()).sense().senseKey()).isEqualTo(SenseKey.NOT_READY);
    assertThat(run(StartStopUnit.of(true).toBytes()).good()).isTrue();
    assertThat(run(Read.of10(0, 1).toBytes()).good()).isTrue();
  }

  @Test
  void writesToAReadOnlyLunAreWriteProtected() {
    ScsiResult r = run(readOnly, A, Write.of10(0, 1).toBytes(), new byte[512]);
    assertThat(r.sense().senseKey()).isEqualTo(SenseKey.DATA_PROTECT);
    ScsiResult mode = run(readOnly, A, ModeSense.of6(0x3F, 255).toBytes(), ScsiRequest.NO_DATA);
    assertThat(mode.data()[2] & 0x80).as("WP in the mode parameter header").isNotZero();
  }

  @Test
  void modeSelectTurnsTheWriteCacheOffAndTellsOtherNexuses() {
    lu.attach(A);
    lu.attach(B);
    byte[] caching = Arrays.copyOfRange(run(new ModeSense(10, false, true, PageControl.CURRENT, 0x08, 0, 255, 0)
        .toBytes()).data(), 8, 28);
    caching[2] &= ~0x04;
    byte[] params = new byte[8 + caching.length];
    System.arraycopy(caching, 0, params, 8, caching.length);
    caching[0] &= 0x3f;
    assertThat(run(A, new ModeSelect(10, true, false, params.length, 0).toBytes(), params).good()).isTrue();
    byte[] now = run(new ModeSense(10, false, true, PageControl.CURRENT, 0x08, 0, 255, 0).toBytes()).data();
    assertThat(now[8 + 2] & 0x04).isZero();
    ScsiResult b = run(B, new byte[6], ScsiRequest.NO_DATA);
    assertThat(b.sense().additionalSense().asc()).isEqualTo(0x2A);
  }

  @Test
  void modeSelectChangingAnUnchangeableFieldPointsAtIt() {
    byte[] page = Arrays.copyOfRange(run(new ModeSense(10, false, true, PageControl.CURRENT, 0x0A, 0, 255, 0)
        .toBytes()).data(), 8, 20);
    page[3] ^= 0x10;
    byte[] params = new byte[8 + page.length];
    System.arraycopy(page, 0, params, 8, page.length);
    ScsiResult r = run(A, new ModeSelect(10, true, false, params.length, 0).toBytes(), params);
    assertThat(r.sense().fieldPointer().orElseThrow().byteOffset()).isEqualTo(11);
  }

  @Test
  void reportSupportedOperationCodesListsReadSixteen() {
    ScsiResult all = run(ReportSupportedOperationCodes.all(false, 4096).toBytes());
    assertThat(all.good()).isTrue();
    ScsiResult one = run(ReportSupportedOperationCodes.one(0x88, -1, false, 64).toBytes());
    assertThat(one.data()[1] & 0x07).isEqualTo(3);
    assertThat(ScsiBytes.u16(one.data(), 2)).isEqualTo(16);
    ScsiResult none = run(ReportSupportedOperationCodes.one(0xC0, -1, false, 64).toBytes());
    assertThat(none.data()[1] & 0x07).isEqualTo(1);
    ScsiResult withSa = run(ReportSupportedOperationCodes.one(0x9E, 0x10, false, 64).toBytes());
    assertThat(withSa.data()[1] & 0x07).isEqualTo(3);
    ScsiResult noSa = run(ReportSupportedOperationCodes.one(0x88, 1, false, 64).toBytes());
    assertThat(noSa.sense().fieldPointer().orElseThrow().byteOffset()).isEqualTo(3);
  }

  @Test
  void reserveSixConflictsForOthersUntilReleased() {
    assertThat(run(A, new Reserve6(0).toBytes(), ScsiRequest.NO_DATA).good()).isTrue();
    assertThat(run(B, Read.of10(0, 1).toBytes(), ScsiRequest.NO_DATA).status())
        .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    assertThat(run(A, new Release6(0).toBytes(), ScsiRequest.NO_DATA).good()).isTrue();
    assertThat(run(B, Read.of10(0, 1).toBytes(), ScsiRequest.NO_DATA).good()).isTrue();
  }

  private static byte[] pr(long key, long saKey) {
    byte[] p = new byte[24];
    ScsiBytes.put64(p, 0, key);
    ScsiBytes.put64(p, 8, saKey);
    return p;
  }

  @Test
  void persistentReservationKeysPreemptAndReadBack() {
    lu.attach(A);
    lu.attach(B);
    run(A, new byte[6], ScsiRequest.NO_DATA); // clear nothing: power-on UA is off here
    byte[] reg = PersistentReserveOut.of(PrOutServiceAction.REGISTER, ReservationType.EXCLUSIVE_ACCESS).toBytes();
    assertThat(run(A, reg, pr(0, 0xAA)).good()).isTrue();
    assertThat(run(B, reg, pr(0, 0xBB)).good()).isTrue();
    byte[] reserve = PersistentReserveOut.of(PrOutServiceAction.RESERVE, ReservationType.EXCLUSIVE_ACCESS).toBytes();
    assertThat(run(A, reserve, pr(0xAA, 0)).good()).isTrue();
    assertThat(run(B, Read.of10(0, 1).toBytes(), ScsiRequest.NO_DATA).status())
        .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    ScsiResult keys = run(new PersistentReserveIn(PrInServiceAction.READ_KEYS, 255, 0).toBytes());
    assertThat(ScsiBytes.u32(keys.data(), 4)).isEqualTo(16);
    ScsiResult res = run(new PersistentReserveIn(PrInServiceAction.READ_RESERVATION, 255, 0).toBytes());
    assertThat(ScsiBytes.u64(res.data(), 8)).isEqualTo(0xAA);
    assertThat(res.data()[21]).isEqualTo((byte) 0x3);
    byte[] preempt = PersistentReserveOut.of(PrOutServiceAction.PREEMPT, ReservationType.WRITE_EXCLUSIVE).toBytes();
    assertThat(run(B, preempt, pr(0xBB, 0xAA)).good()).isTrue();
    ScsiResult a = run(A, Read.of10(0, 1).toBytes(), ScsiRequest.NO_DATA);
    assertThat(a.sense().additionalSense().asc()).as("REGISTRATIONS PREEMPTED").isEqualTo(0x2A);
    ScsiResult full = run(new PersistentReserveIn(PrInServiceAction.READ_FULL_STATUS, 1024, 0).toBytes());
    assertThat(full.good()).isTrue();
    assertThat(run(new PersistentReserveIn(PrInServiceAction.REPORT_CAPABILITIES, 8, 0).toBytes()).good()).isTrue();
  }
}
