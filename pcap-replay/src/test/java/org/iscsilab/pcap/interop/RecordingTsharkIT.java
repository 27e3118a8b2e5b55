package org.iscsilab.pcap.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.iscsilab.testfixtures.peers.Tshark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tshark dissects what our recorder writes from a live connection: no malformed packets, same PDUs. */
class RecordingTsharkIT {

  @Test
  void tsharkDissectsRecordedLiveConnectionsCleanly(@TempDir Path dir) throws Exception {
    Path[] files = org.iscsilab.pcap.PcapRecordingHandlerTestAccess.record(dir);
    for (Path f : files) {
      int port = Integer.parseInt(Tshark.fields(f, 0, "tcp.dstport").get(0).get(0));
      Tshark.Opcodes ops = Tshark.opcodes(f, port);
      assertThat(ops.counts()).isEqualTo(Map.of(0x00, 50L, 0x20, 50L));
      assertThat(Tshark.malformed(f, port)).isEmpty();
    }
  }
}
