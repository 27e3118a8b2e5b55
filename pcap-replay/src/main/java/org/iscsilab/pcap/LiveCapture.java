package org.iscsilab.pcap;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iscsilab.pcap.analysis.AnalysisReport;
import org.iscsilab.pcap.io.CapturedPacket;
import org.iscsilab.pcap.io.LinkType;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;

/**
 * Live capture through Pcap4J/libpcap into the same pipeline as a file: an interface and a TCP
 * port, optionally written to a pcap file as it goes, analysed as it goes. Bounded by a duration
 * and stoppable from another thread.
 */
public final class LiveCapture {

  /** What went wrong opening the capture, in words a user can act on. */
  public static final class LiveCaptureException extends Exception {
    public LiveCaptureException(String message) {
      super(message, null, false, false);
    }
  }

  /** What a live capture yields. */
  public record Result(String interfaceName, int port, long packets, long iscsiConnections, AnalysisReport report,
      Path writtenTo) {}

  /** After a stop, reading goes on until nothing has arrived for this long (three block timeouts). */
  private static final long DRAIN_QUIET_NANOS = 300_000_000L;

  private final AtomicBoolean stop = new AtomicBoolean();

  /** Asks a running {@link #run} to finish after the packet at hand. */
  public void stop() {
    stop.set(true);
  }

  /**
   * Captures on {@code interfaceName} the TCP traffic of {@code port} for at most {@code duration}
   * (or until {@link #stop}), analysing it and, if {@code writeTo} is not null, writing it there.
   */
  public Result run(String interfaceName, int port, Duration duration, Path writeTo) throws LiveCaptureException {
    PcapHandle handle = open(interfaceName, port);
    CapturePipeline pipeline = new CapturePipeline(port);
    PcapDumper dumper = null;
    long deadline = System.nanoTime() + duration.toNanos();
    long frame = 0;
    try {
      if (writeTo != null) {
        dumper = handle.dumpOpen(writeTo.toString());
      }
      LinkType link = new LinkType(handle.getDlt().value());
      long quietSince = -1;
      while (true) {
        boolean ending = stop.get() || System.nanoTime() >= deadline;
        byte[] raw = handle.getNextRawPacket(); // non-blocking: null when nothing is ready
        if (raw == null) {
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
          long now = System.nanoTime();
          if (quietSince < 0) {
            quietSince = now;
          } else if (ending && now - quietSince > DRAIN_QUIET_NANOS) {
            break; // drained: the kernel's buffer has delivered what it held when we were asked to stop
          }
          continue;
        }
        quietSince = -1;
        long ts = handle.getTimestamp().getTime() * 1_000_000L + handle.getTimestamp().getNanos() % 1_000_000;
        if (dumper != null) {
          dumper.dumpRaw(raw, handle.getTimestamp());
        }
        pipeline.accept(new CapturedPacket(++frame, ts, 0, link, handle.getOriginalLength(), ByteBuffer.wrap(raw)));
      }
      if (dumper != null) {
        dumper.flush();
      }
    } catch (PcapNativeException | NotOpenException e) {
      throw new LiveCaptureException("live capture on " + interfaceName + " failed: " + e.getMessage());
    } finally {
      if (dumper != null) {
        dumper.close();
      }
      handle.close();
    }
    return new Result(interfaceName, port, pipeline.packets(), pipeline.iscsiConnections(), pipeline.finish(),
        writeTo);
  }

  private static PcapHandle open(String interfaceName, int port) throws LiveCaptureException {
    PcapNetworkInterface nif;
    try {
      nif = org.pcap4j.core.Pcaps.getDevByName(interfaceName);
    } catch (LinkageError e) {
      throw new LiveCaptureException("live capture needs libpcap, which could not be loaded (" + e.getMessage()
          + "); on Debian: apt-get install libpcap0.8");
    } catch (PcapNativeException e) {
      throw new LiveCaptureException("cannot list capture interfaces: " + e.getMessage()
          + " (live capture needs root or CAP_NET_RAW, and libpcap: apt-get install libpcap0.8)");
    }
    if (nif == null) {
      throw new LiveCaptureException("no capture interface named " + interfaceName);
    }
    try {
      PcapHandle handle = new PcapHandle.Builder(interfaceName).snaplen(262144)
          .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS).timeoutMillis(100)
          .bufferSize(64 << 20).timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
      handle.setFilter("tcp port " + port, BpfProgram.BpfCompileMode.OPTIMIZE);
      // Non-blocking: on Linux (TPACKET_V3) a blocking read with no traffic at all never times out,
      // so a capture could not be stopped on a quiet port.
      handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
      return handle;
    } catch (PcapNativeException | NotOpenException e) {
      throw new LiveCaptureException("cannot capture on " + interfaceName + ": " + e.getMessage()
          + " (live capture needs root or CAP_NET_RAW)");
    }
  }
}
