package org.iscsilab.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.initiator.workload.DiskFormatWorkload;
import org.iscsilab.protocol.scsi.cdb.TestUnitReady;
import org.iscsilab.target.IscsiTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;

/**
 * Interop-failure scenarios (docs/interop-failures.md): the reference target misbehaves through a
 * quirk, the initiator's workload runs, and the outcome is a diagnosis, never a hang.
 */
@ExtendWith(NettyLeakDetection.class)
@Timeout(60)
class ScenarioTest {

  private static IscsiTarget target(String quirk) {
    return OwnTargets.start("64MiB", quirk);
  }

  private static SessionConfig config(IscsiTarget t) {
    return OwnTargets.config(t, Duration.ofSeconds(2));
  }

  /** The motivating case (C1): the whole-cache flush is consumed and never answered. */
  @Test
  void formatAgainstATargetThatNeverAnswersTheFlushStopsWithTheDiagnosis() {
    try (IscsiTarget t = target("sync-cache-never-answered"); IscsiSession s = IscsiSession.open(config(t))) {
      DiskFormatWorkload.Report r = new DiskFormatWorkload(BlockDevice.open(s, 0),
          new DiskFormatWorkload.Options(1 << 20, 0, 4, Duration.ofSeconds(1)), null).run();
      TaskStalledException e = r.stall().orElseThrow();
      assertThat(r.phases().get(r.phases().size() - 1).name()).isEqualTo("synchronize cache");
      assertThat(e.task()).startsWith("SYNCHRONIZE CACHE(10) LBA 0 blocks 0");
      assertThat(e.awaited()).isEqualTo(Awaited.SCSI_RESPONSE);
      assertThat(e.owingSide()).isEqualTo(Side.TARGET);
    }
  }

  /** C3: large writes silently ignored; the zeroing run stops and says which write and what is owed. */
  @Test
  void formatAgainstATargetIgnoringLargeWritesStopsAtTheFirstBigWrite() {
    try (IscsiTarget t = target("ignore-writes-larger-than=65536"); IscsiSession s = IscsiSession.open(config(t))) {
      DiskFormatWorkload.Report r = new DiskFormatWorkload(BlockDevice.open(s, 0),
          DiskFormatWorkload.Options.defaults(), null).run();
      TaskStalledException e = r.stall().orElseThrow();
      assertThat(r.phases().get(r.phases().size() - 1).name()).isEqualTo("zero first MiB");
      assertThat(e.task()).startsWith("WRITE(10)");
      assertThat(e.awaited()).isIn(Awaited.R2T, Awaited.SCSI_RESPONSE);
      assertThat(e.owingSide()).isEqualTo(Side.TARGET);
      assertThat(e.getMessage()).contains("bytes sent");
    }
  }

  /** C4: a target that drops sessions whose NOP-In pings go unanswered; the answer keeps it alive. */
  @Test
  void answeringNopInKeepsTheSessionAliveAndIgnoringThemGetsItDropped() throws Exception {
    try (IscsiTarget t = target("nop-in-drop-after=1")) {
      try (IscsiSession good = IscsiSession.open(config(t))) {
        good.connections().get(0).awaitClosed(Duration.ofSeconds(3));
        assertThat(good.isOpen()).isTrue();
        assertThat(good.execute(ScsiRequest.noData(0, TestUnitReady.of().toBytes())).status()).isNotNull();
      }
      try (IscsiSession bad = IscsiSession.open(config(t).withQuirks(List.of(InitiatorQuirks.IGNORE_NOP_IN)))) {
        assertThat(bad.connections().get(0).awaitClosed(Duration.ofSeconds(10))).isTrue();
        assertThatThrownBy(() -> bad.execute(ScsiRequest.noData(0, TestUnitReady.of().toBytes())))
            .isInstanceOf(ConnectionLostException.class);
      }
    }
  }

  /** C19: no TargetPortalGroupTag in the first Login Response; the strict initiator says so. */
  @Test
  void aMissingTargetPortalGroupTagAbandonsTheLoginNamingTheClause() {
    try (IscsiTarget t = target("no-target-portal-group-tag")) {
      assertThatThrownBy(() -> IscsiSession.open(config(t)))
          .isInstanceOf(LoginFailedException.class)
          .hasMessageContaining("TargetPortalGroupTag").hasMessageContaining("RFC 7143 §13.9");
    }
  }
}
