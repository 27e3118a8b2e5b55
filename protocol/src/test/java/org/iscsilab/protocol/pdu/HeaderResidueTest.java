package org.iscsilab.protocol.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a record's fields do not stand for is kept, so that decode → encode is byte-exact. */
class HeaderResidueTest {

  @Test
  void pdusBuiltHereHaveNoResidue() {
    assertThat(NopOut.ping(1, 2, 3, DataSegment.EMPTY).residue()).isSameAs(HeaderResidue.NONE);
  }

  @Test
  void anIBitOnATargetPduIsResidue() {
    byte[] bhs = new NopIn(0, 1, Pdu.RESERVED_TAG, 2, 3, 4, DataSegment.EMPTY).bhs();
    bhs[0] |= 0x40; // I: reserved in a target PDU
    NopIn n = (NopIn) Pdus.decode(bhs, new byte[0], DataSegment.EMPTY);
    assertThat(n.immediate()).isFalse();
    assertThat(n.residue()).isEqualTo(HeaderResidue.flipping(0, 0x40));
    assertThat(n.bhs()).isEqualTo(bhs);
  }

  @Test
  void aMissingFixedFinalBitIsResidueToo() {
    byte[] bhs = new ReadyToTransfer(0, 1, 2, 3, 4, 5, 6, 7, 8).bhs();
    bhs[1] = 0; // F should be 1
    ReadyToTransfer r = (ReadyToTransfer) Pdus.decode(bhs, new byte[0], DataSegment.EMPTY);
    assertThat(r.residue().bitsAt(1)).isEqualTo(0x80);
    assertThat(r.bhs()).isEqualTo(bhs);
  }

  @Test
  void aTestCanSetReservedBitsOnATypedPdu() {
    DataOut d = new DataOut(true, 0, 1, 2, 3, 4, 5, DataSegment.EMPTY, HeaderResidue.flipping(24, 0xff));
    assertThat(d.bhs()[24]).isEqualTo((byte) 0xff); // reserved bytes 24–27 of a Data-Out
    assertThat(Pdus.decode(d.bhs(), new byte[0], DataSegment.EMPTY)).isEqualTo(d);
  }

  @Test
  void theOpcodeAndTheLengthsAreNeverResidue() {
    assertThatThrownBy(() -> HeaderResidue.flipping(0, 0x01)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HeaderResidue.flipping(5, 0x01)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void printsTheFlippedBitsByOffset() {
    assertThat(HeaderResidue.flipping(1, 0x80).plus(20, 0xff)).hasToString("HeaderResidue[1:^80 20:^ff]");
    assertThat(HeaderResidue.NONE).hasToString("HeaderResidue[none]");
  }
}
