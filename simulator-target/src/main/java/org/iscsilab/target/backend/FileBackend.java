package org.iscsilab.target.backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * A regular file. FUA writes and SYNCHRONIZE CACHE call {@link FileChannel#force}, so that
 * "written" means on stable storage when the initiator asked for it.
 *
 * <p>Logical block provisioning. Java 17 cannot punch holes in a file, so UNMAP writes zeros
 * (the file keeps its space) and the deallocated ranges are kept in a map; GET LBA STATUS reports
 * from that map and LBPRZ holds because every range in it reads zeros from the file. The map
 * persists in a sidecar file next to the image ({@code NAME.unmapped}) that is trusted only when it
 * was written clean, after the data was forced, for a file of the same size and modification time:
 * the first change to the map after a clean save marks the sidecar dirty on stable storage before
 * any data moves, so a crash leaves a dirty sidecar, which is discarded (everything then reports
 * mapped — true, if pessimistic). A file this target creates starts wholly deallocated; an
 * existing file without a trusted sidecar starts wholly mapped.
 */
public final class FileBackend implements BlockBackend {
  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final boolean readOnly;
  private final Path sidecar;
  /** Deallocated byte ranges, start to end (exclusive), disjoint and not adjacent. Guarded by itself. */
  private final java.util.TreeMap<Long, Long> unmapped = new java.util.TreeMap<>();
  /** Whether {@link #unmapped} may be non-empty: read without the lock on the write path. */
  private volatile boolean anyUnmapped;
  /** Whether the sidecar on disk describes the map (clean) or is marked dirty. Guarded by unmapped. */
  private boolean sidecarClean;
  /** Data written since the sidecar was last saved (its modification time is then stale). */
  private volatile boolean writtenSinceSave;
  /** Beyond this many ranges the map is dropped: every block then reports mapped. */
  static final int MAX_RANGES = 1 << 16;

  /**
   * @param size the LUN size, or -1 to use the file's length; a missing file is created sparse
   *     with {@code size}
   */
  public FileBackend(Path path, long size, boolean readOnly) throws IOException {
    this.path = path;
    this.readOnly = readOnly;
    boolean exists = Files.exists(path);
    if (!exists && size <= 0) {
      throw new IOException(path + " does not exist; give a size to create it");
    }
    Set<StandardOpenOption> options = readOnly ? EnumSet.of(StandardOpenOption.READ)
        : EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    this.channel = FileChannel.open(path, options);
    long length = channel.size();
    if (size <= 0) {
      size = length - length % 512;
    } else if (length < size && !readOnly) {
      // Sparse extension: write one byte at the end.
      channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
    } else if (length < size) {
      channel.close();
      throw new IOException(path + " is " + length + " bytes, smaller than size " + size);
    }
    if (size < 512) {
      channel.close();
      throw new IOException(path + " is smaller than one 512-byte block");
    }
    this.size = size;
    this.sidecar = path.resolveSibling(path.getFileName() + ".unmapped");
    synchronized (unmapped) {
      if (!exists) {
        unmapped.put(0L, size); // created sparse here: nothing written yet
        sidecarClean = false;
        saveSidecar();
      } else {
        loadSidecar();
      }
      anyUnmapped = !unmapped.isEmpty();
    }
  }

  // ---- the deallocation map and its sidecar ----

  private static final String MAGIC = "iscsilab-unmapped 1";

  private void loadSidecar() throws IOException {
    if (!Files.exists(sidecar)) {
      return;
    }
    java.util.List<String> lines = Files.readAllLines(sidecar, java.nio.charset.StandardCharsets.US_ASCII);
    boolean trusted = lines.size() >= 2 && lines.get(0).equals(MAGIC)
        && lines.get(1).equals("clean " + size + " " + Files.getLastModifiedTime(path).toMillis());
    if (trusted) {
      try {
        for (String l : lines.subList(2, lines.size())) {
          String[] f = l.split(" ");
          long a = Long.parseLong(f[0]);
          long b = Long.parseLong(f[1]);
          if (a < 0 || b <= a || b > size) {
            throw new NumberFormatException(l);
          }
          unmapped.put(a, b);
        }
        sidecarClean = true;
        return;
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        unmapped.clear();
      }
    }
    // Dirty, stale or damaged: the ranges cannot be trusted; every block reports mapped.
    if (!readOnly) {
      Files.deleteIfExists(sidecar);
    }
  }

  /** Writes the whole map, marked clean, after the data it describes is stable. Holds the lock. */
  private void saveSidecar() throws IOException {
    if (readOnly) {
      return;
    }
    channel.force(true);
    StringBuilder b = new StringBuilder(MAGIC).append('\n');
    b.append("clean ").append(size).append(' ').append(Files.getLastModifiedTime(path).toMillis()).append('\n');
    unmapped.forEach((a, e) -> b.append(a).append(' ').append(e).append('\n'));
    writeDurably(b.toString());
    sidecarClean = true;
    writtenSinceSave = false;
  }

  /** Too fragmented to be worth keeping: forget it (reporting mapped is always true here). */
  private void capRanges() {
    if (unmapped.size() > MAX_RANGES) {
      unmapped.clear();
      anyUnmapped = false;
    }
  }

  /** Before the first change to a clean map: the sidecar says dirty, on stable storage. Holds the lock. */
  private void markDirty() throws IOException {
    if (sidecarClean && !readOnly) {
      writeDurably(MAGIC + "\ndirty\n");
      sidecarClean = false;
    }
  }

  private void writeDurably(String text) throws IOException {
    Path tmp = sidecar.resolveSibling(sidecar.getFileName() + ".tmp");
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      c.write(ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      c.force(true);
    }
    Files.move(tmp, sidecar, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes {@code [a, b)} from the map. Holds the lock; returns whether anything changed. */
  private boolean removeRange(long a, long b) throws IOException {
    java.util.Map.Entry<Long, Long> e = unmapped.lowerEntry(b);
    if (e == null || e.getValue() <= a) {
      return false;
    }
    markDirty();
    while (e != null && e.getValue() > a) {
      long s = e.getKey();
      long t = e.getValue();
      unmapped.remove(s);
      if (s < a) {
        unmapped.put(s, a);
      }
      if (t > b) {
        unmapped.put(b, t);
      }
      e = unmapped.lowerEntry(s);
    }
    anyUnmapped = !unmapped.isEmpty();
    capRanges();
    return true;
  }

  /** The parts of {@code [a, b)} not yet in the map, in order. Holds the lock. */
  private java.util.List<long[]> gaps(long a, long b) {
    java.util.List<long[]> out = new java.util.ArrayList<>();
    long p = a;
    java.util.Map.Entry<Long, Long> e = unmapped.floorEntry(a);
    if (e != null && e.getValue() > p) {
      p = e.getValue();
    }
    for (java.util.Map.Entry<Long, Long> n : unmapped.subMap(a, true, b, false).entrySet()) {
      if (n.getKey() > p) {
        out.add(new long[] {p, n.getKey()});
      }
      p = Math.max(p, n.getValue());
    }
    if (p < b) {
      out.add(new long[] {p, b});
    }
    return out;
  }

  /** Adds {@code [a, b)} to the map, merging neighbours. Holds the lock. */
  private void addRange(long a, long b) throws IOException {
    markDirty();
    java.util.Map.Entry<Long, Long> before = unmapped.floorEntry(a);
    if (before != null && before.getValue() >= a) {
      a = before.getKey();
      b = Math.max(b, before.getValue());
    }
    java.util.Map.Entry<Long, Long> n;
    while ((n = unmapped.ceilingEntry(a)) != null && n.getKey() <= b) {
      b = Math.max(b, n.getValue());
      unmapped.remove(n.getKey());
    }
    unmapped.put(a, b);
    anyUnmapped = true;
    capRanges();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean readOnly() {
    return readOnly;
  }

  @Override
  public void read(long position, byte[] dst, int off, int len) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(dst, off, len);
    long p = position;
    while (b.hasRemaining()) {
      int n = channel.read(b, p);
      if (n < 0) {
        // Past the end of a shorter file: zeros.
        while (b.hasRemaining()) {
          b.put((byte) 0);
        }
        break;
      }
      p += n;
    }
  }

  @Override
  public void write(long position, byte[] src, int off, int len, boolean forceUnitAccess) throws IOException {
    if (anyUnmapped) {
      synchronized (unmapped) {
        removeRange(position, position + len); // the sidecar is dirty on disk before the data moves
      }
    }
    writeData(position, src, off, len, forceUnitAccess);
  }

  private void writeData(long position, byte[] src, int off, int len, boolean forceUnitAccess) throws IOException {
    writtenSinceSave = true;
    ByteBuffer b = ByteBuffer.wrap(src, off, len);
    long p = position;
    while (b.hasRemaining()) {
      p += channel.write(b, p);
    }
    if (forceUnitAccess) {
      channel.force(false);
    }
  }

  @Override
  public void flush() throws IOException {
    if (!readOnly) {
      channel.force(false);
      synchronized (unmapped) {
        if (!sidecarClean) {
          saveSidecar();
        }
      }
    }
  }

  /**
   * Deallocates the range: the parts not already deallocated get zeros written (no hole punching
   * in Java 17), and the range joins the map that GET LBA STATUS reports from.
   */
  @Override
  public void unmap(long position, long len) throws IOException {
    synchronized (unmapped) {
      java.util.List<long[]> todo = gaps(position, position + len);
      if (todo.isEmpty()) {
        return;
      }
      markDirty();
      byte[] zeros = new byte[(int) Math.min(len, 1 << 20)];
      for (long[] g : todo) {
        for (long p = g[0]; p < g[1]; ) {
          int n = (int) Math.min(zeros.length, g[1] - p);
          writeData(p, zeros, 0, n, false);
          p += n;
        }
      }
      addRange(position, position + len);
    }
  }

  @Override
  public long statusRunEnd(long position, long limit) {
    if (!anyUnmapped) {
      return limit;
    }
    synchronized (unmapped) {
      java.util.Map.Entry<Long, Long> e = unmapped.floorEntry(position);
      if (e != null && e.getValue() > position) {
        return Math.min(limit, e.getValue());
      }
      Long next = unmapped.higherKey(position);
      return next == null ? limit : Math.min(limit, next);
    }
  }

  /** False only when the whole range is deallocated (and so reads zeros). */
  @Override
  public boolean mapped(long position, long len) {
    if (!anyUnmapped) {
      return true;
    }
    synchronized (unmapped) {
      java.util.Map.Entry<Long, Long> e = unmapped.floorEntry(position);
      return e == null || e.getValue() < position + len;
    }
  }

  @Override
  public boolean blocking() {
    return true;
  }

  @Override
  public String describe() {
    return BlockBackend.formatSize(size) + " file " + path + (readOnly ? " read-only" : "");
  }

  @Override
  public void close() throws IOException {
    try {
      if (!readOnly) {
        channel.force(false);
        synchronized (unmapped) {
          if (!sidecarClean || writtenSinceSave) {
            saveSidecar(); // records this run's final modification time
          }
        }
      }
    } finally {
      channel.close();
    }
  }
}
