package org.iscsilab.pcap;

import org.iscsilab.pcap.analysis.AnalysisReport;
import org.iscsilab.pcap.analysis.SessionAnalyzer;
import org.iscsilab.pcap.io.CapturedPacket;
import org.iscsilab.pcap.net.PacketDecoder;
import org.iscsilab.pcap.net.TcpSegment;
import org.iscsilab.pcap.tcp.TcpReassembler;

/**
 * Packets in, analysis out: link/IP/TCP decoding, TCP reassembly, iSCSI extraction through the
 * shared codec and session analysis, one packet at a time. A file reader and a live capture feed
 * the same pipeline. Not thread-safe.
 */
public final class CapturePipeline {

  private final SessionAnalyzer analyzer = new SessionAnalyzer();
  private final IscsiExtractor extractor;
  private final TcpReassembler reassembler;
  private final PacketDecoder decoder = new PacketDecoder();
  private long packets;

  /** @param port a TCP port to treat as iSCSI, or null to recognise iSCSI by what decodes */
  public CapturePipeline(Integer port) {
    this(port, false);
  }

  /**
   * @param port a TCP port to treat as iSCSI, or null to recognise iSCSI by what decodes
   * @param packetsStay whether the packets' bytes stay unchanged after {@link #accept} returns (a
   *     memory-mapped file does; a live capture's buffers do not), which spares copying them
   */
  public CapturePipeline(Integer port, boolean packetsStay) {
    extractor = new IscsiExtractor(analyzer, port);
    reassembler = new TcpReassembler(extractor, TcpReassembler.Limits.DEFAULT, packetsStay);
  }

  public void accept(CapturedPacket p) {
    packets++;
    extractor.clock(p.frameNumber(), p.timestampNanos());
    analyzer.packetSeen(p.frameNumber(), p.timestampNanos());
    TcpSegment seg = decoder.decode(p);
    if (seg != null) {
      reassembler.accept(seg);
    }
  }

  public long packets() {
    return packets;
  }

  public long tcpSegments() {
    return decoder.tcpSegments();
  }

  public long tcpConnections() {
    return reassembler.connectionsSeen();
  }

  public long iscsiConnections() {
    return extractor.iscsiConnections();
  }

  /** Ends the capture: open streams are flushed, open tasks diagnosed. Call once. */
  public AnalysisReport finish() {
    reassembler.finish();
    extractor.finish();
    return analyzer.finish();
  }
}
