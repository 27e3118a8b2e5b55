package org.iscsilab.target.scsi;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared all-zero arrays for reads of unmapped ranges, like the kernel's zero page: no allocation,
 * no fill, no copy on the way out. Callers must never write into them.
 */
final class ZeroBlocks {
  private static final int MAX_CACHED = 1 << 21;
  private static final int MAX_SIZES = 64;
  private static final ConcurrentHashMap<Integer, byte[]> BY_LENGTH = new ConcurrentHashMap<>();

  private ZeroBlocks() {}

  static byte[] of(int length) {
    if (length > MAX_CACHED) {
      return new byte[length];
    }
    byte[] z = BY_LENGTH.get(length);
    if (z == null) {
      z = new byte[length];
      if (BY_LENGTH.size() < MAX_SIZES) {
        BY_LENGTH.putIfAbsent(length, z);
      }
    }
    return z;
  }
}
