package org.iscsilab.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.initiator.workload.DiskFormatWorkload;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.TestUnitReady;
import org.iscsilab.testfixtures.peers.IstgtPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;

/**
 * The initiator against istgt (2011 snapshot). Where istgt breaks the protocol, the test is
 * bounded and asserts the diagnosis the initiator gives.
 */
@ExtendWith(NettyLeakDetection.class)
@Timeout(180)
class IstgtIT {

  static IstgtPeer istgt;

  @BeforeAll
  static void start() {
    istgt = IstgtPeer.start(IstgtPeer.Options.defaults().withDiskSize(256L << 20));
  }

  @AfterAll
  static void stop() {
    if (istgt != null) {
      istgt.close();
    }
  }

  static SessionConfig config() {
    return SessionConfig.of("127.0.0.1", istgt.port(),
        LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, IstgtPeer.IQN)).withTaskTimeout(Duration.ofSeconds(20));
  }

  @Test
  void discoveryListsTheTarget() {
    List<Discovery.DiscoveredTarget> targets = Discovery.sendTargets("127.0.0.1", istgt.port(),
        LoginSpec.discovery(LoginSpec.DEFAULT_INITIATOR_NAME), Duration.ofSeconds(10));
    assertThat(targets).extracting(Discovery.DiscoveredTarget::name).contains(IstgtPeer.IQN);
  }

  /** Finding (istgt): ExpCmdSN advanced for the immediate SendTargets Text Request (why iscsi-ls hangs). */
  @Test
  void discoveryNoticesExpCmdSnAdvancedForTheImmediateTextRequest() {
    Discovery.Result r = Discovery.run("127.0.0.1", istgt.port(), LoginSpec.discovery(LoginSpec.DEFAULT_INITIATOR_NAME),
        Duration.ofSeconds(10));
    assertThat(r.targets()).isNotEmpty();
    assertThat(r.targetViolations()).anySatisfy(v -> assertThat(v)
        .contains("the target advanced CmdSN for an immediate command (RFC 7143 §4.2.2.1)"));
  }

  @Test
  void writesAndReadsBackSixtyFourMebibytes() {
    try (IscsiSession s = IscsiSession.open(config())) {
      BlockDevice d = BlockDevice.open(s, IstgtPeer.LUN);
      byte[] data = new byte[64 << 20];
      new Random(9).nextBytes(data);
      d.write(0, data);
      assertThat(d.read(0, data.length / d.blockSize())).isEqualTo(data);
    }
  }

  @Test
  void logsInWithHeaderAndDataDigests() {
    SessionConfig cfg = config().withLogin(config().login().withDigests("CRC32C,None", "CRC32C,None"));
    try (IscsiSession s = IscsiSession.open(cfg)) {
      BlockDevice d = BlockDevice.open(s, IstgtPeer.LUN);
      byte[] data = new byte[1 << 20];
      new Random(5).nextBytes(data);
      d.write(100, data);
      assertThat(d.read(100, data.length / d.blockSize())).isEqualTo(data);
    }
  }

  /**
   * Finding (istgt, captures/istgt-read16-zero-length-unanswered.pcap): a zero-length READ(16) is
   * accepted, its CmdSN consumed, and never answered. The initiator says so instead of hanging.
   */
  @Test
  void zeroLengthRead16IsConsumedButNeverAnsweredAndTheInitiatorSaysWhoOwesWhat() {
    try (IscsiSession s = IscsiSession.open(config())) {
      var stuck = s.submit(ScsiRequest.read(0, Read.of16(0, 0).toBytes(), 0).withTimeout(Duration.ofSeconds(3)));
      BlockDevice.unprobed(s, IstgtPeer.LUN).testUnitReadyResult(); // its answer carries ExpCmdSN
      assertThatThrownBy(() -> IscsiSession.await(stuck))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.task()).isEqualTo("READ(16) LBA 0 blocks 0");
            assertThat(e.awaited()).isEqualTo(Awaited.SCSI_RESPONSE);
            assertThat(e.cmdSnState()).isEqualTo(TaskStalledException.CmdSnState.CONSUMED);
            assertThat(e.owingSide()).isEqualTo(Side.TARGET);
            assertThat(e.getMessage()).startsWith("no SCSI Response for READ(16) LBA 0 blocks 0 (ITT 0x")
                .contains("CmdSN was consumed").contains("the target owes a SCSI Response (RFC 7143 §11.4)");
          });
    }
  }

  /** Finding (istgt): zero-length READ(10) and WRITE(10) are never answered either. */
  @Test
  void zeroLengthRead10AndWrite10AreNeverAnsweredAndDiagnosed() {
    try (IscsiSession s = IscsiSession.open(config())) {
      for (byte[] cdb : List.of(Read.of10(0, 0).toBytes(), org.iscsilab.protocol.scsi.cdb.Write.of10(0, 0).toBytes())) {
        assertThatThrownBy(() -> s.execute(ScsiRequest.noData(0, cdb).withTimeout(Duration.ofSeconds(2))))
            .isInstanceOfSatisfying(TaskStalledException.class, e -> {
              assertThat(e.task()).endsWith("LBA 0 blocks 0");
              assertThat(e.awaited()).isEqualTo(Awaited.SCSI_RESPONSE);
              assertThat(e.owingSide()).isEqualTo(Side.TARGET);
            });
      }
    }
  }

  /**
   * Abort on timeout against istgt's unanswered zero-length READ(10): the session sends ABORT TASK
   * at the deadline and the diagnosis names the task and says how istgt answered the abort
   * ("Function complete"; istgt gives that answer even for tags that name no task, see below).
   */
  @Test
  void aZeroLengthRead10IsAbortedAtItsDeadlineAndTheDiagnosisSaysHowIstgtAnswered() {
    try (IscsiSession s = IscsiSession.open(config().withAbortOnTimeout(Duration.ofSeconds(5)))) {
      BlockDevice.unprobed(s, IstgtPeer.LUN).testUnitReadyResult(); // takes the power-on UNIT ATTENTION
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.execute(ScsiRequest.noData(0, Read.of10(0, 0).toBytes())
          .withTimeout(Duration.ofSeconds(2))))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.task()).isEqualTo("READ(10) LBA 0 blocks 0");
            assertThat(e.awaited()).isEqualTo(Awaited.SCSI_RESPONSE);
            assertThat(e.cmdSnState()).isEqualTo(TaskStalledException.CmdSnState.CONSUMED);
            assertThat(e.abort()).get().extracting(AbortOutcome::kind).isEqualTo(AbortOutcome.Kind.ANSWERED);
            assertThat(e.abort().get().functionComplete()).isTrue();
            assertThat(e.getMessage()).startsWith("no SCSI Response for READ(10) LBA 0 blocks 0 (ITT 0x")
                .contains("CmdSN was consumed")
                .contains("; ABORT TASK answered \"Function complete\" after ");
          });
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
      ScsiResult r = s.execute(ScsiRequest.noData(0, TestUnitReady.of().toBytes()));
      assertThat(r.isGood() || r.isUnitAttention()).isTrue();
      assertThat(s.trackedTasks()).isZero();
    }
  }

  /**
   * Finding (istgt): ABORT TASK for a tag that names no task, with RefCmdSN not below the TMF's
   * CmdSN, is answered "Function complete" instead of "Task does not exist" (RFC 7143 §11.5.1,
   * §11.6.1). tgt answers "Task does not exist".
   */
  @Test
  void abortOfANonexistentTaskIsAnsweredFunctionComplete() {
    try (IscsiSession s = IscsiSession.open(config())) {
      assertThat(IscsiSession.await(s.abortTask(0, 0x7777, Duration.ofSeconds(5))))
          .isEqualTo(org.iscsilab.protocol.pdu.TaskManagementResponseCode.FUNCTION_COMPLETE);
    }
  }

  /** Finding (istgt): a READ past the end is answered CHECK CONDITION without sense data. */
  @Test
  void readPastTheEndComesBackWithoutTheMandatorySenseData() {
    try (IscsiSession s = IscsiSession.open(config())) {
      BlockDevice d = BlockDevice.open(s, IstgtPeer.LUN);
      ScsiResult r = d.execute(ScsiRequest.read(d.lunField(), Read.of16(d.blocks(), 1).toBytes(), d.blockSize()));
      assertThat(r.status().code()).isEqualTo(0x02);
      assertThat(r.describeStatus()).contains("CHECK CONDITION");
      assertThat(r.sense()).as(r.describeStatus()).isEmpty();
      assertThat(r.describeStatus()).contains("no sense data (autosense is mandatory");
    }
  }

  @Test
  void diskFormatSequenceOnA256MebibyteLun() {
    try (IscsiSession s = IscsiSession.open(config().withNops(Duration.ofSeconds(2), Duration.ofSeconds(10)))) {
      BlockDevice d = BlockDevice.open(s, IstgtPeer.LUN);
      DiskFormatWorkload.Report r = new DiskFormatWorkload(d, DiskFormatWorkload.Options.defaults(), null).run();
      assertThat(r.failure()).as(() -> r.failure().map(Throwable::getMessage).orElse("")).isEmpty();
      assertThat(r.phases()).extracting(DiskFormatWorkload.Phase::status).containsOnly("OK");
      assertThat(r.phases()).hasSize(7);
    }
  }

  @Test
  void sessionStillWorksAfterTestUnitReady() {
    try (IscsiSession s = IscsiSession.open(config())) {
      ScsiResult r = s.execute(ScsiRequest.noData(0, TestUnitReady.of().toBytes()));
      assertThat(r.isGood() || r.isUnitAttention()).isTrue();
    }
  }
}
