package org.iscsilab.pcap;

import java.nio.file.Path;

/** Lets the interop test reuse the unit test's recorded conversation. */
public final class PcapRecordingHandlerTestAccess {
  private PcapRecordingHandlerTestAccess() {}

  public static Path[] record(Path dir) throws Exception {
    return PcapRecordingHandlerTest.recordPingPong(dir);
  }
}
