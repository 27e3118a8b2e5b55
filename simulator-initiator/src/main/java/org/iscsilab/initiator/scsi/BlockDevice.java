package org.iscsilab.initiator.scsi;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.initiator.ScsiRequest;
import org.iscsilab.initiator.ScsiResult;
import org.iscsilab.protocol.scsi.Lun;
import org.iscsilab.protocol.scsi.cdb.CompareAndWrite;
import org.iscsilab.protocol.scsi.cdb.Inquiry;
import org.iscsilab.protocol.scsi.cdb.ModeSense;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveIn;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveOut;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.ReadCapacity10;
import org.iscsilab.protocol.scsi.cdb.ReadCapacity16;
import org.iscsilab.protocol.scsi.cdb.ReportLuns;
import org.iscsilab.protocol.scsi.cdb.RequestSense;
import org.iscsilab.protocol.scsi.cdb.SynchronizeCache;
import org.iscsilab.protocol.scsi.cdb.TestUnitReady;
import org.iscsilab.protocol.scsi.cdb.Unmap;
import org.iscsilab.protocol.scsi.cdb.Write;
import org.iscsilab.protocol.scsi.cdb.WriteSame;
import org.iscsilab.protocol.scsi.mode.PageControl;
import org.iscsilab.protocol.scsi.pr.PrInServiceAction;
import org.iscsilab.protocol.scsi.pr.PrOutServiceAction;
import org.iscsilab.protocol.scsi.pr.ReservationType;

/**
 * SCSI block commands on one LUN of a session (SBC-3, SPC-4). Synchronous helpers throw
 * {@link org.iscsilab.initiator.ScsiStatusException} for a status other than GOOD and the
 * session's diagnoses on stalls; the {@code *Async} forms return the raw {@link ScsiResult}.
 * Reads and writes pick the CDB size the LBA and length need (10 where it fits, else 16) and split
 * at {@link #maxTransferBlocks()}.
 */
public final class BlockDevice {

  private final IscsiSession session;
  private final long lun;
  private final int lunNumber;
  private volatile int blockSize;
  private volatile long blocks;
  private volatile int maxTransferBlocks;

  private BlockDevice(IscsiSession session, int lunNumber) {
    this.session = session;
    this.lunNumber = lunNumber;
    this.lun = Lun.of(lunNumber).toLong();
  }

  /** A device whose block size and capacity are not read yet (call {@link #readCapacity()}). */
  public static BlockDevice unprobed(IscsiSession session, int lun) {
    return new BlockDevice(session, lun);
  }

  /** A device with capacity read (READ CAPACITY(10), then (16) when (10) is saturated). */
  public static BlockDevice open(IscsiSession session, int lun) {
    BlockDevice d = new BlockDevice(session, lun);
    d.readCapacity();
    return d;
  }

  public IscsiSession session() {
    return session;
  }

  /** The LUN number. */
  public int lun() {
    return lunNumber;
  }

  /** The 8-byte LUN field. */
  public long lunField() {
    return lun;
  }

  public int blockSize() {
    return blockSize;
  }

  public long blocks() {
    return blocks;
  }

  /** Largest transfer in one command (1 MiB by default). */
  public int maxTransferBlocks() {
    return maxTransferBlocks;
  }

  public BlockDevice maxTransferBlocks(int n) {
    this.maxTransferBlocks = n;
    return this;
  }

  private ScsiResult run(ScsiRequest r) {
    return execute(r).requireGood();
  }

  /**
   * Executes, sending the command again after a UNIT ATTENTION (the target did not execute it;
   * SAM-5 §5.14), at most {@value #UNIT_ATTENTION_RETRIES} times.
   */
  public ScsiResult execute(ScsiRequest r) {
    ScsiResult res = session.execute(r);
    for (int i = 0; i < UNIT_ATTENTION_RETRIES && res.isUnitAttention(); i++) {
      res = session.execute(r);
    }
    return res;
  }

  /** Like {@link IscsiSession#submit} with the UNIT ATTENTION retry of {@link #execute}. */
  public CompletableFuture<ScsiResult> submit(ScsiRequest r) {
    return submit(r, UNIT_ATTENTION_RETRIES);
  }

  private CompletableFuture<ScsiResult> submit(ScsiRequest r, int retries) {
    return session.submit(r).thenCompose(res -> res.isUnitAttention() && retries > 0 ? submit(r, retries - 1)
        : CompletableFuture.completedFuture(res));
  }

  static final int UNIT_ATTENTION_RETRIES = 3;

  // ---- probing ----

  public void testUnitReady() {
    run(ScsiRequest.noData(lun, TestUnitReady.of().toBytes()));
  }

  public ScsiResult testUnitReadyResult() {
    return execute(ScsiRequest.noData(lun, TestUnitReady.of().toBytes()));
  }

  public InquiryData inquiry() {
    return InquiryData.parse(run(ScsiRequest.read(lun, Inquiry.standard(255).toBytes(), 255)).data());
  }

  /** A VPD page's bytes (header included). */
  public byte[] inquiryVpd(int page) {
    return run(ScsiRequest.read(lun, Inquiry.vpd(page, 1024).toBytes(), 1024)).data();
  }

  public Capacity readCapacity10() {
    return Capacity.parse10(run(ScsiRequest.read(lun, ReadCapacity10.of().toBytes(), 8)).data());
  }

  public Capacity readCapacity16() {
    return Capacity.parse16(run(ScsiRequest.read(lun, ReadCapacity16.of().toBytes(), 32)).data());
  }

  /** READ CAPACITY(10), then (16) if (10) is saturated; remembers block size and block count. */
  public Capacity readCapacity() {
    Capacity c = readCapacity10();
    if (c.saturated()) {
      c = readCapacity16();
    }
    blockSize = c.blockSize();
    blocks = c.blocks();
    if (maxTransferBlocks == 0 && blockSize > 0) {
      maxTransferBlocks = Math.max(1, (1 << 20) / blockSize);
    }
    return c;
  }

  /** MODE SENSE(6) of one page (current values); the whole parameter data. */
  public ModeData modeSense6(int page) {
    ScsiResult r = run(ScsiRequest.read(lun, ModeSense.of6(page, 255).toBytes(), 255));
    return ModeData.parse6(r.data());
  }

  /** MODE SENSE(10) of one page. */
  public ModeData modeSense10(int page) {
    ScsiResult r = run(ScsiRequest.read(lun,
        new ModeSense(10, false, false, PageControl.CURRENT, page, 0, 4096, 0).toBytes(), 4096));
    return ModeData.parse10(r.data());
  }

  /** LUNs reported (single-level numbers). */
  public List<Integer> reportLuns() {
    byte[] d = run(ScsiRequest.read(lun, ReportLuns.of(16384).toBytes(), 16384)).data();
    List<Integer> out = new ArrayList<>();
    if (d.length < 8) {
      return out;
    }
    long len = Capacity.u32(d, 0);
    for (int off = 8; off + 8 <= d.length && off - 8 < len; off += 8) {
      out.add(Lun.fromBytes(d, off).number());
    }
    return out;
  }

  /** REQUEST SENSE: the sense bytes. */
  public byte[] requestSense() {
    return run(ScsiRequest.read(lun, new RequestSense(false, 252, 0).toBytes(), 252)).data();
  }

  // ---- data ----

  private byte[] readCdb(long lba, int n) {
    return fits10(lba, n) ? Read.of10(lba, n).toBytes() : Read.of16(lba, n).toBytes();
  }

  private byte[] writeCdb(long lba, int n) {
    return fits10(lba, n) ? Write.of10(lba, n).toBytes() : Write.of16(lba, n).toBytes();
  }

  private static boolean fits10(long lba, long n) {
    return n <= 0xffff && lba + n <= 0xffffffffL;
  }

  private void needBlockSize() {
    if (blockSize == 0) {
      readCapacity();
    }
  }

  /** The READ request for {@code nBlocks} at {@code lba} (READ(10) where it fits, else READ(16)). */
  public ScsiRequest readRequest(long lba, int nBlocks) {
    needBlockSize();
    return ScsiRequest.read(lun, readCdb(lba, nBlocks), nBlocks * blockSize);
  }

  /** The WRITE request for {@code data[offset, offset+length)} at {@code lba}. */
  public ScsiRequest writeRequest(long lba, byte[] data, int offset, int length) {
    needBlockSize();
    return ScsiRequest.write(lun, writeCdb(lba, length / blockSize), data, offset, length);
  }

  /** One READ of {@code blocks} blocks (no splitting); the result may carry any status. */
  public CompletableFuture<ScsiResult> readAsync(long lba, int nBlocks) {
    needBlockSize();
    return submit(ScsiRequest.read(lun, readCdb(lba, nBlocks), nBlocks * blockSize));
  }

  /** One WRITE of {@code data} (whole blocks; no splitting). */
  public CompletableFuture<ScsiResult> writeAsync(long lba, byte[] data, int offset, int length) {
    needBlockSize();
    return submit(ScsiRequest.write(lun, writeCdb(lba, length / blockSize), data, offset, length));
  }

  /** Reads {@code nBlocks} from {@code lba}, split into commands of at most {@link #maxTransferBlocks()}. */
  public byte[] read(long lba, long nBlocks) {
    needBlockSize();
    byte[] out = new byte[Math.toIntExact(nBlocks * blockSize)];
    List<CompletableFuture<ScsiResult>> parts = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    for (long done = 0; done < nBlocks; ) {
      int n = (int) Math.min(maxTransferBlocks, nBlocks - done);
      parts.add(readAsync(lba + done, n));
      offsets.add((int) (done * blockSize));
      done += n;
    }
    for (int i = 0; i < parts.size(); i++) {
      ScsiResult r = IscsiSession.await(parts.get(i)).requireGood();
      System.arraycopy(r.data(), 0, out, offsets.get(i), r.data().length);
    }
    return out;
  }

  /** Writes {@code data} (a whole number of blocks) at {@code lba}, split at {@link #maxTransferBlocks()}. */
  public void write(long lba, byte[] data) {
    needBlockSize();
    if (data.length % blockSize != 0) {
      throw new IllegalArgumentException(data.length + " bytes is not a whole number of " + blockSize + "-byte blocks");
    }
    long nBlocks = data.length / blockSize;
    List<CompletableFuture<ScsiResult>> parts = new ArrayList<>();
    for (long done = 0; done < nBlocks; ) {
      int n = (int) Math.min(maxTransferBlocks, nBlocks - done);
      parts.add(writeAsync(lba + done, data, (int) (done * blockSize), n * blockSize));
      done += n;
    }
    for (CompletableFuture<ScsiResult> f : parts) {
      IscsiSession.await(f).requireGood();
    }
  }

  /** SYNCHRONIZE CACHE(10) of a range; LBA 0 and 0 blocks is the whole cache. */
  public ScsiResult synchronizeCache(long lba, int nBlocks, Duration timeout) {
    byte[] cdb = new SynchronizeCache(10, false, false, lba, nBlocks, 0, 0).toBytes();
    return execute(ScsiRequest.noData(lun, cdb).withTimeout(timeout)).requireGood();
  }

  /** UNMAP of (lba, blocks) ranges. */
  public void unmap(long[][] ranges) {
    int len = 8 + 16 * ranges.length;
    ByteBuffer b = ByteBuffer.allocate(len);
    b.putShort((short) (len - 2)).putShort((short) (16 * ranges.length)).putInt(0);
    for (long[] r : ranges) {
      b.putLong(r[0]).putInt((int) r[1]).putInt(0);
    }
    run(ScsiRequest.write(lun, new Unmap(false, 0, len, 0).toBytes(), b.array()));
  }

  /** WRITE SAME(16) of one block of {@code block} over {@code nBlocks}, optionally unmapping. */
  public void writeSame(long lba, long nBlocks, byte[] block, boolean unmap) {
    run(ScsiRequest.write(lun, new WriteSame(16, 0, false, unmap, false, lba, nBlocks, 0, 0).toBytes(), block));
  }

  /** COMPARE AND WRITE: {@code verify} then {@code write}, each {@code nBlocks} blocks. */
  public ScsiResult compareAndWrite(long lba, byte[] verify, byte[] write) {
    needBlockSize();
    int n = verify.length / blockSize;
    byte[] both = new byte[verify.length + write.length];
    System.arraycopy(verify, 0, both, 0, verify.length);
    System.arraycopy(write, 0, both, verify.length, write.length);
    return execute(ScsiRequest.write(lun, CompareAndWrite.of(lba, n).toBytes(), both));
  }

  /** PERSISTENT RESERVE IN: the parameter data. */
  public byte[] persistentReserveIn(PrInServiceAction sa) {
    return run(ScsiRequest.read(lun, new PersistentReserveIn(sa, 8192, 0).toBytes(), 8192)).data();
  }

  /** PERSISTENT RESERVE OUT with the basic 24-byte parameter list. */
  public ScsiResult persistentReserveOut(PrOutServiceAction sa, ReservationType type, long key, long serviceActionKey) {
    ByteBuffer b = ByteBuffer.allocate(PersistentReserveOut.BASIC_PARAMETER_LIST_LENGTH);
    b.putLong(key).putLong(serviceActionKey);
    return execute(ScsiRequest.write(lun, PersistentReserveOut.of(sa, type).toBytes(), b.array()));
  }
}
