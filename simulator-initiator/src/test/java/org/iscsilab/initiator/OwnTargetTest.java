package org.iscsilab.initiator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.initiator.workload.DiskFormatWorkload;
import org.iscsilab.initiator.workload.PerfWorkload;
import org.iscsilab.initiator.workload.VerifyWorkload;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.protocol.negotiation.Digest;
import org.iscsilab.target.IscsiTarget;
import org.iscsilab.target.backend.LunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;

/** The initiator against the reference target, in-process on a free loopback port. */
@ExtendWith(NettyLeakDetection.class)
@Timeout(60)
class OwnTargetTest {

  private static IscsiTarget start(IscsiTarget.Builder b) {
    IscsiTarget t = b.listen("127.0.0.1", 0).lun(0, LunSpec.parse("64MiB")).build();
    t.start();
    return t;
  }

  private static SessionConfig config(IscsiTarget t, LoginSpec spec) {
    InetSocketAddress a = t.address();
    return SessionConfig.of(a.getHostString(), a.getPort(), spec).withTaskTimeout(Duration.ofSeconds(20));
  }

  private static LoginSpec normal() {
    return LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, IscsiTarget.DEFAULT_IQN);
  }

  @Test
  void discoversLogsInWithDigestsWritesReadsAndFormats() {
    try (IscsiTarget t = start(IscsiTarget.builder())) {
      List<Discovery.DiscoveredTarget> found = Discovery.sendTargets(t.address().getHostString(),
          t.address().getPort(), LoginSpec.discovery(LoginSpec.DEFAULT_INITIATOR_NAME), Duration.ofSeconds(10));
      assertThat(found).extracting(Discovery.DiscoveredTarget::name).contains(IscsiTarget.DEFAULT_IQN);
      try (IscsiSession s = IscsiSession.open(config(t, normal().withDigests("CRC32C", "CRC32C")))) {
        assertThat(s.negotiated().connection().headerDigest()).isEqualTo(Digest.CRC32C);
        assertThat(s.negotiated().connection().dataDigest()).isEqualTo(Digest.CRC32C);
        BlockDevice d = BlockDevice.open(s, 0);
        byte[] data = new byte[8 << 20];
        new Random(2).nextBytes(data);
        d.write(0, data);
        assertThat(d.read(0, data.length / d.blockSize())).isEqualTo(data);
        assertThat(VerifyWorkload.run(d, new VerifyWorkload.Options(0, 0, 1 << 20, 8, 5)).ok()).isTrue();
        DiskFormatWorkload.Report r = new DiskFormatWorkload(d, DiskFormatWorkload.Options.defaults(), null).run();
        assertThat(r.failure()).as(() -> r.failure().map(Throwable::getMessage).orElse("")).isEmpty();
        assertThat(s.targetViolations()).isEmpty();
      }
      assertThat(t.loginsWithHeaderDigest()).isPositive();
    }
  }

  @Test
  void chapMutualAgainstTheReferenceTarget() {
    try (IscsiTarget t = start(IscsiTarget.builder().chap("ini", "inisecret1234").mutualChap("tgt", "tgtsecret1234"))) {
      LoginSpec spec = normal().withChap(ChapCredentials.of("ini", "inisecret1234"))
          .withMutualChap(ChapCredentials.of("tgt", "tgtsecret1234"));
      try (IscsiSession s = IscsiSession.open(config(t, spec))) {
        BlockDevice.open(s, 0).testUnitReady();
      }
      assertThatThrownBy(() -> IscsiSession.open(config(t, normal().withChap(ChapCredentials.of("ini",
          "wrongsecret12")))))
          .isInstanceOf(LoginFailedException.class).hasMessageContaining("0x0201");
    }
  }

  @Test
  void twoConnectionsInOneSessionCarryCommandsOnBoth() {
    try (IscsiTarget t = start(IscsiTarget.builder());
        IscsiSession s = IscsiSession.open(config(t, normal()).withConnections(2))) {
      assertThat(s.connectionCount()).isEqualTo(2);
      BlockDevice d = BlockDevice.open(s, 0);
      byte[] data = new byte[4 << 20];
      new Random(8).nextBytes(data);
      d.write(64, data);
      assertThat(d.read(64, data.length / d.blockSize())).isEqualTo(data);
      assertThat(s.targetViolations()).isEmpty();
    }
  }

  /** Issue 4's proof against our own target: 64 MiB written, read back and verified; the format of a 256 MiB LUN. */
  @Test
  void sixtyFourMebibytesAndTheDiskFormatOfA256MebibyteLunWithDigestsOff() {
    IscsiTarget t = IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse("256MiB")).build();
    t.start();
    try (t; IscsiSession s = IscsiSession.open(config(t, normal()).withQueueDepth(16))) {
      assertThat(s.negotiated().connection().headerDigest()).isEqualTo(Digest.NONE);
      BlockDevice d = BlockDevice.open(s, 0);
      assertThat(d.blocks() * d.blockSize()).isEqualTo(256L << 20);
      byte[] data = new byte[64 << 20];
      new Random(64).nextBytes(data);
      d.write(0, data);
      assertThat(d.read(0, data.length / d.blockSize())).isEqualTo(data);
      assertThat(VerifyWorkload.run(d, new VerifyWorkload.Options(0, (64 << 20) / d.blockSize(), 1 << 20, 8, 6)).ok())
          .isTrue();
      DiskFormatWorkload.Report r = new DiskFormatWorkload(d, DiskFormatWorkload.Options.defaults(), null).run();
      assertThat(r.failure()).as(() -> r.failure().map(Throwable::getMessage).orElse("")).isEmpty();
      assertThat(r.phases()).extracting(DiskFormatWorkload.Phase::status).containsOnly("OK");
      assertThat(s.targetViolations()).isEmpty();
    }
  }

  /** What a {@link IscsiSession.Completion} was told, with the thread it was told on. */
  private record Done(ScsiResult notGood, Throwable failure, boolean onLoop) {}

  private static Done submitAndWait(IscsiSession s, ScsiRequest r, byte[] buffer) throws Exception {
    java.util.concurrent.CompletableFuture<Done> f = new java.util.concurrent.CompletableFuture<>();
    var loop = s.connections().get(0).eventLoop();
    s.submit(r, buffer, (notGood, failure) -> f.complete(new Done(notGood, failure, loop.inEventLoop())));
    return f.get(20, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void theLowerLevelPathReadsIntoTheCallersBufferAcrossDataInPdusWithAndWithoutDigests() throws Exception {
    for (String digest : new String[] {"None", "CRC32C"}) {
      try (IscsiTarget t = start(IscsiTarget.builder());
          IscsiSession s = IscsiSession.open(config(t, normal().withDigests(digest, digest)))) {
        BlockDevice d = BlockDevice.open(s, 0);
        byte[] data = new byte[3 << 20]; // more than MaxRecvDataSegmentLength and MaxBurstLength: many Data-Ins
        new Random(9).nextBytes(data);
        d.write(8, data);
        byte[] into = new byte[data.length];
        Done ok = submitAndWait(s, d.readRequest(8, data.length / d.blockSize()), into);
        assertThat(ok.failure()).isNull();
        assertThat(ok.notGood()).isNull();
        assertThat(ok.onLoop()).isTrue();
        assertThat(into).isEqualTo(data);

        // The zero-copy form: the sink sees every byte in place, once, at its offset.
        byte[] seen = new byte[data.length];
        int[] calls = {0};
        java.util.concurrent.CompletableFuture<Done> z = new java.util.concurrent.CompletableFuture<>();
        s.submit(d.readRequest(8, data.length / d.blockSize()), (offset, buf) -> {
          calls[0]++;
          assertThat(buf.isReadOnly()).isTrue();
          buf.getBytes(buf.readerIndex(), seen, offset, buf.readableBytes());
        }, (notGood, failure) -> z.complete(new Done(notGood, failure, true)));
        Done zd = z.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(zd.failure()).isNull();
        assertThat(zd.notGood()).isNull();
        assertThat(calls[0]).isGreaterThan(1);
        assertThat(seen).isEqualTo(data);

        // A sink that throws fails its task with the reason; the session goes on.
        java.util.concurrent.CompletableFuture<Done> thrown = new java.util.concurrent.CompletableFuture<>();
        s.submit(d.readRequest(8, 8), (offset, buf) -> {
          throw new IllegalStateException("sink broke");
        }, (notGood, failure) -> thrown.complete(new Done(notGood, failure, true)));
        assertThat(thrown.get(20, java.util.concurrent.TimeUnit.SECONDS).failure()).hasMessageContaining("sink broke");

        // A command that does not end GOOD gets its whole result, sense included.
        Done bad = submitAndWait(s, d.readRequest(d.blocks(), 1), new byte[d.blockSize()]);
        assertThat(bad.failure()).isNull();
        assertThat(bad.notGood()).isNotNull();
        assertThat(bad.notGood().isGood()).isFalse();
        assertThat(bad.notGood().sense()).isPresent();

        assertThatThrownBy(() -> s.submit(d.readRequest(0, 1), new byte[d.blockSize() + 1], (r, e) -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly");
        // The futures API still hands out its own copy of what was read.
        assertThat(d.read(8, 16)).isEqualTo(java.util.Arrays.copyOf(data, 16 * d.blockSize()));
        assertThat(s.targetViolations()).isEmpty();
      }
    }
  }

  @Test
  void perfRunsAgainstTheReferenceTarget() {
    try (IscsiTarget t = start(IscsiTarget.builder());
        IscsiSession s = IscsiSession.open(config(t, normal()).withQueueDepth(16))) {
      PerfWorkload.Result r = PerfWorkload.run(s, 0,
          new PerfWorkload.Options(4096, 16, Duration.ofSeconds(1), true, 50, 0, 1), null);
      assertThat(r.errors()).isZero();
      assertThat(r.ios()).isPositive();
      assertThat(r.cpuSeconds()).isPositive();
      assertThat(r.cpuMicrosPerIo()).isPositive();
    }
  }
}
