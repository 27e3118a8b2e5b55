package org.iscsilab.protocol.bench;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iscsilab.protocol.codec.PduStreamDecoder;
import org.iscsilab.protocol.pdu.Sender;
import org.iscsilab.testfixtures.pdu.CapturedStreams;
import org.iscsilab.testfixtures.pdu.GoldenPdus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pcap engine's path: every TCP direction of the libiscsi-tgt-mixed capture (986 PDUs) through
 * {@link PduStreamDecoder} with digest detection, segment by segment as captured. One operation is
 * the whole capture (the script prints its TCP payload size, for MB/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamDecoderBenchmark {

  private List<CapturedStreams.Direction> directions;

  public static final String CAPTURE = "libiscsi-tgt-mixed";

  @Setup(Level.Trial)
  public void setUp() {
    directions = CapturedStreams.read(GoldenPdus.capture(CAPTURE));
  }

  @Benchmark
  public void decodeWholeCapture(Blackhole bh) {
    for (CapturedStreams.Direction d : directions) {
      PduStreamDecoder decoder = PduStreamDecoder.detecting(d.toPort() == 3261 ? Sender.INITIATOR : Sender.TARGET);
      for (byte[] segment : d.segments()) {
        decoder.feed(ByteBuffer.wrap(segment), bh::consume);
      }
      decoder.finish(bh::consume);
    }
  }
}
