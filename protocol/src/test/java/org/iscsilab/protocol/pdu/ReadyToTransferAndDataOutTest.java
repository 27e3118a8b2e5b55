package org.iscsilab.protocol.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.protocol.pdu.Wire.hex;

import java.util.Arrays;
import org.iscsilab.testfixtures.pdu.GoldenPdus;
import org.junit.jupiter.api.Test;

/** R2T (RFC 7143 §11.8) and the Data-Out that answers it (§11.7), from libiscsi against tgt. */
class ReadyToTransferAndDataOutTest {

  // libiscsi-tgt-mixed.pcap frame 125: tgt asks for the 1808 bytes after the immediate 8192.
  static final byte[] R2T = hex(
      "31", // opcode 0x31
      "80", // 1
      "0000", // reserved
      "00", "000000", // TotalAHSLength 0, DataSegmentLength 0
      "0001000000000000", // LUN 1
      "5ace8596", // ITT
      "50d6683e", // TTT
      "00000015", // StatSN 21 (not advanced by an R2T)
      "750e9d13", // ExpCmdSN
      "750e9d93", // MaxCmdSN
      "00000000", // R2TSN 0
      "00002000", // Buffer Offset 8192
      "00000710"); // Desired Data Transfer Length 1808

  @Test
  void decodesTheR2t() {
    ReadyToTransfer r = (ReadyToTransfer) Wire.decode(R2T);
    assertThat(r.lun()).isEqualTo(0x0001000000000000L);
    assertThat(r.initiatorTaskTag()).isEqualTo(0x5ace8596);
    assertThat(r.targetTransferTag()).isEqualTo(0x50d6683e);
    assertThat(r.statSN()).isEqualTo(21);
    assertThat(r.r2tSN()).isZero();
    assertThat(r.bufferOffset()).isEqualTo(8192);
    assertThat(r.desiredDataTransferLength()).isEqualTo(1808);
    assertThat(Wire.encode(r)).isEqualTo(R2T);
  }

  @Test
  void theDataOutEchoesTheR2tsTagsAndOffset() {
    byte[] wire = GoldenPdus.of("libiscsi-tgt-mixed").stream().filter(g -> g.frame() == 127).findFirst()
        .orElseThrow().wire();
    assertThat(Arrays.copyOf(wire, 48)).isEqualTo(hex(
        "05", // opcode 0x05 SCSI Data-Out
        "80", // F=1
        "0000", // reserved
        "00", "000710", // TotalAHSLength 0, DataSegmentLength 1808
        "0001000000000000", // LUN 1
        "5ace8596", // ITT of the command
        "50d6683e", // TTT from the R2T
        "00000000", // reserved
        "00000016", // ExpStatSN 22
        "00000000", // reserved
        "00000000", // DataSN 0
        "00002000", // Buffer Offset 8192
        "00000000")); // reserved
    DataOut d = (DataOut) Wire.decode(wire);
    ReadyToTransfer r = (ReadyToTransfer) Wire.decode(R2T);
    assertThat(d.targetTransferTag()).isEqualTo(r.targetTransferTag());
    assertThat(d.bufferOffset()).isEqualTo(r.bufferOffset());
    assertThat(d.data().length()).isEqualTo(r.desiredDataTransferLength());
    assertThat(Wire.encode(d)).isEqualTo(wire);
  }
}
