package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Random;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.RejectReason;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.testfixtures.peers.Polling;
import org.junit.jupiter.api.Test;

/** Nothing a peer sends can stop the target from serving the next initiator. */
@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class RobustnessTest {

  @Test
  void randomBytesAfterLoginNeverStopTheTarget() {
    try (IscsiTarget t = TargetFixture.builder().start()) {
      qt().withExamples(40).forAll(longs().all(), integers().between(1, 4000)).checkAssert((seed, n) -> {
        byte[] junk = new byte[n];
        new Random(seed).nextBytes(junk);
        try (TestInitiator i = TestInitiator.connect(t.address())) {
          i.login();
          i.channel.writeAndFlush(Unpooled.wrappedBuffer(junk)).syncUninterruptibly();
        }
        try (TestInitiator ok = TestInitiator.connect(t.address())) {
          assertThat(ok.login().status()).isEqualTo(LoginStatus.SUCCESS);
          assertThat(ok.read(new byte[6], 0).status()).isZero();
        }
      });
    }
  }

  @Test
  void randomBytesInsteadOfALoginNeverStopTheTarget() {
    try (IscsiTarget t = TargetFixture.builder().start()) {
      qt().withExamples(40).forAll(longs().all(), integers().between(1, 4000)).checkAssert((seed, n) -> {
        byte[] junk = new byte[n];
        new Random(seed).nextBytes(junk);
        try (TestInitiator i = TestInitiator.connect(t.address())) {
          i.channel.writeAndFlush(Unpooled.wrappedBuffer(junk)).syncUninterruptibly();
        }
      });
      try (TestInitiator ok = TestInitiator.connect(t.address())) {
        assertThat(ok.login().status()).isEqualTo(LoginStatus.SUCCESS);
      }
    }
  }

  @Test
  void aDeadConnectionEndsItsSessionAtErrorRecoveryLevelZero() {
    try (IscsiTarget t = TargetFixture.builder().start()) {
      try (TestInitiator i = TestInitiator.connect(t.address())) {
        i.login();
        assertThat(t.sessionCount()).isEqualTo(1);
      }
      assertThat(Polling.await(Duration.ofSeconds(10), () -> t.sessionCount() == 0)).isTrue();
    }
  }

  @Test
  void dataOutBeyondTheExpectedDataTransferLengthIsRejected() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "Yes").op("ImmediateData", "No"));
      ScsiCommand w = i.command(TargetFixture.write10(0, 1)).write(true).expectedDataTransferLength(512).build();
      i.send(w);
      ReadyToTransfer r2t = i.receive(ReadyToTransfer.class);
      i.send(new DataOut(true, 0, w.initiatorTaskTag(), r2t.targetTransferTag(), i.expStatSN, 0, 0,
          DataSegment.of(new byte[1024])));
      assertThat(i.receive(Reject.class).reason()).isEqualTo(RejectReason.PROTOCOL_ERROR);
    }
  }

  @Test
  void unsolicitedDataOutWhenInitialR2TIsYesIsRejected() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "Yes").op("ImmediateData", "No"));
      ScsiCommand w = i.command(TargetFixture.write10(0, 1)).write(true).finalFlag(false)
          .expectedDataTransferLength(512).build();
      i.send(w);
      i.receive(ReadyToTransfer.class);
      i.send(new DataOut(true, 0, w.initiatorTaskTag(), Pdu.RESERVED_TAG, i.expStatSN, 0, 0,
          DataSegment.of(new byte[512])));
      assertThat(i.receive(Reject.class).reason()).isEqualTo(RejectReason.PROTOCOL_ERROR);
    }
  }

  @Test
  void twoConnectionsOfOneSessionShareTheCommandWindowAndKeepAllegiance() {
    try (IscsiTarget t = TargetFixture.builder().limits(SessionLimits.DEFAULTS.withMaxConnections(2)).start();
         TestInitiator a = TestInitiator.connect(t.address()); TestInitiator b = TestInitiator.connect(t.address())) {
      a.login(new TestInitiator.Login().op("MaxConnections", "2"));
      b.tsih = a.tsih;
      b.isid = a.isid;
      b.cid = 1;
      b.cmdSN = a.cmdSN;
      assertThat(b.login().status()).isEqualTo(LoginStatus.SUCCESS);
      int sn = a.cmdSN;
      // CmdSN sn+1 on b waits for CmdSN sn on a; each answer comes back on its own connection.
      b.send(ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(0xB).cmdSN(sn + 1).build());
      a.send(ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(0xA).cmdSN(sn).build());
      assertThat(a.receive(ScsiResponse.class).initiatorTaskTag()).isEqualTo(0xA);
      ScsiResponse rb = b.receive(ScsiResponse.class);
      assertThat(rb.initiatorTaskTag()).isEqualTo(0xB);
      assertThat(rb.expCmdSN()).isEqualTo(sn + 2);
      b.send(new NopOut(true, 0, 0x99, Pdu.RESERVED_TAG, sn + 2, 0, DataSegment.EMPTY));
      assertThat(b.receive().initiatorTaskTag()).isEqualTo(0x99);
    }
  }

  @Test
  void aReaderThatStopsReadingHoldsCommandsBackAndGetsEveryAnswerOnceItReadsAgain() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("MaxRecvDataSegmentLength", "262144"));
      org.iscsilab.protocol.codec.FramingState.of(i.channel).inbound(
          new org.iscsilab.protocol.codec.FramingLimits(false, false, 262144));
      i.channel.config().setAutoRead(false);
      java.util.List<Integer> itts = new java.util.ArrayList<>();
      for (int k = 0; k < 40; k++) {
        ScsiCommand c = i.command(TargetFixture.read10(2048L * k, 2048)).read(true)
            .expectedDataTransferLength(1 << 20).build();
        itts.add(c.initiatorTaskTag());
        i.send(c);
      }
      i.channel.config().setAutoRead(true);
      for (int itt : itts) {
        TestInitiator.Result r = i.collect(itt);
        assertThat(r.status()).isZero();
        assertThat(r.data()).hasSize(1 << 20);
      }
    }
  }
}
