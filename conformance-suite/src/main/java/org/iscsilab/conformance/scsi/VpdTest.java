package org.iscsilab.conformance.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.ScsiResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Vital product data pages (SPC-4 §7.8): the supported list, device identification, page headers. */
@Area(ProtocolArea.SCSI)
class VpdTest {

  private static byte[] page(Lu lu, int code) {
    return Lu.good(lu.read(Lu.inquiry(true, code, 1024), 1024)).data();
  }

  private static List<Integer> supported(Lu lu) {
    byte[] d = page(lu, 0x00);
    assertThat(d.length).as("bytes of the Supported VPD Pages page").isGreaterThanOrEqualTo(4);
    int n = Lu.u16(d, 2);
    List<Integer> pages = new ArrayList<>();
    for (int i = 4; i < Math.min(d.length, 4 + n); i++) {
      pages.add(d[i] & 0xff);
    }
    return pages;
  }

  @Test
  @Clause(value = "SPC-4 §7.8.16", level = Level.MUST)
  void supportedPagesListsItselfInAscendingOrder(ConformanceContext ctx) {
    List<Integer> pages = supported(Lu.open(ctx));
    assertThat(pages).as("page codes of the Supported VPD Pages page").contains(0x00);
    assertThat(pages).as("page codes in ascending order").isSorted().doesNotHaveDuplicates();
  }

  @Test
  @Clause(value = "SPC-4 §7.8.6.1", level = Level.MUST)
  void supportedPagesListsDeviceIdentification(ConformanceContext ctx) {
    assertThat(supported(Lu.open(ctx))).as("page codes of the Supported VPD Pages page (83h is mandatory)")
        .contains(0x83);
  }

  @Test
  @Clause(value = "SPC-4 §7.8.18", level = Level.MAY)
  void supportedPagesListsUnitSerialNumber(ConformanceContext ctx) {
    assertThat(supported(Lu.open(ctx))).as("page codes of the Supported VPD Pages page (80h, Unit Serial Number)")
        .contains(0x80);
  }

  @ParameterizedTest(name = "page 0x{0}")
  @ValueSource(strings = {"00", "80", "83", "b0"})
  @Clause(value = "SPC-4 §7.8.1", level = Level.MUST)
  void vpdPageHeaderNamesThePageAndItsLength(String code, ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    int pc = Integer.parseInt(code, 16);
    NotSupported.unless(supported(lu).contains(pc), "the target does not list VPD page " + code + "h");
    byte[] d = page(lu, pc);
    assertThat(d.length).as("bytes of VPD page %sh", code).isGreaterThanOrEqualTo(4);
    assertThat(d[1] & 0xff).as("PAGE CODE in the header of VPD page %sh", code).isEqualTo(pc);
    assertThat(d.length).as("bytes returned for allocation length 1024 with PAGE LENGTH %d", Lu.u16(d, 2))
        .isEqualTo(Math.min(1024, Lu.u16(d, 2) + 4));
  }

  @Test
  @Clause(value = "SPC-4 §7.8.6.1", level = Level.MUST)
  void deviceIdentificationHasALogicalUnitDesignator(ConformanceContext ctx) {
    byte[] d = page(Lu.open(ctx), 0x83);
    List<String> seen = new ArrayList<>();
    boolean found = false;
    int end = Math.min(d.length, 4 + Lu.u16(d, 2));
    for (int i = 4; i + 4 <= end; i += 4 + (d[i + 3] & 0xff)) {
      int association = (d[i + 1] >> 4) & 0x3;
      int type = d[i + 1] & 0x0f;
      seen.add("association " + association + " type " + type);
      if (association == 0 && (type == 1 || type == 2 || type == 3 || type == 8)) {
        found = true;
      }
    }
    assertThat(found).as("a designator with ASSOCIATION 00b (logical unit) and DESIGNATOR TYPE 1h, 2h, 3h or 8h "
        + "among %s", seen).isTrue();
  }

  @Test
  @Clause(value = "SPC-4 §6.6.1", level = Level.MUST)
  void unsupportedVpdPageIsInvalidFieldInCdb(ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    List<Integer> pages = supported(lu);
    int missing = 0xC7;
    while (pages.contains(missing)) {
      missing++;
    }
    ScsiResult r = lu.read(Lu.inquiry(true, missing, 255), 255);
    assertThat(Lu.sense(r, "ILLEGAL REQUEST, INVALID FIELD IN CDB").describe())
        .as("sense of INQUIRY for VPD page %02Xh, which the target does not list", missing)
        .startsWith("ILLEGAL REQUEST").contains("(24/00)");
  }
}
