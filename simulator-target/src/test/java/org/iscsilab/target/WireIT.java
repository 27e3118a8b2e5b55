package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.iscsilab.target.backend.LunSpec;
import org.iscsilab.testfixtures.peers.DiskImages;
import org.iscsilab.testfixtures.peers.Libiscsi;
import org.iscsilab.testfixtures.peers.Peers;
import org.iscsilab.testfixtures.peers.ProcessRunner;
import org.iscsilab.testfixtures.peers.Tcpdump;
import org.iscsilab.testfixtures.peers.Tshark;
import org.iscsilab.testfixtures.peers.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wireshark's dissector, the reference outside this project, judges what the target sends. */
@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class WireIT {

  @TempDir Path dir;

  @Test
  void tsharkFindsNothingMalformedInALibiscsiAndQemuSession() throws Exception {
    try (IscsiTarget t = IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse("64MiB")).start()) {
      int port = t.address().getPort();
      Path pcap = dir.resolve("session.pcap");
      try (Tcpdump.Capture cap = Tcpdump.start(pcap, port)) {
        String url = "iscsi://127.0.0.1:" + port + "/" + IscsiTarget.DEFAULT_IQN + "/0";
        assertThat(Libiscsi.defaults().iscsiLs("iscsi://127.0.0.1:" + port, "-s").ok()).isTrue();
        assertThat(Libiscsi.defaults().iscsiInq(url).ok()).isTrue();
        assertThat(Libiscsi.defaults().iscsiReadcapacity16(url).ok()).isTrue();
        Path image = DiskImages.gptFat(dir.resolve("disk.img"), 8L << 20);
        ToolResult w = ProcessRunner.run(Duration.ofSeconds(60), Peers.path(Peers.Tool.QEMU_IMG), "convert", "-n",
            "-O", "raw", image.toString(), url);
        assertThat(w.ok()).as(w.describe()).isTrue();
        cap.stop();
      }
      // Capture losses under load show up as TCP analysis warnings; only iSCSI-level problems count.
      List<String> problems = Tshark.malformed(pcap, port).stream()
          .filter(l -> !l.matches(".*\\s127\\.0\\.0\\.1\\s+TCP\\s.*"))
          .filter(l -> !l.contains("[TCP Previous segment not captured]") && !l.contains("[TCP ACKed unseen segment]"))
          // Wireshark's SCSI dissector calls a VPD page cut at the ALLOCATION LENGTH malformed; SPC-4 §4.2.5.6
          // requires exactly that truncation (qemu asks for 64 bytes of page 0x83 first, then for all of it).
          .filter(l -> !l.contains("(Inquiry Response Data) [Malformed Packet]"))
          .toList();
      assertThat(problems).as("tshark problems").isEmpty();
      Tshark.Opcodes ops = Tshark.opcodes(pcap, port);
      assertThat(ops.count(0x23)).as("Login Responses").isPositive();
      assertThat(ops.count(0x01)).as("SCSI Commands").isPositive();
      assertThat(ops.count(0x25)).as("Data-Ins").isPositive();
      assertThat(ops.count(0x21)).as("SCSI Responses").isPositive();
    }
  }
}
