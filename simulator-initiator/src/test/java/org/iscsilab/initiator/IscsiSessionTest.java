package org.iscsilab.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.protocol.negotiation.Digest;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.TaskManagementResponseCode;
import org.iscsilab.protocol.scsi.Lun;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.SynchronizeCache;
import org.iscsilab.protocol.scsi.cdb.TestUnitReady;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;

@ExtendWith(NettyLeakDetection.class)
@Timeout(30)
class IscsiSessionTest {

  ScriptedTarget target;

  @BeforeEach
  void start() {
    target = new ScriptedTarget();
  }

  @AfterEach
  void stop() {
    target.close();
  }

  @Test
  void writesThroughImmediateUnsolicitedAndSolicitedDataAndReadsItBack() {
    try (IscsiSession s = IscsiSession.open(target.config())) {
      BlockDevice d = BlockDevice.open(s, 0);
      byte[] data = new byte[200 * 1024];
      new Random(7).nextBytes(data);
      d.write(16, data);
      assertThat(java.util.Arrays.copyOfRange(target.disk, 16 * 512, 16 * 512 + data.length)).isEqualTo(data);
      assertThat(d.read(16, data.length / 512)).isEqualTo(data);
      assertThat(s.targetViolations()).isEmpty();
    }
    List<DataOut> outs = target.received.stream().filter(p -> p instanceof DataOut).map(p -> (DataOut) p).toList();
    assertThat(outs).allSatisfy(o -> assertThat(o.data().length()).isLessThanOrEqualTo(8192));
    int unsolicited = outs.stream().filter(o -> o.targetTransferTag() == Pdu.RESERVED_TAG)
        .mapToInt(o -> o.data().length()).sum();
    ScsiCommand write = target.received.stream().filter(p -> p instanceof ScsiCommand c && c.write())
        .map(p -> (ScsiCommand) p).findFirst().orElseThrow();
    assertThat(write.data().length() + unsolicited).isEqualTo(16384); // FirstBurstLength
  }

  @Test
  void aConsumedCommandThatIsNeverAnsweredFailsWithADiagnosisNotATimeout() {
    target.drop = c -> c.scsiOpcode() == 0x88; // READ(16)
    try (IscsiSession s = IscsiSession.open(target.config())) {
      CompletableFuture<ScsiResult> stuck = s.submit(ScsiRequest.read(0, Read.of16(0, 0).toBytes(), 0)
          .withTimeout(Duration.ofMillis(600)));
      s.execute(ScsiRequest.noData(0, TestUnitReady.of().toBytes())); // the answer carries ExpCmdSN past READ(16)
      assertThatThrownBy(() -> IscsiSession.await(stuck))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.task()).isEqualTo("READ(16) LBA 0 blocks 0");
            assertThat(e.awaited()).isEqualTo(Awaited.SCSI_RESPONSE);
            assertThat(e.cmdSnState()).isEqualTo(TaskStalledException.CmdSnState.CONSUMED);
            assertThat(e.owingSide()).isEqualTo(Side.TARGET);
            assertThat(e.lastPdus()).isNotEmpty();
            assertThat(e.getMessage())
                .startsWith("no SCSI Response for READ(16) LBA 0 blocks 0 (ITT 0x")
                .contains("CmdSN was consumed (ExpCmdSN advanced to")
                .contains("the target owes a SCSI Response (RFC 7143 §11.4)")
                .contains("Last PDUs:")
                .contains("SCSI Command ITT");
          });
    }
  }

  @Test
  void aCommandNotYetConsumedIsReportedAsSuch() {
    target.drop = c -> c.scsiOpcode() == 0x35;
    try (IscsiSession s = IscsiSession.open(target.config())) {
      assertThatThrownBy(() -> s.execute(ScsiRequest.noData(0, SynchronizeCache.wholeMedium(10, false).toBytes())
          .withTimeout(Duration.ofMillis(300))))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.cmdSnState()).isEqualTo(TaskStalledException.CmdSnState.NOT_CONSUMED);
            assertThat(e.getMessage()).contains("SYNCHRONIZE CACHE(10)").contains("CmdSN not acknowledged: ExpCmdSN last seen is").contains("the target's last PDU came");
          });
    }
  }

  @Test
  void commandsWaitWhileTheWindowIsClosedAndSayItWhenTheirDeadlinePasses() throws Exception {
    target.holdWindow = true;
    try (IscsiSession s = IscsiSession.open(target.config())) {
      assertThatThrownBy(() -> s.execute(ScsiRequest.noData(0, TestUnitReady.of().toBytes())
          .withTimeout(Duration.ofMillis(300))))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.awaited()).isEqualTo(Awaited.WINDOW);
            assertThat(e.cmdSnState()).isEqualTo(TaskStalledException.CmdSnState.NOT_SENT);
            assertThat(e.getMessage()).contains("not sent after").contains("the command window is closed");
          });
      assertThat(target.received.stream().filter(p -> p instanceof ScsiCommand)).isEmpty();
      CompletableFuture<ScsiResult> waiting = s.submit(ScsiRequest.noData(0, TestUnitReady.of().toBytes()));
      target.openWindow();
      assertThat(IscsiSession.await(waiting).isGood()).isTrue();
    }
  }

  @Test
  void answersATargetNopInWithTheTttAndLunEchoedAndTheReservedItt() throws Exception {
    try (IscsiSession s = IscsiSession.open(target.config())) {
      long lun = Lun.of(3).toLong();
      target.ping(lun, 0x1234);
      NopOut answer = target.next(NopOut.class);
      assertThat(answer.initiatorTaskTag()).isEqualTo(Pdu.RESERVED_TAG);
      assertThat(answer.targetTransferTag()).isEqualTo(0x1234);
      assertThat(answer.lun()).isEqualTo(lun);
      assertThat(answer.immediate()).isTrue();
    }
  }

  @Test
  void ignoreNopInQuirkLeavesTheTargetsPingUnanswered() {
    try (IscsiSession s = IscsiSession.open(target.config().withQuirks(List.of(InitiatorQuirks.IGNORE_NOP_IN)))) {
      target.ping(0, 0x55);
      IscsiSession.await(s.ping(Duration.ofSeconds(5))); // processed in order after the target's NOP-In
      assertThat(target.received.stream()
          .filter(p -> p instanceof NopOut n && n.targetTransferTag() == 0x55)).isEmpty();
    }
  }

  @Test
  void nopOutWithoutLunQuirkAnswersWithoutEchoingTheLun() throws Exception {
    try (IscsiSession s = IscsiSession.open(target.config()
        .withQuirks(List.of(InitiatorQuirks.NOP_OUT_WITHOUT_LUN)))) {
      target.ping(Lun.of(5).toLong(), 0x77);
      NopOut answer = target.next(NopOut.class);
      assertThat(answer.targetTransferTag()).isEqualTo(0x77);
      assertThat(answer.lun()).isZero();
    }
  }

  @Test
  void unsolicitedBeyondFirstBurstQuirkSendsMoreUnsolicitedDataThanFirstBurstLength() {
    try (IscsiSession s = IscsiSession.open(target.config()
        .withQuirks(List.of(InitiatorQuirks.UNSOLICITED_BEYOND_FIRST_BURST)))) {
      BlockDevice d = BlockDevice.open(s, 0);
      CompletableFuture<ScsiResult> f = d.writeAsync(0, new byte[65536], 0, 65536);
      f.handle((r, e) -> null).join();
    }
    ScsiCommand write = target.received.stream().filter(p -> p instanceof ScsiCommand c && c.write())
        .map(p -> (ScsiCommand) p).findFirst().orElseThrow();
    int unsolicited = write.data().length() + target.received.stream()
        .filter(p -> p instanceof DataOut o && o.targetTransferTag() == Pdu.RESERVED_TAG)
        .mapToInt(p -> p.data().length()).sum();
    assertThat(unsolicited).isGreaterThan(16384);
  }

  @Test
  void checkConditionComesBackWithParsedSense() {
    try (IscsiSession s = IscsiSession.open(target.config())) {
      ScsiResult r = s.execute(ScsiRequest.read(0, Read.of10(1 << 20, 1).toBytes(), 512));
      assertThat(r.isGood()).isFalse();
      assertThat(r.sense()).isPresent();
      assertThat(r.describeStatus()).contains("CHECK CONDITION").contains("LOGICAL BLOCK ADDRESS OUT OF RANGE");
      assertThatThrownBy(r::requireGood).isInstanceOf(ScsiStatusException.class);
    }
  }

  @Test
  void residualUnderflowIsSurfacedToTheCaller() {
    try (IscsiSession s = IscsiSession.open(target.config())) {
      byte[] cdb = org.iscsilab.protocol.scsi.cdb.ReadCapacity10.of().toBytes();
      ScsiResult r = s.execute(ScsiRequest.read(0, cdb, 64));
      assertThat(r.underflow()).isTrue();
      assertThat(r.residualCount()).isEqualTo(56);
      assertThat(r.data()).hasSize(8);
    }
  }

  @Test
  void headerAndDataDigestsApplyFromThePduAfterTheFinalLoginResponse() {
    SessionConfig cfg = target.config().withLogin(target.config().login().withDigests("CRC32C,None", "CRC32C,None"));
    try (IscsiSession s = IscsiSession.open(cfg)) {
      assertThat(s.negotiated().connection().headerDigest()).isEqualTo(Digest.CRC32C);
      BlockDevice d = BlockDevice.open(s, 0);
      byte[] data = new byte[32768];
      new Random(3).nextBytes(data);
      d.write(0, data);
      assertThat(d.read(0, 64)).isEqualTo(data);
    }
  }

  @Test
  void pingTaskManagementAndLogoutComplete() {
    IscsiSession s = IscsiSession.open(target.config());
    assertThat(IscsiSession.await(s.ping(Duration.ofSeconds(5)))).isPositive();
    assertThat(IscsiSession.await(s.logicalUnitReset(0, Duration.ofSeconds(5))))
        .isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
    assertThat(IscsiSession.await(s.logout(Duration.ofSeconds(5))).response().code()).isZero();
    s.close();
    assertThat(s.connections().get(0).awaitClosed(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void theConnectionDroppingFailsOutstandingTasksWithConnectionLost() {
    target.drop = c -> c.scsiOpcode() == 0x35;
    try (IscsiSession s = IscsiSession.open(target.config())) {
      CompletableFuture<ScsiResult> f = s.submit(ScsiRequest.noData(0, SynchronizeCache.wholeMedium(10, false)
          .toBytes()));
      s.execute(ScsiRequest.noData(0, TestUnitReady.of().toBytes()));
      target.client.close().syncUninterruptibly();
      assertThatThrownBy(() -> IscsiSession.await(f))
          .isInstanceOf(ConnectionLostException.class)
          .hasMessageContaining("SYNCHRONIZE CACHE(10)")
          .hasMessageContaining("closed by the target");
    }
  }

  @Test
  void reconnectsOnItsOwnAfterTheTargetDropsTheConnectionAtErl0() {
    try (IscsiSession s = IscsiSession.open(target.config().withReconnect(true))) {
      var first = s.connections().get(0);
      target.client.close().syncUninterruptibly();
      assertThat(first.awaitClosed(Duration.ofSeconds(5))).isTrue();
      assertThat(s.awaitOpen(Duration.ofSeconds(10))).isTrue();
      assertThat(s.connections().get(0)).isNotSameAs(first);
      assertThat(s.execute(ScsiRequest.noData(0, TestUnitReady.of().toBytes())).isGood()).isTrue();
      // ERL 0 session reinstatement: the same ISID, TSIH 0 (RFC 7143 §6.3.5)
      long logins = target.received.stream().filter(p -> p instanceof org.iscsilab.protocol.pdu.LoginRequest l
          && l.tsih() == 0 && l.isid() == s.loginOutcome().isid()).count();
      assertThat(logins).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void aTargetAskingForLogoutGetsALogoutRequest() throws Exception {
    try (IscsiSession s = IscsiSession.open(target.config())) {
      target.async(1, 5); // AsyncEvent 1: the target requests Logout within 5 s (RFC 7143 §11.9.1)
      org.iscsilab.protocol.pdu.LogoutRequest logout = target.next(org.iscsilab.protocol.pdu.LogoutRequest.class);
      assertThat(logout.reason().code()).isZero();
      assertThat(logout.immediate()).isTrue();
      assertThat(s.connections().get(0).awaitClosed(Duration.ofSeconds(5))).isTrue();
      assertThatThrownBy(() -> s.execute(ScsiRequest.noData(0, TestUnitReady.of().toBytes())))
          .isInstanceOf(ConnectionLostException.class);
    }
  }

  @Test
  void aBlockingCallFromACompletionCallbackIsRefusedInsteadOfDeadlocking() {
    try (IscsiSession s = IscsiSession.open(target.config())) {
      CompletableFuture<Throwable> seen = new CompletableFuture<>();
      // Submitted from the event loop, so that the callback is registered before the answer can be
      // handled and thus runs on the loop (registered from the test thread, a fast answer would run
      // it on the test thread, where blocking is allowed).
      s.connections().get(0).eventLoop().execute(() ->
          s.submit(ScsiRequest.noData(0, TestUnitReady.of().toBytes())).whenComplete((r, e) -> {
            try {
              s.execute(ScsiRequest.noData(0, TestUnitReady.of().toBytes()));
              seen.complete(null);
            } catch (RuntimeException x) {
              seen.complete(x);
            }
          }));
      assertThat(seen.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("use submit()");
    }
  }

  @Test
  void queueDepthBoundsTheCommandsInFlight() {
    target.drop = c -> c.scsiOpcode() == 0x35;
    try (IscsiSession s = IscsiSession.open(target.config().withQueueDepth(2))) {
      List<CompletableFuture<ScsiResult>> fs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        fs.add(s.submit(ScsiRequest.noData(0, SynchronizeCache.wholeMedium(10, false).toBytes())
            .withTimeout(Duration.ofMillis(400))));
      }
      assertThatThrownBy(() -> IscsiSession.await(fs.get(2)))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> assertThat(e.awaited()).isIn(Awaited.QUEUE_SLOT,
              Awaited.SCSI_RESPONSE));
      assertThat(target.received.stream().filter(p -> p instanceof ScsiCommand).count()).isLessThanOrEqualTo(3);
    }
  }
}
