package org.iscsilab.conformance.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.ScsiResult;
import org.junit.jupiter.api.Test;

/** MODE SENSE(6)/(10): header lengths, changeable values, the caching page (SPC-4 §6.13, §6.14, §7.5; SBC-3 §6.4.5). */
@Area(ProtocolArea.SCSI)
class ModeSenseTest {

  private static byte[] sense6(int pc, int page, int alloc) {
    return new byte[] {0x1A, 0, (byte) ((pc << 6) | page), 0, (byte) alloc, 0};
  }

  private static byte[] sense10(int pc, int page, int alloc) {
    return new byte[] {0x5A, 0, (byte) ((pc << 6) | page), 0, 0, 0, 0, (byte) (alloc >> 8), (byte) alloc, 0};
  }

  @Test
  @Clause(value = "SPC-4 §6.13", level = Level.MUST)
  void modeSense6AllPagesHeaderMatchesTheData(ConformanceContext ctx) {
    ScsiResult r = Lu.good(Lu.supported(Lu.open(ctx).read(sense6(0, 0x3F, 255), 255)));
    byte[] d = r.data();
    assertThat(d.length).as("bytes of MODE SENSE(6) data").isGreaterThanOrEqualTo(4);
    int mdl = d[0] & 0xff;
    assertThat(d.length).as("bytes returned for allocation length 255 with MODE DATA LENGTH %d", mdl)
        .isEqualTo(Math.min(255, mdl + 1));
    assertThat(d[3] & 0xff).as("BLOCK DESCRIPTOR LENGTH (0 or 8 for short descriptors)").isIn(0, 8);
  }

  @Test
  @Clause(value = "SPC-4 §6.14", level = Level.MUST)
  void modeSense10AllPagesHeaderMatchesTheData(ConformanceContext ctx) {
    ScsiResult r = Lu.good(Lu.supported(Lu.open(ctx).read(sense10(0, 0x3F, 4096), 4096)));
    byte[] d = r.data();
    assertThat(d.length).as("bytes of MODE SENSE(10) data").isGreaterThanOrEqualTo(8);
    int mdl = Lu.u16(d, 0);
    assertThat(d.length).as("bytes returned for allocation length 4096 with MODE DATA LENGTH %d", mdl)
        .isEqualTo(Math.min(4096, mdl + 2));
    assertThat(Lu.u16(d, 6)).as("BLOCK DESCRIPTOR LENGTH (0, 8, or 16 with LONGLBA)").isIn(0, 8, 16);
  }

  @Test
  @Clause(value = "SPC-4 §6.13", level = Level.MUST)
  void changeableValuesAreReported(ConformanceContext ctx) {
    ScsiResult r = Lu.good(Lu.supported(Lu.open(ctx).read(sense6(1, 0x3F, 255), 255)));
    assertThat(r.data().length).as("bytes of MODE SENSE(6) changeable values (PC=01b) for all pages")
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  @Clause(value = "SBC-3 §6.4.5", level = Level.MUST)
  void cachingPageHasItsCodeAndLength(ConformanceContext ctx) {
    ScsiResult r = Lu.supported(Lu.open(ctx).read(sense6(0, 0x08, 255), 255));
    if (!r.isGood() && r.sense().map(s -> s.additionalSense().asc() == 0x24).orElse(false)) {
      throw new NotSupported("the target has no caching mode page: " + r.describeStatus());
    }
    byte[] d = Lu.good(r).data();
    int bdl = d[3] & 0xff;
    int at = 4 + bdl;
    assertThat(d.length).as("bytes of MODE SENSE(6) for the caching page").isGreaterThan(at + 2);
    assertThat(d[at] & 0x3f).as("PAGE CODE of the first page returned for page 08h").isEqualTo(0x08);
    assertThat(d[at + 1] & 0xff).as("PAGE LENGTH of the caching mode page").isEqualTo(0x12);
  }
}
