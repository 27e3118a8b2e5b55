package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.iscsilab.testfixtures.pdu.NettyLeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The CRC32C examples of RFC 3720 Appendix B.4 (kept by RFC 7143 §13.1), as bytes on the wire. */
@ExtendWith(NettyLeakDetection.class)
class Crc32cTest {

  private static String onTheWire(byte[] b) {
    ByteBuf out = Unpooled.buffer(4);
    Crc32c.writeWire(out, Crc32c.of(b, 0, b.length));
    String hex = HexFormat.of().formatHex(out.array(), out.arrayOffset(), 4);
    out.release();
    return hex;
  }

  @Test
  void thirtyTwoBytesOfZeros() {
    assertThat(onTheWire(new byte[32])).isEqualTo("aa36918a");
  }

  @Test
  void thirtyTwoBytesOfOnes() {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) 0xff);
    assertThat(onTheWire(b)).isEqualTo("43aba862");
  }

  @Test
  void thirtyTwoIncrementingBytes() {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) i;
    }
    assertThat(onTheWire(b)).isEqualTo("4e79dd46");
  }

  @Test
  void thirtyTwoDecrementingBytes() {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (31 - i);
    }
    assertThat(onTheWire(b)).isEqualTo("5cdb3f11");
  }

  @Test
  void iscsiRead10CommandPdu() {
    byte[] bhs = HexFormat.of().parseHex(
        "01c00000" // opcode 0x01 SCSI Command; F, R; ATTR untagged
            + "00000000" // TotalAHSLength 0, DataSegmentLength 0
            + "0000000000000000" // LUN 0
            + "14000000" // ITT 0x14000000
            + "00000400" // Expected Data Transfer Length 1024
            + "00000014" // CmdSN 20
            + "00000018" // ExpStatSN 24
            + "28000000000000000200000000000000"); // CDB: READ(10), transfer length 2
    assertThat(onTheWire(bhs)).isEqualTo("563a96d9");
  }

  @Test
  void digestOverADirectBufferOfSeveralComponentsEqualsTheArrayDigest() {
    byte[] b = new byte[100];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 7);
    }
    ByteBuf composite = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(b, 0, 33), Unpooled.directBuffer(67).writeBytes(b, 33, 67));
    assertThat(Crc32c.of(composite, 0, 100)).isEqualTo(Crc32c.of(b, 0, 100));
    composite.release();
  }
}
