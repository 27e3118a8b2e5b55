package org.iscsilab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.cli.CliResult.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.iscsilab.target.IscsiTarget;
import org.iscsilab.target.backend.LunSpec;
import org.iscsilab.target.quirk.Quirks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code initiator} commands end to end against the reference target, in-process. */
@Timeout(60)
class InitiatorCommandTargetTest {

  private static IscsiTarget start(String quirk) {
    IscsiTarget.Builder b = IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse("64MiB"));
    if (quirk != null) {
      b.quirk(Quirks.create(quirk));
    }
    IscsiTarget t = b.build();
    t.start();
    return t;
  }

  private static String portal(IscsiTarget t) {
    return "iscsi://127.0.0.1:" + t.address().getPort();
  }

  private static String url(IscsiTarget t) {
    return portal(t) + "/" + IscsiTarget.DEFAULT_IQN + "/0";
  }

  @Test
  void discoverInquiryCapacityWriteReadPerfAndFormat(@TempDir Path dir) throws Exception {
    try (IscsiTarget t = start(null)) {
      CliResult d = run("initiator", "discover", portal(t));
      assertThat(d.exit()).as(d.err()).isZero();
      assertThat(d.out()).contains(IscsiTarget.DEFAULT_IQN);

      CliResult q = run("initiator", "inquiry", url(t), "--json");
      assertThat(q.exit()).as(q.err()).isZero();
      assertThat(q.out()).contains("\"deviceType\":0");

      CliResult c = run("initiator", "capacity", url(t));
      assertThat(c.exit()).as(c.err()).isZero();
      assertThat(c.out()).contains("bytes:      67108864");

      byte[] data = new byte[70000];
      new Random(4).nextBytes(data);
      Path in = dir.resolve("in.bin");
      Files.write(in, data);
      CliResult w = run("initiator", "write", url(t), "--lba", "10", "--in", in.toString());
      assertThat(w.exit()).as(w.err()).isZero();
      Path out = dir.resolve("out.bin");
      CliResult r = run("initiator", "read", url(t), "--lba", "10", "--blocks", "137", "--out", out.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(java.util.Arrays.copyOf(Files.readAllBytes(out), data.length)).isEqualTo(data);

      CliResult p = run("initiator", "perf", url(t), "--seconds", "1", "--warmup", "0", "--random", "--json");
      assertThat(p.exit()).as(p.err()).isZero();
      assertThat(p.out()).contains("\"iops\":").contains("\"p99_9\":").contains("\"poll\":false");
      CliResult pp = run("initiator", "perf", url(t), "--seconds", "0.5", "--warmup", "0", "--block-size", "128KiB",
          "--queue-depth", "16", "--poll", "--json");
      assertThat(pp.exit()).as(pp.err()).isZero();
      assertThat(pp.out()).contains("\"poll\":true").contains("\"pollIntervalMicros\":20").contains("\"errors\":0");

      CliResult f = run("initiator", "workload", url(t), "--name", "disk-format");
      assertThat(f.exit()).as(f.err()).isZero();
      assertThat(f.out()).contains("synchronize cache").contains("disk-format completed");

      CliResult v = run("initiator", "workload", url(t), "--name", "verify", "--blocks", "8192", "--json");
      assertThat(v.exit()).as(v.err()).isZero();
      assertThat(v.out()).contains("\"ok\":true");
    }
  }

  @Test
  void aFormatThatStallsExitsWith1AndPrintsTheDiagnosis() {
    try (IscsiTarget t = start("sync-cache-never-answered")) {
      CliResult f = run("initiator", "workload", url(t), "--name", "disk-format", "--sync-timeout", "1");
      assertThat(f.exit()).isEqualTo(1);
      assertThat(f.out()).contains("synchronize cache       STALLED")
          .contains("disk-format stopped: no SCSI Response for SYNCHRONIZE CACHE(10) LBA 0 blocks 0")
          .contains("the target owes a SCSI Response (RFC 7143 §11.4)")
          // abort on timeout is the command line's default: the diagnosis says how the ABORT TASK went
          .contains("; ABORT TASK answered \"Task does not exist\" after ");
      CliResult j = run("initiator", "workload", url(t), "--name", "disk-format", "--sync-timeout", "1", "--json");
      assertThat(j.exit()).isEqualTo(1);
      assertThat(j.out()).contains("\"owingSide\":\"TARGET\"").contains("\"status\":\"STALLED\"")
          .contains("\"abort\":\"ABORT TASK answered \\\"Task does not exist\\\"");
      CliResult n = run("initiator", "workload", url(t), "--name", "disk-format", "--sync-timeout", "1",
          "--no-abort-on-timeout");
      assertThat(n.exit()).isEqualTo(1);
      assertThat(n.out()).contains("disk-format stopped: no SCSI Response for SYNCHRONIZE CACHE(10)")
          .doesNotContain("ABORT TASK");
    }
  }

  @Test
  void anAbortTheTargetNeverAnswersIsReportedWithinItsDeadline() {
    IscsiTarget t = IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse("64MiB"))
        .quirk(Quirks.create("sync-cache-never-answered")).quirk(Quirks.create("abort-task-never-answered")).build();
    t.start();
    try (t) {
      long t0 = System.nanoTime();
      CliResult f = run("initiator", "workload", url(t), "--name", "disk-format", "--sync-timeout", "1",
          "--timeout", "2");
      assertThat(f.exit()).isEqualTo(1);
      assertThat(f.out()).contains("ABORT TASK not answered within 2.0 s: the target owes a Task Management "
          + "Function Response (RFC 7143 §11.5, §11.6)");
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(20));
    }
  }

  @Test
  void aChapFailureIsALoginRefusalSpelledOutWithExitCode2() {
    IscsiTarget t = IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse("64MiB"))
        .chap("ini", "inisecret1234").build();
    t.start();
    try (t) {
      String base = "127.0.0.1:" + t.address().getPort() + "/" + IscsiTarget.DEFAULT_IQN + "/0";
      CliResult ok = run("initiator", "capacity", "iscsi://ini%inisecret1234@" + base);
      assertThat(ok.exit()).as(ok.err()).isZero();
      CliResult r = run("initiator", "capacity", "iscsi://ini%wrongsecret12@" + base);
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err().strip()).startsWith("iscsi-lab: login refused: Initiator Error: Authentication failure (0x0201)")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void anUnknownTargetIsALoginRefusalSpelledOutWithExitCode2() {
    try (IscsiTarget t = start(null)) {
      CliResult r = run("initiator", "inquiry", portal(t) + "/iqn.2026-11.org.iscsilab:nope/0");
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err().strip()).startsWith("iscsi-lab: login refused: Initiator Error: Not found (0x0203)")
          .contains("iqn.2026-11.org.iscsilab:nope does not exist on 127.0.0.1:");
    }
  }
}
