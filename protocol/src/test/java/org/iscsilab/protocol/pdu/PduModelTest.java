package org.iscsilab.protocol.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.iscsilab.protocol.ProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every PDU record survives BHS encode → decode, field for field. */
class PduModelTest {

  static Stream<Pdu> oneOfEach() {
    DataSegment d = DataSegment.ofText("Key=Value\0");
    return Stream.of(
        NopOut.ping(0x11, 7, 9, DataSegment.of(new byte[] {1, 2, 3})),
        ScsiCommand.builder().read(true).initiatorTaskTag(0x22).expectedDataTransferLength(4096).cmdSN(3)
            .expStatSN(4).lun(0x0001000000000000L).cdb(new byte[] {0x28, 0, 0, 0, 0, 1, 0, 0, 8, 0}).build(),
        ScsiCommand.builder().write(true).cdb(new byte[32]).additionalHeaderSegments(
            List.of(new AdditionalHeaderSegment.BidirectionalReadDataLength(512))).data(d).build(),
        new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK, 0, 5, 6, 7, 8, 9, 10),
        LoginRequest.builder().stages(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION)
            .isid(0x23d000000001L).tsih(0x1234).cid(2).data(d).build(),
        new TextRequest(true, true, false, 0, 1, Pdu.RESERVED_TAG, 2, 3, d),
        new DataOut(true, 0, 1, 2, 3, 4, 8192, DataSegment.of(new byte[512])),
        new LogoutRequest(true, LogoutReason.CLOSE_CONNECTION, 1, 3, 4, 5),
        new SnackRequest(SnackType.STATUS, 0, 1, 2, 3, 4, 5),
        new NopIn(0, 1, Pdu.RESERVED_TAG, 2, 3, 4, DataSegment.EMPTY),
        ScsiResponse.builder().status(2).senseData(new byte[] {0x70, 0, 5, 0, 0, 0, 0, 10}).residualUnderflow(true)
            .residualCount(100).build(),
        new TaskManagementResponse(TaskManagementResponseCode.FUNCTION_COMPLETE, 1, 2, 3, 4),
        LoginResponse.builder().status(LoginStatus.AUTHENTICATION_FAILURE).isid(0x23d000000001L).tsih(7).build(),
        new TextResponse(true, false, 0, 1, Pdu.RESERVED_TAG, 2, 3, 4, d),
        DataIn.builder().statusPresent(true).dataSN(3).bufferOffset(1024).data(DataSegment.of(new byte[64])).build(),
        new LogoutResponse(LogoutResponseCode.CLOSED_SUCCESSFULLY, 1, 2, 3, 4, 2, 20),
        new ReadyToTransfer(0, 1, 0x100, 2, 3, 4, 0, 65536, 262144),
        new AsyncMessage(0, Pdu.RESERVED_TAG, 1, 2, 3, AsyncEvent.LOGOUT_REQUESTED, 0, 0, 3, 20, DataSegment.EMPTY),
        Reject.of(RejectReason.PROTOCOL_ERROR, new byte[48], 1, 2, 3));
  }

  @ParameterizedTest
  @MethodSource("oneOfEach")
  void decodeOfEncodedHeaderIsTheSamePdu(Pdu pdu) {
    RawPdu raw = pdu.toRaw();
    Pdu back = Pdus.decode(raw.bhs(), raw.ahs(), raw.data());
    assertThat(back).isEqualTo(pdu);
    assertThat(raw.dataSegmentLengthField()).isEqualTo(pdu.data().length());
    assertThat(back.opcode()).isEqualTo(pdu.opcode());
  }

  @Test
  void undefinedOpcodeDecodesAsRawPduNotAnError() {
    byte[] bhs = new byte[48];
    bhs[0] = 0x1c; // vendor-specific initiator opcode
    Pdu p = Pdus.decode(bhs, new byte[0], DataSegment.EMPTY);
    assertThat(p).isInstanceOf(RawPdu.class);
    assertThat(p.opcode().toString()).isEqualTo("Vendor-specific (0x1c)");
  }

  @Test
  void extendedCdbTravelsInAnAhs() {
    byte[] cdb = new byte[32];
    for (int i = 0; i < cdb.length; i++) {
      cdb[i] = (byte) i;
    }
    ScsiCommand c = ScsiCommand.builder().cdb(cdb).build();
    RawPdu raw = c.toRaw();
    // AHSLength 17 (reserved byte + 16 CDB bytes), type 1, padded to 20 bytes = 5 words.
    assertThat(raw.totalAhsLengthField()).isEqualTo(5);
    assertThat(raw.ahs()[0]).isEqualTo((byte) 0);
    assertThat(raw.ahs()[1]).isEqualTo((byte) 17);
    assertThat(raw.ahs()[2]).isEqualTo((byte) 1);
    assertThat(((ScsiCommand) Pdus.decode(raw.bhs(), raw.ahs(), raw.data())).cdb()).isEqualTo(cdb);
  }

  @Test
  void rejectsAhsThatOverrunsTheAhsArea() {
    byte[] ahs = {0, 9, 1, 0, 0, 0, 0, 0};
    assertThatThrownBy(() -> Pdus.parseAhs(ahs))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("AHSLength 9")
        .hasMessageContaining("RFC 7143 §11.2.2");
  }

  @Test
  void rawPduCanLieAboutItsDataSegmentLength() {
    RawPdu raw = NopOut.ping(1, 1, 1, DataSegment.of(new byte[4])).toRaw().withDataSegmentLengthField(1 << 20)
        .withHeaderDigest(0xdeadbeef);
    assertThat(raw.dataSegmentLengthField()).isEqualTo(1 << 20);
    assertThat(raw.data().length()).isEqualTo(4);
    assertThat(raw.headerDigest()).isEqualTo(OptionalInt.of(0xdeadbeef));
  }
}
