package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.iscsilab.protocol.pdu.*;
import org.iscsilab.testfixtures.pdu.GoldenPdus;
import org.iscsilab.testfixtures.pdu.GoldenPdus.GoldenPdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real PDUs from tgt, istgt and libiscsi (golden/*.hex): every field decodes as tshark shows it
 * (golden/*.tshark.tsv, made by golden/extract.py) and the PDU re-encodes byte for byte, with
 * digests off and on.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class GoldenVectorTest {

  private static final FramingLimits PLAIN = new FramingLimits(false, false, FramingLimits.MAX_DATA_SEGMENT_LENGTH_FIELD);
  private static final FramingLimits DIGESTS = PLAIN.withDigests(true, true);

  /** Fields tshark fills in from other PDUs of the exchange (the command's LUN on a response). */
  private static final Set<String> CONTEXT_FIELDS = Set.of("scsi.lun", "scsi.spc.opcode");

  static Stream<GoldenPdu> golden() {
    return GoldenPdus.all().stream();
  }

  static Pdu decode(byte[] wire, FramingLimits limits) {
    ByteBuf in = Unpooled.wrappedBuffer(wire);
    int length = PduFramer.frameLength(in, limits);
    assertThat(length).isEqualTo(wire.length);
    Object decoded = PduFramer.decode(in, length, limits);
    assertThat(in.isReadable()).isFalse();
    assertThat(decoded).isInstanceOf(Pdu.class);
    return (Pdu) decoded;
  }

  static byte[] encode(Pdu pdu, FramingLimits limits) {
    return PduFramer.encode(pdu, limits);
  }

  @Test
  void goldenSetCoversEveryOpcodeSeenInTheCaptures() {
    Set<String> opcodes = new TreeSet<>();
    GoldenPdus.all().forEach(g -> opcodes.add(g.field("iscsi.opcode")));
    assertThat(opcodes).containsExactly("0x01", "0x02", "0x03", "0x04", "0x05", "0x06", "0x20", "0x21", "0x22",
        "0x23", "0x24", "0x25", "0x26", "0x31");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void decodesEveryFieldAsTsharkShowsIt(GoldenPdu g) {
    Pdu pdu = decode(g.wire(), PLAIN);
    assertThat(pdu).isNotInstanceOf(RawPdu.class);
    assertThat(Sender.of(pdu.opcode())).isEqualTo(g.sender());
    Map<String, String> ours = inTsharkNotation(pdu);
    Map<String, String> theirs = new LinkedHashMap<>();
    for (String field : g.tshark().keySet()) {
      String v = g.field(field);
      if (v != null && !CONTEXT_FIELDS.contains(field)) {
        theirs.put(field, v);
      }
    }
    // Both ways: every field tshark shows is one we decode, and every field we decode, tshark shows.
    assertThat(ours).as("fields of %s", pdu).isEqualTo(theirs);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void reencodesByteForByte(GoldenPdu g) {
    Pdu pdu = decode(g.wire(), PLAIN);
    assertThat(encode(pdu, PLAIN)).isEqualTo(g.wire());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void survivesDigestsOn(GoldenPdu g) {
    Pdu pdu = decode(g.wire(), PLAIN);
    byte[] withDigests = encode(pdu, DIGESTS);
    int dsl = pdu.data().length();
    assertThat(withDigests).hasSize(g.wire().length + 4 + (dsl > 0 ? 4 : 0));
    assertThat(decode(withDigests, DIGESTS)).isEqualTo(pdu);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void realPeersLeaveReservedFieldsZero(GoldenPdu g) {
    Pdu pdu = decode(g.wire(), PLAIN);
    assertThat(pdu.residue()).isEqualTo(HeaderResidue.NONE);
  }

  private static String hex8(int v) {
    return String.format("0x%02x", v & 0xff);
  }

  private static String hex16(int v) {
    return String.format("0x%04x", v & 0xffff);
  }

  private static String hex32(int v) {
    return String.format("0x%08x", v);
  }

  private static String u32(int v) {
    return Integer.toUnsignedString(v);
  }

  private static String bit(boolean b) {
    return b ? "1" : "0";
  }

  private static String keys(DataSegment d) {
    List<String> keys = new ArrayList<>(Arrays.asList(d.asText().split("\0")));
    keys.removeIf(String::isEmpty);
    return String.join("|", keys);
  }

  /** Our decoded values, named and formatted the way tshark's iSCSI dissector shows them. */
  static Map<String, String> inTsharkNotation(Pdu pdu) {
    Map<String, String> m = new LinkedHashMap<>();
    byte[] bhs = pdu.bhs();
    m.put("iscsi.opcode", hex8(pdu.opcode().code()));
    m.put("iscsi.totalahslength", Integer.toString(bhs[4] & 0xff));
    m.put("iscsi.datasegmentlength", Integer.toString(pdu.data().length()));
    m.put("iscsi.initiatortasktag", hex32(pdu.initiatorTaskTag()));
    if (pdu instanceof ScsiCommand c) {
      m.put("iscsi.I", bit(c.immediate()));
      m.put("iscsi.flags", hex8(bhs[1]));
      m.put("iscsi.scsicommand.F", bit(c.finalFlag()));
      m.put("iscsi.scsicommand.R", bit(c.read()));
      m.put("iscsi.scsicommand.W", bit(c.write()));
      m.put("iscsi.scsicommand.attr", hex8(c.attribute().code()));
      m.put("iscsi.scsicommand.expecteddatatransferlength", u32(c.expectedDataTransferLength()));
      m.put("iscsi.cmdsn", u32(c.cmdSN()));
      m.put("iscsi.expstatsn", u32(c.expStatSN()));
    } else if (pdu instanceof ScsiResponse r) {
      m.put("iscsi.flags", hex8(bhs[1]));
      m.put("iscsi.scsiresponse.o", bit(r.bidiReadResidualOverflow()));
      m.put("iscsi.scsiresponse.u", bit(r.bidiReadResidualUnderflow()));
      m.put("iscsi.scsiresponse.O", bit(r.residualOverflow()));
      m.put("iscsi.scsiresponse.U", bit(r.residualUnderflow()));
      m.put("iscsi.scsiresponse.response", hex8(r.response()));
      m.put("iscsi.scsiresponse.status", hex8(r.status()));
      m.put("iscsi.statsn", u32(r.statSN()));
      m.put("iscsi.expcmdsn", u32(r.expCmdSN()));
      m.put("iscsi.maxcmdsn", u32(r.maxCmdSN()));
      m.put("iscsi.expdatasn", hex32(r.expDataSN()));
      m.put("iscsi.scsiresponse.bidireadresidualcount", u32(r.bidiReadResidualCount()));
      m.put("iscsi.scsiresponse.residualcount", u32(r.residualCount()));
      if (r.data().length() >= 2) {
        m.put("iscsi.scsiresponse.senselength", Integer.toString(((r.data().get(0) & 0xff) << 8) | (r.data().get(1) & 0xff)));
      }
    } else if (pdu instanceof DataIn d) {
      m.put("iscsi.flags", hex8(bhs[1]));
      m.put("iscsi.scsidata.F", bit(d.finalFlag()));
      m.put("iscsi.scsidata.A", bit(d.acknowledge()));
      m.put("iscsi.scsidata.O", bit(d.residualOverflow()));
      m.put("iscsi.scsidata.U", bit(d.residualUnderflow()));
      m.put("iscsi.scsidata.S", bit(d.statusPresent()));
      if (d.statusPresent()) {
        m.put("iscsi.scsiresponse.status", hex8(d.status()));
        m.put("iscsi.statsn", u32(d.statSN()));
      }
      if (d.targetTransferTag() != Pdu.RESERVED_TAG) {
        m.put("iscsi.targettransfertag", hex32(d.targetTransferTag()));
      }
      m.put("iscsi.expcmdsn", u32(d.expCmdSN()));
      m.put("iscsi.maxcmdsn", u32(d.maxCmdSN()));
      m.put("iscsi.datasn", u32(d.dataSN()));
      m.put("iscsi.bufferOffset", u32(d.bufferOffset()));
      m.put("iscsi.scsidata.readresidualcount", u32(d.residualCount()));
    } else if (pdu instanceof DataOut d) {
      m.put("iscsi.flags", hex8(bhs[1]));
      m.put("iscsi.scsidata.F", bit(d.finalFlag()));
      m.put("iscsi.targettransfertag", hex32(d.targetTransferTag()));
      m.put("iscsi.expstatsn", u32(d.expStatSN()));
      m.put("iscsi.datasn", u32(d.dataSN()));
      m.put("iscsi.bufferOffset", u32(d.bufferOffset()));
    } else if (pdu instanceof ReadyToTransfer r) {
      m.put("iscsi.targettransfertag", hex32(r.targetTransferTag()));
      m.put("iscsi.statsn", u32(r.statSN()));
      m.put("iscsi.expcmdsn", u32(r.expCmdSN()));
      m.put("iscsi.maxcmdsn", u32(r.maxCmdSN()));
      m.put("iscsi.r2tsn", u32(r.r2tSN()));
      m.put("iscsi.bufferOffset", u32(r.bufferOffset()));
      m.put("iscsi.desireddatalength", u32(r.desiredDataTransferLength()));
    } else if (pdu instanceof LoginRequest l) {
      m.put("iscsi.login.T", bit(l.transit()));
      m.put("iscsi.login.C", bit(l.continueFlag()));
      m.put("iscsi.login.csg", hex8(l.currentStage().code()));
      m.put("iscsi.login.nsg", hex8(l.nextStage().code()));
      m.put("iscsi.versionmax", hex8(l.versionMax()));
      m.put("iscsi.versionmin", hex8(l.versionMin()));
      m.put("iscsi.isid", String.format("%012x", l.isid()));
      m.put("iscsi.tsih", hex16(l.tsih()));
      m.put("iscsi.cid", hex16(l.cid()));
      m.put("iscsi.cmdsn", u32(l.cmdSN()));
      m.put("iscsi.expstatsn", u32(l.expStatSN()));
      m.put("iscsi.keyvalue", keys(l.data()));
    } else if (pdu instanceof LoginResponse l) {
      m.put("iscsi.login.T", bit(l.transit()));
      m.put("iscsi.login.C", bit(l.continueFlag()));
      m.put("iscsi.login.csg", hex8(l.currentStage().code()));
      m.put("iscsi.login.nsg", hex8(l.nextStage().code()));
      m.put("iscsi.versionmax", hex8(l.versionMax()));
      m.put("iscsi.versionactive", hex8(l.versionActive()));
      m.put("iscsi.isid", String.format("%012x", l.isid()));
      m.put("iscsi.tsih", hex16(l.tsih()));
      m.put("iscsi.statsn", u32(l.statSN()));
      m.put("iscsi.expcmdsn", u32(l.expCmdSN()));
      m.put("iscsi.maxcmdsn", u32(l.maxCmdSN()));
      m.put("iscsi.login.status", hex16(l.status().statusClass() << 8 | l.status().statusDetail()));
      m.put("iscsi.keyvalue", keys(l.data()));
    } else if (pdu instanceof TextRequest t) {
      m.put("iscsi.I", bit(t.immediate()));
      m.put("iscsi.flags", hex8(bhs[1]));
      m.put("iscsi.text.F", bit(t.finalFlag()));
      m.put("iscsi.text.C", bit(t.continueFlag()));
      m.put("iscsi.targettransfertag", hex32(t.targetTransferTag()));
      m.put("iscsi.cmdsn", u32(t.cmdSN()));
      m.put("iscsi.expstatsn", u32(t.expStatSN()));
      m.put("iscsi.keyvalue", keys(t.data()));
    } else if (pdu instanceof TextResponse t) {
      m.put("iscsi.flags", hex8(bhs[1]));
      m.put("iscsi.text.F", bit(t.finalFlag()));
      m.put("iscsi.text.C", bit(t.continueFlag()));
      m.put("iscsi.targettransfertag", hex32(t.targetTransferTag()));
      m.put("iscsi.statsn", u32(t.statSN()));
      m.put("iscsi.expcmdsn", u32(t.expCmdSN()));
      m.put("iscsi.maxcmdsn", u32(t.maxCmdSN()));
      m.put("iscsi.keyvalue", keys(t.data()));
    } else if (pdu instanceof LogoutRequest l) {
      m.put("iscsi.I", bit(l.immediate()));
      m.put("iscsi.logout.reason", hex8(l.reason().code()));
      m.put("iscsi.cid", hex16(l.cid()));
      m.put("iscsi.cmdsn", u32(l.cmdSN()));
      m.put("iscsi.expstatsn", u32(l.expStatSN()));
    } else if (pdu instanceof LogoutResponse l) {
      m.put("iscsi.logout.response", hex8(l.response().code()));
      m.put("iscsi.statsn", u32(l.statSN()));
      m.put("iscsi.expcmdsn", u32(l.expCmdSN()));
      m.put("iscsi.maxcmdsn", u32(l.maxCmdSN()));
      m.put("iscsi.time2wait", hex16(l.time2Wait()));
      m.put("iscsi.time2retain", hex16(l.time2Retain()));
    } else if (pdu instanceof TaskManagementRequest t) {
      m.put("iscsi.I", bit(t.immediate()));
      m.put("iscsi.taskmanfun.function", hex8(t.function().code()));
      m.put("iscsi.taskmanfun.referencedtasktag", hex32(t.referencedTaskTag()));
      m.put("iscsi.cmdsn", u32(t.cmdSN()));
      m.put("iscsi.expstatsn", u32(t.expStatSN()));
      m.put("iscsi.refcmdsn", u32(t.refCmdSN()));
      if (t.function().code() == 8) {
        // tshark shows ExpDataSN only for TASK REASSIGN, where it has a meaning (RFC 7143 §11.5.6).
        m.put("iscsi.expdatasn", hex32(t.expDataSN()));
      }
    } else if (pdu instanceof TaskManagementResponse t) {
      // tshark's dissector does not show the (zero) lengths of a TMF Response.
      m.remove("iscsi.totalahslength");
      m.remove("iscsi.datasegmentlength");
      m.put("iscsi.taskmanfun.response", hex8(t.response().code()));
      m.put("iscsi.statsn", u32(t.statSN()));
      m.put("iscsi.expcmdsn", u32(t.expCmdSN()));
      m.put("iscsi.maxcmdsn", u32(t.maxCmdSN()));
    } else if (pdu instanceof NopIn n) {
      m.put("iscsi.targettransfertag", hex32(n.targetTransferTag()));
      m.put("iscsi.statsn", u32(n.statSN()));
      m.put("iscsi.expcmdsn", u32(n.expCmdSN()));
      m.put("iscsi.maxcmdsn", u32(n.maxCmdSN()));
    } else if (pdu instanceof NopOut n) {
      m.put("iscsi.I", bit(n.immediate()));
      m.put("iscsi.targettransfertag", hex32(n.targetTransferTag()));
      m.put("iscsi.cmdsn", u32(n.cmdSN()));
      m.put("iscsi.expstatsn", u32(n.expStatSN()));
    }
    return m;
  }
}
