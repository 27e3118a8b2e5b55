package org.iscsilab.protocol.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.protocol.pdu.Wire.hex;

import org.junit.jupiter.api.Test;

/**
 * The smaller PDUs: NOP-In (RFC 7143 §11.19) and Logout (§11.14, §11.15) from istgt; Reject
 * (§11.17), Asynchronous Message (§11.9), SNACK (§11.16) and NOP-Out (§11.18) field by field.
 */
class NopLogoutRejectAsyncSnackTest {

  @Test
  void istgtNopInWantsNoAnswer() {
    // istgt-read16-zero-length-unanswered.pcap frame 46
    byte[] wire = hex(
        "20", "80", "0000", // opcode 0x20, 1, reserved
        "00", "000000", // no AHS, no data
        "0000000000000000", // LUN 0
        "ffffffff", // ITT reserved: target-initiated
        "ffffffff", // TTT reserved: no NOP-Out wanted
        "00000003", "609c3c9b", "609c3ca2", // StatSN, ExpCmdSN, MaxCmdSN
        "000000000000000000000000"); // reserved
    NopIn n = (NopIn) Wire.decode(wire);
    assertThat(n.initiatorTaskTag()).isEqualTo(Pdu.RESERVED_TAG);
    assertThat(n.requestsAnswer()).isFalse();
    assertThat(n.statSN()).isEqualTo(3);
    assertThat(Wire.encode(n)).isEqualTo(wire);
  }

  @Test
  void istgtLogoutAndItsResponse() {
    // frames 29 and 30
    byte[] request = hex(
        "46", "80", "0000", // I=1 opcode 0x06, F=1 reason 0 close the session, reserved
        "00", "000000", "0000000000000000", // no AHS, no data, reserved
        "53e55ac7", "0000", "0000", // ITT, CID 0, reserved
        "7574df48", "0000000c", // CmdSN, ExpStatSN 12
        "00000000000000000000000000000000"); // reserved
    byte[] response = hex(
        "26", "80", "00", "00", // opcode 0x26, 1, Response 0 closed successfully, reserved
        "00", "000000", "0000000000000000", // no AHS, no data, reserved
        "53e55ac7", "00000000", // ITT, reserved
        "0000000c", "7574df49", "7574df68", // StatSN, ExpCmdSN, MaxCmdSN
        "00000000", "0000", "0000", "00000000"); // reserved, Time2Wait 0, Time2Retain 0, reserved
    LogoutRequest q = (LogoutRequest) Wire.decode(request);
    assertThat(q.immediate()).isTrue();
    assertThat(q.reason()).isEqualTo(LogoutReason.CLOSE_SESSION);
    assertThat(q.expStatSN()).isEqualTo(12);
    LogoutResponse a = (LogoutResponse) Wire.decode(response);
    assertThat(a.response()).isEqualTo(LogoutResponseCode.CLOSED_SUCCESSFULLY);
    assertThat(a.initiatorTaskTag()).isEqualTo(q.initiatorTaskTag());
    assertThat(a.time2Wait()).isZero();
    assertThat(Wire.encode(q)).isEqualTo(request);
    assertThat(Wire.encode(a)).isEqualTo(response);
  }

  @Test
  void rejectCarriesTheRejectedHeader() {
    byte[] rejected = NopOut.ping(5, 6, 7, DataSegment.EMPTY).bhs();
    Reject r = Reject.of(RejectReason.PROTOCOL_ERROR, rejected, 8, 9, 10);
    byte[] wire = Wire.encode(r);
    assertThat(java.util.Arrays.copyOf(wire, 48)).isEqualTo(hex(
        "3f", "80", "04", "00", // opcode 0x3f, 1, Reason 0x04 Protocol Error, reserved
        "00", "000030", "0000000000000000", // no AHS, DataSegmentLength 48, reserved
        "ffffffff", "00000000", // ITT 0xffffffff, reserved
        "00000008", "00000009", "0000000a", // StatSN, ExpCmdSN, MaxCmdSN
        "00000000", "0000000000000000")); // DataSN/R2TSN, reserved
    assertThat(((Reject) Wire.decode(wire)).data().toByteArray()).isEqualTo(rejected);
  }

  @Test
  void asyncMessageFieldsLandWhereTheRfcPutsThem() {
    AsyncMessage m = new AsyncMessage(0x0001000000000000L, Pdu.RESERVED_TAG, 1, 2, 3, new AsyncEvent(1), 0, 5, 6, 7,
        DataSegment.EMPTY);
    assertThat(Wire.encode(m)).isEqualTo(hex(
        "32", "80", "0000", "00", "000000", // opcode 0x32, 1, reserved, no AHS, no data
        "0001000000000000", "ffffffff", "00000000", // LUN 1, ITT 0xffffffff, reserved
        "00000001", "00000002", "00000003", // StatSN, ExpCmdSN, MaxCmdSN
        "01", "00", // AsyncEvent 1 (logout requested), AsyncVCode 0
        "0005", "0006", "0007", // Parameter1 (Time2Wait...), Parameter2, Parameter3
        "00000000")); // reserved
  }

  @Test
  void snackFieldsLandWhereTheRfcPutsThem() {
    SnackRequest s = new SnackRequest(SnackType.DATA_ACK, 0x0001000000000000L, Pdu.RESERVED_TAG, 0x1234, 9, 3, 0);
    byte[] wire = Wire.encode(s);
    assertThat(wire).isEqualTo(hex(
        "10", "82", "0000", "00", "000000", // opcode 0x10, F=1 Type 2 DataACK, reserved, no AHS, no data
        "0001000000000000", "ffffffff", "00001234", // LUN, ITT reserved (DataACK), TTT
        "00000000", "00000009", // reserved, ExpStatSN
        "0000000000000000", // reserved
        "00000003", "00000000")); // BegRun, RunLength 0 (all)
    assertThat(Wire.decode(wire)).isEqualTo(s);
  }

  @Test
  void nopOutAnsweringANopInEchoesItsTagAndLun() {
    NopIn in = new NopIn(0x0002000000000000L, Pdu.RESERVED_TAG, 0x99, 1, 2, 3, DataSegment.EMPTY);
    NopOut out = NopOut.answer(in, 4, 2);
    assertThat(Wire.encode(out)).isEqualTo(hex(
        "40", "80", "0000", "00", "000000", // I=1 opcode 0x00, 1, reserved, no AHS, no data
        "0002000000000000", "ffffffff", "00000099", // LUN and TTT from the NOP-In, ITT reserved
        "00000004", "00000002", // CmdSN, ExpStatSN
        "00000000000000000000000000000000")); // reserved
  }
}
