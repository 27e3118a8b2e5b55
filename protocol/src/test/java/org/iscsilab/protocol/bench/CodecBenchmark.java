package org.iscsilab.protocol.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.codec.PduFramer;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decode + encode of one PDU through {@link PduFramer}, the path both the Netty pair and the
 * stream decoder take: a READ(10) SCSI Command and an 8 KiB Data-In with status, digests off and
 * on. Bytes per operation (for MB/s) are the wire length; run with {@code bench/codec-jmh.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

  @Param({"scsi-command", "data-in-8k"})
  public String pdu;

  @Param({"false", "true"})
  public boolean digests;

  private FramingLimits limits;
  private Pdu value;
  private ByteBuf wire;
  private ByteBuf out;

  @Setup(Level.Trial)
  public void setUp() {
    limits = new FramingLimits(digests, digests, 262144);
    value = switch (pdu) {
      case "scsi-command" -> ScsiCommand.builder().read(true).lun(0x0001000000000000L).initiatorTaskTag(0x1234)
          .expectedDataTransferLength(8192).cmdSN(77).expStatSN(78)
          .cdb(new byte[] {0x28, 0, 0, 0, 0x10, 0, 0, 0, 16, 0}).build();
      case "data-in-8k" -> DataIn.builder().statusPresent(true).lun(0x0001000000000000L).initiatorTaskTag(0x1234)
          .statSN(5).expCmdSN(78).maxCmdSN(200).data(DataSegment.wrap(new byte[8192])).build();
      default -> throw new IllegalArgumentException(pdu);
    };
    int length = PduFramer.encodedLength(value, limits);
    wire = PooledByteBufAllocator.DEFAULT.heapBuffer(length);
    PduFramer.encode(value, limits, wire);
    out = PooledByteBufAllocator.DEFAULT.heapBuffer(length);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    wire.release();
    out.release();
  }

  /** Wire bytes per operation, to turn ops/s into MB/s. */
  public int wireLength() {
    return wire.readableBytes();
  }

  @Benchmark
  public Object decode() {
    wire.readerIndex(0);
    return PduFramer.decode(wire, PduFramer.frameLength(wire, limits), limits);
  }

  @Benchmark
  public ByteBuf encode() {
    out.clear();
    PduFramer.encode(value, limits, out);
    return out;
  }

  @Benchmark
  public ByteBuf decodeAndEncode() {
    wire.readerIndex(0);
    Pdu decoded = (Pdu) PduFramer.decode(wire, PduFramer.frameLength(wire, limits), limits);
    out.clear();
    PduFramer.encode(decoded, limits, out);
    return out;
  }
}
