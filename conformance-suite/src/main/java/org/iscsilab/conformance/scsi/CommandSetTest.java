package org.iscsilab.conformance.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.ScsiResult;
import org.iscsilab.protocol.scsi.Lun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TEST UNIT READY, REQUEST SENSE, REPORT LUNS, unknown operation codes, autosense. */
@Area(ProtocolArea.SCSI)
class CommandSetTest {

  @Test
  @Clause(value = "SPC-4 §6.47", level = Level.MUST)
  void testUnitReadyIsGood(ConformanceContext ctx) {
    Lu.good(Lu.open(ctx).noData(new byte[6]));
  }

  @Test
  @Clause(value = "SPC-4 §6.39", level = Level.MUST)
  void requestSenseReturnsSenseDataWithNoSense(ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    Lu.good(lu.noData(new byte[6]));
    byte[] d = Lu.good(lu.read(new byte[] {0x03, 0, 0, 0, (byte) 252, 0}, 252)).data();
    assertThat(d.length).as("bytes of REQUEST SENSE data").isGreaterThanOrEqualTo(8);
    int code = d[0] & 0x7f;
    assertThat(code).as("RESPONSE CODE of the sense data (70h-73h)").isIn(0x70, 0x71, 0x72, 0x73);
    int key = code >= 0x72 ? d[1] & 0x0f : d[2] & 0x0f;
    assertThat(key).as("SENSE KEY with nothing to report (NO SENSE)").isZero();
  }

  @Test
  @Clause(value = "SPC-4 §6.33", level = Level.MUST)
  void reportLunsListsTheLunUnderTest(ConformanceContext ctx) {
    byte[] d = Lu.good(Lu.open(ctx).read(new byte[] {(byte) 0xA0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0}, 4096)).data();
    assertThat(d.length).as("bytes of REPORT LUNS data").isGreaterThanOrEqualTo(8);
    long listLength = Integer.toUnsignedLong(ByteBuffer.wrap(d).getInt(0));
    assertThat(listLength % 8).as("LUN LIST LENGTH %d (8 bytes per LUN)", listLength).isZero();
    List<Long> luns = new ArrayList<>();
    for (int i = 8; i + 8 <= d.length && i < 8 + listLength; i += 8) {
      luns.add(ByteBuffer.wrap(d).getLong(i));
    }
    long mine = Lun.of(ctx.target().lun()).toLong();
    assertThat(luns).as("LUNs reported (LUN fields), looking for LUN %d = 0x%016x", ctx.target().lun(), mine)
        .contains(mine);
  }

  @ParameterizedTest(name = "operation code 0x{0}")
  @ValueSource(strings = {"59", "e7"})
  @Clause(value = "SPC-4 §4.2.5.1", level = Level.MUST)
  void unsupportedOperationCodeIsInvalidCommandOperationCode(String opcode, ConformanceContext ctx) {
    byte[] cdb = new byte[10];
    cdb[0] = (byte) Integer.parseInt(opcode, 16);
    ScsiResult r = Lu.open(ctx).noData(cdb);
    assertThat(Lu.sense(r, "ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE").describe())
        .as("sense for the operation code %sh, which no direct-access device defines", opcode)
        .startsWith("ILLEGAL REQUEST").contains("(20/00)");
  }

  @ParameterizedTest(name = "{arguments}")
  @ValueSource(strings = {"INVALID COMMAND OPERATION CODE", "INVALID FIELD IN CDB", "LBA OUT OF RANGE"})
  @Clause(value = "RFC 7143 §10.2", level = Level.MUST)
  void everyCheckConditionCarriesSenseData(String provoked, ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    ScsiResult r = switch (provoked) {
      case "INVALID COMMAND OPERATION CODE" -> lu.noData(new byte[] {0x59, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      case "INVALID FIELD IN CDB" -> lu.read(Lu.inquiry(false, 0x80, 255), 255);
      default -> {
        Lu.Capacity c = lu.capacity();
        yield lu.read(Lu.read16(c.lastLba() + 1, 1), c.blockLength());
      }
    };
    // Whether the target reports this error at all is judged elsewhere; here only its sense data.
    org.junit.jupiter.api.Assumptions.assumeTrue(r.response() == 0 && r.status().code() == Lu.CHECK_CONDITION,
        () -> r.command() + " did not end in CHECK CONDITION (" + r.describeStatus() + "): no sense data to judge");
    assertThat(r.sense()).withFailMessage("%s ended in CHECK CONDITION without %s (\"iSCSI initiators and targets "
        + "MUST support and use autosense\")", r.command(),
        r.senseProblem().map(p -> "parsable sense data: " + p).orElse("any sense data")).isPresent();
  }
}
