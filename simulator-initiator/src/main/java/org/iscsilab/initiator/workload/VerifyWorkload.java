package org.iscsilab.initiator.workload;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.ScsiResult;
import org.iscsilab.initiator.scsi.BlockDevice;

/**
 * Writes a pattern that names each block (LBA and seed in every 8 bytes), reads it back and
 * compares; reports the first LBA that differs.
 */
public final class VerifyWorkload {

  /**
   * @param startLba   first LBA
   * @param blocks     blocks to cover (0: to the end of the LUN)
   * @param chunkBytes bytes per command
   * @param queueDepth commands in flight
   * @param seed       varies the pattern between runs
   */
  public record Options(long startLba, long blocks, int chunkBytes, int queueDepth, long seed) {
    public static Options defaults() {
      return new Options(0, 0, 1 << 20, 8, System.nanoTime());
    }
  }

  /** The outcome: bytes covered, time, and the first mismatch if any. */
  public record Result(long startLba, long blocks, long bytes, Duration writeTime, Duration readTime,
      OptionalLong firstMismatchLba, String mismatchDetail) {
    public boolean ok() {
      return firstMismatchLba.isEmpty();
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = Json.object();
      m.put("startLba", startLba);
      m.put("blocks", blocks);
      m.put("bytes", bytes);
      m.put("writeSeconds", writeTime.toMillis() / 1000.0);
      m.put("readSeconds", readTime.toMillis() / 1000.0);
      m.put("ok", ok());
      m.put("firstMismatchLba", firstMismatchLba.isPresent() ? firstMismatchLba.getAsLong() : null);
      m.put("mismatch", mismatchDetail);
      return m;
    }

    public String describe() {
      String what = blocks + " blocks from LBA " + startLba + " (" + bytes + " bytes): written in "
          + String.format("%.1f s", writeTime.toMillis() / 1000.0) + ", read back in "
          + String.format("%.1f s", readTime.toMillis() / 1000.0);
      return ok() ? "verify OK: " + what : "verify FAILED: first mismatching LBA " + firstMismatchLba.getAsLong()
          + " (" + mismatchDetail + "); " + what;
    }
  }

  /** The pattern of one block: each 8-byte word is (lba << 16 | word index) XOR seed. */
  static void fill(byte[] buf, int off, int blockSize, long lba, long seed) {
    ByteBuffer b = ByteBuffer.wrap(buf, off, blockSize);
    for (int w = 0; w < blockSize / 8; w++) {
      b.putLong(((lba << 16) | w) ^ seed);
    }
  }

  public static Result run(BlockDevice dev, Options o) {
    int bs = dev.blockSize();
    long total = o.blocks() > 0 ? o.blocks() : dev.blocks() - o.startLba();
    int chunkBlocks = Math.max(1, o.chunkBytes() / bs);
    long t0 = System.nanoTime();
    ArrayDeque<CompletableFuture<ScsiResult>> inFlight = new ArrayDeque<>();
    for (long done = 0; done < total; ) {
      int n = (int) Math.min(chunkBlocks, total - done);
      byte[] buf = new byte[n * bs];
      for (int i = 0; i < n; i++) {
        fill(buf, i * bs, bs, o.startLba() + done + i, o.seed());
      }
      inFlight.add(dev.writeAsync(o.startLba() + done, buf, 0, buf.length));
      while (inFlight.size() >= o.queueDepth()) {
        IscsiSession.await(inFlight.poll()).requireGood();
      }
      done += n;
    }
    while (!inFlight.isEmpty()) {
      IscsiSession.await(inFlight.poll()).requireGood();
    }
    long t1 = System.nanoTime();
    byte[] expected = new byte[bs];
    ArrayDeque<long[]> lbas = new ArrayDeque<>();
    for (long done = 0; done < total; ) {
      int n = (int) Math.min(chunkBlocks, total - done);
      inFlight.add(dev.readAsync(o.startLba() + done, n));
      lbas.add(new long[] {o.startLba() + done, n});
      done += n;
      while (inFlight.size() >= o.queueDepth() || (done >= total && !inFlight.isEmpty())) {
        ScsiResult r = IscsiSession.await(inFlight.poll()).requireGood();
        long[] at = lbas.poll();
        for (int i = 0; i < at[1]; i++) {
          fill(expected, 0, bs, at[0] + i, o.seed());
          int off = i * bs;
          if (r.data().length < off + bs) {
            return new Result(o.startLba(), total, total * bs, Duration.ofNanos(t1 - t0),
                Duration.ofNanos(System.nanoTime() - t1), OptionalLong.of(at[0] + i),
                "the read returned only " + r.data().length + " bytes");
          }
          int mismatch = java.util.Arrays.mismatch(r.data(), off, off + bs, expected, 0, bs);
          if (mismatch >= 0) {
            return new Result(o.startLba(), total, total * bs, Duration.ofNanos(t1 - t0),
                Duration.ofNanos(System.nanoTime() - t1), OptionalLong.of(at[0] + i),
                String.format("byte %d of the block is 0x%02x, expected 0x%02x", mismatch,
                    r.data()[off + mismatch] & 0xff, expected[mismatch] & 0xff));
          }
        }
      }
    }
    return new Result(o.startLba(), total, total * bs, Duration.ofNanos(t1 - t0),
        Duration.ofNanos(System.nanoTime() - t1), OptionalLong.empty(), null);
  }
}
