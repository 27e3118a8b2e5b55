package org.iscsilab.protocol.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.protocol.pdu.Wire.hex;

import org.junit.jupiter.api.Test;

/** SCSI Data-In (RFC 7143 §11.7), with status, from real tgt bytes. */
class DataInTest {

  // libiscsi-tgt-mixed.pcap frame 51: 8 bytes of READ CAPACITY data, with status and underflow.
  static final byte[] WITH_STATUS = hex(
      "25", // opcode 0x25 SCSI Data-In
      "83", // F=1 A=0 O=0 U=1 S=1
      "00", // reserved
      "00", // Status GOOD (valid because S=1)
      "00", "000008", // TotalAHSLength 0, DataSegmentLength 8
      "0000000000000000", // LUN (tgt leaves it 0)
      "09ac95f9", // ITT
      "ffffffff", // TTT: none
      "00000003", // StatSN 3
      "213eb1ae", // ExpCmdSN
      "213eb22e", // MaxCmdSN
      "00000000", // DataSN 0
      "00000000", // Buffer Offset 0
      "00003ff8", // Residual Count 16376
      "0000011000000000"); // data: READ CAPACITY(10) parameter data

  @Test
  void decodesDataInWithStatusFieldByField() {
    DataIn d = (DataIn) Wire.decode(WITH_STATUS);
    assertThat(d.finalFlag()).isTrue();
    assertThat(d.acknowledge()).isFalse();
    assertThat(d.residualOverflow()).isFalse();
    assertThat(d.residualUnderflow()).isTrue();
    assertThat(d.statusPresent()).isTrue();
    assertThat(d.status()).isZero();
    assertThat(d.lun()).isZero();
    assertThat(d.initiatorTaskTag()).isEqualTo(0x09ac95f9);
    assertThat(d.targetTransferTag()).isEqualTo(Pdu.RESERVED_TAG);
    assertThat(d.statSN()).isEqualTo(3);
    assertThat(d.expCmdSN()).isEqualTo(0x213eb1ae);
    assertThat(d.maxCmdSN()).isEqualTo(0x213eb22e);
    assertThat(d.dataSN()).isZero();
    assertThat(d.bufferOffset()).isZero();
    assertThat(d.residualCount()).isEqualTo(16376);
    assertThat(d.data()).isEqualTo(DataSegment.of(hex("0000011000000000")));
    assertThat(Wire.encode(d)).isEqualTo(WITH_STATUS);
  }

  @Test
  void dataOfOddLengthIsPaddedOnTheWireButNotInTheValue() {
    DataIn d = DataIn.builder().initiatorTaskTag(1).data(DataSegment.of(new byte[] {1, 2, 3, 4, 5})).build();
    byte[] wire = Wire.encode(d);
    assertThat(wire).hasSize(48 + 8); // five data bytes and three of padding
    assertThat(((DataIn) Wire.decode(wire)).data().length()).isEqualTo(5);
  }
}
