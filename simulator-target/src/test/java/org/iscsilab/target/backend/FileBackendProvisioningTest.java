package org.iscsilab.target.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.cdb.GetLbaStatus;
import org.iscsilab.protocol.scsi.cdb.Inquiry;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.ReadCapacity16;
import org.iscsilab.protocol.scsi.cdb.Unmap;
import org.iscsilab.protocol.scsi.cdb.Write;
import org.iscsilab.protocol.scsi.cdb.WriteSame;
import org.iscsilab.target.scsi.LogicalUnit;
import org.iscsilab.target.scsi.Nexus;
import org.iscsilab.target.scsi.ScsiRequest;
import org.iscsilab.target.scsi.ScsiResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file backend's logical block provisioning (SBC-3 §4.7): what GET LBA STATUS, VPD 0xB2 and
 * READ CAPACITY(16) say about UNMAP must be true of the file.
 */
class FileBackendProvisioningTest {
  private static final int MIB = 1 << 20;
  private static final Nexus A = new Nexus("iqn.2026-11.org.iscsilab:a", 1, 1);

  @TempDir
  Path dir;

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  private static byte[] raw(Path p, long pos, int n) throws Exception {
    return Arrays.copyOfRange(Files.readAllBytes(p), (int) pos, (int) pos + n);
  }

  @Test
  void aFileCreatedHereStartsDeallocatedAndWritesMapExactlyTheirBlocks() throws Exception {
    Path img = dir.resolve("lun.img");
    try (FileBackend f = new FileBackend(img, 8 * MIB, false)) {
      assertThat(f.mapped(0, 8 * MIB)).isFalse();
      f.write(MIB, filled(4096, 7), 0, 4096, false);
      assertThat(f.mapped(MIB, 512)).isTrue();
      assertThat(f.mapped(MIB + 4096, 512)).isFalse();
      assertThat(f.statusRunEnd(0, 8 * MIB)).isEqualTo(MIB);
      assertThat(f.statusRunEnd(MIB, 8 * MIB)).isEqualTo(MIB + 4096);
      assertThat(f.statusRunEnd(MIB + 4096, 8 * MIB)).isEqualTo(8 * MIB);
    }
  }

  @Test
  void unmapZeroesTheFileItselfAndTheMapSurvivesACleanRestart() throws Exception {
    Path img = dir.resolve("lun.img");
    try (FileBackend f = new FileBackend(img, 8 * MIB, false)) {
      f.write(0, filled(2 * MIB, 9), 0, 2 * MIB, false);
      f.unmap(512 * 1024, 1024 * 1024);
      assertThat(f.mapped(512 * 1024, 1024 * 1024)).isFalse();
      assertThat(f.mapped(0, 512 * 1024)).isTrue();
      byte[] back = new byte[4096];
      f.read(512 * 1024, back, 0, back.length);
      assertThat(back).containsOnly((byte) 0);
    }
    // LBPRZ is true of the bytes on disk, not only of what the target answers
    assertThat(raw(img, 512 * 1024, 1024 * 1024)).containsOnly((byte) 0);
    assertThat(raw(img, 0, 512 * 1024)).containsOnly((byte) 9);
    try (FileBackend again = new FileBackend(img, -1, false)) {
      assertThat(again.mapped(512 * 1024, 1024 * 1024)).as("deallocation persisted").isFalse();
      assertThat(again.mapped(0, 512)).isTrue();
      assertThat(again.mapped(2 * MIB, 6 * MIB)).as("never written").isFalse();
    }
  }

  @Test
  void aDirtySidecarAfterACrashIsDiscardedAndEverythingReportsMapped() throws Exception {
    Path img = dir.resolve("lun.img");
    FileBackend f = new FileBackend(img, 4 * MIB, false);
    f.flush(); // clean map on disk
    f.write(0, filled(4096, 3), 0, 4096, false); // changes the map: the sidecar is marked dirty first
    // a second opening while the first is still running (never closed) sees what a crash leaves
    try (FileBackend afterCrash = new FileBackend(img, -1, true)) {
      assertThat(afterCrash.mapped(MIB, 512)).isTrue();
      assertThat(afterCrash.statusRunEnd(0, 4 * MIB)).isEqualTo(4 * MIB);
    }
    f.close();
    try (FileBackend clean = new FileBackend(img, -1, false)) {
      assertThat(clean.mapped(MIB, 512)).isFalse();
    }
  }

  @Test
  void anImageChangedBehindTheTargetsBackOrWithoutSidecarReportsMapped() throws Exception {
    Path img = dir.resolve("lun.img");
    new FileBackend(img, 4 * MIB, false).close();
    Files.setLastModifiedTime(img, FileTime.fromMillis(Files.getLastModifiedTime(img).toMillis() + 5000));
    try (FileBackend f = new FileBackend(img, -1, false)) {
      assertThat(f.mapped(MIB, 512)).isTrue();
    }
    Path other = dir.resolve("existing.img");
    Files.write(other, new byte[MIB]);
    try (FileBackend f = new FileBackend(other, -1, false)) {
      assertThat(f.mapped(0, MIB)).isTrue();
    }
  }

  @Test
  void getLbaStatusVpdAndReadCapacityAreTrueOnAFileLun() throws Exception {
    Path img = dir.resolve("lun.img");
    try (LogicalUnit lu = new LogicalUnit(0, new FileBackend(img, 8 * MIB, false), "iqn.2026-11.x:t", false)) {
      byte[] data = filled(64 * 512, 5);
      assertThat(run(lu, Write.of16(0, 64).toBytes(), data).good()).isTrue();
      byte[] p = new byte[24];
      ScsiBytes.put16(p, 0, 22);
      ScsiBytes.put16(p, 2, 16);
      ScsiBytes.put64(p, 8, 16);
      ScsiBytes.put32(p, 16, 8);
      assertThat(run(lu, new Unmap(false, 0, 24, 0).toBytes(), p).good()).isTrue();
      // WRITE SAME(16) with UNMAP and a zero block deallocates too
      byte[] ws = new WriteSame(16, 0, false, true, false, 40, 4, 0, 0).toBytes();
      assertThat(run(lu, ws, new byte[512]).good()).isTrue();
      assertThat(lbaStatus(lu, 0)).containsExactly(0, 16, 0);
      assertThat(lbaStatus(lu, 16)).containsExactly(16, 8, 1);
      assertThat(lbaStatus(lu, 24)).containsExactly(24, 16, 0);
      assertThat(lbaStatus(lu, 40)).containsExactly(40, 4, 1);
      assertThat(lbaStatus(lu, 44)).containsExactly(44, 20, 0);
      assertThat(lbaStatus(lu, 64)).containsExactly(64, 8 * 2048 - 64, 1);
      ScsiResult read = run(lu, Read.of10(16, 8).toBytes(), ScsiRequest.NO_DATA);
      assertThat(Arrays.copyOf(read.data(), read.dataLength())).containsOnly((byte) 0);
      byte[] b2 = run(lu, Inquiry.vpd(0xB2, 64).toBytes(), ScsiRequest.NO_DATA).data();
      assertThat(b2[5] & 0x04).as("LBPRZ").isNotZero();
      assertThat(b2[5] & 0x80).as("LBPU").isNotZero();
      assertThat(b2[6] & 0x07).as("thin provisioned").isEqualTo(2);
      byte[] rc = run(lu, ReadCapacity16.of().toBytes(), ScsiRequest.NO_DATA).data();
      assertThat(rc[14] & 0xC0).as("LBPME and LBPRZ").isEqualTo(0xC0);
    }
    assertThat(raw(img, 16 * 512, 8 * 512)).containsOnly((byte) 0);
    assertThat(raw(img, 40 * 512, 4 * 512)).containsOnly((byte) 0);
    assertThat(raw(img, 44 * 512, 512)).containsOnly((byte) 5);
  }

  private static ScsiResult run(LogicalUnit lu, byte[] cdb, byte[] data) {
    return lu.execute(new ScsiRequest(A, cdb, data.length, data));
  }

  /** LBA, number of blocks and provisioning status of the first descriptor. */
  private static long[] lbaStatus(LogicalUnit lu, long lba) {
    byte[] d = run(lu, new GetLbaStatus(lba, 64, 0).toBytes(), ScsiRequest.NO_DATA).data();
    return new long[] {ScsiBytes.u64(d, 8), ScsiBytes.u32(d, 16), d[20] & 0x0F};
  }
}
