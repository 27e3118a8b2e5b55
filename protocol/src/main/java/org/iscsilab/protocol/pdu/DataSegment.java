package org.iscsilab.protocol.pdu;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The data segment of a PDU (RFC 7143 §11.2.4): immutable bytes with content equality. The
 * length excludes the padding; padding is a framing concern.
 */
public final class DataSegment {

  public static final DataSegment EMPTY = new DataSegment(new byte[0]);

  /** The bytes, or null for a {@link #lengthOnly length-only} segment. */
  private final byte[] bytes;
  private final int length;

  private DataSegment(byte[] bytes) {
    this.bytes = bytes;
    this.length = bytes.length;
  }

  private DataSegment(int length) {
    this.bytes = null;
    this.length = length;
  }

  /**
   * A segment of {@code length} bytes whose content was not kept: what an analysis that only
   * counts payload (the pcap engine reading Data-In and Data-Out) decodes, so that hundreds of
   * megabytes of captured data are never copied, and what a Data-In carries when the decoder
   * copied its payload straight into an initiator's read buffer ({@code DataInPlacement}). Its
   * content cannot be read or encoded; two such segments are equal when their lengths are.
   */
  public static DataSegment lengthOnly(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("a data segment length cannot be negative: " + length);
    }
    return length == 0 ? EMPTY : new DataSegment(length);
  }

  /** False for a {@link #lengthOnly length-only} segment, whose bytes were not kept. */
  public boolean isRetained() {
    return bytes != null;
  }

  private byte[] content() {
    if (bytes == null) {
      throw new IllegalStateException("the " + length + " bytes of this data segment were not kept "
          + "(decoded for analysis only)");
    }
    return bytes;
  }

  /** A copy of {@code bytes}. */
  public static DataSegment of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new DataSegment(bytes.clone());
  }

  /** A copy of {@code bytes[offset, offset+length)}. */
  public static DataSegment of(byte[] bytes, int offset, int length) {
    return length == 0 ? EMPTY : new DataSegment(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /** A copy of the remaining bytes of {@code buffer}; its position is not changed. */
  public static DataSegment of(ByteBuffer buffer) {
    if (!buffer.hasRemaining()) {
      return EMPTY;
    }
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return new DataSegment(b);
  }

  /**
   * Takes ownership of {@code bytes} without copying. The caller must never change the array
   * afterwards; used on hot paths (Data-In, Data-Out) where the array was just filled.
   */
  public static DataSegment wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new DataSegment(bytes);
  }

  /** UTF-8 text (login and text key=value data are NUL-separated UTF-8). */
  public static DataSegment ofText(String text) {
    return wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  public int length() {
    return length;
  }

  public boolean isEmpty() {
    return length == 0;
  }

  public byte get(int index) {
    return content()[index];
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return content().clone();
  }

  /** A read-only view of the bytes. */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(content()).asReadOnlyBuffer();
  }

  /** Copies {@code length} bytes from {@code offset} into {@code dst} at {@code dstOffset}. */
  public void copyTo(int offset, byte[] dst, int dstOffset, int length) {
    System.arraycopy(content(), offset, dst, dstOffset, length);
  }

  /** The bytes {@code [from, to)} as a new segment. */
  public DataSegment slice(int from, int to) {
    return of(content(), from, to - from);
  }

  /**
   * Gives the backing array to {@code sink} without copying (for encoders). The sink must not
   * change or keep it.
   */
  public void writeTo(ByteSink sink) {
    sink.write(content(), 0, length);
  }

  /** Where {@link #writeTo} delivers the bytes; {@code ByteBuf::writeBytes} fits. */
  @FunctionalInterface
  public interface ByteSink {
    void write(byte[] src, int offset, int length);
  }

  public String asText() {
    return new String(content(), StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataSegment d && length == d.length && Arrays.equals(bytes, d.bytes);
  }

  @Override
  public int hashCode() {
    return bytes == null ? length : Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    if (length == 0) {
      return "DataSegment[]";
    }
    if (bytes == null) {
      return "DataSegment[" + length + " bytes, not kept]";
    }
    int shown = Math.min(bytes.length, 32);
    return "DataSegment[" + bytes.length + " bytes: " + HexFormat.of().formatHex(bytes, 0, shown)
        + (shown < bytes.length ? "…" : "") + "]";
  }
}
