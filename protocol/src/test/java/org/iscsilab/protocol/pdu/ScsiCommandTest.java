package org.iscsilab.protocol.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.protocol.pdu.Wire.hex;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SCSI Command (RFC 7143 §11.3), from real bytes of libiscsi and field by field. */
class ScsiCommandTest {

  // libiscsi-tgt-mixed.pcap frame 84: READ(10) of one block from LUN 1.
  static final byte[] READ10 = hex(
      "01", // opcode 0x01 SCSI Command, I=0
      "c1", // F=1 R=1 W=0, ATTR 1 Simple
      "0000", // reserved
      "00", "000000", // TotalAHSLength 0, DataSegmentLength 0
      "0001000000000000", // LUN 1
      "5ace8584", // ITT
      "00000000", // Expected Data Transfer Length 0 (the residual test asks for none)
      "750e9d00", // CmdSN 1963891968
      "00000003", // ExpStatSN 3
      "28000000000000000100000000000000"); // CDB: READ(10), LBA 0, transfer length 1

  @Test
  void decodesARealRead10FieldByField() {
    ScsiCommand c = (ScsiCommand) Wire.decode(READ10);
    assertThat(c.immediate()).isFalse();
    assertThat(c.finalFlag()).isTrue();
    assertThat(c.read()).isTrue();
    assertThat(c.write()).isFalse();
    assertThat(c.attribute()).isEqualTo(TaskAttribute.SIMPLE);
    assertThat(c.lun()).isEqualTo(0x0001000000000000L);
    assertThat(c.initiatorTaskTag()).isEqualTo(0x5ace8584);
    assertThat(c.expectedDataTransferLength()).isZero();
    assertThat(Integer.toUnsignedLong(c.cmdSN())).isEqualTo(1963891968L);
    assertThat(c.expStatSN()).isEqualTo(3);
    assertThat(c.scsiOpcode()).isEqualTo(0x28);
    assertThat(c.cdbLength()).isEqualTo(10);
    assertThat(c.residue().isEmpty()).isTrue();
    assertThat(Wire.encode(c)).isEqualTo(READ10);
  }

  @Test
  void aCdbLongerThanSixteenBytesTravelsInAnExtendedCdbAhs() {
    byte[] cdb = new byte[32];
    cdb[0] = 0x7f; // variable-length CDB
    cdb[7] = 24; // ADDITIONAL CDB LENGTH: 8 + 24 = 32 bytes
    for (int i = 8; i < 32; i++) {
      cdb[i] = (byte) i;
    }
    ScsiCommand c = ScsiCommand.builder().initiatorTaskTag(1).cdb(cdb).build();
    byte[] wire = Wire.encode(c);
    assertThat(wire[4]).isEqualTo((byte) 5); // TotalAHSLength: 20 bytes = 5 words
    assertThat(java.util.Arrays.copyOfRange(wire, 48, 52)).isEqualTo(hex(
        "0011", // AHSLength 17: the reserved byte and 16 CDB bytes
        "01", // AHSType 1 Extended CDB
        "00")); // reserved
    ScsiCommand back = (ScsiCommand) Wire.decode(wire);
    assertThat(back).isEqualTo(c);
    assertThat(back.cdb()).isEqualTo(cdb);
    assertThat(back.cdbLength()).isEqualTo(32);
  }

  @Test
  void bidirectionalReadLengthAhsRoundTrips() {
    ScsiCommand c = ScsiCommand.builder().read(true).write(true).initiatorTaskTag(2).cdb(new byte[10])
        .additionalHeaderSegments(List.of(new AdditionalHeaderSegment.BidirectionalReadDataLength(4096))).build();
    byte[] wire = Wire.encode(c);
    assertThat(java.util.Arrays.copyOfRange(wire, 48, 56)).isEqualTo(hex(
        "0005", // AHSLength 5
        "02", // AHSType 2 Expected Bidirectional Read Data Length
        "00", // reserved
        "00001000")); // 4096
    assertThat(((ScsiCommand) Wire.decode(wire)).expectedBidirectionalReadDataLength()).isEqualTo(4096);
  }

  @Test
  void reservedBytesSetByAPeerSurviveDecodeAndEncode() {
    byte[] wire = READ10.clone();
    wire[2] = 0x12; // reserved
    wire[1] |= 0x10; // a reserved flag bit
    ScsiCommand c = (ScsiCommand) Wire.decode(wire);
    assertThat(c.residue()).isEqualTo(HeaderResidue.flipping(2, 0x12).plus(1, 0x10));
    assertThat(c.read()).isTrue();
    assertThat(Wire.encode(c)).isEqualTo(wire);
    assertThat(c).isNotEqualTo(Wire.decode(READ10));
  }

  @Test
  void anExtendedCdbAhsWithItsReservedByteSetStaysRawSoItsBytesSurvive() {
    byte[] cdb = new byte[20];
    byte[] wire = Wire.encode(ScsiCommand.builder().cdb(cdb).build());
    wire[51] = 0x01; // the Extended CDB AHS's reserved byte
    Pdu p = Wire.decode(wire);
    assertThat(p).isInstanceOf(RawPdu.class);
    assertThat(Wire.encode(p)).isEqualTo(wire);
  }
}
