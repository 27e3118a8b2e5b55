package org.iscsilab.conformance.scsi;

import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SYNCHRONIZE CACHE, above all with LBA 0 and NUMBER OF LOGICAL BLOCKS 0 — the whole cache, what
 * a format sends last (the motivating hang, C1): answered with GOOD within the response timeout.
 * A target that never answers fails with the initiator's stall diagnosis (CmdSN consumed or not).
 */
@Area(ProtocolArea.SCSI)
class SynchronizeCacheTest {

  @ParameterizedTest(name = "LBA {0}, {1} blocks")
  @CsvSource({"0, 0", "0, 8"})
  @Clause(value = "SBC-3 §5.22", level = Level.MUST)
  void synchronizeCache10IsAnsweredWithGood(int lba, int blocks, ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    Lu.good(lu.noData(new byte[] {0x35, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba, 0,
        (byte) (blocks >>> 8), (byte) blocks, 0}));
  }

  @Test
  @Clause(value = "SBC-3 §5.23", level = Level.MUST)
  void synchronizeCache16OfTheWholeCacheIsAnsweredWithGood(ConformanceContext ctx) {
    Lu lu = Lu.open(ctx);
    byte[] cdb = new byte[16];
    cdb[0] = (byte) 0x91;
    Lu.good(Lu.supported(lu.noData(cdb)));
  }
}
