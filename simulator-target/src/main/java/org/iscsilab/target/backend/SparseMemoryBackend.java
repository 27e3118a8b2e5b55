package org.iscsilab.target.backend;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Memory that only holds what was written, in 64 KiB chunks: a 1 TiB LUN with 10 MiB written
 * costs about 10 MiB of heap. Unwritten and unmapped ranges read as zeros.
 */
public final class SparseMemoryBackend implements BlockBackend {

  static final int CHUNK_SHIFT = 16;
  static final int CHUNK = 1 << CHUNK_SHIFT;

  private final long size;
  private final boolean readOnly;
  private final ConcurrentHashMap<Long, byte[]> chunks = new ConcurrentHashMap<>();

  public SparseMemoryBackend(long size, boolean readOnly) {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive: " + size);
    }
    this.size = size;
    this.readOnly = readOnly;
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
  public void read(long position, byte[] dst, int off, int len) {
    check(position, len);
    while (len > 0) {
      long index = position >>> CHUNK_SHIFT;
      int within = (int) (position & (CHUNK - 1));
      int n = Math.min(len, CHUNK - within);
      byte[] chunk = chunks.get(index);
      if (chunk == null) {
        Arrays.fill(dst, off, off + n, (byte) 0);
      } else {
        System.arraycopy(chunk, within, dst, off, n);
      }
      position += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void write(long position, byte[] src, int off, int len, boolean forceUnitAccess) {
    check(position, len);
    while (len > 0) {
      long index = position >>> CHUNK_SHIFT;
      int within = (int) (position & (CHUNK - 1));
      int n = Math.min(len, CHUNK - within);
      byte[] chunk = chunks.computeIfAbsent(index, i -> new byte[CHUNK]);
      System.arraycopy(src, off, chunk, within, n);
      position += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() {}

  @Override
  public void unmap(long position, long len) {
    check(position, 0);
    long end = Math.min(size, position + len);
    while (position < end) {
      long index = position >>> CHUNK_SHIFT;
      int within = (int) (position & (CHUNK - 1));
      int n = (int) Math.min(end - position, CHUNK - within);
      if (within == 0 && n == CHUNK) {
        chunks.remove(index);
      } else {
        byte[] chunk = chunks.get(index);
        if (chunk != null) {
          Arrays.fill(chunk, within, within + n, (byte) 0);
        }
      }
      position += n;
    }
  }

  @Override
  public boolean mapped(long position, long len) {
    long first = position >>> CHUNK_SHIFT;
    long last = (position + Math.max(len, 1) - 1) >>> CHUNK_SHIFT;
    if (last - first > chunks.size()) {
      return chunks.keySet().stream().anyMatch(i -> i >= first && i <= last);
    }
    for (long i = first; i <= last; i++) {
      if (chunks.containsKey(i)) {
        return true;
      }
    }
    return false;
  }

  /** Bytes of heap held by written chunks. */
  public long allocatedBytes() {
    return (long) chunks.size() * CHUNK;
  }

  private void check(long position, long len) {
    if (position < 0 || len < 0 || position + len > size) {
      throw new IndexOutOfBoundsException("range " + position + "+" + len + " outside 0.." + size);
    }
  }

  @Override
  public String describe() {
    return BlockBackend.formatSize(size) + " memory" + (readOnly ? " read-only" : "");
  }
}
