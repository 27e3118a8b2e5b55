package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.target.TargetFixture.pattern;
import static org.iscsilab.target.TargetFixture.read10;
import static org.iscsilab.target.TargetFixture.write10;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.scsi.sense.IscsiSense;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;
import org.junit.jupiter.api.Test;

/** InitialR2T, ImmediateData, FirstBurstLength, MaxBurstLength and MaxOutstandingR2T in combination. */
@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class DataTransferTest {

  @Test
  void severalOutstandingR2TsAreIssuedAtOnceWithRisingR2TSN() {
    try (IscsiTarget t = TargetFixture.builder().limits(SessionLimits.DEFAULTS.withBursts(262144, 1048576, 262144,
        false, true, 4)).start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "Yes").op("ImmediateData", "No")
          .op("MaxBurstLength", "8192").op("FirstBurstLength", "8192").op("MaxOutstandingR2T", "4"));
      assertThat(i.negotiated).containsEntry("MaxOutstandingR2T", "4");
      byte[] data = pattern(32768, 5);
      ScsiCommand c = i.command(write10(0, 64)).write(true).expectedDataTransferLength(32768).build();
      i.send(c);
      List<ReadyToTransfer> r2ts = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        r2ts.add(i.receive(ReadyToTransfer.class));
      }
      for (int k = 0; k < 4; k++) {
        assertThat(r2ts.get(k).r2tSN()).isEqualTo(k);
        assertThat(r2ts.get(k).bufferOffset()).isEqualTo(k * 8192);
        assertThat(r2ts.get(k).desiredDataTransferLength()).isEqualTo(8192);
      }
      // Answer them out of order (DataSequenceInOrder only constrains the initiator's order of PDUs within
      // a sequence here); every burst is one PDU.
      for (int k = 3; k >= 0; k--) {
        ReadyToTransfer r = r2ts.get(k);
        i.send(new DataOut(true, 0, c.initiatorTaskTag(), r.targetTransferTag(), 0, 0, r.bufferOffset(),
            DataSegment.of(data, r.bufferOffset(), 8192)));
      }
      TestInitiator.Result done = i.collect(c.initiatorTaskTag());
      assertThat(done.status()).isZero();
      assertThat(done.response().expDataSN()).as("ExpDataSN counts the R2Ts (RFC 7143 §11.4.8)").isEqualTo(4);
      assertThat(i.read(read10(0, 64), 32768).data()).isEqualTo(data);
    }
  }

  @Test
  void immediateDataCoveringTheWholeWriteNeedsNoR2T() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "Yes").op("ImmediateData", "Yes")
          .op("FirstBurstLength", "65536"));
      byte[] data = pattern(4096, 11);
      ScsiCommand c = i.command(write10(32, 8)).write(true).expectedDataTransferLength(4096)
          .data(DataSegment.of(data)).build();
      i.send(c);
      assertThat(i.receive(ScsiResponse.class).status()).isZero();
      assertThat(i.read(read10(32, 8), 4096).data()).isEqualTo(data);
    }
  }

  @Test
  void immediateDataThenR2TForTheRemainderWhenInitialR2TIsYes() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "Yes").op("ImmediateData", "Yes")
          .op("FirstBurstLength", "8192").op("MaxRecvDataSegmentLength", "8192"));
      byte[] data = pattern(16384, 13);
      ScsiCommand c = i.command(write10(64, 32)).write(true).expectedDataTransferLength(16384)
          .data(DataSegment.of(data, 0, 4096)).build();
      i.send(c);
      ReadyToTransfer r = i.receive(ReadyToTransfer.class);
      assertThat(r.bufferOffset()).isEqualTo(4096);
      assertThat(r.desiredDataTransferLength()).isEqualTo(12288);
      i.send(new DataOut(false, 0, c.initiatorTaskTag(), r.targetTransferTag(), 0, 0, 4096,
          DataSegment.of(data, 4096, 8192)));
      i.send(new DataOut(true, 0, c.initiatorTaskTag(), r.targetTransferTag(), 0, 1, 12288,
          DataSegment.of(data, 12288, 4096)));
      assertThat(i.collect(c.initiatorTaskTag()).status()).isZero();
      assertThat(i.read(read10(64, 32), 16384).data()).isEqualTo(data);
    }
  }

  @Test
  void writeShorterThanTheCdbAsksWritesTheBlocksThatCameAndReportsOverflow() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("ImmediateData", "Yes"));
      byte[] as = new byte[1024];
      java.util.Arrays.fill(as, (byte) 'a');
      ScsiCommand a = i.command(write10(0, 2)).write(true).expectedDataTransferLength(1024)
          .data(DataSegment.of(as)).build();
      i.send(a);
      assertThat(i.collect(a.initiatorTaskTag()).status()).isZero();
      byte[] bs = new byte[512];
      java.util.Arrays.fill(bs, (byte) 'b');
      ScsiCommand c = i.command(write10(0, 2)).write(true).expectedDataTransferLength(512)
          .data(DataSegment.of(bs)).build();
      i.send(c);
      ScsiResponse r = i.receive(ScsiResponse.class);
      i.expStatSN = r.statSN() + 1;
      assertThat(r.status()).as("GOOD: the residual tells the initiator what was not transferred").isZero();
      assertThat(r.residualOverflow()).isTrue();
      assertThat(r.residualCount()).isEqualTo(512);
      byte[] back = i.read(read10(0, 2), 1024).data();
      assertThat(java.util.Arrays.copyOfRange(back, 0, 512)).as("the block that came").containsOnly('b');
      assertThat(java.util.Arrays.copyOfRange(back, 512, 1024)).as("the block that did not").containsOnly('a');
      // part of a block: refused, and the residual still says what was missing
      ScsiCommand partial = i.command(write10(0, 1)).write(true).expectedDataTransferLength(200)
          .data(DataSegment.of(new byte[200])).build();
      i.send(partial);
      ScsiResponse p = i.receive(ScsiResponse.class);
      assertThat(p.status()).isEqualTo(2);
      assertThat(IscsiSense.decode(p.data().toByteArray()).orElseThrow().additionalSense())
          .isEqualTo(AdditionalSense.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT);
      assertThat(p.residualOverflow()).isTrue();
      assertThat(p.residualCount()).isEqualTo(312);
    }
  }

  @Test
  void readLongerThanEdtlSendsEdtlBytesAndReportsOverflow() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      TestInitiator.Result r = i.read(read10(0, 8), 1024);
      assertThat(r.data()).hasSize(1024);
      org.iscsilab.protocol.pdu.DataIn last = (org.iscsilab.protocol.pdu.DataIn) r.last();
      assertThat(last.residualOverflow()).isTrue();
      assertThat(last.residualCount()).isEqualTo(4096 - 1024);
    }
  }
}
