package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.target.TargetFixture.pattern;

import java.time.Duration;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.scsi.cdb.SynchronizeCache;
import org.iscsilab.protocol.scsi.cdb.Write;
import org.junit.jupiter.api.Test;

/**
 * The motivating case (docs/interop-failures.md): back-to-back 1 MiB writes split into R2T bursts,
 * NOP pings in between, then SYNCHRONIZE CACHE of the whole cache. Every task is answered.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class FormatWorkloadTest {

  /** Next PDU that is not a ping; pings are answered on the way (as a format tool's initiator does). */
  private static Pdu next(TestInitiator i) {
    while (true) {
      Pdu p = i.receive();
      if (p instanceof NopIn ping && ping.targetTransferTag() != Pdu.RESERVED_TAG) {
        i.send(NopOut.answer(ping, i.cmdSN, i.expStatSN));
        continue;
      }
      return p;
    }
  }

  @Test
  void longRunOfLargeWritesWithPingsEndsWithAnAnsweredWholeCacheFlush() {
    SessionLimits limits = SessionLimits.DEFAULTS.withTimers(Duration.ofMillis(20), Duration.ofSeconds(5),
        Duration.ofSeconds(5));
    try (IscsiTarget t = TargetFixture.builder().limits(limits).start();
         TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "Yes").op("ImmediateData", "No")
          .op("MaxBurstLength", "262144").op("FirstBurstLength", "65536").op("MaxRecvDataSegmentLength", "65536"));
      byte[] mib = pattern(1 << 20, 17);
      for (int k = 0; k < 16; k++) {
        ScsiCommand c = i.command(Write.of10(2048L * k, 2048).toBytes()).write(true)
            .expectedDataTransferLength(1 << 20).build();
        i.send(c);
        int done = 0;
        while (done < (1 << 20)) {
          Pdu p = next(i);
          assertThat(p).as("write %d waits for an R2T", k).isInstanceOf(ReadyToTransfer.class);
          ReadyToTransfer r2t = (ReadyToTransfer) p;
          int sn = 0;
          int end = r2t.bufferOffset() + r2t.desiredDataTransferLength();
          for (int off = r2t.bufferOffset(); off < end; off += 65536) {
            i.send(new DataOut(off + 65536 >= end, 0, c.initiatorTaskTag(), r2t.targetTransferTag(), i.expStatSN,
                sn++, off, DataSegment.of(mib, off, Math.min(65536, end - off))));
          }
          done += r2t.desiredDataTransferLength();
        }
        Pdu status = next(i);
        assertThat(status).isInstanceOf(ScsiResponse.class);
        assertThat(((ScsiResponse) status).status()).isZero();
        i.expStatSN = ((ScsiResponse) status).statSN() + 1;
      }
      ScsiCommand sync = i.command(SynchronizeCache.wholeMedium(10, false).toBytes()).build();
      i.send(sync);
      Pdu p = next(i);
      assertThat(p).isInstanceOf(ScsiResponse.class);
      assertThat(p.initiatorTaskTag()).isEqualTo(sync.initiatorTaskTag());
      assertThat(((ScsiResponse) p).status()).isZero();
    }
  }
}
