package org.iscsilab.conformance.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.ScsiResult;
import org.iscsilab.protocol.scsi.sense.SenseData;
import org.junit.jupiter.api.Test;

/** Standard INQUIRY data and the INQUIRY CDB's own rules (SPC-4 §6.6). */
@Area(ProtocolArea.SCSI)
class InquiryTest {

  private static byte[] standard(ConformanceContext ctx) {
    return Lu.good(Lu.open(ctx).read(Lu.inquiry(false, 0, 255), 255)).data();
  }

  @Test
  @Clause(value = "SPC-4 §6.6.2", level = Level.MUST)
  void standardInquiryDataHasResponseDataFormat2(ConformanceContext ctx) {
    byte[] d = standard(ctx);
    assertThat(d.length).as("bytes of standard INQUIRY data").isGreaterThanOrEqualTo(5);
    assertThat(d[3] & 0x0f).as("RESPONSE DATA FORMAT (byte 3 bits 3-0) of standard INQUIRY data").isEqualTo(2);
  }

  @Test
  @Clause(value = "SPC-4 §6.6.2", level = Level.MUST)
  void standardInquiryAdditionalLengthMatchesTheData(ConformanceContext ctx) {
    byte[] d = standard(ctx);
    int additional = d[4] & 0xff;
    assertThat(additional + 5).as("ADDITIONAL LENGTH + 5: standard INQUIRY data is at least 36 bytes")
        .isGreaterThanOrEqualTo(36);
    assertThat(d.length).as("bytes returned for allocation length 255 with ADDITIONAL LENGTH %d", additional)
        .isEqualTo(Math.min(255, additional + 5));
  }

  @Test
  @Clause(value = "SPC-4 §6.6.2", level = Level.MUST)
  void lunUnderTestIsAConnectedLogicalUnit(ConformanceContext ctx) {
    byte[] d = standard(ctx);
    assertThat((d[0] & 0xe0) >> 5).as("PERIPHERAL QUALIFIER of the LUN under test (000b: connected; device type "
        + "0x%02x)", d[0] & 0x1f).isZero();
    assertThat(d[0] & 0x1f).as("PERIPHERAL DEVICE TYPE: 1Fh means unknown or no device type").isNotEqualTo(0x1f);
  }

  @Test
  @Clause(value = "SPC-4 §6.6.2", level = Level.SHOULD)
  void versionClaimsAStandard(ConformanceContext ctx) {
    byte[] d = standard(ctx);
    assertThat(d[2] & 0xff).as("VERSION of standard INQUIRY data (00h none, 03h SPC, 04h SPC-2, 05h SPC-3, "
        + "06h SPC-4, 07h SPC-5; others obsolete or reserved)").isIn(0x00, 0x03, 0x04, 0x05, 0x06, 0x07);
  }

  @Test
  @Clause(value = "SPC-4 §4.2.5.6", level = Level.MUST)
  void shortAllocationLengthTruncatesTheData(ConformanceContext ctx) {
    ScsiResult r = Lu.good(Lu.open(ctx).read(Lu.inquiry(false, 0, 5), 5));
    assertThat(r.data().length).as("bytes of standard INQUIRY data for ALLOCATION LENGTH 5").isLessThanOrEqualTo(5);
    assertThat(r.overflow()).as("O bit: no more data than the ALLOCATION LENGTH is transferred, SPDTL = 5").isFalse();
  }

  @Test
  @Clause(value = "SPC-4 §4.2.5.6", level = Level.MUST)
  void zeroAllocationLengthIsNotAnError(ConformanceContext ctx) {
    ScsiResult r = Lu.good(Lu.open(ctx).read(Lu.inquiry(false, 0, 0), 0));
    assertThat(r.data()).as("data of INQUIRY with ALLOCATION LENGTH 0").isEmpty();
  }

  @Test
  @Clause(value = "SPC-4 §6.6.1", level = Level.MUST)
  void pageCodeWithoutEvpdIsInvalidFieldInCdb(ConformanceContext ctx) {
    ScsiResult r = Lu.open(ctx).read(Lu.inquiry(false, 0x83, 255), 255);
    SenseData s = Lu.sense(r, "ILLEGAL REQUEST, INVALID FIELD IN CDB");
    assertThat(s.describe()).as("sense of INQUIRY with EVPD=0 and PAGE CODE 83h").startsWith("ILLEGAL REQUEST")
        .contains("(24/00)");
  }

  @Test
  @Clause(value = "SPC-4 §4.5.2.4.2", level = Level.SHOULD)
  void fieldPointerNamesThePageCodeByte(ConformanceContext ctx) {
    ScsiResult r = Lu.open(ctx).read(Lu.inquiry(false, 0x83, 255), 255);
    SenseData s = Lu.sense(r, "ILLEGAL REQUEST, INVALID FIELD IN CDB");
    assertThat(s.fieldPointer()).as("field pointer (SKSV) of %s", s.describe()).isPresent();
    assertThat(s.fieldPointer().get().commandData()).as("C/D bit: the error is in the CDB").isTrue();
    assertThat(s.fieldPointer().get().byteOffset()).as("byte the field pointer names (PAGE CODE is byte 2; EVPD "
        + "byte 1 is also defensible)").isIn(1, 2);
  }

  /** A LUN number REPORT LUNS does not list. */
  static int missingLun(Lu lu) {
    byte[] d = Lu.good(lu.read(new byte[] {(byte) 0xA0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0}, 4096)).data();
    java.util.List<Long> luns = new java.util.ArrayList<>();
    for (int i = 8; i + 8 <= d.length; i += 8) {
      luns.add(java.nio.ByteBuffer.wrap(d).getLong(i));
    }
    int n = 200;
    while (luns.contains(org.iscsilab.protocol.scsi.Lun.of(n).toLong())) {
      n++;
    }
    return n;
  }

  @Test
  @Clause(value = "SPC-4 §6.6.2", level = Level.MUST)
  void inquiryOfALunThatDoesNotExistReportsNoDevice(ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    int missing = missingLun(lu);
    ScsiResult r = Lu.checked(lu.session.execute(org.iscsilab.initiator.ScsiRequest.read(
        org.iscsilab.protocol.scsi.Lun.of(missing).toLong(), Lu.inquiry(false, 0, 36), 36)));
    Lu.good(r);
    assertThat(r.data().length).as("bytes of standard INQUIRY data for LUN %d", missing).isGreaterThanOrEqualTo(1);
    assertThat(String.format("0x%02x", r.data()[0] & 0xff)).as("PERIPHERAL QUALIFIER and DEVICE TYPE for LUN %d, "
        + "which REPORT LUNS does not list (011b / 1Fh: no device can be attached there)", missing).isEqualTo("0x7f");
  }

  @Test
  @Clause(value = "SPC-4 §6.47", level = Level.MUST)
  void commandToALunThatDoesNotExistIsLogicalUnitNotSupported(ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    int missing = missingLun(lu);
    ScsiResult r = lu.session.execute(org.iscsilab.initiator.ScsiRequest.noData(
        org.iscsilab.protocol.scsi.Lun.of(missing).toLong(), new byte[6]));
    assertThat(Lu.sense(r, "ILLEGAL REQUEST, LOGICAL UNIT NOT SUPPORTED").describe())
        .as("sense of TEST UNIT READY to LUN %d, which REPORT LUNS does not list", missing)
        .startsWith("ILLEGAL REQUEST").contains("(25/00)");
  }
}
