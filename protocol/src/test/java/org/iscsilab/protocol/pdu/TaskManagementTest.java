package org.iscsilab.protocol.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.protocol.pdu.Wire.hex;

import org.junit.jupiter.api.Test;

/** Task Management Function Request and Response (RFC 7143 §11.5, §11.6), from libiscsi against tgt. */
class TaskManagementTest {

  // libiscsi-tgt-mixed.pcap frame 1133: ABORT TASK for a task the target no longer has.
  static final byte[] ABORT_TASK = hex(
      "42", // I=1, opcode 0x02
      "81", // F=1, Function 1 ABORT TASK
      "0000", // reserved
      "00", "000000", // TotalAHSLength 0, DataSegmentLength 0
      "0001000000000000", // LUN 1
      "0b941e9a", // ITT
      "0b941e99", // Referenced Task Tag
      "336fcef2", // CmdSN
      "00000003", // ExpStatSN
      "336fcef1", // RefCmdSN
      "00000000", // ExpDataSN
      "0000000000000000"); // reserved

  // Frame 1135: the answer.
  static final byte[] TASK_DOES_NOT_EXIST = hex(
      "22", // opcode 0x22
      "80", // F=1
      "01", // Response 1 Task does not exist
      "00", // reserved
      "00", "000000", // TotalAHSLength 0, DataSegmentLength 0
      "0000000000000000", // reserved
      "0b941e9a", // ITT
      "00000000", // reserved
      "00000004", // StatSN
      "336fcef2", // ExpCmdSN
      "336fcf72", // MaxCmdSN
      "000000000000000000000000"); // reserved

  @Test
  void decodesAbortTask() {
    TaskManagementRequest t = (TaskManagementRequest) Wire.decode(ABORT_TASK);
    assertThat(t.immediate()).isTrue();
    assertThat(t.function()).isEqualTo(TaskManagementFunction.ABORT_TASK);
    assertThat(t.lun()).isEqualTo(0x0001000000000000L);
    assertThat(t.initiatorTaskTag()).isEqualTo(0x0b941e9a);
    assertThat(t.referencedTaskTag()).isEqualTo(0x0b941e99);
    assertThat(t.cmdSN()).isEqualTo(0x336fcef2);
    assertThat(t.expStatSN()).isEqualTo(3);
    assertThat(t.refCmdSN()).isEqualTo(0x336fcef1);
    assertThat(t.expDataSN()).isZero();
    assertThat(Wire.encode(t)).isEqualTo(ABORT_TASK);
  }

  @Test
  void decodesTaskDoesNotExist() {
    TaskManagementResponse r = (TaskManagementResponse) Wire.decode(TASK_DOES_NOT_EXIST);
    assertThat(r.response()).isEqualTo(TaskManagementResponseCode.TASK_DOES_NOT_EXIST);
    assertThat(r.initiatorTaskTag()).isEqualTo(0x0b941e9a);
    assertThat(r.statSN()).isEqualTo(4);
    assertThat(r.expCmdSN()).isEqualTo(0x336fcef2);
    assertThat(r.maxCmdSN()).isEqualTo(0x336fcf72);
    assertThat(Wire.encode(r)).isEqualTo(TASK_DOES_NOT_EXIST);
  }

  @Test
  void aTmfResponseCarryingDataIsKeptRawSoNoByteIsLost() {
    byte[] wire = TASK_DOES_NOT_EXIST.clone();
    wire[7] = 4; // DataSegmentLength 4: this PDU has no data segment (RFC 7143 §11.6)
    byte[] withData = java.util.Arrays.copyOf(wire, 52);
    Pdu p = Wire.decode(withData);
    assertThat(p).isInstanceOf(RawPdu.class);
    assertThat(p.opcode()).isEqualTo(Opcode.TASK_MANAGEMENT_RESPONSE);
    assertThat(Wire.encode(p)).isEqualTo(withData);
  }
}
