package org.iscsilab.target.backend;

import java.io.IOException;

/**
 * Storage behind one logical unit, addressed in bytes. Implementations are thread-safe: a session
 * with several connections may call them from several event loops.
 */
public interface BlockBackend extends AutoCloseable {

  /** Capacity in bytes (a multiple of the logical block size). */
  long size();

  /** Whether writes are refused (DATA PROTECT, write protected). */
  boolean readOnly();

  /** Fills {@code dst[off, off+len)} from byte {@code position}. */
  void read(long position, byte[] dst, int off, int len) throws IOException;

  /** Stores {@code src[off, off+len)} at byte {@code position}; {@code forceUnitAccess} makes it stable first. */
  void write(long position, byte[] src, int off, int len, boolean forceUnitAccess) throws IOException;

  /** Makes everything written so far stable (SYNCHRONIZE CACHE, SBC-3 §5.22). */
  void flush() throws IOException;

  /** Deallocates {@code [position, position+len)}: later reads return zeros (SBC-3 §4.7.3.4). */
  void unmap(long position, long len) throws IOException;

  /** Whether any byte of {@code [position, position+len)} may be mapped (GET LBA STATUS). */
  default boolean mapped(long position, long len) {
    return true;
  }

  /**
   * The end (exclusive, at most {@code limit}) of the run starting at {@code position} whose bytes
   * all share the mapped or deallocated status of the block at {@code position} (GET LBA STATUS).
   * This default probes in 64 KiB steps, at most 4096 of them.
   */
  default long statusRunEnd(long position, long limit) {
    long chunk = 65536;
    boolean mapped = mapped(position, 512);
    long end = Math.min(limit, (position / chunk + 1) * chunk);
    int steps = 0;
    while (end < limit && steps++ < 4096 && mapped(end, Math.min(chunk, limit - end)) == mapped) {
      end = Math.min(limit, end + chunk);
    }
    return end;
  }

  /**
   * Whether calls may block on I/O (a file): the target then runs commands on its I/O threads,
   * never on an event loop.
   */
  default boolean blocking() {
    return false;
  }

  /** A short description for the ready line, e.g. "1 GiB memory". */
  String describe();

  @Override
  default void close() throws IOException {}

  /** Human-readable size: "1 GiB", "512 MiB", "1000 bytes". */
  static String formatSize(long bytes) {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    long[] factors = {1L << 40, 1L << 30, 1L << 20, 1L << 10};
    for (int i = 0; i < units.length; i++) {
      if (bytes >= factors[i] && bytes % factors[i] == 0) {
        return bytes / factors[i] + " " + units[i];
      }
    }
    return bytes + " bytes";
  }
}
