package org.iscsilab.conformance.reject;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LogoutReason;
import org.iscsilab.protocol.pdu.LogoutRequest;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.RejectReason;
import org.iscsilab.protocol.pdu.SnackRequest;
import org.iscsilab.protocol.pdu.SnackType;
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PDUs a target must refuse, and how it says so (RFC 7143 §11.17: Reject with the offending header). */
@Area(ProtocolArea.REJECT)
class RejectTest {

  private static Duration shortWait(ConformanceContext ctx) {
    return ctx.responseTimeout().compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : ctx.responseTimeout();
  }

  /** The first Reject after {@code sent}, skipping target NOP-In pings. */
  private static Reject expectReject(LoggedInConnection c, Pdu sent) {
    while (true) {
      Pdu p = c.next("Reject of " + PduSummary.of(sent));
      if (p instanceof NopIn n && n.initiatorTaskTag() == Pdu.RESERVED_TAG) {
        continue;
      }
      if (p instanceof Reject r) {
        return r;
      }
      throw new org.opentest4j.AssertionFailedError("the target answered " + PduSummary.of(sent) + " with "
          + PduSummary.of(p) + " instead of a Reject");
    }
  }

  private static void assertCarriesHeader(Reject r, int itt) {
    byte[] h = r.data().toByteArray();
    assertThat(h.length).as("bytes of the rejected PDU's header in the Reject's data segment").isGreaterThanOrEqualTo(48);
    assertThat(String.format("0x%08x", ByteBuffer.wrap(h, 16, 4).getInt())).as("ITT in the header the Reject returns")
        .isEqualTo(String.format("0x%08x", itt));
  }

  @ParameterizedTest(name = "opcode 0x{0}")
  @ValueSource(strings = {"07", "0e", "19", "20"})
  @Clause(value = "RFC 7143 §11.2.1.2", level = Level.MUST)
  void pduWithAReservedOpcodeIsRejectedWithItsHeader(String opcode, ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int itt = c.itt();
    RawPdu raw = RawPdu.of(NopOut.ping(itt, c.currentCmdSN(), c.expStatSN(), DataSegment.EMPTY))
        .withByte(0, 0x40 | Integer.parseInt(opcode, 16));
    c.send(raw);
    Reject r = expectReject(c, raw);
    assertThat(r.reason()).as("Reject reason for the undefined initiator opcode 0x%s", opcode)
        .isIn(RejectReason.COMMAND_NOT_SUPPORTED, RejectReason.PROTOCOL_ERROR);
    assertCarriesHeader(r, itt);
  }

  @Test
  @Clause(value = "RFC 7143 §11.16", level = Level.MUST)
  void snackAtErrorRecoveryLevelZeroIsRejected(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int erl = c.negotiated().session().errorRecoveryLevel();
    org.iscsilab.conformance.NotSupported.unless(erl == 0, "the session negotiated ErrorRecoveryLevel " + erl);
    c.clearUnitAttentions();
    LoggedInConnection.Exchange read = c.run(new byte[] {0x12, 0, 0, 0, 36, 0}, 36);
    int itt = read.pdus().get(0).initiatorTaskTag();
    SnackRequest snack = new SnackRequest(SnackType.DATA_R2T, c.lun(), itt, Pdu.RESERVED_TAG, c.expStatSN(), 0, 0);
    c.send(snack);
    Reject r = expectReject(c, snack);
    // "Any SNACK that requests a numbered response, data, or R2T that was not sent by the target or was
    // already acknowledged by the initiator MUST be rejected with a reason code of 'Protocol Error'."
    assertThat(r.reason()).as("Reject reason for a Data SNACK of a task whose status was acknowledged, at "
        + "ErrorRecoveryLevel 0").isEqualTo(RejectReason.PROTOCOL_ERROR);
    assertCarriesHeader(r, itt);
  }

  @Test
  @Clause(value = "RFC 7143 §11.17.1", level = Level.SHOULD)
  void dataOutForAnUnknownTargetTransferTagIsRejected(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int itt = c.itt();
    DataOut stray = new DataOut(true, c.lun(), itt, 0x0badf00d, c.expStatSN(), 0, 0, DataSegment.of(new byte[512]));
    c.send(stray);
    Reject r = expectReject(c, stray);
    assertThat(r.reason()).as("Reject reason for a Data-Out no R2T asked for")
        .isIn(RejectReason.INVALID_PDU_FIELD, RejectReason.PROTOCOL_ERROR);
    assertCarriesHeader(r, itt);
  }

  @Test
  @Clause(value = "RFC 7143 §11.17.1", level = Level.SHOULD)
  void strayDataOutLeavesTheSessionWorking(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    c.send(new DataOut(true, c.lun(), c.itt(), 0x0badf00d, c.expStatSN(), 0, 0, DataSegment.of(new byte[512])));
    int ping = c.itt();
    c.send(NopOut.ping(ping, c.currentCmdSN(), c.expStatSN(), DataSegment.EMPTY));
    Pdu p;
    do {
      p = c.next("NOP-In answering a ping sent after a Data-Out for an unknown Target Transfer Tag");
    } while (p.initiatorTaskTag() != ping);
    assertThat(p).as("answer to the ping").isInstanceOf(NopIn.class);
  }

  @Test
  @Clause(value = "RFC 7143 §11.5.2", level = Level.MUST)
  void taskManagementRequestWithADataSegmentIsNotActedOn(ConformanceContext ctx) {
    notActedOn("Task Management Request", ctx);
  }

  @Test
  @Clause(value = "RFC 7143 §11.14.2", level = Level.MUST)
  void logoutRequestWithADataSegmentIsNotActedOn(ConformanceContext ctx) {
    notActedOn("Logout Request", ctx);
  }

  private static void notActedOn(String which, ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int itt = c.itt();
    Pdu valid = which.startsWith("Task")
        ? new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK, c.lun(), itt, 0x7eadbeef,
            c.currentCmdSN(), c.expStatSN(), c.currentCmdSN() - 100, 0)
        : new LogoutRequest(true, LogoutReason.CLOSE_SESSION, itt, c.login().cid(), c.currentCmdSN(), c.expStatSN());
    RawPdu raw = RawPdu.of(valid).withData(DataSegment.of(new byte[8])).withDataSegmentLengthField(8);
    c.send(raw);
    boolean closed = c.awaitClose(shortWait(ctx));
    List<Pdu> seen = c.received();
    List<String> performed = seen.stream()
        .filter(p -> (p instanceof TaskManagementResponse || p instanceof LogoutResponse) && p.initiatorTaskTag() == itt)
        .map(PduSummary::of).toList();
    assertThat(performed).as("answers to a %s with a data segment (\"TotalAHSLength and DataSegmentLength MUST be "
        + "0\"): the malformed request was performed", which).isEmpty();
    boolean rejected = seen.stream().anyMatch(p -> p instanceof Reject);
    assertThat(rejected || closed).as("a Reject or a closed connection for the malformed request; the target sent %s",
        seen.stream().map(PduSummary::of).toList()).isTrue();
  }

  @Test
  @Clause(value = "RFC 7143 §11", level = Level.MUST)
  void reservedBitsAreIgnored(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int itt = c.itt();
    // NOP-Out bytes 1 (bits below F), 2-3 and 36-47 are reserved: the receiver MUST ignore them.
    RawPdu raw = RawPdu.of(NopOut.ping(itt, c.currentCmdSN(), c.expStatSN(), DataSegment.EMPTY))
        .withByte(1, 0x80 | 0x15).withByte(2, 0x5a).withByte(3, 0xa5).withByte(40, 0x77).withByte(47, 0x01);
    c.send(raw);
    Pdu p;
    do {
      p = c.next("NOP-In answering a ping with reserved bits set");
    } while (p instanceof NopIn n && n.initiatorTaskTag() == Pdu.RESERVED_TAG);
    assertThat(p).as("answer to a NOP-Out ping whose reserved bits are set (%s)", PduSummary.of(p))
        .isInstanceOf(NopIn.class);
    assertThat(p.initiatorTaskTag()).as("ITT of the answer").isEqualTo(itt);
  }

}
