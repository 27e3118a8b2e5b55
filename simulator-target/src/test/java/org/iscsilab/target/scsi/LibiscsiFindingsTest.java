package org.iscsilab.target.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiStatus;
import org.iscsilab.protocol.scsi.cdb.CompareAndWrite;
import org.iscsilab.protocol.scsi.cdb.GetLbaStatus;
import org.iscsilab.protocol.scsi.cdb.Inquiry;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.Reserve6;
import org.iscsilab.protocol.scsi.cdb.Verify;
import org.iscsilab.protocol.scsi.cdb.Write;
import org.iscsilab.protocol.scsi.cdb.WriteAndVerify;
import org.iscsilab.protocol.scsi.cdb.WriteSame;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.iscsilab.target.backend.SparseMemoryBackend;
import org.junit.jupiter.api.Test;

/**
 * What libiscsi's iscsi-test-cu (SCSI suites) found wrong in this logical unit, one test per
 * finding, named after the libiscsi test that failed.
 */
class LibiscsiFindingsTest {
  static final Nexus A = new Nexus("iqn.2026-11.org.iscsilab:a", 1, 1);
  static final Nexus B = new Nexus("iqn.2026-11.org.iscsilab:b", 2, 1);
  private static final int BS = LogicalUnit.BLOCK_SIZE;
  private final LogicalUnit lu = new LogicalUnit(0, new SparseMemoryBackend(1 << 24, false), "iqn.2026-11.x:t", false);

  private ScsiResult run(Nexus n, byte[] cdb, byte[] data) {
    return lu.execute(new ScsiRequest(n, cdb, data.length, data));
  }

  private static byte[] withProtect(byte[] cdb, int protect) {
    byte[] c = cdb.clone();
    c[1] = (byte) ((c[1] & 0x1f) | (protect << 5));
    return c;
  }

  private static void invalidFieldInCdb(ScsiResult r, FieldPointer where) {
    assertThat(r.status()).as("%s", r).isEqualTo(ScsiStatus.CHECK_CONDITION);
    assertThat(r.sense().senseKey()).isEqualTo(SenseKey.ILLEGAL_REQUEST);
    assertThat(r.sense().additionalSense()).isEqualTo(AdditionalSense.INVALID_FIELD_IN_CDB);
    assertThat(r.sense().fieldPointer()).contains(where);
  }

  /** Read10/12/16.ReadProtect, Write*.WriteProtect, Verify*.VerifyProtect and the others. */
  @Test
  void protectionFieldsAreRefusedWithoutProtectionInformation() {
    byte[] block = new byte[BS];
    for (int protect = 1; protect <= 7; protect++) {
      FieldPointer at = FieldPointer.cdb(1, 7);
      invalidFieldInCdb(run(A, withProtect(Read.of10(0, 1).toBytes(), protect), new byte[0]), at);
      invalidFieldInCdb(run(A, withProtect(Read.of12(0, 1).toBytes(), protect), new byte[0]), at);
      invalidFieldInCdb(run(A, withProtect(Write.of10(0, 1).toBytes(), protect), block), at);
      invalidFieldInCdb(run(A, withProtect(WriteAndVerify.of16(0, 1).toBytes(), protect), block), at);
      invalidFieldInCdb(run(A, withProtect(Verify.of16(0, 1).toBytes(), protect), new byte[0]), at);
      invalidFieldInCdb(run(A, withProtect(WriteSame.unmap16(0, 1).toBytes(), protect), block), at);
      invalidFieldInCdb(run(A, withProtect(CompareAndWrite.of(0, 1).toBytes(), protect), new byte[2 * BS]), at);
    }
    assertThat(run(A, Read.of10(0, 1).toBytes(), new byte[0]).good()).as("RDPROTECT 0 still reads").isTrue();
  }

  /** GetLBAStatus.BeyondEol: the starting LBA is unsigned. */
  @Test
  void getLbaStatusAtTwoToTheSixtyThirdIsOutOfRange() {
    for (long lba : new long[] {Long.MIN_VALUE, -1L, 1L << 40}) {
      ScsiResult r = run(A, new GetLbaStatus(lba, 24, 0).toBytes(), new byte[0]);
      assertThat(r.status()).as("LBA %s", Long.toUnsignedString(lba)).isEqualTo(ScsiStatus.CHECK_CONDITION);
      assertThat(r.sense().additionalSense()).isEqualTo(AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
    }
  }

  /** WriteSame10/16.Unmap: ANCHOR without ANC_SUP. */
  @Test
  void writeSameWithAnchorIsRefused() {
    byte[] cdb = new WriteSame(16, 0, true, true, false, 0, 1, 0, 0).toBytes();
    invalidFieldInCdb(run(A, cdb, new byte[BS]), FieldPointer.cdb(1, 4));
  }

  /** WriteSame10/16.InvalidDataOutSize: the Data-Out buffer is exactly one block. */
  @Test
  void writeSameWithMoreThanOneBlockOfDataIsRefused() {
    byte[] data = new byte[2 * BS];
    Arrays.fill(data, (byte) 0x5a);
    invalidFieldInCdb(run(A, WriteSame.unmap16(0, 1).toBytes(), data), FieldPointer.cdb(10));
    byte[] back = Arrays.copyOf(run(A, Read.of10(0, 1).toBytes(), new byte[0]).data(), BS);
    assertThat(back).as("nothing was written").containsOnly(0);
  }

  /** CompareAndWrite.InvalidDataOutSize and .Simple (256 blocks encoded as 0). */
  @Test
  void compareAndWriteNeedsExactlyTwiceTheBlocksOfData() {
    invalidFieldInCdb(run(A, CompareAndWrite.of(0, 1).toBytes(), new byte[4 * BS]), FieldPointer.cdb(13));
    invalidFieldInCdb(run(A, CompareAndWrite.of(0, 0).toBytes(), new byte[512 * BS]), FieldPointer.cdb(13));
    assertThat(run(A, CompareAndWrite.of(0, 0).toBytes(), new byte[0]).good()).as("0 blocks, no data").isTrue();
    assertThat(run(A, CompareAndWrite.of(0, 1).toBytes(), new byte[2 * BS]).good()).isTrue();
  }

  /** Inquiry.BlockLimits: MAXIMUM UNMAP LBA COUNT is "sane" (at most 1M blocks) or unlimited. */
  @Test
  void maximumUnmapLbaCountIsAtMostOneMebiblock() {
    ScsiResult r = run(A, new Inquiry(true, 0xB0, 255, 0).toBytes(), new byte[0]);
    long maxUnmap = ScsiBytes.u32(r.data(), 20);
    assertThat(maxUnmap).isPositive().isLessThanOrEqualTo(1 << 20);
  }

  /** Reserve6.Logout and Reserve6.ITNexusLoss: a RESERVE(6) ends with its I_T nexus. */
  @Test
  void reserve6IsReleasedWhenItsNexusIsLost() {
    lu.attach(A);
    lu.attach(B);
    assertThat(run(A, new Reserve6(0).toBytes(), new byte[0]).good()).isTrue();
    assertThat(run(B, new Reserve6(0).toBytes(), new byte[0]).status()).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    lu.nexusLost(B);
    assertThat(run(B, new Reserve6(0).toBytes(), new byte[0]).status()).as("another nexus's loss changes nothing")
        .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    lu.nexusLost(A);
    assertThat(run(B, new Reserve6(0).toBytes(), new byte[0]).good()).isTrue();
  }

  /** Reserve6.LUNReset: the reset's unit attention is for the I_T nexuses that exist. */
  @Test
  void logicalUnitResetTellsOnlyTheNexusesThatExist() {
    lu.attach(A);
    lu.attach(B);
    lu.nexusLost(B);
    lu.reset(AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
    lu.attach(B); // B logs in again after the reset
    assertThat(run(B, new byte[6], new byte[0]).good()).as("B's first TEST UNIT READY").isTrue();
    ScsiResult a = run(A, new byte[6], new byte[0]);
    assertThat(a.status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
    assertThat(a.sense().additionalSense()).isEqualTo(AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
  }
}
