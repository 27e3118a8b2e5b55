package org.iscsilab.protocol.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C header and data digests (RFC 7143 §13.1, RFC 3720 Appendix B.4). The digest travels as
 * the four bytes of the CRC in little-endian order: 32 zero bytes give {@code aa 36 91 8a} on the
 * wire, which is {@code 0x8a9136aa} as a Java int.
 */
public final class Crc32c {
  private Crc32c() {}

  public static int of(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** Over {@code len} readable bytes of {@code buf} from absolute index {@code index}. */
  public static int of(ByteBuf buf, int index, int len) {
    CRC32C c = new CRC32C();
    update(c, buf, index, len);
    return (int) c.getValue();
  }

  static void update(CRC32C c, ByteBuf buf, int index, int len) {
    if (len == 0) {
      return;
    }
    if (buf.hasArray()) {
      c.update(buf.array(), buf.arrayOffset() + index, len);
    } else if (buf.nioBufferCount() == 1) {
      c.update(buf.nioBuffer(index, len));
    } else {
      for (ByteBuffer bb : buf.nioBuffers(index, len)) {
        c.update(bb);
      }
    }
  }

  /** Reads a digest as it stands on the wire. */
  public static int readWire(ByteBuf buf, int index) {
    return buf.getIntLE(index);
  }

  /** Writes a digest as it stands on the wire. */
  public static void writeWire(ByteBuf buf, int crc) {
    buf.writeIntLE(crc);
  }
}
