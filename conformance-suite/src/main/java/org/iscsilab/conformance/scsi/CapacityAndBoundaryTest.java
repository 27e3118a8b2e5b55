package org.iscsilab.conformance.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.SuiteTags;
import org.iscsilab.initiator.ScsiResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** READ CAPACITY and the edge of the medium (SBC-3 §5.15, §5.16, READ and WRITE). */
@Area(ProtocolArea.SCSI)
class CapacityAndBoundaryTest {

  @Test
  @Clause(value = "SBC-3 §5.16", level = Level.MUST)
  void readCapacity10And16Agree(ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    ScsiResult r10 = Lu.good(lu.read(new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 8));
    ScsiResult r16 = Lu.supported(lu.read(Lu.readCapacity16(32), 32));
    Lu.good(r16);
    assertThat(r10.data().length).as("bytes of READ CAPACITY(10) data").isEqualTo(8);
    assertThat(r16.data().length).as("bytes of READ CAPACITY(16) data").isGreaterThanOrEqualTo(12);
    long last10 = Integer.toUnsignedLong(ByteBuffer.wrap(r10.data()).getInt(0));
    long last16 = ByteBuffer.wrap(r16.data()).getLong(0);
    int len10 = ByteBuffer.wrap(r10.data()).getInt(4);
    int len16 = ByteBuffer.wrap(r16.data()).getInt(8);
    if (last16 >= 0xffffffffL) {
      assertThat(last10).as("RETURNED LOGICAL BLOCK ADDRESS of READ CAPACITY(10) when the last LBA %d does not fit "
          + "32 bits (must saturate at FFFFFFFFh)", last16).isEqualTo(0xffffffffL);
    } else {
      assertThat(last10).as("last LBA from READ CAPACITY(10) versus (16)").isEqualTo(last16);
    }
    assertThat(len10).as("LOGICAL BLOCK LENGTH from READ CAPACITY(10) versus (16)").isEqualTo(len16);
  }

  @Test
  @Clause(value = "SBC-3 §5.15", level = Level.MUST)
  void logicalBlockLengthIsPlausible(ConformanceContext ctx) {
    Lu.Capacity c = Lu.open(ctx).capacity();
    assertThat(c.blockLength()).as("LOGICAL BLOCK LENGTH IN BYTES").isPositive().isGreaterThanOrEqualTo(512);
  }

  @Test
  @Clause(value = "SBC-3 §5.13", level = Level.MUST)
  void readOfTheLastLbaSucceeds(ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    Lu.Capacity c = lu.capacity();
    ScsiResult r = Lu.good(lu.read(Lu.read16(c.lastLba(), 1), c.blockLength()));
    assertThat(r.data().length).as("bytes read from the last LBA %d", c.lastLba()).isEqualTo(c.blockLength());
  }

  @ParameterizedTest(name = "{arguments}")
  @ValueSource(strings = {"READ(10) last+1", "READ(16) last+1", "READ(16) last, 2 blocks"})
  @Clause(value = "SBC-3 §5.13", level = Level.MUST)
  void readBeyondTheLastLbaIsLbaOutOfRange(String which, ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    Lu.Capacity c = lu.capacity();
    byte[] cdb;
    int blocks = 1;
    if (which.startsWith("READ(10)")) {
      NotSupported.unless(c.lastLba() + 1 <= 0xffffffffL, "the medium is too large for READ(10) past its end");
      long lba = c.lastLba() + 1;
      cdb = new byte[] {0x28, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba, 0, 0, 1, 0};
    } else if (which.endsWith("last+1")) {
      cdb = Lu.read16(c.lastLba() + 1, 1);
    } else {
      blocks = 2;
      cdb = Lu.read16(c.lastLba(), 2);
    }
    ScsiResult r = lu.read(cdb, blocks * c.blockLength());
    assertThat(Lu.sense(r, "ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE").describe())
        .as("sense of %s (last LBA %d)", which, c.lastLba()).startsWith("ILLEGAL REQUEST").contains("(21/00)");
  }

  @Test
  @Tag(SuiteTags.DESTRUCTIVE)
  @Clause(value = "SBC-3 §5.35", level = Level.MUST)
  void writeOfTheLastLbaSucceedsAndReadsBack(ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    Lu.Capacity c = lu.capacity();
    byte[] data = new byte[c.blockLength()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (0xa5 ^ i);
    }
    Lu.good(lu.write(Lu.write16(c.lastLba(), 1), data));
    assertThat(Lu.good(lu.read(Lu.read16(c.lastLba(), 1), c.blockLength())).data())
        .as("the last LBA read back after writing it").isEqualTo(data);
  }

  @Test
  @Tag(SuiteTags.DESTRUCTIVE)
  @Clause(value = "SBC-3 §5.35", level = Level.MUST)
  void writeBeyondTheLastLbaIsLbaOutOfRange(ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    Lu.Capacity c = lu.capacity();
    ScsiResult r = lu.write(Lu.write16(c.lastLba(), 2), new byte[2 * c.blockLength()]);
    assertThat(Lu.sense(r, "ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE").describe())
        .as("sense of WRITE(16) of 2 blocks at the last LBA %d", c.lastLba()).startsWith("ILLEGAL REQUEST")
        .contains("(21/00)");
  }
}
