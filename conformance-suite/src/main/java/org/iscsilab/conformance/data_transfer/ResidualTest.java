package org.iscsilab.conformance.data_transfer;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;

import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * READ with an Expected Data Transfer Length other than the CDB's transfer length: the target
 * reports the difference with the U or O bit and the Residual Count, and never sends more than
 * EDTL (RFC 7143 §11.4.5.2, "Residuals Concepts Overview").
 */
@Area(ProtocolArea.DATA_TRANSFER)
class ResidualTest {

  private static LoggedInConnection.Exchange read(ConformanceContext ctx, LoggedInConnection c, int blocks,
      int edtlBlocks) {
    int bs = c.blockSize();
    LoggedInConnection.Exchange e = c.run(Reads.read10(0, blocks), edtlBlocks * bs);
    NotSupported.unless(e.response() == 0 && e.status() == 0, "the target refused a READ(10) of " + blocks
        + " blocks with EDTL " + edtlBlocks * bs + " instead of reporting a residual: " + e.describe());
    return e;
  }

  @ParameterizedTest(name = "READ(10) of {0} blocks, EDTL {1} blocks")
  @CsvSource({"1, 2", "1, 8", "4, 5"})
  @Clause(value = "RFC 7143 §11.4.5.2", level = Level.MUST)
  void residualUnderflowWhenExpectedLengthExceedsTheTransfer(int blocks, int edtlBlocks, ConformanceContext ctx) {
    LoggedInConnection c = Reads.open(ctx, 8192, 262144);
    int bs = c.blockSize();
    LoggedInConnection.Exchange e = read(ctx, c, blocks, edtlBlocks);
    assertThat(e.data().length).as("bytes transferred").isEqualTo(blocks * bs);
    assertThat(e.underflow()).as("U bit (residual underflow) when SPDTL %d < EDTL %d", blocks * bs, edtlBlocks * bs)
        .isTrue();
    assertThat(e.overflow()).as("O bit").isFalse();
    assertThat(Integer.toUnsignedLong(e.residualCount())).as("Residual Count (EDTL - SPDTL)")
        .isEqualTo((long) (edtlBlocks - blocks) * bs);
  }

  @ParameterizedTest(name = "READ(10) of {0} blocks, EDTL {1} blocks")
  @CsvSource({"2, 1", "8, 1", "5, 4"})
  @Clause(value = "RFC 7143 §11.4.5.2", level = Level.MUST)
  void residualOverflowWhenTheTransferExceedsExpectedLength(int blocks, int edtlBlocks, ConformanceContext ctx) {
    LoggedInConnection c = Reads.open(ctx, 8192, 262144);
    int bs = c.blockSize();
    LoggedInConnection.Exchange e = read(ctx, c, blocks, edtlBlocks);
    assertThat(e.data().length).as("bytes transferred for EDTL %d: never more than EDTL", edtlBlocks * bs)
        .isLessThanOrEqualTo(edtlBlocks * bs);
    assertThat(e.overflow()).as("O bit (residual overflow) when SPDTL %d > EDTL %d", blocks * bs, edtlBlocks * bs)
        .isTrue();
    assertThat(e.underflow()).as("U bit").isFalse();
    assertThat(Integer.toUnsignedLong(e.residualCount())).as("Residual Count (SPDTL - EDTL)")
        .isEqualTo((long) (blocks - edtlBlocks) * bs);
  }
}
