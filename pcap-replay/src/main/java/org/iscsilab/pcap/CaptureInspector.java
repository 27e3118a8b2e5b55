package org.iscsilab.pcap;

import java.io.IOException;
import java.nio.file.Path;
import org.iscsilab.pcap.analysis.AnalysisReport;
import org.iscsilab.pcap.io.CaptureFormatException;
import org.iscsilab.pcap.io.CaptureReader;
import org.iscsilab.pcap.io.CapturedPacket;

/**
 * Reads a capture file end to end — packets, TCP reassembly, iSCSI extraction through the shared
 * codec, session analysis — in one streaming pass. A damaged file does not lose what came
 * before the damage: the result carries the report so far and says where reading stopped.
 */
public final class CaptureInspector {

  private CaptureInspector() {}

  /**
   * What {@code replay inspect} prints: the report, the capture's vital statistics, and the
   * damage that stopped reading, if any.
   */
  public record Result(
      String file,
      String format,
      long frames,
      long tcpSegments,
      long tcpConnections,
      long iscsiConnections,
      AnalysisReport report,
      String damage) {}

  /**
   * Inspects {@code file}; {@code port}, when not null, marks connections to or from that TCP
   * port as iSCSI whatever they look like (otherwise iSCSI is recognised by what decodes).
   *
   * @throws IOException if the file cannot be opened or is not a capture at all
   */
  public static Result inspect(Path file, Integer port) throws IOException {
    // The reader maps the file read-only: the bytes of a packet stay valid and unchanged.
    CapturePipeline pipeline = new CapturePipeline(port, true);
    String damage = null;
    String format;
    long frames;
    try (CaptureReader reader = CaptureReader.openSequential(file)) {
      format = reader.format().toString();
      try {
        for (CapturedPacket p = reader.next(); p != null; p = reader.next()) {
          pipeline.accept(p);
        }
      } catch (CaptureFormatException e) {
        damage = e.getMessage();
      }
      frames = reader.framesRead();
    }
    AnalysisReport report = pipeline.finish();
    return new Result(file.toString(), format, frames, pipeline.tcpSegments(), pipeline.tcpConnections(),
        pipeline.iscsiConnections(), report, damage);
  }
}
