package org.iscsilab.target;

import org.iscsilab.target.quirk.Quirks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.iscsilab.target.backend.LunSpec;
import org.iscsilab.testfixtures.peers.DiskImages;
import org.iscsilab.testfixtures.peers.Libiscsi;
import org.iscsilab.testfixtures.peers.QemuImg;
import org.iscsilab.testfixtures.peers.ToolResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libiscsi's own tools and qemu-img against the reference target, with header digests off and
 * on, and with CHAP. libiscsi 1.19 negotiates only HeaderDigest from the URL; DataDigest is
 * always None there (the in-process tests cover data digests).
 */
@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class LibiscsiIT {

  private static final String USER = "iscsilabuser";
  private static final String SECRET = "secretoftwelve12";
  private static final String TARGET_USER = "iscsilabtarget";
  private static final String TARGET_SECRET = "targetsecret3456";

  @TempDir Path dir;

  private IscsiTarget start(String mode) {
    LunSpec lun0 = mode.contains("file") ? LunSpec.parse("file:" + dir.resolve("lun0.img") + ",size=256MiB")
        : LunSpec.parse("256MiB");
    IscsiTarget.Builder b = IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, lun0)
        .lun(1, LunSpec.parse("null:1GiB"));
    if (mode.contains("chap")) {
      // libiscsi re-declares InitiatorName/TargetName/SessionType in each CHAP login PDU (C10),
      // which RFC 7143 §6.2 makes an error: the target must be told to tolerate it, as tgt does.
      b.chap(USER, SECRET).quirk(Quirks.create("tolerate-repeated-keys"));
    }
    if (mode.contains("mutual")) {
      // Separate discovery authentication, mutual as well.
      b.mutualChap(TARGET_USER, TARGET_SECRET).discoveryChap(USER, SECRET)
          .discoveryMutualChap(TARGET_USER, TARGET_SECRET);
    }
    return b.start();
  }

  private static String url(IscsiTarget t, String mode, int lun) {
    String u = "iscsi://127.0.0.1:" + t.address().getPort() + "/" + IscsiTarget.DEFAULT_IQN + "/" + lun;
    return decorate(u, mode);
  }

  private static String decorate(String u, String mode) {
    if (mode.contains("chap")) {
      u = Libiscsi.withChap(u, USER, SECRET);
    }
    if (mode.contains("digest")) {
      u = u + (u.contains("?") ? "&" : "?") + "header_digest=crc32c";
    }
    if (mode.contains("mutual")) {
      u = Libiscsi.withTargetChap(u, TARGET_USER, TARGET_SECRET);
    }
    return u;
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "digest", "chap", "chap+digest", "chap+mutual"})
  void discoveryInquiryAndCapacity(String mode) {
    try (IscsiTarget t = start(mode)) {
      Libiscsi tools = Libiscsi.defaults();
      String portal = decorate("iscsi://127.0.0.1:" + t.address().getPort(), mode);
      ToolResult ls = tools.iscsiLs(portal, "-s");
      assertThat(ls.ok()).as(ls.describe()).isTrue();
      assertThat(ls.stdout()).contains("Target:" + IscsiTarget.DEFAULT_IQN)
          .contains("Portal:127.0.0.1:" + t.address().getPort() + ",1").contains("Lun:0").contains("Lun:1");
      ToolResult inq = tools.iscsiInq(url(t, mode, 0));
      assertThat(inq.ok()).as(inq.describe()).isTrue();
      assertThat(inq.stdout()).contains("Vendor:ISCSILAB").contains("DIRECT_ACCESS");
      ToolResult vpd = tools.iscsiInq(url(t, mode, 0), "-e", "1", "-c", "0x83");
      assertThat(vpd.ok()).as(vpd.describe()).isTrue();
      ToolResult cap = tools.iscsiReadcapacity16(url(t, mode, 0));
      assertThat(cap.ok()).as(cap.describe()).isTrue();
      assertThat(cap.stdout()).contains("Total size:" + (256L << 20));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "digest", "chap", "file"})
  void perfRunsAndReportsAnAverage(String mode) {
    try (IscsiTarget t = start(mode)) {
      ToolResult perf = Libiscsi.defaults().iscsiPerf(url(t, mode, 0), 3, 8, 32, true);
      assertThat(perf.exitCode()).as(perf.describe()).isZero();
      assertThat(Libiscsi.parsePerf(perf.stdout() + perf.stderr())).hasValueSatisfying(
          f -> assertThat(f.iops()).isPositive());
    }
  }

  /** qemu's own iSCSI options: its URL parser does not take libiscsi's header_digest argument. */
  private static String imageOpts(IscsiTarget t, String mode) {
    String o = "driver=iscsi,transport=tcp,portal=127.0.0.1:" + t.address().getPort() + ",target="
        + IscsiTarget.DEFAULT_IQN + ",lun=0";
    if (mode.contains("chap")) {
      o += ",user=" + USER + ",password=" + SECRET;
    }
    if (mode.contains("digest")) {
      o += ",header-digest=crc32c";
    }
    return o;
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "digest", "chap", "chap+digest", "file"})
  void qemuImgWritesAGptFatImageAndReadsItBackIdentical(String mode) throws Exception {
    try (IscsiTarget t = start(mode)) {
      Path image = DiskImages.gptFat(dir.resolve("disk.img"));
      String qemu = org.iscsilab.testfixtures.peers.Peers.path(org.iscsilab.testfixtures.peers.Peers.Tool.QEMU_IMG);
      ToolResult w = org.iscsilab.testfixtures.peers.ProcessRunner.run(Duration.ofSeconds(60), qemu, "convert", "-n",
          "--target-image-opts", image.toString(), imageOpts(t, mode));
      assertThat(w.ok()).as(w.describe()).isTrue();
      Path back = dir.resolve("back.img");
      ToolResult r = org.iscsilab.testfixtures.peers.ProcessRunner.run(Duration.ofSeconds(60), qemu, "convert",
          "--image-opts", imageOpts(t, mode), "-O", "raw", back.toString());
      assertThat(r.ok()).as(r.describe()).isTrue();
      assertSamePrefix(image, back);
      if (mode.contains("digest")) {
        assertThat(t.loginsWithHeaderDigest()).isPositive();
      }
    }
  }

  @org.junit.jupiter.api.Test
  void qemuImgThroughTheLibiscsiUrlForm() throws Exception {
    try (IscsiTarget t = start("plain")) {
      Path image = DiskImages.gptFat(dir.resolve("disk.img"));
      ToolResult w = QemuImg.convert(image.toString(), url(t, "plain", 0));
      assertThat(w.ok()).as(w.describe()).isTrue();
      Path back = dir.resolve("back.img");
      ToolResult r = QemuImg.convert(url(t, "plain", 0), back.toString());
      assertThat(r.ok()).as(r.describe()).isTrue();
      assertSamePrefix(image, back);
    }
  }

  private void assertSamePrefix(Path image, Path back) throws Exception {
    Path head = dir.resolve("head.img");
    try (var in = Files.newInputStream(back); var out = Files.newOutputStream(head)) {
      out.write(in.readNBytes((int) Files.size(image)));
    }
    assertThat(DiskImages.sameContent(image, head)).as("mismatch at byte %d", DiskImages.mismatch(image, head))
        .isTrue();
  }
}
