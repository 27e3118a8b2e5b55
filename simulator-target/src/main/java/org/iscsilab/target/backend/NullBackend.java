package org.iscsilab.target.backend;

import java.util.Arrays;

/** Reads zeros, drops writes: the speed ceiling of the data path. */
public final class NullBackend implements BlockBackend {
  private final long size;
  private final boolean readOnly;

  public NullBackend(long size, boolean readOnly) {
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
    // Fresh arrays are zero already; only a reused buffer needs clearing.
    Arrays.fill(dst, off, off + len, (byte) 0);
  }

  @Override
  public void write(long position, byte[] src, int off, int len, boolean forceUnitAccess) {}

  @Override
  public void flush() {}

  @Override
  public void unmap(long position, long len) {}

  @Override
  public boolean mapped(long position, long len) {
    return false;
  }

  @Override
  public String describe() {
    return BlockBackend.formatSize(size) + " null" + (readOnly ? " read-only" : "");
  }
}
