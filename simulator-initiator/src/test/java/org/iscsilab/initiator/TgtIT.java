package org.iscsilab.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.initiator.scsi.Capacity;
import org.iscsilab.protocol.negotiation.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;

/** The initiator against Linux tgt on loopback. */
@ExtendWith(NettyLeakDetection.class)
@Timeout(120)
class TgtIT {

  static LocalTgt tgt;

  @BeforeAll
  static void start() {
    tgt = LocalTgt.start(256L << 20);
  }

  @AfterAll
  static void stop() {
    if (tgt != null) {
      tgt.close();
    }
  }

  static SessionConfig config(LoginSpec spec) {
    return SessionConfig.of("127.0.0.1", tgt.port, spec).withTaskTimeout(Duration.ofSeconds(20));
  }

  static LoginSpec normal() {
    return LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, LocalTgt.IQN);
  }

  @Test
  void discoveryListsTheTarget() {
    List<Discovery.DiscoveredTarget> targets = Discovery.sendTargets("127.0.0.1", tgt.port,
        LoginSpec.discovery(LoginSpec.DEFAULT_INITIATOR_NAME), Duration.ofSeconds(10));
    assertThat(targets).extracting(Discovery.DiscoveredTarget::name).contains(LocalTgt.IQN);
    assertThat(Discovery.run("127.0.0.1", tgt.port, LoginSpec.discovery(LoginSpec.DEFAULT_INITIATOR_NAME),
        Duration.ofSeconds(10)).targetViolations()).isEmpty();
  }

  @Test
  void inquiryAndCapacityOfTheDiskLun() {
    try (IscsiSession s = IscsiSession.open(config(normal()))) {
      BlockDevice d = BlockDevice.unprobed(s, LocalTgt.DISK_LUN);
      d.testUnitReady();
      assertThat(d.inquiry().deviceType()).isZero();
      Capacity c = d.readCapacity();
      assertThat(c.bytes()).isEqualTo(256L << 20);
      assertThat(d.readCapacity16().bytes()).isEqualTo(256L << 20);
    }
  }

  @Test
  void writesAndReadsBackSixtyFourMebibytesWithDigestsOff() {
    writeReadVerify(normal());
  }

  @Test
  void writesAndReadsBackWithHeaderAndDataDigests() {
    tgt.adm(true, "--op", "update", "--mode", "target", "--tid", "1", "--name", "HeaderDigest", "--value",
        "CRC32C,None");
    tgt.adm(true, "--op", "update", "--mode", "target", "--tid", "1", "--name", "DataDigest", "--value",
        "CRC32C,None");
    LoginSpec spec = normal().withDigests("CRC32C,None", "CRC32C,None");
    try (IscsiSession s = IscsiSession.open(config(spec))) {
      assertThat(s.negotiated().connection().headerDigest()).isEqualTo(Digest.CRC32C);
      assertThat(s.negotiated().connection().dataDigest()).isEqualTo(Digest.CRC32C);
    }
    writeReadVerify(spec);
  }

  private void writeReadVerify(LoginSpec spec) {
    try (IscsiSession s = IscsiSession.open(config(spec))) {
      BlockDevice d = BlockDevice.open(s, LocalTgt.DISK_LUN);
      byte[] data = new byte[64 << 20];
      new Random(42).nextBytes(data);
      d.write(0, data);
      byte[] back = d.read(0, data.length / d.blockSize());
      assertThat(back).isEqualTo(data);
      assertThat(s.targetViolations()).isEmpty();
      lastWritten = data;
    }
  }

  static byte[] lastWritten;

  /** What our initiator wrote reads back identical through libiscsi (qemu-img convert). */
  @Test
  void dataWrittenByTheInitiatorReadsBackIdenticalThroughQemuImg() throws Exception {
    writeReadVerify(normal());
    java.nio.file.Path back = java.nio.file.Files.createTempFile("iscsilab-back", ".img");
    try {
      Process p = new ProcessBuilder("qemu-img", "convert", "-O", "raw", tgt.url(LocalTgt.DISK_LUN), back.toString())
          .redirectErrorStream(true).start();
      boolean done = p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly();
      }
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(done).as("qemu-img finished within 120 s").isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      byte[] image = java.nio.file.Files.readAllBytes(back);
      assertThat(image).hasSize(256 << 20);
      assertThat(java.util.Arrays.copyOf(image, lastWritten.length)).isEqualTo(lastWritten);
    } finally {
      java.nio.file.Files.deleteIfExists(back);
    }
  }

  @Test
  void diskFormatSequenceOnA256MebibyteLun() {
    try (IscsiSession s = IscsiSession.open(config(normal()).withNops(Duration.ofSeconds(2), Duration.ofSeconds(10)))) {
      BlockDevice d = BlockDevice.open(s, LocalTgt.DISK_LUN);
      var r = new org.iscsilab.initiator.workload.DiskFormatWorkload(d,
          org.iscsilab.initiator.workload.DiskFormatWorkload.Options.defaults(), null).run();
      assertThat(r.failure()).as(() -> r.failure().map(Throwable::getMessage).orElse("")).isEmpty();
      assertThat(r.phases()).hasSize(7).extracting(p -> p.status()).containsOnly("OK");
    }
  }

  @Test
  void twoConnectionsWhenTheTargetAgreesToMaxConnectionsAboveOne() {
    tgt.adm(true, "--op", "update", "--mode", "target", "--tid", "1", "--name", "MaxConnections", "--value", "4");
    try (IscsiSession s = IscsiSession.open(config(normal()).withConnections(2))) {
      assertThat(s.negotiated().session().maxConnections()).isGreaterThan(1);
      assertThat(s.connectionCount()).isEqualTo(2);
      // Finding (tgt): MaxConnections is repeated on the second connection although it is leading-only.
      assertThat(s.targetViolations()).anySatisfy(v -> assertThat(v).contains("leading-only key MaxConnections"));
      BlockDevice d = BlockDevice.open(s, LocalTgt.DISK_LUN);
      byte[] data = new byte[8 << 20];
      new Random(1).nextBytes(data);
      d.write(1000, data);
      assertThat(d.read(1000, data.length / d.blockSize())).isEqualTo(data);
      assertThat(s.connections()).allSatisfy(c -> assertThat(c.historyLog().all())
          .anySatisfy(r -> assertThat(r.pdu()).isInstanceOf(org.iscsilab.protocol.pdu.ScsiCommand.class)));
    } finally {
      tgt.adm(true, "--op", "update", "--mode", "target", "--tid", "1", "--name", "MaxConnections", "--value", "1");
    }
  }

  @Test
  void reconnectsAfterTheTargetDropsTheConnection() {
    try (IscsiSession s = IscsiSession.open(config(normal()))) {
      BlockDevice d = BlockDevice.open(s, LocalTgt.DISK_LUN);
      s.connections().get(0).close();
      s.reconnect();
      assertThat(s.isOpen()).isTrue();
      d.testUnitReady();
    }
  }

  @Test
  void abortOfANonexistentTaskIsAnsweredTaskDoesNotExist() {
    try (IscsiSession s = IscsiSession.open(config(normal()))) {
      assertThat(IscsiSession.await(s.abortTask(0, 0x7777, Duration.ofSeconds(5))))
          .isEqualTo(org.iscsilab.protocol.pdu.TaskManagementResponseCode.TASK_DOES_NOT_EXIST);
    }
  }

  @Test
  void verifyWorkloadFindsNoMismatch() {
    try (IscsiSession s = IscsiSession.open(config(normal()).withQueueDepth(16))) {
      BlockDevice d = BlockDevice.open(s, LocalTgt.DISK_LUN);
      var r = org.iscsilab.initiator.workload.VerifyWorkload.run(d,
          new org.iscsilab.initiator.workload.VerifyWorkload.Options(0, (64 << 20) / d.blockSize(), 1 << 20, 8, 11));
      assertThat(r.ok()).as(r.describe()).isTrue();
    }
  }

  @Test
  void perfWorkloadMeasuresRandomReadsOnTheNullLun() {
    try (IscsiSession s = IscsiSession.open(config(normal()).withQueueDepth(32))) {
      var r = org.iscsilab.initiator.workload.PerfWorkload.run(s, LocalTgt.NULL_LUN,
          new org.iscsilab.initiator.workload.PerfWorkload.Options(4096, 32, Duration.ofSeconds(2), true, 0, 0, 1),
          null);
      assertThat(r.errors()).isZero();
      assertThat(r.ios()).isPositive();
      assertThat(r.p50us()).isPositive().isLessThanOrEqualTo(r.p99us());
    }
  }

  @Test
  void chapOneWayAndMutualAgainstTgt() {
    try (LocalTgt chap = LocalTgt.start(8L << 20)) {
      chap.requireChap("alice", "secretsecret1");
      LoginSpec spec = LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, LocalTgt.IQN)
          .withChap(org.iscsilab.protocol.auth.ChapCredentials.of("alice", "secretsecret1"));
      try (IscsiSession s = IscsiSession.open(SessionConfig.of("127.0.0.1", chap.port, spec))) {
        assertThat(s.negotiated().connection().authMethod()).isEqualTo("CHAP");
        BlockDevice.open(s, LocalTgt.DISK_LUN).testUnitReady();
      }
      LoginSpec wrong = LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, LocalTgt.IQN)
          .withChap(org.iscsilab.protocol.auth.ChapCredentials.of("alice", "wrongsecret12"));
      assertThatThrownBy(() -> IscsiSession.open(SessionConfig.of("127.0.0.1", chap.port, wrong)))
          .isInstanceOf(LoginFailedException.class).hasMessageContaining("Authentication failure (0x0201)");
      LoginSpec none = LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, LocalTgt.IQN);
      assertThatThrownBy(() -> IscsiSession.open(SessionConfig.of("127.0.0.1", chap.port, none)))
          .isInstanceOf(LoginFailedException.class).hasMessageContaining("login refused");
      chap.mutualChap("tgtuser", "tgtsecret1234");
      LoginSpec mutual = spec.withMutualChap(org.iscsilab.protocol.auth.ChapCredentials.of("tgtuser", "tgtsecret1234"));
      try (IscsiSession s = IscsiSession.open(SessionConfig.of("127.0.0.1", chap.port, mutual))) {
        BlockDevice.open(s, LocalTgt.DISK_LUN).testUnitReady();
      }
      LoginSpec mutualWrong = spec.withMutualChap(
          org.iscsilab.protocol.auth.ChapCredentials.of("tgtuser", "notthesecret1"));
      assertThatThrownBy(() -> IscsiSession.open(SessionConfig.of("127.0.0.1", chap.port, mutualWrong)))
          .isInstanceOf(LoginFailedException.class).hasMessageContaining("CHAP_R");
    }
  }

  @Test
  void targetNopInPingsAreAnsweredSoTheSessionSurvivesThem() throws Exception {
    tgt.adm(true, "--op", "update", "--mode", "target", "--tid", "1", "--name", "nop_interval", "--value", "1");
    tgt.adm(true, "--op", "update", "--mode", "target", "--tid", "1", "--name", "nop_count", "--value", "2");
    try (IscsiSession s = IscsiSession.open(config(normal()))) {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline && s.connections().get(0).history().stream()
          .noneMatch(r -> r.pdu() instanceof org.iscsilab.protocol.pdu.NopIn n && n.requestsAnswer())) {
        s.execute(ScsiRequest.noData(0, org.iscsilab.protocol.scsi.cdb.TestUnitReady.of().toBytes()));
        Thread.onSpinWait();
        s.connections().get(0).awaitClosed(Duration.ofMillis(200));
      }
      assertThat(s.connections().get(0).historyLog().all()).anySatisfy(r -> assertThat(r.pdu())
          .isInstanceOfSatisfying(org.iscsilab.protocol.pdu.NopOut.class,
              n -> assertThat(n.initiatorTaskTag()).isEqualTo(-1)));
      s.connections().get(0).awaitClosed(Duration.ofSeconds(4));
      assertThat(s.isOpen()).isTrue();
    } finally {
      tgt.adm(false, "--op", "update", "--mode", "target", "--tid", "1", "--name", "nop_interval", "--value", "0");
    }
  }

  /**
   * Finding (tgt 1.0.x): with its default HeaderDigest=None, tgt answers an offer of only CRC32C
   * with "None" instead of "Reject" (RFC 7143 §6.2.1). The initiator refuses the illegal answer.
   */
  @Test
  void digestOfferTgtCannotMeetIsAnsweredIllegallyAndTheLoginIsAbandoned() {
    try (LocalTgt plain = LocalTgt.start(1L << 20)) {
      LoginSpec spec = LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, LocalTgt.IQN).withDigests("CRC32C", "None");
      assertThatThrownBy(() -> IscsiSession.open(SessionConfig.of("127.0.0.1", plain.port, spec)))
          .isInstanceOf(LoginFailedException.class)
          .hasMessageContaining("answer HeaderDigest=None to the offer HeaderDigest=CRC32C is illegal");
    }
  }

  @Test
  void unknownTargetIsRefusedWithNotFoundSpelledOut() {
    LoginSpec spec = LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, "iqn.2001-04.com.example:nope");
    assertThatThrownBy(() -> IscsiSession.open(config(spec)))
        .isInstanceOf(LoginFailedException.class)
        .hasMessageContaining("login refused: Initiator Error: Not found (0x0203)")
        .hasMessageContaining("iqn.2001-04.com.example:nope does not exist");
  }
}
