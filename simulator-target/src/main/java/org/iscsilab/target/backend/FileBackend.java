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
 */
public final class FileBackend implements BlockBackend {
  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final boolean readOnly;

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
    }
  }

  @Override
  public void unmap(long position, long len) throws IOException {
    // No hole punching from Java: write zeros so reads return zeros (SBC-3 LBPRZ).
    byte[] zeros = new byte[(int) Math.min(len, 1 << 20)];
    long p = position;
    long end = position + len;
    while (p < end) {
      int n = (int) Math.min(zeros.length, end - p);
      write(p, zeros, 0, n, false);
      p += n;
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
    channel.close();
  }
}
