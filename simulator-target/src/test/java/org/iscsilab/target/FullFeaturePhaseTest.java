package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.target.TargetFixture.pattern;
import static org.iscsilab.target.TargetFixture.read10;
import static org.iscsilab.target.TargetFixture.write10;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LogoutReason;
import org.iscsilab.protocol.pdu.LogoutRequest;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.LogoutResponseCode;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.scsi.cdb.Inquiry;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.sense.IscsiSense;
import org.iscsilab.protocol.scsi.sense.SenseData;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class FullFeaturePhaseTest {

  private void write(TestInitiator i, long lba, byte[] data, int maxSegment) {
    int blocks = data.length / 512;
    ScsiCommand c = i.command(write10(lba, blocks)).write(true).expectedDataTransferLength(data.length).build();
    i.send(c);
    int done = 0;
    while (done < data.length) {
      ReadyToTransfer r2t = i.receive(ReadyToTransfer.class);
      assertThat(r2t.initiatorTaskTag()).isEqualTo(c.initiatorTaskTag());
      int off = r2t.bufferOffset();
      int end = off + r2t.desiredDataTransferLength();
      int sn = 0;
      for (int p = off; p < end; p += maxSegment) {
        int n = Math.min(maxSegment, end - p);
        i.send(new DataOut(p + n == end, 0, c.initiatorTaskTag(), r2t.targetTransferTag(), i.expStatSN, sn++, p,
            DataSegment.of(data, p, n)));
      }
      done += r2t.desiredDataTransferLength();
    }
    TestInitiator.Result r = i.collect(c.initiatorTaskTag());
    assertThat(r.status()).isZero();
  }

  @Test
  void writeWithR2TThenReadBackIsByteIdentical() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "Yes").op("ImmediateData", "No")
          .op("MaxBurstLength", "16384").op("FirstBurstLength", "16384").op("MaxRecvDataSegmentLength", "8192"));
      byte[] data = pattern(65536, 7);
      write(i, 100, data, 8192);
      TestInitiator.Result r = i.read(read10(100, 128), 65536);
      assertThat(r.status()).isZero();
      assertThat(r.data()).isEqualTo(data);
    }
  }

  @Test
  void dataInIsSplitAtInitiatorMaxRecvDataSegmentLengthAndMaxBurstLength() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("MaxRecvDataSegmentLength", "4096").op("MaxBurstLength", "16384")
          .op("FirstBurstLength", "16384"));
      TestInitiator.Result r = i.read(read10(0, 128), 65536);
      List<DataIn> ins = r.dataIns();
      assertThat(ins).hasSize(16);
      for (int k = 0; k < 16; k++) {
        DataIn d = ins.get(k);
        assertThat(d.dataSN()).isEqualTo(k);
        assertThat(d.bufferOffset()).isEqualTo(k * 4096);
        assertThat(d.data().length()).isEqualTo(4096);
        assertThat(d.finalFlag()).as("F at the end of each 16 KiB sequence, PDU %d", k).isEqualTo(k % 4 == 3);
        assertThat(d.statusPresent()).isEqualTo(k == 15);
      }
    }
  }

  @Test
  void immediateAndUnsolicitedDataUpToFirstBurstLengthThenR2TForTheRest() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "No").op("ImmediateData", "Yes")
          .op("FirstBurstLength", "8192").op("MaxBurstLength", "65536").op("MaxRecvDataSegmentLength", "8192"));
      byte[] data = pattern(32768, 3);
      ScsiCommand c = i.command(write10(8, 64)).write(true).finalFlag(false).expectedDataTransferLength(32768)
          .data(DataSegment.of(data, 0, 4096)).build();
      i.send(c);
      i.send(new DataOut(true, 0, c.initiatorTaskTag(), Pdu.RESERVED_TAG, 0, 0, 4096, DataSegment.of(data, 4096, 4096)));
      ReadyToTransfer r2t = i.receive(ReadyToTransfer.class);
      assertThat(r2t.bufferOffset()).isEqualTo(8192);
      assertThat(r2t.desiredDataTransferLength()).isEqualTo(24576);
      assertThat(r2t.r2tSN()).isZero();
      for (int p = 8192, sn = 0; p < 32768; p += 8192, sn++) {
        i.send(new DataOut(p + 8192 == 32768, 0, c.initiatorTaskTag(), r2t.targetTransferTag(), 0, sn, p,
            DataSegment.of(data, p, 8192)));
      }
      assertThat(i.collect(c.initiatorTaskTag()).status()).isZero();
      assertThat(i.read(read10(8, 64), 32768).data()).isEqualTo(data);
    }
  }

  @Test
  void zeroLengthReadCompletesWithGood() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      TestInitiator.Result r = i.read(Read.of16(0, 0).toBytes(), 0);
      assertThat(r.response()).isNotNull();
      assertThat(r.status()).isZero();
    }
  }

  @Test
  void readPastTheEndIsCheckConditionWithLbaOutOfRangeSense() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      TestInitiator.Result r = i.read(read10(131072, 1), 512);
      assertThat(r.status()).isEqualTo(0x02);
      SenseData s = IscsiSense.decode(r.response().data().toByteArray()).orElseThrow();
      assertThat(s.senseKey()).isEqualTo(SenseKey.ILLEGAL_REQUEST);
      assertThat(s.additionalSense().asc()).isEqualTo(0x21);
    }
  }

  @Test
  void inquiryShorterThanEdtlReportsResidualUnderflow() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      TestInitiator.Result r = i.read(Inquiry.standard(255).toBytes(), 255);
      DataIn last = (DataIn) r.last();
      assertThat(last.residualUnderflow()).isTrue();
      assertThat(last.residualCount()).isEqualTo(255 - r.data().length);
    }
  }

  @Test
  void unknownOpcodeIsCheckConditionWithFieldPointerToByteZero() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      TestInitiator.Result r = i.read(new byte[] {(byte) 0xC7, 0, 0, 0, 0, 0}, 0);
      SenseData s = IscsiSense.decode(r.response().data().toByteArray()).orElseThrow();
      assertThat(s.additionalSense().asc()).isEqualTo(0x20);
      assertThat(s.fieldPointer()).isPresent();
      assertThat(s.fieldPointer().get().byteOffset()).isZero();
    }
  }

  @Test
  void nopOutIsAnsweredWithItsDataLunAndItt() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      DataSegment ping = DataSegment.of(pattern(100, 1));
      i.send(new NopOut(true, 0x0001000000000000L, 0x77, Pdu.RESERVED_TAG, i.cmdSN, i.expStatSN, ping));
      NopIn in = i.receive(NopIn.class);
      assertThat(in.initiatorTaskTag()).isEqualTo(0x77);
      assertThat(in.targetTransferTag()).isEqualTo(Pdu.RESERVED_TAG);
      assertThat(in.lun()).isEqualTo(0x0001000000000000L);
      assertThat(in.data()).isEqualTo(ping);
    }
  }

  @Test
  void commandBeyondMaxCmdSNIsIgnoredAndImmediateOnesDoNotAdvanceTheWindow() {
    try (IscsiTarget t = TargetFixture.builder().limits(SessionLimits.DEFAULTS.withQueueDepth(8)).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      int exp = i.cmdSN;
      ScsiCommand far = ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(0x999).cmdSN(exp + 100).build();
      i.send(far);
      i.send(new NopOut(true, 0, 0x55, Pdu.RESERVED_TAG, exp, i.expStatSN, DataSegment.EMPTY));
      // In-order processing: the NOP-In comes back, and nothing for the ignored command before it.
      NopIn in = i.receive(NopIn.class);
      assertThat(in.expCmdSN()).isEqualTo(exp);
      assertThat(in.maxCmdSN()).isEqualTo(exp + 7);
      ScsiCommand tur = i.command(new byte[6]).build();
      i.send(tur);
      ScsiResponse r = i.receive(ScsiResponse.class);
      assertThat(r.initiatorTaskTag()).isEqualTo(tur.initiatorTaskTag());
      assertThat(r.expCmdSN()).isEqualTo(exp + 1);
    }
  }

  @Test
  void commandsArrivingAheadOfExpCmdSNWaitForTheGap() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      int exp = i.cmdSN;
      ScsiCommand second = ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(2).cmdSN(exp + 1).build();
      ScsiCommand first = ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(1).cmdSN(exp).build();
      i.send(second);
      i.send(first);
      assertThat(i.receive(ScsiResponse.class).initiatorTaskTag()).isEqualTo(1);
      ScsiResponse r = i.receive(ScsiResponse.class);
      assertThat(r.initiatorTaskTag()).isEqualTo(2);
      assertThat(r.expCmdSN()).isEqualTo(exp + 2);
    }
  }

  @Test
  void digestsOnBothWaysStillMoveData() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("HeaderDigest", "CRC32C").op("DataDigest", "CRC32C")
          .op("InitialR2T", "Yes").op("ImmediateData", "No"));
      assertThat(i.negotiated).containsEntry("HeaderDigest", "CRC32C").containsEntry("DataDigest", "CRC32C");
      byte[] data = pattern(8192, 9);
      write(i, 0, data, 8192);
      assertThat(i.read(read10(0, 16), 8192).data()).isEqualTo(data);
    }
  }

  @Test
  void logoutClosesTheSessionAndTheConnection() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      assertThat(t.sessionCount()).isEqualTo(1);
      i.send(new LogoutRequest(true, LogoutReason.CLOSE_SESSION, 0x31, 0, i.cmdSN, i.expStatSN));
      LogoutResponse r = i.receive(LogoutResponse.class);
      assertThat(r.response()).isEqualTo(LogoutResponseCode.CLOSED_SUCCESSFULLY);
      assertThat(i.awaitClosed(TestInitiator.WAIT)).isTrue();
      assertThat(t.sessionCount()).isZero();
    }
  }

  @Test
  void unansweredNopInPingDropsTheConnection() {
    SessionLimits fast = SessionLimits.DEFAULTS.withTimers(Duration.ofMillis(100), Duration.ofMillis(200),
        Duration.ofSeconds(5));
    try (IscsiTarget t = TargetFixture.builder().limits(fast).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      NopIn ping = i.receive(NopIn.class);
      assertThat(ping.initiatorTaskTag()).isEqualTo(Pdu.RESERVED_TAG);
      assertThat(ping.targetTransferTag()).isNotEqualTo(Pdu.RESERVED_TAG);
      assertThat(i.awaitClosed(TestInitiator.WAIT)).isTrue();
    }
  }

  @Test
  void answeredNopInPingKeepsTheConnection() {
    SessionLimits fast = SessionLimits.DEFAULTS.withTimers(Duration.ofMillis(100), Duration.ofMillis(300),
        Duration.ofSeconds(5));
    try (IscsiTarget t = TargetFixture.builder().limits(fast).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      for (int k = 0; k < 3; k++) {
        NopIn ping = i.receive(NopIn.class);
        i.send(NopOut.answer(ping, i.cmdSN, i.expStatSN));
      }
      ScsiCommand tur = i.command(new byte[6]).build();
      i.send(tur);
      Pdu p;
      do {
        p = i.receive();
        if (p instanceof NopIn ping) {
          i.send(NopOut.answer(ping, i.cmdSN, i.expStatSN));
        }
      } while (!(p instanceof ScsiResponse));
      assertThat(Arrays.asList(((ScsiResponse) p).status())).containsExactly(0);
    }
  }

  @Test
  void fileLunServesWritesAndReadsFromItsIoThreads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    try (IscsiTarget t = IscsiTarget.builder().listen("127.0.0.1", 0).reportPowerOnUnitAttention(false)
        .lun(0, org.iscsilab.target.backend.LunSpec.parse("file:" + dir.resolve("lun.img") + ",size=16MiB")).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "Yes").op("ImmediateData", "No")
          .op("MaxBurstLength", "16384").op("FirstBurstLength", "16384").op("MaxRecvDataSegmentLength", "8192"));
      byte[] data = pattern(65536, 21);
      write(i, 2048, data, 8192);
      TestInitiator.Result r = i.read(read10(2048, 128), 65536);
      assertThat(r.data()).isEqualTo(data);
      // SYNCHRONIZE CACHE forces the file to stable storage and completes.
      assertThat(i.read(org.iscsilab.protocol.scsi.cdb.SynchronizeCache.wholeMedium(10, false).toBytes(), 0)
          .status()).isZero();
    }
  }

  @Test
  void wireTapSeesTheExactBytesBothWays() {
    java.util.concurrent.atomic.AtomicLong in = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong out = new java.util.concurrent.atomic.AtomicLong();
    org.iscsilab.protocol.codec.WireTap.Listener l = new org.iscsilab.protocol.codec.WireTap.Listener() {
      @Override
      public void onInbound(io.netty.buffer.ByteBuf bytes, long t) {
        in.addAndGet(bytes.readableBytes());
      }

      @Override
      public void onOutbound(io.netty.buffer.ByteBuf bytes, long t) {
        out.addAndGet(bytes.readableBytes());
      }
    };
    try (IscsiTarget t = TargetFixture.builder().wireTap(ch -> l, System::nanoTime).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      TestInitiator.Result r = i.read(read10(0, 8), 4096);
      assertThat(r.data()).hasSize(4096);
      // The response is counted before it is written, so it is in by the time it was read here.
      assertThat(out.get()).isGreaterThanOrEqualTo(48 + 4096);
      assertThat(in.get()).isGreaterThanOrEqualTo(48 * 3);
    }
  }

  @Test
  void textRequestRedeclaringMaxRecvDataSegmentLengthShrinksDataIn() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("MaxRecvDataSegmentLength", "65536"));
      i.send(new org.iscsilab.protocol.pdu.TextRequest(true, true, false, 0, 0x71, -1, i.cmdSN, i.expStatSN,
          TestInitiator.keys(java.util.Map.of("MaxRecvDataSegmentLength", "4096"))));
      org.iscsilab.protocol.pdu.TextResponse r = i.receive(org.iscsilab.protocol.pdu.TextResponse.class);
      i.expStatSN = r.statSN() + 1;
      assertThat(i.read(read10(0, 16), 8192).dataIns()).hasSize(2);
    }
  }
}
