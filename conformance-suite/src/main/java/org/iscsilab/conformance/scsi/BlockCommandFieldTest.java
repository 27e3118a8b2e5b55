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

/**
 * Fields of block commands a device server must refuse when it lacks the feature they ask for
 * (protection information, anchored blocks), and GET LBA STATUS at the edge of the medium. These
 * are what libiscsi's iscsi-test-cu found wrong in our own reference target, before this suite
 * checked them.
 */
@Area(ProtocolArea.SCSI)
class BlockCommandFieldTest {

  /** PROTECT (standard INQUIRY byte 5 bit 0): the logical unit supports protection information. */
  private static boolean protect(Lu lu) {
    byte[] d = Lu.good(lu.read(Lu.inquiry(false, 0, 36), 36)).data();
    assertThat(d.length).as("bytes of standard INQUIRY data").isGreaterThanOrEqualTo(6);
    return (d[5] & 0x01) != 0;
  }

  private static byte[] withProtect(byte[] cdb, int protect) {
    cdb[1] = (byte) ((cdb[1] & 0x1f) | (protect << 5));
    return cdb;
  }

  private static void invalidFieldInCdb(ScsiResult r, String what) {
    assertThat(Lu.sense(r, "ILLEGAL REQUEST, INVALID FIELD IN CDB").describe()).as("sense of %s", what)
        .startsWith("ILLEGAL REQUEST").contains("(24/00)");
  }

  @ParameterizedTest(name = "RDPROTECT {0}")
  @ValueSource(ints = {1, 5, 7})
  @Clause(value = "SBC-3 §5.13", level = Level.MUST)
  void readWithRdprotectIsRefusedWithoutProtectionInformation(int rdprotect, ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    NotSupported.unless(!protect(lu), "the logical unit supports protection information (PROTECT=1), where "
        + "RDPROTECT asks for checks rather than being an error");
    Lu.Capacity c = lu.capacity();
    ScsiResult r = lu.read(withProtect(Lu.read16(0, 1), rdprotect), c.blockLength());
    invalidFieldInCdb(r, "READ(16) with RDPROTECT " + rdprotect + " on a logical unit without protection information");
  }

  @Test
  @Tag(SuiteTags.DESTRUCTIVE)
  @Clause(value = "SBC-3 §5.35", level = Level.MUST)
  void writeWithWrprotectIsRefusedWithoutProtectionInformation(ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    NotSupported.unless(!protect(lu), "the logical unit supports protection information (PROTECT=1)");
    Lu.Capacity c = lu.capacity();
    ScsiResult r = lu.write(withProtect(Lu.write16(c.lastLba(), 1), 1), new byte[c.blockLength()]);
    invalidFieldInCdb(r, "WRITE(16) with WRPROTECT 1 on a logical unit without protection information");
  }

  private static byte[] getLbaStatus(long lba, int alloc) {
    byte[] c = new byte[16];
    c[0] = (byte) 0x9E;
    c[1] = 0x12;
    ByteBuffer.wrap(c).putLong(2, lba).putInt(10, alloc);
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"last LBA + 1", "LBA 2^63"})
  @Clause(value = "SBC-3 §5.4", level = Level.MUST)
  void getLbaStatusBeyondTheMediumIsLbaOutOfRange(String which, ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    Lu.Capacity c = lu.capacity();
    ScsiResult first = Lu.supported(lu.read(getLbaStatus(0, 24), 24));
    NotSupported.unless(first.isGood(), "GET LBA STATUS of LBA 0 was not GOOD (" + first.describeStatus()
        + "): the command is not offered");
    // 2^63: the field is unsigned, and an implementation that reads it as a signed 64-bit number
    // sees a negative LBA below the capacity.
    long lba = which.startsWith("last") ? c.lastLba() + 1 : Long.MIN_VALUE;
    ScsiResult r = lu.read(getLbaStatus(lba, 24), 24);
    assertThat(Lu.sense(r, "ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE").describe())
        .as("sense of GET LBA STATUS at %s (last LBA %d)", which, c.lastLba()).startsWith("ILLEGAL REQUEST")
        .contains("(21/00)");
  }

  @Test
  @Tag(SuiteTags.DESTRUCTIVE)
  @Clause(value = "SBC-3 §5.42", level = Level.MUST)
  void writeSameWithAnchorIsRefusedWithoutAncSup(ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    ScsiResult vpd = lu.read(Lu.inquiry(true, 0xB2, 64), 64);
    NotSupported.unless(vpd.isGood() && vpd.data().length >= 6,
        "no Logical Block Provisioning VPD page (B2h): " + vpd.describeStatus());
    byte flags = vpd.data()[5];
    NotSupported.unless((flags & 0x40) != 0, "LBPWS=0: WRITE SAME(16) with UNMAP is not offered");
    NotSupported.unless((flags & 0x02) == 0, "ANC_SUP=1: the logical unit supports anchored blocks");
    Lu.Capacity c = lu.capacity();
    byte[] cdb = new byte[16];
    cdb[0] = (byte) 0x93;
    cdb[1] = 0x18; // ANCHOR and UNMAP
    ByteBuffer.wrap(cdb).putLong(2, c.lastLba()).putInt(10, 1);
    ScsiResult r = lu.write(cdb, new byte[c.blockLength()]);
    invalidFieldInCdb(r, "WRITE SAME(16) with ANCHOR=1 when ANC_SUP=0");
  }
}
