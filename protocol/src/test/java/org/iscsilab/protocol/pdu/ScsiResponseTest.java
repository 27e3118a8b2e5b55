package org.iscsilab.protocol.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.protocol.pdu.Wire.hex;

import org.junit.jupiter.api.Test;

/** SCSI Response (RFC 7143 §11.4) with sense data, from tgt. */
class ScsiResponseTest {

  // libiscsi-tgt-mixed.pcap frame 469: CHECK CONDITION, ILLEGAL REQUEST, LBA OUT OF RANGE.
  static final byte[] CHECK_CONDITION = hex(
      "21", // opcode 0x21
      "82", // 1, o=0 u=0 O=0 U=1
      "00", // Response: command completed at target
      "02", // Status: CHECK CONDITION
      "00", "000014", // TotalAHSLength 0, DataSegmentLength 20
      "0000000000000000", // reserved
      "44f4c0c9", // ITT
      "00000000", // SNACK Tag
      "00000007", // StatSN
      "511d5768", // ExpCmdSN
      "511d57e8", // MaxCmdSN
      "00000000", // ExpDataSN
      "00000000", // Bidirectional Read Residual Count
      "00000200", // Residual Count 512
      "0012", // SenseLength 18
      "70000500000000 0a00000000 210000 000000"); // fixed sense: ILLEGAL REQUEST, ASC 0x21 ASCQ 0

  @Test
  void decodesACheckConditionWithSense() {
    ScsiResponse r = (ScsiResponse) Wire.decode(CHECK_CONDITION);
    assertThat(r.response()).isEqualTo(ScsiResponse.RESPONSE_COMMAND_COMPLETED);
    assertThat(r.status()).isEqualTo(0x02);
    assertThat(r.residualUnderflow()).isTrue();
    assertThat(r.residualOverflow()).isFalse();
    assertThat(r.bidiReadResidualOverflow()).isFalse();
    assertThat(r.bidiReadResidualUnderflow()).isFalse();
    assertThat(r.initiatorTaskTag()).isEqualTo(0x44f4c0c9);
    assertThat(r.snackTag()).isZero();
    assertThat(r.statSN()).isEqualTo(7);
    assertThat(r.expCmdSN()).isEqualTo(0x511d5768);
    assertThat(r.maxCmdSN()).isEqualTo(0x511d57e8);
    assertThat(r.expDataSN()).isZero();
    assertThat(r.residualCount()).isEqualTo(512);
    byte[] sense = r.senseData();
    assertThat(sense).hasSize(18);
    assertThat(sense[2] & 0x0f).isEqualTo(0x05); // sense key ILLEGAL REQUEST
    assertThat(sense[12]).isEqualTo((byte) 0x21); // ASC LOGICAL BLOCK ADDRESS OUT OF RANGE
    assertThat(Wire.encode(r)).isEqualTo(CHECK_CONDITION);
  }

  @Test
  void builderPrefixesSenseWithItsLength() {
    ScsiResponse r = ScsiResponse.builder().status(2).senseData(new byte[] {0x70, 0, 6}).build();
    assertThat(r.data().toByteArray()).isEqualTo(hex("0003", "700006"));
    assertThat(r.senseData()).isEqualTo(hex("700006"));
  }
}
