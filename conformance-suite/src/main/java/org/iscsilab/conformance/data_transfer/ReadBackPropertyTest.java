package org.iscsilab.conformance.data_transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.SuiteTags;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.scsi.BlockDevice;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random I/O patterns (LBA, length, data) read back exactly what was written, whatever the mix of
 * immediate data, unsolicited Data-Out and R2T sequences the lengths produce (SBC-3 WRITE/READ;
 * RFC 7143 §4.2.5.2 data transfer). A bounded number of examples in the first 8 MiB of the LUN;
 * QuickTheories prints the seed and the smallest failing pattern.
 */
@Area(ProtocolArea.DATA_TRANSFER)
@Tag(SuiteTags.DESTRUCTIVE)
class ReadBackPropertyTest {

  private static final int EXAMPLES = 24;

  @Test
  @Clause(value = "SBC-3 §5.33", level = Level.MUST)
  void randomWritesReadBackWhatWasWritten(ConformanceContext ctx) {
    IscsiSession s = ctx.session();
    BlockDevice dev = BlockDevice.open(s, ctx.target().lun());
    int bs = dev.blockSize();
    long area = Math.min(dev.blocks(), (8L << 20) / bs);
    int maxBlocks = (int) Math.max(1, Math.min(area, (1 << 20) / bs));
    qt().withExamples(EXAMPLES).withShrinkCycles(8)
        .forAll(longs().between(0, area - 1), integers().between(1, maxBlocks), longs().all())
        .assuming((lba, n, seed) -> lba + n <= area)
        .checkAssert((lba, n, seed) -> {
          byte[] data = new byte[n * bs];
          new Random(seed).nextBytes(data);
          dev.write(lba, data);
          byte[] back = dev.read(lba, n);
          assertThat(back).as("%d blocks read back from LBA %d after writing them (pattern seed %d)", n, lba, seed)
              .isEqualTo(data);
        });
  }
}
