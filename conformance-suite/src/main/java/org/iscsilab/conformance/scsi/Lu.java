package org.iscsilab.conformance.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.ScsiRequest;
import org.iscsilab.initiator.ScsiResult;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.iscsilab.protocol.scsi.Lun;
import org.iscsilab.protocol.scsi.sense.SenseData;

/**
 * The LUN under test through the reference initiator: commands sent with a UNIT ATTENTION retry
 * (a new I_T nexus may report a reset first), and every CHECK CONDITION checked for its sense data
 * on the way — autosense is mandatory (RFC 7143 §10.2).
 */
final class Lu {

  static final int CHECK_CONDITION = 0x02;

  final IscsiSession session;
  final BlockDevice device;
  final long lunField;

  private Lu(IscsiSession session, int lun) {
    this.session = session;
    this.device = BlockDevice.unprobed(session, lun);
    this.lunField = Lun.of(lun).toLong();
  }

  static Lu open(ConformanceContext ctx) {
    return new Lu(ctx.session(), ctx.target().lun());
  }

  /** A command that reads up to {@code length} bytes; CHECK CONDITION must carry sense. */
  ScsiResult read(byte[] cdb, int length) {
    return checked(device.execute(ScsiRequest.read(lunField, cdb, length)));
  }

  /** A command without data. */
  ScsiResult noData(byte[] cdb) {
    return checked(device.execute(ScsiRequest.noData(lunField, cdb)));
  }

  ScsiResult write(byte[] cdb, byte[] data) {
    return checked(device.execute(ScsiRequest.write(lunField, cdb, data)));
  }

  /** Autosense: a CHECK CONDITION without (parsable) sense data fails whatever test provoked it. */
  static ScsiResult checked(ScsiResult r) {
    if (r.response() == 0 && r.status().code() == CHECK_CONDITION) {
      assertThat(r.sense()).withFailMessage("%s ended in CHECK CONDITION without %s (\"iSCSI initiators and targets "
          + "MUST support and use autosense\", RFC 7143 §10.2)", r.command(),
          r.senseProblem().map(p -> "parsable sense data: " + p).orElse("any sense data")).isPresent();
    }
    return r;
  }

  /** The sense of a CHECK CONDITION, or a failure saying what came instead. */
  static SenseData sense(ScsiResult r, String expected) {
    assertThat(r.response() == 0 && r.status().code() == CHECK_CONDITION)
        .withFailMessage("%s: expected CHECK CONDITION with %s, got %s", r.command(), expected, r.describeStatus())
        .isTrue();
    return checked(r).sense().orElseThrow();
  }

  /** Fails with a diagnosis unless GOOD. */
  static ScsiResult good(ScsiResult r) {
    assertThat(r.isGood()).withFailMessage("%s: expected GOOD, got %s", r.command(), r.describeStatus()).isTrue();
    return r;
  }

  /** NotSupported when the device server does not know the opcode. */
  static ScsiResult supported(ScsiResult r) {
    if (r.response() == 0 && r.status().code() == CHECK_CONDITION && r.sense().isPresent()) {
      var s = r.sense().get();
      NotSupported.unless(!(s.senseKey().code() == 0x5 && s.additionalSense().asc() == 0x20),
          r.command() + " is not supported (INVALID COMMAND OPERATION CODE)");
    }
    return r;
  }

  /** Last LBA and block length from READ CAPACITY(16), or (10) when (16) is not supported. */
  record Capacity(long lastLba, int blockLength) {}

  Capacity capacity() {
    ScsiResult r10 = good(read(new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 8));
    ByteBuffer b = ByteBuffer.wrap(r10.data());
    long last = Integer.toUnsignedLong(b.getInt(0));
    int len = b.getInt(4);
    if (last != 0xffffffffL) {
      return new Capacity(last, len);
    }
    ScsiResult r16 = good(read(readCapacity16(32), 32));
    ByteBuffer c = ByteBuffer.wrap(r16.data());
    return new Capacity(c.getLong(0), c.getInt(8));
  }

  static byte[] readCapacity16(int alloc) {
    byte[] c = new byte[16];
    c[0] = (byte) 0x9E;
    c[1] = 0x10;
    c[13] = (byte) alloc;
    return c;
  }

  static byte[] read16(long lba, int blocks) {
    byte[] c = new byte[16];
    c[0] = (byte) 0x88;
    ByteBuffer.wrap(c).putLong(2, lba).putInt(10, blocks);
    return c;
  }

  static byte[] write16(long lba, int blocks) {
    byte[] c = read16(lba, blocks);
    c[0] = (byte) 0x8A;
    return c;
  }

  static byte[] inquiry(boolean evpd, int page, int alloc) {
    return new byte[] {0x12, (byte) (evpd ? 1 : 0), (byte) page, (byte) (alloc >> 8), (byte) alloc, 0};
  }

  static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }
}
