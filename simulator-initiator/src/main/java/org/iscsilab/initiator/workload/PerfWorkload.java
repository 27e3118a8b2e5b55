package org.iscsilab.initiator.workload;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.iscsilab.initiator.InitiatorException;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.ScsiResult;
import org.iscsilab.initiator.scsi.BlockDevice;

/**
 * I/O load for a fixed time at a fixed queue depth: IOPS, MB/s and latency percentiles. Each of
 * the {@code queueDepth} slots resubmits from the completion callback on the session's event loop,
 * so the steady state needs no thread hand-off.
 */
public final class PerfWorkload {

  /**
   * @param blockSize     bytes per I/O (a multiple of the LUN's block size)
   * @param queueDepth    I/Os outstanding
   * @param duration      how long to run
   * @param random        random (aligned) offsets instead of sequential
   * @param writePercent  0 reads only, 100 writes only, in between mixed
   * @param rangeBytes    bytes of the LUN to use from LBA 0, 0 for the whole LUN
   * @param seed          random seed
   * @param warmup        load run first and not counted
   */
  public record Options(int blockSize, int queueDepth, Duration duration, boolean random, int writePercent,
      long rangeBytes, long seed, Duration warmup) {
    public Options(int blockSize, int queueDepth, Duration duration, boolean random, int writePercent,
        long rangeBytes, long seed) {
      this(blockSize, queueDepth, duration, random, writePercent, rangeBytes, seed, Duration.ZERO);
    }

    public static Options defaults() {
      return new Options(4096, 32, Duration.ofSeconds(10), false, 0, 0, 1);
    }

    /** A copy that first runs the same load for {@code w} without counting it (JIT warm-up, like fio's ramp_time). */
    public Options withWarmup(Duration w) {
      return new Options(blockSize, queueDepth, duration, random, writePercent, rangeBytes, seed, w);
    }
  }

  /** Counters as the run goes (read from any thread). */
  public record Progress(double seconds, long ios, long bytes, long errors) {}

  /** The outcome. Latencies in microseconds. */
  public record Result(Options options, long ios, long bytes, double seconds, double iops, double megabytesPerSecond,
      long p50us, long p99us, long p999us, long maxUs, long errors, String firstError, double cpuSeconds,
      long warmupIos) {

    /** CPU time of the whole process (all threads: event loop, JIT, GC) per I/O counted, in µs; -1 if unknown. */
    public double cpuMicrosPerIo() {
      return cpuSeconds < 0 || ios == 0 ? -1 : cpuSeconds * 1e6 / ios;
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = Json.object();
      m.put("blockSize", options.blockSize());
      m.put("queueDepth", options.queueDepth());
      m.put("pattern", options.random() ? "random" : "sequential");
      m.put("writePercent", options.writePercent());
      m.put("seconds", seconds);
      m.put("ios", ios);
      m.put("bytes", bytes);
      m.put("iops", iops);
      m.put("mbPerSecond", megabytesPerSecond);
      Map<String, Object> lat = Json.object();
      lat.put("p50", p50us);
      lat.put("p99", p99us);
      lat.put("p99_9", p999us);
      lat.put("max", maxUs);
      m.put("latencyMicros", lat);
      m.put("errors", errors);
      m.put("firstError", firstError);
      m.put("cpuSeconds", cpuSeconds);
      m.put("cpuMicrosPerIo", cpuMicrosPerIo());
      m.put("warmupIos", warmupIos);
      return m;
    }

    public String describe() {
      return String.format(java.util.Locale.ROOT,
          "%s %s %d B, depth %d: %.0f IOPS, %.1f MB/s, latency p50 %d µs, p99 %d µs, p99.9 %d µs, max %d µs"
              + " (%d I/Os in %.1f s%s%s)",
          options.random() ? "random" : "sequential",
          options.writePercent() == 0 ? "reads" : options.writePercent() == 100 ? "writes"
              : "mixed (" + options.writePercent() + "% writes)",
          options.blockSize(), options.queueDepth(), iops, megabytesPerSecond, p50us, p99us, p999us, maxUs, ios,
          seconds, cpuSeconds >= 0 ? String.format(java.util.Locale.ROOT, ", %.1f µs CPU per I/O", cpuMicrosPerIo())
              : "", errors > 0 ? ", " + errors + " errors: " + firstError : "");
    }
  }

  private final BlockDevice device;
  private final Options options;
  private final LatencyHistogram histogram = new LatencyHistogram();
  // Written on the event loop only. Plain fields: a volatile write per I/O costs a fence; the
  // progress line may show a slightly stale count, and run() reads them after the completion of
  // `finished`, which orders every write before it.
  private long ios;
  private long warmupIos;
  private long bytes;
  private long errors;
  private volatile String firstError;
  private volatile Throwable stall;
  private long start;
  private long end;
  /** Process CPU time (ns) when the counted part began, -1 until then or if unknown. */
  private volatile long cpuAtStart = -1;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private int active;
  private long nextSequential;
  private byte[] writeBuffer;
  private long units;

  public PerfWorkload(BlockDevice device, Options options) {
    this.device = device;
    this.options = options;
  }

  /** Runs; {@code progress} (may be null) is called about once a second from another thread. */
  public Result run(Consumer<Progress> progress) {
    int bs = device.blockSize();
    if (options.blockSize() % bs != 0) {
      throw new IllegalArgumentException("block size " + options.blockSize() + " is not a multiple of the LUN's "
          + bs + "-byte blocks");
    }
    long range = options.rangeBytes() > 0 ? Math.min(options.rangeBytes(), device.blocks() * bs)
        : device.blocks() * bs;
    units = range / options.blockSize();
    if (units < 1) {
      throw new IllegalArgumentException("the LUN is smaller than one " + options.blockSize() + "-byte I/O");
    }
    writeBuffer = new byte[options.blockSize()];
    new SplittableRandom(options.seed()).nextBytes(writeBuffer);
    start = System.nanoTime() + options.warmup().toNanos();
    end = start + options.duration().toNanos();
    active = options.queueDepth();
    var loop = device.session().connections().get(0).eventLoop();
    loop.execute(() -> {
      for (int i = 0; i < options.queueDepth(); i++) {
        issue(new Slot(new SplittableRandom(options.seed() * 31 + i)), System.nanoTime());
      }
    });
    // Long enough for a stalled I/O to reach its deadline and its ABORT TASK to be answered or not.
    var cfg = device.session().config();
    long deadline = end + Math.max(TimeUnit.SECONDS.toNanos(60),
        cfg.taskTimeout().plus(cfg.abortTimeout()).plusSeconds(10).toNanos());
    // The CPU clock starts with the counted part: wait out the warm-up (bounded by its length).
    for (long left = start - System.nanoTime(); left > 0 && !finished.isDone(); left = start - System.nanoTime()) {
      try {
        finished.get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) { // the warm-up ended, or the run failed: the loop below reports that
        break;
      }
    }
    cpuAtStart = processCpuNanos();
    while (!finished.isDone()) {
      try {
        finished.get(1, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        if (progress != null) {
          progress.accept(new Progress(Math.max(0, System.nanoTime() - start) / 1e9, ios, bytes, errors));
        }
        if (System.nanoTime() > deadline) {
          throw new InitiatorException("perf did not finish within "
              + TimeUnit.NANOSECONDS.toSeconds(deadline - end) + " s after its end; I/Os are stuck");
        }
      } catch (Exception e) {
        break;
      }
    }
    if (stall instanceof RuntimeException r) {
      throw r;
    }
    double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    long cpuNow = processCpuNanos();
    double cpu = cpuAtStart < 0 || cpuNow < 0 ? -1 : (cpuNow - cpuAtStart) / 1e9;
    return new Result(options, ios, bytes, secs, ios / secs, bytes / secs / 1e6, histogram.percentile(0.50),
        histogram.percentile(0.99), histogram.percentile(0.999), histogram.maxMicros(), errors, firstError, cpu,
        warmupIos);
  }

  /** CPU time of this process so far in ns (all threads), or -1 where the JVM does not say. */
  static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /**
   * One of the {@code queueDepth} I/Os in flight: its own random stream and its own completion, so
   * that the steady state allocates neither futures nor result objects nor read buffers (the
   * session's lower-level {@link IscsiSession.Completion} path). Reads take the data where the
   * socket put it ({@link IscsiSession.DataSink}), the way iscsi-perf leaves it in the buffer
   * libiscsi read it into: a benchmark does not look at the bytes.
   */
  private final class Slot implements IscsiSession.Completion {
    final SplittableRandom rnd;
    long issuedAt;

    Slot(SplittableRandom rnd) {
      this.rnd = rnd;
    }

    @Override
    public void done(ScsiResult notGood, Throwable e) {
      long t = System.nanoTime();
      if (e != null) {
        errors++;
        if (firstError == null) {
          firstError = e.getMessage();
        }
        if (e instanceof org.iscsilab.initiator.TaskStalledException
            || e instanceof org.iscsilab.initiator.ConnectionLostException) {
          stall = e;
        }
      } else if (notGood != null && !notGood.isGood()) {
        errors++;
        if (firstError == null) {
          firstError = notGood.toString();
        }
      } else if (issuedAt - start >= 0) {
        histogram.record((t - issuedAt) / 1000);
        ios++;
        bytes += options.blockSize();
      } else {
        warmupIos++;
      }
      issue(this, t);
    }
  }

  private void issue(Slot slot, long now) {
    if (now - end >= 0 || stall != null) {
      if (--active == 0) {
        finished.complete(null);
      }
      return;
    }
    SplittableRandom rnd = slot.rnd;
    long unit = options.random() ? rnd.nextLong(units) : (nextSequential++ % units);
    long lba = unit * (options.blockSize() / device.blockSize());
    boolean write = options.writePercent() >= 100 || (options.writePercent() > 0
        && rnd.nextInt(100) < options.writePercent());
    slot.issuedAt = now;
    // Straight to the session: the device's UNIT ATTENTION retry was spent by READ CAPACITY already.
    if (write) {
      device.session().submit(device.writeRequest(lba, writeBuffer, 0, writeBuffer.length), (byte[]) null, slot);
    } else {
      device.session().submit(device.readRequest(lba, options.blockSize() / device.blockSize()), IGNORE_DATA, slot);
    }
  }

  private static final IscsiSession.DataSink IGNORE_DATA = (offset, data) -> { };

  /** Convenience for callers that have a session and LUN. */
  public static Result run(IscsiSession session, int lun, Options options, Consumer<Progress> progress) {
    return new PerfWorkload(BlockDevice.open(session, lun), options).run(progress);
  }
}
