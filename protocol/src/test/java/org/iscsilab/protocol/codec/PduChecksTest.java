package org.iscsilab.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.codec.PduChecks.Severity;
import org.iscsilab.protocol.codec.PduChecks.Violation;
import org.iscsilab.protocol.pdu.*;
import org.iscsilab.testfixtures.pdu.GoldenPdus;
import org.junit.jupiter.api.Test;

/** The shared receiver rules: what is wrong with a PDU, how bad, which clause, which Reject reason. */
class PduChecksTest {

  private static final FramingLimits LIMITS = new FramingLimits(false, false, 8192);

  private static ScsiCommand read() {
    return ScsiCommand.builder().read(true).initiatorTaskTag(1).expectedDataTransferLength(512)
        .cdb(new byte[] {0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0}).build();
  }

  @Test
  void everyPduFromTheRealCapturesPassesEveryCheck() {
    for (GoldenPdus.GoldenPdu g : GoldenPdus.all()) {
      Pdu pdu = GoldenVectorTest.decode(g.wire(), new FramingLimits(false, false, 16777215));
      assertThat(PduChecks.check(pdu, g.sender(), new FramingLimits(false, false, 262144))).as(g.toString()).isEmpty();
    }
  }

  @Test
  void aValidReadCommandHasNoViolations() {
    assertThat(PduChecks.check(read(), Sender.INITIATOR, LIMITS)).isEmpty();
  }

  @Test
  void reservedBitsAreANoteNotAnError() {
    Pdu pdu = Pdus.decode(read().toRaw().withByte(2, 0x5a).bhs(), new byte[0], DataSegment.EMPTY);
    List<Violation> v = PduChecks.check(pdu, Sender.INITIATOR, LIMITS);
    assertThat(v).singleElement().satisfies(x -> {
      assertThat(x.severity()).isEqualTo(Severity.NOTE);
      assertThat(x.clause()).isEqualTo("RFC 7143 §11");
      assertThat(x.message()).contains("byte 2 (0x5a)");
    });
    assertThat(PduChecks.firstError(pdu, Sender.INITIATOR, LIMITS)).isEmpty();
  }

  @Test
  void missingFixedFinalBitIsAnInvalidPduField() {
    RawPdu raw = new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK, 0, 1, 2, 3, 4, 5, 6).toRaw()
        .withByte(1, 0x01); // F cleared, function ABORT TASK kept
    Violation v = PduChecks.firstError(raw, Sender.INITIATOR, LIMITS).orElseThrow();
    assertThat(v.rejectReason()).isEqualTo(RejectReason.INVALID_PDU_FIELD);
    assertThat(v.clause()).isEqualTo("RFC 7143 §11.5");
    assertThat(v.toException().scope()).isEqualTo(ProtocolException.Scope.PDU);
  }

  @Test
  void reservedTaskTagOnACommandIsAnInvalidPduField() {
    ScsiCommand c = ScsiCommand.builder().read(true).initiatorTaskTag(Pdu.RESERVED_TAG).build();
    Violation v = PduChecks.firstError(c, Sender.INITIATOR, LIMITS).orElseThrow();
    assertThat(v.rejectReason()).isEqualTo(RejectReason.INVALID_PDU_FIELD);
    assertThat(v.clause()).isEqualTo("RFC 7143 §11.2.1.8");
  }

  @Test
  void reservedTaskTagIsFineOnATargetPing() {
    assertThat(PduChecks.check(new NopIn(0, Pdu.RESERVED_TAG, 0x10, 1, 2, 3, DataSegment.EMPTY), Sender.TARGET, LIMITS))
        .isEmpty();
  }

  @Test
  void dataSegmentOnAPduThatHasNoneIsAProtocolError() {
    RawPdu r2tWithData = new ReadyToTransfer(0, 1, 2, 3, 4, 5, 0, 0, 512).toRaw().withData(DataSegment.ofText("x"))
        .withDataSegmentLengthField(1);
    Pdu decoded = Pdus.decode(r2tWithData.bhs(), new byte[0], DataSegment.ofText("x"));
    assertThat(decoded).isInstanceOf(RawPdu.class); // an R2T record has no place for data
    Violation v = PduChecks.firstError(decoded, Sender.TARGET, LIMITS).orElseThrow();
    assertThat(v.rejectReason()).isEqualTo(RejectReason.PROTOCOL_ERROR);
    assertThat(v.clause()).isEqualTo("RFC 7143 §11.8");
  }

  @Test
  void dataSegmentOverMaxRecvIsConnectionLevel() {
    RawPdu big = NopOut.ping(1, 1, 1, DataSegment.EMPTY).toRaw().withDataSegmentLengthField(9000);
    Violation v = PduChecks.check(big, Sender.INITIATOR, LIMITS).get(0);
    assertThat(v.severity()).isEqualTo(Severity.CONNECTION);
    assertThat(v.clause()).isEqualTo("RFC 7143 §13.12");
    assertThat(v.toException().scope()).isEqualTo(ProtocolException.Scope.CONNECTION);
  }

  @Test
  void undefinedOpcodeIsCommandNotSupported() {
    RawPdu vendor = NopOut.ping(1, 1, 1, DataSegment.EMPTY).toRaw().withByte(0, 0x1c);
    assertThat(PduChecks.firstError(vendor, Sender.INITIATOR, LIMITS).orElseThrow().rejectReason())
        .isEqualTo(RejectReason.COMMAND_NOT_SUPPORTED);
  }

  @Test
  void targetOpcodeFromTheInitiatorIsAProtocolError() {
    Violation v = PduChecks.firstError(new NopIn(0, 1, Pdu.RESERVED_TAG, 1, 2, 3, DataSegment.EMPTY),
        Sender.INITIATOR, LIMITS).orElseThrow();
    assertThat(v.rejectReason()).isEqualTo(RejectReason.PROTOCOL_ERROR);
    assertThat(v.message()).contains("target PDU but came from the initiator");
  }

  @Test
  void loginRequestWithTransitAndContinueIsAProtocolError() {
    LoginRequest l = LoginRequest.builder().transit(true).continueFlag(true).initiatorTaskTag(1).build();
    assertThat(PduChecks.firstError(l, Sender.INITIATOR, LIMITS).orElseThrow().message()).contains("both T and C");
  }

  @Test
  void loginRequestWithoutTheImmediateBitIsAProtocolError() {
    LoginRequest l = LoginRequest.builder().immediate(false).initiatorTaskTag(1).build();
    assertThat(PduChecks.firstError(l, Sender.INITIATOR, LIMITS).orElseThrow().message()).contains("without the I bit");
  }

  @Test
  void dataInWithStatusButNotFinalIsAProtocolError() {
    DataIn d = DataIn.builder().initiatorTaskTag(1).statusPresent(true).finalFlag(false).build();
    assertThat(PduChecks.firstError(d, Sender.TARGET, LIMITS).orElseThrow().message()).contains("S set but not F");
  }

  @Test
  void readCommandWithImmediateDataIsAProtocolError() {
    ScsiCommand c = ScsiCommand.builder().read(true).initiatorTaskTag(1).data(DataSegment.ofText("oops")).build();
    assertThat(PduChecks.firstError(c, Sender.INITIATOR, LIMITS).orElseThrow().message()).contains("without the W bit");
  }

  @Test
  void oneWayNopOutConfirmingExpStatSNIsValidButMustBeImmediate() {
    NopOut n = new NopOut(true, 0, Pdu.RESERVED_TAG, Pdu.RESERVED_TAG, 1, 1, DataSegment.EMPTY);
    assertThat(PduChecks.firstError(n, Sender.INITIATOR, LIMITS)).isEmpty();
    NopOut notImmediate = new NopOut(false, 0, Pdu.RESERVED_TAG, Pdu.RESERVED_TAG, 1, 1, DataSegment.EMPTY);
    assertThat(PduChecks.firstError(notImmediate, Sender.INITIATOR, LIMITS).orElseThrow().message())
        .contains("I bit clear");
  }

  @Test
  void rejectWithARealTaskTagIsAnInvalidPduField() {
    Reject r = new Reject(RejectReason.PROTOCOL_ERROR, 7, 1, 2, 3, 0, DataSegment.of(new byte[48]));
    assertThat(PduChecks.firstError(r, Sender.TARGET, LIMITS).orElseThrow().rejectReason())
        .isEqualTo(RejectReason.INVALID_PDU_FIELD);
  }

  @Test
  void violationsComeWorstFirst() {
    RawPdu bad = new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK, 0, 1, 2, 3, 4, 5, 6).toRaw()
        .withByte(1, 0x01).withByte(3, 0xff).withDataSegmentLengthField(9000);
    List<Violation> v = PduChecks.check(bad, Sender.INITIATOR, LIMITS);
    assertThat(v).extracting(Violation::severity).isSorted();
    assertThat(v.get(0).severity()).isEqualTo(Severity.CONNECTION);
    assertThat(v.get(v.size() - 1).severity()).isEqualTo(Severity.NOTE);
  }
}
