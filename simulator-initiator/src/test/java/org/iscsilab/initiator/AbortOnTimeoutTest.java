package org.iscsilab.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.initiator.workload.DiskFormatWorkload;
import org.iscsilab.initiator.workload.PerfWorkload;
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponseCode;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.SynchronizeCache;
import org.iscsilab.target.IscsiTarget;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Abort on timeout (RFC 7143 §11.5, §11.6): when a command's deadline passes the session sends
 * ABORT TASK for it, waits a bounded time for the answer, and fails the command with the
 * diagnosis including the abort's outcome; late answers for the task are ignored cleanly.
 */
@ExtendWith(NettyLeakDetection.class)
@Timeout(60)
class AbortOnTimeoutTest {

  private static IscsiTarget start(String... quirks) {
    return OwnTargets.start("256MiB", quirks);
  }

  private static SessionConfig config(IscsiTarget t) {
    return OwnTargets.config(t, Duration.ofSeconds(20)).withAbortOnTimeout(Duration.ofSeconds(5));
  }

  private static ScsiRequest syncCache() {
    return ScsiRequest.noData(0, SynchronizeCache.wholeMedium(10, false).toBytes()).withTimeout(Duration.ofSeconds(1));
  }

  @Test
  void aSwallowedSynchronizeCacheIsAbortedAndTheDiagnosisSaysHowTheTargetAnswered() {
    try (IscsiTarget t = start("sync-cache-never-answered"); IscsiSession s = IscsiSession.open(config(t))) {
      BlockDevice d = BlockDevice.open(s, 0);
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.execute(syncCache()))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.task()).isEqualTo("SYNCHRONIZE CACHE(10) LBA 0 blocks 0 (whole medium)");
            assertThat(e.awaited()).isEqualTo(Awaited.SCSI_RESPONSE);
            assertThat(e.cmdSnState()).isEqualTo(TaskStalledException.CmdSnState.CONSUMED);
            assertThat(e.abort()).isPresent();
            AbortOutcome o = e.abort().get();
            assertThat(o.kind()).isEqualTo(AbortOutcome.Kind.ANSWERED);
            // The quirk drops the task after taking its CmdSN: RFC 7143 §11.6.1 (b), the task does not exist.
            assertThat(o.response()).contains(TaskManagementResponseCode.TASK_DOES_NOT_EXIST);
            assertThat(e.getMessage())
                .startsWith("no SCSI Response for SYNCHRONIZE CACHE(10) LBA 0 blocks 0 (whole medium) (ITT 0x")
                .contains("; ABORT TASK answered \"Task does not exist\" after ")
                .contains("(RFC 7143 §11.6.1) although it consumed the command's CmdSN: the target lost the command "
                    + "and will never answer it. Last PDUs:");
            // The last PDUs are those after the abort: its request and its response are among them.
            assertThat(e.lastPdus()).extracting(r -> r.pdu().getClass().getSimpleName())
                .contains("TaskManagementRequest", "TaskManagementResponse");
          });
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
      // The session goes on: nothing leaked, nothing the target did counted against it.
      d.testUnitReady();
      assertThat(d.read(0, 8)).hasSize(8 * d.blockSize());
      assertThat(s.trackedTasks()).isZero();
      assertThat(s.targetViolations()).isEmpty();
    }
  }

  @Test
  void anAbortTheTargetNeverAnswersIsAFindingWithinTheAbortDeadline() {
    try (IscsiTarget t = start("sync-cache-never-answered", "abort-task-never-answered");
        IscsiSession s = IscsiSession.open(config(t).withAbortOnTimeout(Duration.ofSeconds(1)))) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.execute(syncCache()))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.abort()).get().extracting(AbortOutcome::kind).isEqualTo(AbortOutcome.Kind.NO_ANSWER);
            assertThat(e.getMessage()).contains("; ABORT TASK not answered within 1.0 s: the target owes a Task "
                + "Management Function Response (RFC 7143 §11.5, §11.6)");
            assertThat(e.owingSide()).isEqualTo(Side.TARGET);
          });
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(4));
      BlockDevice.unprobed(s, 0).testUnitReady();
      assertThat(s.trackedTasks()).isZero();
    }
  }

  @Test
  void withoutAbortOnTimeoutTheTaskFailsAtItsDeadlineAndNoAbortIsSent() {
    try (IscsiTarget t = start("sync-cache-never-answered");
        IscsiSession s = IscsiSession.open(config(t).withoutAbortOnTimeout())) {
      assertThat(s.config().abortOnTimeout()).isFalse();
      assertThatThrownBy(() -> s.execute(syncCache()))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.abort()).isEmpty();
            assertThat(e.getMessage()).doesNotContain("ABORT TASK");
          });
      assertThat(s.connections().get(0).history()).noneMatch(r -> r.pdu() instanceof TaskManagementRequest);
      assertThat(s.trackedTasks()).isZero();
    }
  }

  @Test
  void theDiskFormatWorkloadStopsWithTheDiagnosisAndTheAbortOutcome() {
    try (IscsiTarget t = start("sync-cache-never-answered"); IscsiSession s = IscsiSession.open(config(t))) {
      BlockDevice d = BlockDevice.open(s, 0);
      long t0 = System.nanoTime();
      DiskFormatWorkload.Report r = new DiskFormatWorkload(d, new DiskFormatWorkload.Options(1 << 20, 0, 4,
          Duration.ofSeconds(1)), null).run();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
      assertThat(r.stall()).isPresent();
      assertThat(r.stall().get().task()).startsWith("SYNCHRONIZE CACHE");
      assertThat(r.stall().get().abort()).get().extracting(AbortOutcome::kind).isEqualTo(AbortOutcome.Kind.ANSWERED);
      assertThat(r.phases().get(r.phases().size() - 1).status()).isEqualTo("STALLED");
      assertThat(r.toJson().get("stall").toString()).contains("abort=ABORT TASK answered");
    }
  }

  @Test
  void perfStopsWithTheDiagnosisWhenWritesAreSwallowed() {
    try (IscsiTarget t = start("ignore-writes-larger-than=4096");
        IscsiSession s = IscsiSession.open(config(t).withTaskTimeout(Duration.ofSeconds(1))
            .withAbortOnTimeout(Duration.ofSeconds(2)))) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> PerfWorkload.run(s, 0, new PerfWorkload.Options(65536, 4, Duration.ofSeconds(3),
          true, 100, 16 << 20, 1).withWarmup(Duration.ZERO), null))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.task()).startsWith("WRITE");
            assertThat(e.abort()).get().extracting(AbortOutcome::kind).isEqualTo(AbortOutcome.Kind.ANSWERED);
          });
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
      assertThat(s.trackedTasks()).isZero();
    }
  }

  // ---- late answers, with a scripted target that answers swallowed commands when told to

  private static ScsiRequest read8() {
    return ScsiRequest.read(0, Read.of10(0, 8).toBytes(), 8 * ScriptedTarget.BLOCK)
        .withTimeout(Duration.ofMillis(500));
  }

  @Test
  void aLateAnswerAfterFunctionCompleteIsIgnoredCleanly() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget();
        IscsiSession s = IscsiSession.open(target.config().withAbortOnTimeout(Duration.ofSeconds(5)))) {
      target.drop = c -> c.cdb()[0] == 0x28;
      assertThatThrownBy(() -> s.execute(read8()))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            assertThat(e.awaited()).isEqualTo(Awaited.DATA_IN);
            AbortOutcome o = e.abort().orElseThrow();
            assertThat(o.functionComplete()).isTrue();
            assertThat(o.lateAnswer()).isEmpty();
            assertThat(e.getMessage()).contains("ABORT TASK answered \"Function complete\" after ")
                .contains(": the target aborted the task (RFC 7143 §11.6.1)");
          });
      TaskManagementRequest abort = target.next(TaskManagementRequest.class);
      assertThat(abort.function()).isEqualTo(TaskManagementFunction.ABORT_TASK);
      target.drop = c -> false;
      target.answerDropped(); // Data-In with status for the aborted tag, after "Function complete"
      ScsiResult tur = s.execute(ScsiRequest.noData(0, org.iscsilab.protocol.scsi.cdb.TestUnitReady.of().toBytes()));
      assertThat(tur.isGood()).isTrue();
      assertThat(s.targetViolations()).isEmpty();
      assertThat(s.trackedTasks()).isZero();
    }
  }

  @Test
  void aLateAnswerWhileTheAbortIsUnderWayIsReportedAndIgnored() throws Exception {
    try (ScriptedTarget target = new ScriptedTarget();
        IscsiSession s = IscsiSession.open(target.config().withAbortOnTimeout(Duration.ofSeconds(1)))) {
      target.drop = c -> c.cdb()[0] == 0x28;
      target.answerTaskManagement = false;
      CompletableFuture<ScsiResult> f = s.submit(read8());
      target.next(TaskManagementRequest.class); // the deadline passed, the abort is out
      target.drop = c -> false;
      target.answerDropped();
      assertThatThrownBy(() -> IscsiSession.await(f))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            AbortOutcome o = e.abort().orElseThrow();
            assertThat(o.kind()).isEqualTo(AbortOutcome.Kind.NO_ANSWER);
            assertThat(o.lateAnswer()).startsWith("Data-In ITT").contains("after the deadline and was ignored");
            assertThat(e.getMessage()).contains("; meanwhile Data-In ITT");
          });
      assertThat(s.targetViolations()).isEmpty();
      assertThat(s.trackedTasks()).isZero();
    }
  }

  @Test
  void theAbortOfAStalledTaskEndsWithTheConnection() {
    try (ScriptedTarget target = new ScriptedTarget();
        IscsiSession s = IscsiSession.open(target.config().withAbortOnTimeout(Duration.ofSeconds(5)))) {
      target.drop = c -> c.cdb()[0] == 0x28;
      target.answerTaskManagement = false;
      CompletableFuture<ScsiResult> f = s.submit(read8());
      try {
        target.next(TaskManagementRequest.class);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      target.client.close().syncUninterruptibly();
      assertThatThrownBy(() -> IscsiSession.await(f))
          .isInstanceOfSatisfying(TaskStalledException.class, e -> {
            AbortOutcome o = e.abort().orElseThrow();
            assertThat(o.kind()).isEqualTo(AbortOutcome.Kind.CONNECTION_LOST);
            assertThat(e.getMessage()).contains("ABORT TASK not answered: the connection ended first (closed by "
                + "the target)");
          });
    }
  }

  @Test
  void theOutcomeReadsWellForEveryAnswer() {
    Duration d = Duration.ofMillis(200);
    assertThat(new AbortOutcome(AbortOutcome.Kind.ANSWERED,
        java.util.Optional.of(TaskManagementResponseCode.TASK_DOES_NOT_EXIST), d, null, null).describe())
        .isEqualTo("ABORT TASK answered \"Task does not exist\" after 0.2 s: the target holds no such task "
            + "(RFC 7143 §11.6.1)");
    assertThat(new AbortOutcome(AbortOutcome.Kind.ANSWERED,
        java.util.Optional.of(TaskManagementResponseCode.FUNCTION_REJECTED), d, null, null).describe())
        .isEqualTo("ABORT TASK answered \"Function rejected\" after 0.2 s (RFC 7143 §11.6.1)");
  }
}
