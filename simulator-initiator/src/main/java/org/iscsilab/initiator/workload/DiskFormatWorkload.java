package org.iscsilab.initiator.workload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.iscsilab.initiator.ConnectionLostException;
import org.iscsilab.initiator.InitiatorException;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.ScsiResult;
import org.iscsilab.initiator.ScsiStatusException;
import org.iscsilab.initiator.TaskStalledException;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.initiator.scsi.Capacity;
import org.iscsilab.initiator.scsi.ModeData;

/**
 * What an operating system sends when it formats a disk (docs/interop-failures.md, the
 * motivating case): probe, read the partition tables, write a protective MBR and both GPT copies,
 * zero the first MiB of the partition and one long contiguous range (bitmap, journal, B-trees) in
 * writes of up to {@code writeBytes}, write the volume header, and flush the whole cache with a
 * 30 s deadline. Each phase is reported; a stall stops the run with the initiator's diagnosis.
 */
public final class DiskFormatWorkload {

  /**
   * @param writeBytes       largest write (1 MiB, as newfs_hfs)
   * @param journalBytes     journal size, 0 to size it by capacity (8 MiB per 100 GiB, at least 512 KiB)
   * @param queueDepth       writes in flight during the zeroing
   * @param syncTimeout      deadline of the final SYNCHRONIZE CACHE
   */
  public record Options(int writeBytes, long journalBytes, int queueDepth, Duration syncTimeout) {
    public static Options defaults() {
      return new Options(1 << 20, 0, 4, Duration.ofSeconds(30));
    }
  }

  /**
   * One phase: what it did and how it ended.
   *
   * @param status  OK, STALLED, CONNECTION LOST or FAILED
   * @param outcome what it found (e.g. the capacity), or the failure
   */
  public record Phase(String name, String detail, int commands, long bytes, Duration time, String status,
      String outcome) {
    public Map<String, Object> toJson() {
      Map<String, Object> m = Json.object();
      m.put("name", name);
      m.put("detail", detail);
      m.put("commands", commands);
      m.put("bytes", bytes);
      m.put("seconds", time.toMillis() / 1000.0);
      m.put("status", status);
      m.put("outcome", outcome);
      return m;
    }
  }

  /** The run: phases in order, and the failure that stopped it, if one did. */
  public record Report(List<Phase> phases, Optional<InitiatorException> failure) {
    public boolean ok() {
      return failure.isEmpty();
    }

    /** The stall diagnosis, when the run stopped because the target stopped answering. */
    public Optional<TaskStalledException> stall() {
      return failure.filter(f -> f instanceof TaskStalledException).map(f -> (TaskStalledException) f);
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = Json.object();
      m.put("ok", ok());
      m.put("phases", phases.stream().map(Phase::toJson).toList());
      m.put("failure", failure.map(Throwable::getMessage).orElse(null));
      stall().ifPresent(s -> {
        Map<String, Object> d = Json.object();
        d.put("task", s.task());
        d.put("itt", String.format("0x%08x", s.initiatorTaskTag()));
        d.put("cmdSN", s.cmdSN().isPresent() ? Integer.toUnsignedLong(s.cmdSN().getAsInt()) : null);
        d.put("awaited", s.awaited().what());
        d.put("cmdSnState", s.cmdSnState().toString());
        d.put("owingSide", s.owingSide().name());
        d.put("clause", s.awaited().clause());
        d.put("seconds", s.waited().toMillis() / 1000.0);
        s.abort().ifPresent(a -> d.put("abort", a.describe()));
        m.put("stall", d);
      });
      return m;
    }
  }

  private final BlockDevice dev;
  private final Options options;
  private final List<Phase> phases = new ArrayList<>();
  private final java.util.function.Consumer<Phase> listener;

  public DiskFormatWorkload(BlockDevice dev, Options options, java.util.function.Consumer<Phase> listener) {
    this.dev = dev;
    this.options = options;
    this.listener = listener == null ? p -> { } : listener;
  }

  private interface Step {
    String run(int[] commands, long[] bytes);
  }

  private void phase(String name, String detail, Step step) {
    long t0 = System.nanoTime();
    int[] commands = {0};
    long[] bytes = {0};
    String outcome;
    try {
      outcome = step.run(commands, bytes);
    } catch (InitiatorException e) {
      Phase p = new Phase(name, detail, commands[0], bytes[0], Duration.ofNanos(System.nanoTime() - t0),
          e instanceof TaskStalledException ? "STALLED" : e instanceof ConnectionLostException ? "CONNECTION LOST"
              : "FAILED", e.getMessage().lines().findFirst().orElse(""));
      phases.add(p);
      listener.accept(p);
      throw e;
    }
    Phase p = new Phase(name, detail, commands[0], bytes[0], Duration.ofNanos(System.nanoTime() - t0), "OK",
        outcome);
    phases.add(p);
    listener.accept(p);
  }

  public Report run() {
    try {
      runPhases();
      return new Report(List.copyOf(phases), Optional.empty());
    } catch (InitiatorException e) {
      return new Report(List.copyOf(phases), Optional.of(e));
    }
  }

  private void runPhases() {
    Capacity[] cap = new Capacity[1];
    phase("probe", "TEST UNIT READY, INQUIRY, READ CAPACITY(10) then (16), MODE SENSE (WP, caching page)", (c, b) -> {
      ScsiResult tur = dev.testUnitReadyResult();
      c[0]++;
      if (!tur.isGood()) {
        tur = dev.testUnitReadyResult();
        c[0]++;
        tur.requireGood();
      }
      var inq = dev.inquiry();
      c[0]++;
      Capacity c10 = dev.readCapacity10();
      c[0]++;
      Capacity c16 = dev.readCapacity16();
      c[0]++;
      cap[0] = c10.saturated() ? c16 : c10;
      dev.readCapacity();
      c[0] += c10.saturated() ? 2 : 1;
      String mode;
      try {
        ModeData m = dev.modeSense6(0x08);
        c[0]++;
        mode = "WP=" + (m.writeProtected() ? 1 : 0) + ", WCE=" + m.writeCacheEnabled().map(w -> w ? "1" : "0")
            .orElse("(no caching page)");
        if (m.writeProtected()) {
          throw new InitiatorException("the LUN is write-protected (MODE SENSE WP=1); a format cannot proceed");
        }
      } catch (ScsiStatusException e) {
        c[0]++;
        mode = "MODE SENSE refused: " + e.result().describeStatus();
      }
      return inq.vendor() + " " + inq.product() + ", " + cap[0] + ", " + mode;
    });
    int bs = dev.blockSize();
    long last = dev.blocks() - 1;
    int gptBlocks = 1 + Math.max(1, 16384 / bs); // header + 128 entries of 128 bytes
    phase("read partition tables", "read the first 34 LBAs and the last LBAs (GPT backup)", (c, b) -> {
      int first = (int) Math.min(34, dev.blocks());
      dev.read(0, first);
      c[0]++;
      b[0] += (long) first * bs;
      long lastN = Math.min(gptBlocks, dev.blocks());
      dev.read(dev.blocks() - lastN, lastN);
      c[0]++;
      b[0] += lastN * bs;
      return "read " + first + " + " + lastN + " blocks";
    });
    long partStart = Math.max(gptBlocks + 1, (1 << 20) / bs); // 1 MiB aligned
    long partEnd = last - gptBlocks; // inclusive
    if (partEnd <= partStart + (2L << 20) / bs) {
      throw new InitiatorException("the LUN (" + dev.blocks() * bs + " bytes) is too small for the format sequence");
    }
    phase("write partition tables", "protective MBR, primary GPT (header + entries), backup GPT", (c, b) -> {
      byte[][] gpt = Gpt.build(bs, dev.blocks(), partStart, partEnd);
      dev.write(0, gpt[0]);
      dev.write(1, gpt[1]);
      dev.write(last - gptBlocks + 1, gpt[2]);
      c[0] += 3;
      b[0] += gpt[0].length + gpt[1].length + gpt[2].length;
      return "partition LBA " + partStart + ".." + partEnd;
    });
    long partBytes = (partEnd - partStart + 1) * bs;
    long journal = options.journalBytes() > 0 ? options.journalBytes()
        : Math.max(512L << 10, (8L << 20) * (partBytes / (100L << 30)));
    long bitmap = (partEnd - partStart + 1 + 7) / 8;
    long btrees = Math.max(1L << 20, partBytes / 1024);
    long contiguous = Math.min(partBytes - (1L << 20), roundUp(bitmap + journal + btrees, bs));
    phase("zero first MiB", "zero the first 1 MiB of the partition", (c, b) -> {
      zero(partStart, (1L << 20) / bs, c, b);
      return "zeroed 1 MiB at LBA " + partStart;
    });
    long runStart = partStart + (1L << 20) / bs;
    phase("zero contiguous range", String.format("bitmap %d + journal %d + B-trees %d bytes in writes of up to %d",
        bitmap, journal, btrees, options.writeBytes()), (c, b) -> {
          zero(runStart, contiguous / bs, c, b);
          return "zeroed " + contiguous + " bytes at LBA " + runStart;
        });
    phase("volume header", "write the volume header (1024 bytes into the partition)", (c, b) -> {
      byte[] vh = new byte[Math.max(bs, 512)];
      vh[0] = 'H';
      vh[1] = '+';
      vh[3] = 4;
      long lba = partStart + 1024 / bs;
      dev.write(lba, java.util.Arrays.copyOf(vh, bs * (int) Math.max(1, 512 / bs)));
      c[0]++;
      b[0] += bs;
      return "LBA " + lba;
    });
    phase("synchronize cache", "SYNCHRONIZE CACHE(10) LBA 0 length 0 (whole cache), "
        + options.syncTimeout().toSeconds() + " s deadline", (c, b) -> {
          c[0]++;
          dev.synchronizeCache(0, 0, options.syncTimeout());
          return "GOOD";
        });
  }

  private static long roundUp(long v, int unit) {
    return (v + unit - 1) / unit * unit;
  }

  private void zero(long lba, long blocks, int[] c, long[] b) {
    int bs = dev.blockSize();
    int chunk = Math.max(1, options.writeBytes() / bs);
    byte[] zeros = new byte[chunk * bs];
    ArrayDeque<CompletableFuture<ScsiResult>> inFlight = new ArrayDeque<>();
    for (long done = 0; done < blocks; ) {
      int n = (int) Math.min(chunk, blocks - done);
      inFlight.add(dev.writeAsync(lba + done, zeros, 0, n * bs));
      c[0]++;
      b[0] += (long) n * bs;
      done += n;
      while (inFlight.size() >= options.queueDepth()) {
        IscsiSession.await(inFlight.poll()).requireGood();
      }
    }
    while (!inFlight.isEmpty()) {
      IscsiSession.await(inFlight.poll()).requireGood();
    }
  }

  /** A protective MBR and both GPT copies with one Apple HFS+ partition (UEFI 2.x §5.3). */
  static final class Gpt {
    static final UUID HFS_PLUS = UUID.fromString("48465300-0000-11aa-aa11-00306543ecac");

    /** [0] MBR block, [1] primary header + entries, [2] backup entries + header. */
    static byte[][] build(int bs, long blocks, long first, long lastPart) {
      long last = blocks - 1;
      int entriesBytes = 128 * 128;
      int entryBlocks = (entriesBytes + bs - 1) / bs;
      byte[] mbr = new byte[bs];
      ByteBuffer m = ByteBuffer.wrap(mbr).order(ByteOrder.LITTLE_ENDIAN);
      m.put(446 + 4, (byte) 0xEE);
      m.putInt(446 + 8, 1);
      m.putInt(446 + 12, (int) Math.min(0xffffffffL, last));
      mbr[510] = 0x55;
      mbr[511] = (byte) 0xAA;
      byte[] entries = new byte[entryBlocks * bs];
      ByteBuffer e = ByteBuffer.wrap(entries).order(ByteOrder.LITTLE_ENDIAN);
      putGuid(e, 0, HFS_PLUS);
      putGuid(e, 16, UUID.nameUUIDFromBytes(("iscsi-lab" + blocks).getBytes(StandardCharsets.US_ASCII)));
      e.putLong(32, first);
      e.putLong(40, lastPart);
      byte[] name = "iscsi-lab".getBytes(StandardCharsets.UTF_16LE);
      System.arraycopy(name, 0, entries, 56, name.length);
      CRC32 crc = new CRC32();
      crc.update(entries, 0, entriesBytes);
      int entriesCrc = (int) crc.getValue();
      byte[] primary = new byte[(1 + entryBlocks) * bs];
      header(primary, 0, 1, last, 2, first, lastPart, entryBlocks, entriesCrc, blocks);
      System.arraycopy(entries, 0, primary, bs, entries.length);
      byte[] backup = new byte[(1 + entryBlocks) * bs];
      System.arraycopy(entries, 0, backup, 0, entries.length);
      header(backup, entryBlocks * bs, last, 1, last - entryBlocks, first, lastPart, entryBlocks, entriesCrc, blocks);
      return new byte[][] {mbr, primary, backup};
    }

    private static void header(byte[] buf, int off, long my, long alternate, long entriesLba, long first,
        long lastPart, int entryBlocks, int entriesCrc, long blocks) {
      ByteBuffer h = ByteBuffer.wrap(buf, off, 92).order(ByteOrder.LITTLE_ENDIAN);
      h.put(off, "EFI PART".getBytes(StandardCharsets.US_ASCII));
      h.putInt(off + 8, 0x00010000);
      h.putInt(off + 12, 92);
      h.putLong(off + 24, my);
      h.putLong(off + 32, alternate);
      h.putLong(off + 40, 2 + entryBlocks);
      h.putLong(off + 48, blocks - 2 - entryBlocks);
      putGuid(h, off + 56, UUID.nameUUIDFromBytes(("disk" + blocks).getBytes(StandardCharsets.US_ASCII)));
      h.putLong(off + 72, entriesLba);
      h.putInt(off + 80, 128);
      h.putInt(off + 84, 128);
      h.putInt(off + 88, entriesCrc);
      CRC32 crc = new CRC32();
      crc.update(buf, off, 92);
      h.putInt(off + 16, (int) crc.getValue());
    }

    private static void putGuid(ByteBuffer b, int off, UUID u) {
      long msb = u.getMostSignificantBits();
      b.putInt(off, (int) (msb >>> 32));
      b.putShort(off + 4, (short) (msb >>> 16));
      b.putShort(off + 6, (short) msb);
      ByteBuffer be = ByteBuffer.wrap(new byte[8]);
      be.putLong(u.getLeastSignificantBits());
      for (int i = 0; i < 8; i++) {
        b.put(off + 8 + i, be.get(i));
      }
    }
  }
}
