package org.iscsilab.target.scsi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.Lun;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.protocol.scsi.ScsiStatus;
import org.iscsilab.protocol.scsi.cdb.Cdb;
import org.iscsilab.protocol.scsi.cdb.CompareAndWrite;
import org.iscsilab.protocol.scsi.cdb.GetLbaStatus;
import org.iscsilab.protocol.scsi.cdb.Inquiry;
import org.iscsilab.protocol.scsi.cdb.InvalidCdbException;
import org.iscsilab.protocol.scsi.cdb.ModeSelect;
import org.iscsilab.protocol.scsi.cdb.ModeSense;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveIn;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveOut;
import org.iscsilab.protocol.scsi.cdb.PreFetch;
import org.iscsilab.protocol.scsi.cdb.PreventAllowMediumRemoval;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.ReadCapacity10;
import org.iscsilab.protocol.scsi.cdb.ReadCapacity16;
import org.iscsilab.protocol.scsi.cdb.Release6;
import org.iscsilab.protocol.scsi.cdb.ReportLuns;
import org.iscsilab.protocol.scsi.cdb.ReportSupportedOperationCodes;
import org.iscsilab.protocol.scsi.cdb.RequestSense;
import org.iscsilab.protocol.scsi.cdb.Reserve6;
import org.iscsilab.protocol.scsi.cdb.StartStopUnit;
import org.iscsilab.protocol.scsi.cdb.SynchronizeCache;
import org.iscsilab.protocol.scsi.cdb.TestUnitReady;
import org.iscsilab.protocol.scsi.cdb.UnknownCdb;
import org.iscsilab.protocol.scsi.cdb.Unmap;
import org.iscsilab.protocol.scsi.cdb.Verify;
import org.iscsilab.protocol.scsi.cdb.Write;
import org.iscsilab.protocol.scsi.cdb.WriteAndVerify;
import org.iscsilab.protocol.scsi.cdb.WriteSame;
import org.iscsilab.protocol.scsi.pr.PrInServiceAction;
import org.iscsilab.protocol.scsi.pr.PrOutParameterList;
import org.iscsilab.protocol.scsi.pr.PrOutServiceAction;
import org.iscsilab.protocol.scsi.pr.RegisterAndMoveParameterList;
import org.iscsilab.protocol.scsi.pr.ReportCapabilitiesData;
import org.iscsilab.protocol.scsi.pr.TransportId;
import org.iscsilab.protocol.scsi.pr.ReservationType;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;
import org.iscsilab.protocol.scsi.sense.SenseData;
import org.iscsilab.protocol.scsi.sense.SenseFormat;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.iscsilab.target.backend.BlockBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A direct-access block device (SBC-3) over a {@link BlockBackend}: command decoding through the
 * shared CDB model, SPC-4 inquiry data and mode pages, reservations, unit attentions. Every CHECK
 * CONDITION carries sense data. Thread-safe: media access goes straight to the backend, the
 * small shared state (reservations, unit attentions, mode pages) is guarded by this object.
 */
public final class LogicalUnit implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LogicalUnit.class);

  public static final int BLOCK_SIZE = 512;
  /** VPD 0xB0 MAXIMUM TRANSFER LENGTH in blocks: 32 MiB. */
  public static final int MAX_TRANSFER_BLOCKS = 65536;
  /**
   * VPD 0xB0 MAXIMUM UNMAP LBA COUNT: 512 MiB per descriptor. Any value is valid, but libiscsi's
   * Inquiry.BlockLimits calls a limit above 1M blocks insane, and no initiator needs more.
   */
  static final int MAX_UNMAP_BLOCKS = 1 << 20;
  static final int MAX_UNMAP_DESCRIPTORS = 256;
  static final long MAX_WRITE_SAME_BLOCKS = 1 << 22;
  static final int MAX_COMPARE_AND_WRITE_BLOCKS = 255;

  private final int lunNumber;
  private final BlockBackend backend;
  private final String targetName;
  private final String serial;
  private final long naa;
  private final long blocks;
  private final boolean reportPowerOn;

  // Guarded by this.
  private final Map<String, Deque<SenseData>> unitAttentions = new LinkedHashMap<>();
  /** Initiator ports with an I_T nexus now (sessions logged in and not ended), and how many. */
  private final Map<String, Integer> liveNexuses = new java.util.HashMap<>();
  private final Map<String, Long> registrations = new LinkedHashMap<>();
  private final Map<String, Nexus> registrants = new LinkedHashMap<>();
  /** Registrations made with ALL_TG_PT (reported in READ FULL STATUS). */
  private final java.util.Set<String> allTargetPorts = new java.util.HashSet<>();
  private int prGeneration;
  private String prHolder; // initiator port name, or null
  private ReservationType prType;
  private long prKey;
  private String reserve6Holder;
  private boolean writeCacheEnabled = true;
  private boolean descriptorSense;
  private boolean stopped;
  private boolean preventRemoval;
  /** Unit attentions queued for any nexus; read without the lock on the command fast path. */
  private volatile int attentionCount;
  /** Whether RESERVE(6) or a persistent reservation is held. */
  private volatile boolean reservationActive;

  /**
   * @param lunNumber the LUN
   * @param backend storage
   * @param targetName the iSCSI target name (for identification VPD)
   * @param reportPowerOn whether a new I_T nexus first sees POWER ON, RESET, OR BUS DEVICE RESET
   *     OCCURRED (SAM-5 §6.3)
   */
  public LogicalUnit(int lunNumber, BlockBackend backend, String targetName, boolean reportPowerOn) {
    this.lunNumber = lunNumber;
    this.backend = Objects.requireNonNull(backend, "backend");
    this.targetName = targetName;
    this.blocks = backend.size() / BLOCK_SIZE;
    this.reportPowerOn = reportPowerOn;
    int h = (targetName + "/" + lunNumber).hashCode();
    this.serial = String.format("ISL%08X%04X", h, lunNumber & 0xffff);
    // NAA 6, IEEE company id 0x0014 05 (locally made), vendor-specific from the name.
    this.naa = (0x6L << 60) | (0x001405L << 36) | ((h & 0xffffffffL) << 4) | (lunNumber & 0xf);
  }

  public int lunNumber() {
    return lunNumber;
  }

  public BlockBackend backend() {
    return backend;
  }

  public long blockCount() {
    return blocks;
  }

  /** A new I_T nexus: it sees the power-on unit attention first. */
  public synchronized void attach(Nexus nexus) {
    liveNexuses.merge(nexus.initiatorPortName(), 1, Integer::sum);
    unitAttentions.computeIfAbsent(nexus.initiatorPortName(), k -> {
      Deque<SenseData> q = new ArrayDeque<>();
      if (reportPowerOn) {
        q.add(SenseData.of(SenseKey.UNIT_ATTENTION, AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED));
        attentionCount++;
      }
      return q;
    });
  }

  /**
   * CLEAR TASK SET from another I_T nexus aborted commands of {@code initiatorPort} on this logical
   * unit: with TAS zero in the Control mode page they end without status, and that initiator port
   * gets a unit attention, COMMANDS CLEARED BY ANOTHER INITIATOR (SAM-5 §7.4).
   */
  public synchronized void commandsClearedByAnotherInitiator(String initiatorPort) {
    queueAttention(initiatorPort, AdditionalSense.COMMANDS_CLEARED_BY_ANOTHER_INITIATOR);
  }

  /**
   * LOGICAL UNIT RESET (SAM-5 §7.7): RESERVE(6) released, a unit attention for every I_T nexus
   * there is (an initiator port whose session ended before the reset is not told of it when it logs
   * in again: libiscsi's Reserve6.LUNReset).
   */
  public synchronized void reset(AdditionalSense why) {
    reserve6Holder = null;
    reservationActive = reserve6Holder != null || prType != null;
    stopped = false;
    unitAttentions.forEach((port, q) -> {
      if (liveNexuses.containsKey(port)) {
        attentionCount -= q.size();
        q.clear();
        q.add(SenseData.of(SenseKey.UNIT_ATTENTION, why));
        attentionCount++;
      }
    });
  }

  /** Executes a command. Never throws: every failure becomes a status with sense data. */
  public ScsiResult execute(ScsiRequest req) {
    Cdb cdb;
    try {
      cdb = Cdb.parse(req.cdb());
    } catch (InvalidCdbException e) {
      return check(SenseData.illegalRequest(e));
    } catch (ScsiFormatException e) {
      return check(SenseData.illegalRequest(e));
    } catch (RuntimeException e) {
      return invalidField(0);
    }
    try {
      ScsiResult gate = gate(req, cdb);
      if (gate != null) {
        return gate;
      }
      return dispatch(req, cdb);
    } catch (ScsiFormatException e) {
      return check(SenseData.illegalRequest(e));
    } catch (IOException e) {
      LOG.warn("LUN {}: I/O error on {}: {}", lunNumber, cdb.describe(), e.toString());
      boolean write = cdb instanceof Write || cdb instanceof WriteSame || cdb instanceof WriteAndVerify
          || cdb instanceof CompareAndWrite || cdb instanceof SynchronizeCache;
      return check(SenseData.of(write ? SenseKey.MEDIUM_ERROR : SenseKey.MEDIUM_ERROR,
          write ? AdditionalSense.WRITE_ERROR : AdditionalSense.UNRECOVERED_READ_ERROR));
    } catch (RuntimeException e) {
      LOG.warn("LUN {}: internal error on {}", lunNumber, cdb.describe(), e);
      return check(SenseData.of(SenseKey.HARDWARE_ERROR, AdditionalSense.INTERNAL_TARGET_FAILURE));
    }
  }

  // ---- unit attentions and reservations (SPC-4 §5.9, §5.13) ----

  private static boolean reportsUnitAttention(Cdb cdb) {
    return !(cdb instanceof Inquiry || cdb instanceof ReportLuns || cdb instanceof RequestSense);
  }

  private static boolean alwaysAllowedUnderReservation(Cdb cdb) {
    return cdb instanceof Inquiry || cdb instanceof ReportLuns || cdb instanceof RequestSense
        || cdb instanceof TestUnitReady || cdb instanceof ReadCapacity10 || cdb instanceof ReadCapacity16
        || cdb instanceof ReportSupportedOperationCodes || cdb instanceof PersistentReserveIn
        || cdb instanceof PersistentReserveOut || cdb instanceof Release6;
  }

  private static boolean readsMedium(Cdb cdb) {
    return cdb instanceof Read || cdb instanceof Verify || cdb instanceof PreFetch || cdb instanceof ModeSense
        || cdb instanceof GetLbaStatus;
  }

  private ScsiResult gate(ScsiRequest req, Cdb cdb) {
    if (attentionCount == 0 && !reservationActive) {
      return null; // nothing to report and nothing reserved: no lock on the hot path
    }
    return lockedGate(req, cdb);
  }

  private synchronized ScsiResult lockedGate(ScsiRequest req, Cdb cdb) {
    String port = req.nexus().initiatorPortName();
    if (reportsUnitAttention(cdb)) {
      Deque<SenseData> q = unitAttentions.get(port);
      if (q != null && !q.isEmpty()) {
        attentionCount--;
        return check(q.poll());
      }
    }
    if (alwaysAllowedUnderReservation(cdb)) {
      return null;
    }
    if (reserve6Holder != null && !reserve6Holder.equals(port)) {
      return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT);
    }
    if (prType != null && !prHolds(port)) {
      int t = prType.code();
      boolean exclusiveAccess = t == 0x3 || t == 0x6 || t == 0x8;
      if (exclusiveAccess || !readsMedium(cdb)) {
        return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT);
      }
    }
    return null;
  }

  private boolean prHolds(String port) {
    int t = prType.code();
    if (t == 0x5 || t == 0x6 || t == 0x7 || t == 0x8) {
      return registrations.containsKey(port);
    }
    return port.equals(prHolder);
  }

  private void unitAttentionForOthers(String except, AdditionalSense asc) {
    unitAttentions.forEach((port, q) -> {
      if (!port.equals(except)) {
        q.add(SenseData.of(SenseKey.UNIT_ATTENTION, asc));
        attentionCount++;
      }
    });
  }

  // ---- dispatch ----

  private ScsiResult dispatch(ScsiRequest req, Cdb cdb) throws IOException {
    if (protectionField(cdb) != 0) {
      // SBC-3 READ, WRITE, VERIFY, WRITE AND VERIFY, WRITE SAME, COMPARE AND WRITE: this logical
      // unit has no protection information (PROTECT=0 in the standard INQUIRY data), so any
      // RDPROTECT, WRPROTECT or VRPROTECT other than 000b is INVALID FIELD IN CDB, pointing at the
      // field (byte 1, bits 7-5).
      return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB)
          .withFieldPointer(FieldPointer.cdb(1, 7)));
    }
    if (cdb instanceof TestUnitReady) {
      return stopped ? notReady() : ScsiResult.GOOD;
    } else if (cdb instanceof Inquiry i) {
      return inquiry(i);
    } else if (cdb instanceof ReportLuns r) {
      return reportLuns(r);
    } else if (cdb instanceof RequestSense r) {
      return requestSense(req, r);
    } else if (cdb instanceof ReadCapacity10 r) {
      return readCapacity10(r);
    } else if (cdb instanceof ReadCapacity16 r) {
      return readCapacity16(r);
    } else if (cdb instanceof Read r) {
      return read(r);
    } else if (cdb instanceof Write w) {
      return write(req, w.lba(), w.transferLength(), w.fua(), w.cdbLength());
    } else if (cdb instanceof WriteAndVerify w) {
      return write(req, w.lba(), w.transferLength(), false, w.cdbLength());
    } else if (cdb instanceof Verify v) {
      return verify(req, v);
    } else if (cdb instanceof WriteSame w) {
      return writeSame(req, w);
    } else if (cdb instanceof Unmap u) {
      return unmap(req, u);
    } else if (cdb instanceof CompareAndWrite c) {
      return compareAndWrite(req, c);
    } else if (cdb instanceof SynchronizeCache sc) {
      return synchronizeCache(sc);
    } else if (cdb instanceof PreFetch pf) {
      return preFetch(pf);
    } else if (cdb instanceof ModeSense m) {
      return modeSense(m);
    } else if (cdb instanceof ModeSelect m) {
      return modeSelect(req, m);
    } else if (cdb instanceof StartStopUnit ss) {
      return startStop(ss);
    } else if (cdb instanceof PreventAllowMediumRemoval pa) {
      synchronized (this) {
        preventRemoval = pa.prevent() != 0;
      }
      return ScsiResult.GOOD;
    } else if (cdb instanceof ReportSupportedOperationCodes r) {
      return reportSupportedOperationCodes(r);
    } else if (cdb instanceof GetLbaStatus g) {
      return getLbaStatus(g);
    } else if (cdb instanceof PersistentReserveIn pi) {
      return persistentReserveIn(pi);
    } else if (cdb instanceof PersistentReserveOut po) {
      return persistentReserveOut(req, po);
    } else if (cdb instanceof Reserve6) {
      return reserve6(req);
    } else if (cdb instanceof Release6) {
      return release6(req);
    }
    return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE)
        .withFieldPointer(FieldPointer.cdb(0)));
  }

  // ---- media access ----

  /** RDPROTECT, WRPROTECT or VRPROTECT of a command that has one; 0 otherwise. */
  private static int protectionField(Cdb cdb) {
    if (cdb instanceof Read r) {
      return r.rdprotect();
    } else if (cdb instanceof Write w) {
      return w.wrprotect();
    } else if (cdb instanceof WriteAndVerify w) {
      return w.wrprotect();
    } else if (cdb instanceof Verify v) {
      return v.vrprotect();
    } else if (cdb instanceof WriteSame w) {
      return w.wrprotect();
    } else if (cdb instanceof CompareAndWrite c) {
      return c.wrprotect();
    }
    return 0;
  }

  private ScsiResult rangeCheck(long lba, long count) {
    if (lba < 0 || lba > blocks || count < 0 || count > blocks - lba) {
      return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE));
    }
    return null;
  }

  private ScsiResult transferCheck(long count, int cdbLength) {
    if (count > MAX_TRANSFER_BLOCKS) {
      int field = switch (cdbLength) {
        case 6 -> 4;
        case 10 -> 7;
        case 12 -> 6;
        default -> 10;
      };
      return invalidField(field);
    }
    return null;
  }

  private ScsiResult read(Read r) throws IOException {
    ScsiResult bad = rangeCheck(r.lba(), r.transferLength());
    if (bad == null) {
      bad = transferCheck(r.transferLength(), r.cdbLength());
    }
    if (bad != null) {
      return bad;
    }
    if (stopped) {
      return notReady();
    }
    int len = (int) (r.transferLength() * BLOCK_SIZE);
    if (len == 0) {
      return ScsiResult.GOOD;
    }
    long pos = r.lba() * BLOCK_SIZE;
    if (!backend.mapped(pos, len)) {
      return ScsiResult.good(ZeroBlocks.of(len)); // nothing written there: shared zeros
    }
    byte[] data = new byte[len];
    backend.read(pos, data, 0, len);
    return ScsiResult.good(data);
  }

  private ScsiResult writeProtected() {
    return check(SenseData.of(SenseKey.DATA_PROTECT, AdditionalSense.WRITE_PROTECTED));
  }

  private ScsiResult write(ScsiRequest req, long lba, long count, boolean fua, int cdbLength) throws IOException {
    ScsiResult bad = rangeCheck(lba, count);
    if (bad == null) {
      bad = transferCheck(count, cdbLength);
    }
    if (bad != null) {
      return bad;
    }
    if (stopped) {
      return notReady();
    }
    if (backend.readOnly()) {
      return writeProtected();
    }
    int len = (int) (count * BLOCK_SIZE);
    if (req.dataOut().length < len) {
      // The initiator's EDTL is shorter than the CDB asks for: the blocks that came are written and
      // the response reports residual overflow (RFC 7143 §11.4.5.2), as tgt does and libiscsi's
      // iSCSIResiduals tests expect. Part of a block cannot be written: that Data-Out buffer is
      // refused the way SAS and FCP refuse a length that disagrees with the command.
      if (req.dataOut().length % BLOCK_SIZE != 0) {
        return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT));
      }
      len = req.dataOut().length;
    }
    if (len > 0) {
      backend.write(lba * BLOCK_SIZE, req.dataOut(), 0, len, fua || !writeCacheEnabled);
    }
    return ScsiResult.GOOD;
  }

  private ScsiResult verify(ScsiRequest req, Verify v) throws IOException {
    ScsiResult bad = rangeCheck(v.lba(), v.verificationLength());
    if (bad != null) {
      return bad;
    }
    int bytchk = v.bytchk();
    if (bytchk == 0 || v.verificationLength() == 0) {
      return ScsiResult.GOOD;
    }
    if (v.verificationLength() > MAX_TRANSFER_BLOCKS) {
      return invalidField(v.cdbLength() == 10 ? 7 : v.cdbLength() == 12 ? 6 : 10);
    }
    int len = (int) (v.verificationLength() * BLOCK_SIZE);
    byte[] medium = new byte[len];
    backend.read(v.lba() * BLOCK_SIZE, medium, 0, len);
    byte[] in = req.dataOut();
    int need = bytchk == 3 ? BLOCK_SIZE : len;
    if (in.length < need) {
      return invalidField(v.cdbLength() == 10 ? 7 : v.cdbLength() == 12 ? 6 : 10);
    }
    for (int i = 0; i < len; i++) {
      byte expected = bytchk == 3 ? in[i % BLOCK_SIZE] : in[i];
      if (medium[i] != expected) {
        return check(SenseData.of(SenseKey.MISCOMPARE, AdditionalSense.MISCOMPARE_DURING_VERIFY_OPERATION)
            .withInformation(i));
      }
    }
    return ScsiResult.GOOD;
  }

  private ScsiResult writeSame(ScsiRequest req, WriteSame w) throws IOException {
    if (w.anchor()) {
      // ANC_SUP is zero in the Logical Block Provisioning VPD page: no anchored state (SBC-3 §5.43).
      return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB)
          .withFieldPointer(FieldPointer.cdb(1, 4)));
    }
    if (w.numberOfBlocks() == 0) {
      // WSNZ=1 in the Block Limits VPD page: zero blocks is not allowed (SBC-3 §5.43).
      return invalidField(w.cdbLength() == 10 ? 7 : 10);
    }
    if (w.numberOfBlocks() > MAX_WRITE_SAME_BLOCKS) {
      return invalidField(w.cdbLength() == 10 ? 7 : 10);
    }
    ScsiResult bad = rangeCheck(w.lba(), w.numberOfBlocks());
    if (bad != null) {
      return bad;
    }
    if (backend.readOnly()) {
      return writeProtected();
    }
    byte[] block = new byte[BLOCK_SIZE];
    if (!w.ndob()) {
      if (req.dataOut().length < BLOCK_SIZE) {
        return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR));
      }
      if (req.dataOut().length > BLOCK_SIZE) {
        // The Data-Out buffer of WRITE SAME is one logical block; more is not a block to repeat.
        return invalidField(w.cdbLength() == 10 ? 7 : 10);
      }
      System.arraycopy(req.dataOut(), 0, block, 0, BLOCK_SIZE);
    }
    boolean zeros = true;
    for (byte b : block) {
      if (b != 0) {
        zeros = false;
        break;
      }
    }
    long pos = w.lba() * BLOCK_SIZE;
    long len = w.numberOfBlocks() * BLOCK_SIZE;
    if (zeros && (w.unmap() || w.ndob())) {
      backend.unmap(pos, len); // LBPRZ=1: deallocated blocks read as zeros
      return ScsiResult.GOOD;
    }
    int run = (int) Math.min(len, 1 << 20);
    byte[] buf = new byte[run];
    for (int i = 0; i < run; i += BLOCK_SIZE) {
      System.arraycopy(block, 0, buf, i, BLOCK_SIZE);
    }
    for (long done = 0; done < len; done += run) {
      backend.write(pos + done, buf, 0, (int) Math.min(run, len - done), false);
    }
    return ScsiResult.GOOD;
  }

  private ScsiResult unmap(ScsiRequest req, Unmap u) throws IOException {
    if (backend.readOnly()) {
      return writeProtected();
    }
    byte[] p = req.dataOut();
    int plen = Math.min(p.length, u.parameterListLength());
    if (plen == 0) {
      return ScsiResult.GOOD;
    }
    if (plen < 8) {
      return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR));
    }
    int descLen = ScsiBytes.u16(p, 2);
    if (descLen % 16 != 0 || 8 + descLen > plen) {
      return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR));
    }
    if (descLen / 16 > MAX_UNMAP_DESCRIPTORS) {
      return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST)
          .withFieldPointer(FieldPointer.parameter(2)));
    }
    for (int off = 8; off < 8 + descLen; off += 16) {
      long lba = ScsiBytes.u64(p, off);
      long n = ScsiBytes.u32(p, off + 8);
      if (n > MAX_UNMAP_BLOCKS) {
        return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST)
            .withFieldPointer(FieldPointer.parameter(off + 8)));
      }
      ScsiResult bad = rangeCheck(lba, n);
      if (bad != null) {
        return bad;
      }
    }
    for (int off = 8; off < 8 + descLen; off += 16) {
      backend.unmap(ScsiBytes.u64(p, off) * BLOCK_SIZE, ScsiBytes.u32(p, off + 8) * BLOCK_SIZE);
    }
    return ScsiResult.GOOD;
  }

  private ScsiResult compareAndWrite(ScsiRequest req, CompareAndWrite c) throws IOException {
    if (c.numberOfBlocks() > MAX_COMPARE_AND_WRITE_BLOCKS) {
      return invalidField(13);
    }
    ScsiResult bad = rangeCheck(c.lba(), c.numberOfBlocks());
    if (bad != null) {
      return bad;
    }
    if (backend.readOnly()) {
      return writeProtected();
    }
    int len = c.numberOfBlocks() * BLOCK_SIZE;
    if (req.dataOut().length != 2 * len) {
      // The Data-Out buffer is the verify instance then the write instance, NUMBER OF LOGICAL
      // BLOCKS each (SBC-3 §5.2): with any other length the halves cannot be told apart.
      return invalidField(13);
    }
    if (len == 0) {
      return ScsiResult.GOOD;
    }
    synchronized (this) { // atomic with respect to other COMPARE AND WRITEs (SBC-3 §5.2)
      byte[] medium = new byte[len];
      backend.read(c.lba() * BLOCK_SIZE, medium, 0, len);
      for (int i = 0; i < len; i++) {
        if (medium[i] != req.dataOut()[i]) {
          return check(SenseData.of(SenseKey.MISCOMPARE, AdditionalSense.MISCOMPARE_DURING_VERIFY_OPERATION)
              .withInformation(i));
        }
      }
      backend.write(c.lba() * BLOCK_SIZE, req.dataOut(), len, len, c.fua());
    }
    return ScsiResult.GOOD;
  }

  private ScsiResult synchronizeCache(SynchronizeCache s) throws IOException {
    long count = s.numberOfBlocks() == 0 ? Math.max(0, blocks - s.lba()) : s.numberOfBlocks();
    ScsiResult bad = rangeCheck(s.lba(), count);
    if (bad != null) {
      return bad;
    }
    backend.flush();
    return ScsiResult.GOOD;
  }

  private ScsiResult preFetch(PreFetch p) {
    long count = p.prefetchLength() == 0 ? Math.max(0, blocks - p.lba()) : p.prefetchLength();
    ScsiResult bad = rangeCheck(p.lba(), count);
    if (bad != null) {
      return bad;
    }
    // Everything is "in cache" already: CONDITION MET (SBC-3 §5.9).
    return ScsiResult.status(ScsiStatus.CONDITION_MET);
  }

  private ScsiResult startStop(StartStopUnit s) throws IOException {
    if (s.loej() && !s.start()) {
      synchronized (this) {
        if (preventRemoval) {
          return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.MEDIUM_REMOVAL_PREVENTED));
        }
      }
    }
    if (s.powerCondition() == 0) {
      if (!s.start() && !s.noFlush()) {
        backend.flush();
      }
      synchronized (this) {
        stopped = !s.start();
      }
    }
    return ScsiResult.GOOD;
  }

  private ScsiResult getLbaStatus(GetLbaStatus g) {
    if (Long.compareUnsigned(g.lba(), blocks) >= 0) { // the LBA field is unsigned: 2^63 is beyond, not negative
      return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE));
    }
    long start = g.lba();
    boolean mapped = backend.mapped(start * BLOCK_SIZE, BLOCK_SIZE);
    long end = backend.statusRunEnd(start * BLOCK_SIZE, blocks * BLOCK_SIZE) / BLOCK_SIZE;
    byte[] d = new byte[24];
    ScsiBytes.put32(d, 0, 20);
    ScsiBytes.put64(d, 8, start);
    ScsiBytes.put32(d, 16, Math.min(0xffffffffL, end - start));
    d[20] = (byte) (mapped ? 0 : 1);
    return ScsiResult.good(d, g.allocationLength());
  }

  // ---- identification and capacity ----

  private ScsiResult inquiry(Inquiry i) {
    if (!i.evpd()) {
      if (i.pageCode() != 0) {
        return invalidField(2);
      }
      return ScsiResult.good(standardInquiry(), i.allocationLength());
    }
    byte[] page = switch (i.pageCode()) {
      case 0x00 -> vpd(0x00, new byte[] {0x00, (byte) 0x80, (byte) 0x83, (byte) 0xB0, (byte) 0xB1, (byte) 0xB2});
      case 0x80 -> vpd(0x80, serial.getBytes(StandardCharsets.US_ASCII));
      case 0x83 -> vpd(0x83, deviceIdentification());
      case 0xB0 -> vpd(0xB0, blockLimits());
      case 0xB1 -> vpd(0xB1, blockDeviceCharacteristics());
      case 0xB2 -> vpd(0xB2, logicalBlockProvisioning());
      default -> null;
    };
    if (page == null) {
      return invalidField(2);
    }
    return ScsiResult.good(page, i.allocationLength());
  }

  private byte[] standardInquiry() {
    byte[] d = new byte[74];
    d[0] = 0x00; // peripheral qualifier 0, direct-access block device
    d[2] = 0x06; // SPC-4
    d[3] = 0x12; // HISUP, response data format 2
    d[4] = (byte) (d.length - 5);
    d[7] = 0x02; // CMDQUE
    ascii(d, 8, 8, "ISCSILAB");
    ascii(d, 16, 16, "SIMULATOR");
    ascii(d, 32, 4, "0001");
    // Version descriptors: SAM-5, iSCSI, SPC-4, SBC-3.
    ScsiBytes.put16(d, 58, 0x00A0);
    ScsiBytes.put16(d, 60, 0x0960);
    ScsiBytes.put16(d, 62, 0x0460);
    ScsiBytes.put16(d, 64, 0x04C0);
    return d;
  }

  private static void ascii(byte[] d, int off, int len, String s) {
    Arrays.fill(d, off, off + len, (byte) ' ');
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, d, off, Math.min(len, b.length));
  }

  private static byte[] vpd(int code, byte[] body) {
    byte[] d = new byte[4 + body.length];
    d[1] = (byte) code;
    ScsiBytes.put16(d, 2, body.length);
    System.arraycopy(body, 0, d, 4, body.length);
    return d;
  }

  private byte[] deviceIdentification() {
    List<byte[]> ds = new ArrayList<>();
    // NAA IEEE Registered Extended? NAA 6 in 16 bytes, binary, associated with the LU.
    byte[] naaId = new byte[16];
    ScsiBytes.put64(naaId, 0, naa);
    ScsiBytes.put64(naaId, 8, ((long) lunNumber << 32) | (serial.hashCode() & 0xffffffffL));
    ds.add(designator(0x01, 0x03, 0x00, false, naaId));
    // T10 vendor ID: vendor + serial, ASCII.
    byte[] t10 = new byte[8 + serial.length()];
    ascii(t10, 0, 8, "ISCSILAB");
    System.arraycopy(serial.getBytes(StandardCharsets.US_ASCII), 0, t10, 8, serial.length());
    ds.add(designator(0x02, 0x01, 0x00, false, t10));
    // Relative target port and target port group, associated with the target port, iSCSI.
    byte[] rel = new byte[4];
    ScsiBytes.put16(rel, 2, 1);
    ds.add(designator(0x01, 0x04, 0x01, true, rel));
    byte[] tpg = new byte[4];
    ScsiBytes.put16(tpg, 2, 1);
    ds.add(designator(0x01, 0x05, 0x01, true, tpg));
    // SCSI name string of the target device (UTF-8, NUL-terminated, multiple of 4).
    byte[] name = targetName.getBytes(StandardCharsets.UTF_8);
    byte[] nameField = new byte[(name.length + 4) & ~3];
    System.arraycopy(name, 0, nameField, 0, name.length);
    ds.add(designator(0x03, 0x08, 0x02, true, nameField));
    int total = ds.stream().mapToInt(b -> b.length).sum();
    byte[] out = new byte[total];
    int off = 0;
    for (byte[] b : ds) {
      System.arraycopy(b, 0, out, off, b.length);
      off += b.length;
    }
    return out;
  }

  private static byte[] designator(int codeSet, int type, int association, boolean piv, byte[] id) {
    byte[] d = new byte[4 + id.length];
    d[0] = (byte) ((piv ? 0x50 : 0x00) | codeSet); // protocol identifier 5 = iSCSI when PIV
    d[1] = (byte) ((piv ? 0x80 : 0) | (association << 4) | type);
    d[3] = (byte) id.length;
    System.arraycopy(id, 0, d, 4, id.length);
    return d;
  }

  private byte[] blockLimits() {
    byte[] d = new byte[0x3C];
    d[0] = 0x01; // WSNZ
    d[1] = (byte) MAX_COMPARE_AND_WRITE_BLOCKS;
    ScsiBytes.put16(d, 2, 8); // optimal transfer length granularity: 4 KiB
    ScsiBytes.put32(d, 4, MAX_TRANSFER_BLOCKS);
    ScsiBytes.put32(d, 8, 2048); // optimal transfer length: 1 MiB
    ScsiBytes.put32(d, 12, MAX_TRANSFER_BLOCKS); // maximum prefetch length
    ScsiBytes.put32(d, 16, MAX_UNMAP_BLOCKS);
    ScsiBytes.put32(d, 20, MAX_UNMAP_DESCRIPTORS);
    ScsiBytes.put32(d, 24, 128); // optimal unmap granularity: 64 KiB
    ScsiBytes.put64(d, 32, MAX_WRITE_SAME_BLOCKS);
    return d;
  }

  private static byte[] blockDeviceCharacteristics() {
    byte[] d = new byte[0x3C];
    ScsiBytes.put16(d, 0, 1); // non-rotating medium
    return d;
  }

  private static byte[] logicalBlockProvisioning() {
    byte[] d = new byte[4];
    d[1] = (byte) 0xE4; // LBPU, LBPWS, LBPWS10, LBPRZ
    d[2] = 0x02; // thin provisioned
    return d;
  }

  private ScsiResult readCapacity10(ReadCapacity10 r) {
    byte[] d = new byte[8];
    ScsiBytes.put32(d, 0, Math.min(0xffffffffL, blocks - 1));
    ScsiBytes.put32(d, 4, BLOCK_SIZE);
    return ScsiResult.good(d);
  }

  private ScsiResult readCapacity16(ReadCapacity16 r) {
    byte[] d = new byte[32];
    ScsiBytes.put64(d, 0, blocks - 1);
    ScsiBytes.put32(d, 8, BLOCK_SIZE);
    d[13] = 0x03; // 8 logical blocks per 4 KiB physical block
    d[14] = (byte) 0xC0; // LBPME, LBPRZ
    return ScsiResult.good(d, r.allocationLength());
  }

  private ScsiResult reportLuns(ReportLuns r) {
    // One LUN here; the target answers REPORT LUNS for the whole target itself.
    byte[] d = new byte[16];
    ScsiBytes.put32(d, 0, 8);
    System.arraycopy(Lun.of(lunNumber).toBytes(), 0, d, 8, 8);
    return ScsiResult.good(d, r.allocationLength());
  }

  private ScsiResult requestSense(ScsiRequest req, RequestSense r) {
    SenseData s;
    synchronized (this) {
      Deque<SenseData> q = unitAttentions.get(req.nexus().initiatorPortName());
      s = q == null ? null : q.poll();
      if (s != null) {
        attentionCount--;
      }
    }
    if (s == null) {
      s = stopped ? SenseData.of(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED)
          : SenseData.of(SenseKey.NO_SENSE, AdditionalSense.NO_ADDITIONAL_SENSE);
    }
    if (r.descriptorFormat()) {
      s = s.withFormat(SenseFormat.DESCRIPTOR_CURRENT);
    }
    return ScsiResult.good(s.toBytes(), r.allocationLength());
  }

  // ---- mode pages (SPC-4 §7.5, SBC-3 §6.4) ----

  private byte[] modePage(int code, int pc) {
    boolean changeable = pc == 1;
    return switch (code) {
      case 0x01 -> {
        byte[] p = new byte[12];
        p[0] = 0x01;
        p[1] = 0x0A;
        if (!changeable) {
          p[2] = (byte) 0xC0; // AWRE, ARRE
        }
        yield p;
      }
      case 0x08 -> {
        byte[] p = new byte[20];
        p[0] = 0x08;
        p[1] = 0x12;
        if (changeable) {
          p[2] = 0x04; // WCE can be changed
        } else if (pc == 2) {
          p[2] = 0x04;
        } else {
          synchronized (this) {
            p[2] = (byte) (writeCacheEnabled ? 0x04 : 0);
          }
        }
        yield p;
      }
      case 0x0A -> {
        byte[] p = new byte[12];
        p[0] = 0x0A;
        p[1] = 0x0A;
        if (changeable) {
          p[2] = 0x04; // D_SENSE
        } else if (pc != 2) {
          synchronized (this) {
            p[2] = (byte) (descriptorSense ? 0x04 : 0);
          }
        }
        if (!changeable) {
          p[3] = 0x10; // QUEUE ALGORITHM MODIFIER 1: unrestricted reordering
          ScsiBytes.put16(p, 8, 0xFFFF); // busy timeout period: unlimited
        }
        yield p;
      }
      case 0x1C -> {
        byte[] p = new byte[12];
        p[0] = 0x1C;
        p[1] = 0x0A;
        yield p;
      }
      default -> null;
    };
  }

  private ScsiResult modeSense(ModeSense m) {
    if (m.subpageCode() != 0 && m.subpageCode() != 0xFF) {
      return invalidField(3);
    }
    int pc = m.pageControl().code();
    List<byte[]> pages = new ArrayList<>();
    if (m.pageCode() == 0x3F) {
      for (int c : new int[] {0x01, 0x08, 0x0A, 0x1C}) {
        pages.add(modePage(c, pc));
      }
    } else {
      byte[] p = modePage(m.pageCode(), pc);
      if (p == null) {
        return invalidField(2);
      }
      pages.add(p);
    }
    boolean six = m.cdbLength() == 6;
    boolean longLba = !six && m.llbaa();
    int bdLen = m.dbd() ? 0 : longLba ? 16 : 8;
    int header = six ? 4 : 8;
    int total = header + bdLen + pages.stream().mapToInt(p -> p.length).sum();
    byte[] d = new byte[total];
    int deviceSpecific = (backend.readOnly() ? 0x80 : 0) | 0x10; // WP, DPOFUA
    if (six) {
      d[0] = (byte) (total - 1);
      d[2] = (byte) deviceSpecific;
      d[3] = (byte) bdLen;
    } else {
      ScsiBytes.put16(d, 0, total - 2);
      d[3] = (byte) deviceSpecific;
      d[4] = (byte) (longLba ? 1 : 0);
      ScsiBytes.put16(d, 6, bdLen);
    }
    int off = header;
    if (bdLen == 8) {
      ScsiBytes.put32(d, off, Math.min(0xffffffffL, blocks));
      ScsiBytes.put24(d, off + 5, BLOCK_SIZE);
    } else if (bdLen == 16) {
      ScsiBytes.put64(d, off, blocks);
      ScsiBytes.put32(d, off + 12, BLOCK_SIZE);
    }
    off += bdLen;
    for (byte[] p : pages) {
      System.arraycopy(p, 0, d, off, p.length);
      off += p.length;
    }
    return ScsiResult.good(d, m.allocationLength());
  }

  private ScsiResult modeSelect(ScsiRequest req, ModeSelect m) {
    byte[] p = req.dataOut();
    int len = Math.min(p.length, m.parameterListLength());
    if (len == 0) {
      return ScsiResult.GOOD;
    }
    boolean six = m.cdbLength() == 6;
    int header = six ? 4 : 8;
    if (len < header) {
      return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR));
    }
    int bdLen = six ? p[3] & 0xff : ScsiBytes.u16(p, 6);
    int off = header + bdLen;
    if (off > len) {
      return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR));
    }
    if (bdLen >= 8) {
      int blockLength = six || bdLen == 8 ? ScsiBytes.u24(p, header + 5) : (int) ScsiBytes.u32(p, header + 12);
      if (blockLength != BLOCK_SIZE && blockLength != 0) {
        return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST)
            .withFieldPointer(FieldPointer.parameter(six || bdLen == 8 ? header + 5 : header + 12)));
      }
    }
    Boolean wce = null;
    Boolean dsense = null;
    while (off < len) {
      if (off + 2 > len) {
        return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR));
      }
      int code = p[off] & 0x3f;
      int plen = (p[off + 1] & 0xff) + 2;
      byte[] current = modePage(code, 0);
      byte[] mask = modePage(code, 1);
      if (current == null || (p[off] & 0x40) != 0) {
        return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST)
            .withFieldPointer(FieldPointer.parameter(off)));
      }
      if (plen != current.length || off + plen > len) {
        return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST)
            .withFieldPointer(FieldPointer.parameter(off + 1)));
      }
      for (int i = 2; i < plen; i++) {
        int changed = (p[off + i] ^ current[i]) & ~mask[i] & 0xff;
        if (changed != 0) {
          return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST)
              .withFieldPointer(FieldPointer.parameter(off + i)));
        }
      }
      if (code == 0x08) {
        wce = (p[off + 2] & 0x04) != 0;
      } else if (code == 0x0A) {
        dsense = (p[off + 2] & 0x04) != 0;
      }
      off += plen;
    }
    synchronized (this) {
      if (wce != null) {
        writeCacheEnabled = wce;
      }
      if (dsense != null) {
        descriptorSense = dsense;
      }
      unitAttentionForOthers(req.nexus().initiatorPortName(), AdditionalSense.MODE_PARAMETERS_CHANGED);
    }
    return ScsiResult.GOOD;
  }

  // ---- REPORT SUPPORTED OPERATION CODES (SPC-4 §6.35) ----

  private static final int[][] SUPPORTED = {
    // opcode, service action (-1: none), CDB length
    {0x00, -1, 6}, {0x03, -1, 6}, {0x08, -1, 6}, {0x0A, -1, 6}, {0x12, -1, 6}, {0x15, -1, 6}, {0x16, -1, 6},
    {0x17, -1, 6}, {0x1A, -1, 6}, {0x1B, -1, 6}, {0x1E, -1, 6}, {0x25, -1, 10}, {0x28, -1, 10}, {0x2A, -1, 10},
    {0x2E, -1, 10}, {0x2F, -1, 10}, {0x34, -1, 10}, {0x35, -1, 10}, {0x41, -1, 10}, {0x42, -1, 10},
    {0x55, -1, 10}, {0x5A, -1, 10}, {0x5E, 0, 10}, {0x5E, 1, 10}, {0x5E, 2, 10}, {0x5E, 3, 10},
    {0x5F, 0, 10}, {0x5F, 1, 10}, {0x5F, 2, 10}, {0x5F, 3, 10}, {0x5F, 4, 10}, {0x5F, 5, 10}, {0x5F, 6, 10},
    {0x5F, 7, 10},
    {0x88, -1, 16}, {0x89, -1, 16}, {0x8A, -1, 16}, {0x8E, -1, 16}, {0x8F, -1, 16}, {0x90, -1, 16},
    {0x91, -1, 16}, {0x93, -1, 16}, {0x9E, 0x10, 16}, {0x9E, 0x12, 16}, {0xA0, -1, 12}, {0xA3, 0x0C, 12},
    {0xA8, -1, 12}, {0xAA, -1, 12}, {0xAE, -1, 12}, {0xAF, -1, 12},
  };

  private ScsiResult reportSupportedOperationCodes(ReportSupportedOperationCodes r) {
    int opt = r.reportingOptions();
    if (opt == ReportSupportedOperationCodes.ALL_COMMANDS) {
      int each = r.rctd() ? 20 : 8;
      byte[] d = new byte[4 + SUPPORTED.length * each];
      ScsiBytes.put32(d, 0, d.length - 4);
      int off = 4;
      for (int[] c : SUPPORTED) {
        d[off] = (byte) c[0];
        if (c[1] >= 0) {
          ScsiBytes.put16(d, off + 2, c[1]);
        }
        d[off + 5] = (byte) ((c[1] >= 0 ? 0x01 : 0) | (r.rctd() ? 0x02 : 0));
        ScsiBytes.put16(d, off + 6, c[2]);
        if (r.rctd()) {
          ScsiBytes.put16(d, off + 8, 0x0A);
        }
        off += each;
      }
      return ScsiResult.good(d, r.allocationLength());
    }
    if (opt > 3) {
      return invalidField(2);
    }
    int[] found = null;
    for (int[] c : SUPPORTED) {
      boolean opMatch = c[0] == r.requestedOpcode();
      boolean saMatch = opt == 1 ? c[1] < 0 : opt == 2 ? c[1] == r.requestedServiceAction()
          : c[1] < 0 || c[1] == r.requestedServiceAction();
      if (opMatch && saMatch) {
        found = c;
        break;
      }
    }
    if (opt == 1 && found == null) {
      for (int[] c : SUPPORTED) {
        if (c[0] == r.requestedOpcode() && c[1] >= 0) {
          return invalidField(3); // the opcode has service actions: options 1 is invalid
        }
      }
    }
    if (opt == 2 && found == null) {
      for (int[] c : SUPPORTED) {
        if (c[0] == r.requestedOpcode() && c[1] < 0) {
          return invalidField(3); // SPC-4 §6.35: that opcode has no service actions
        }
      }
    }
    int cdbLen = found == null ? 0 : found[2];
    byte[] d = new byte[4 + cdbLen + (r.rctd() ? 12 : 0)];
    d[1] = (byte) ((found == null ? 0x01 : 0x03) | (r.rctd() ? 0x80 : 0));
    ScsiBytes.put16(d, 2, cdbLen);
    if (found != null) {
      d[4] = (byte) found[0];
      for (int i = 1; i < cdbLen; i++) {
        d[4 + i] = (byte) 0xFF;
      }
      if (found[1] >= 0) {
        d[5] = (byte) (0xE0 | found[1]);
      }
      d[4 + cdbLen - 1] = 0x07; // CONTROL: NACA and the link bits
    }
    return ScsiResult.good(d, r.allocationLength());
  }

  // ---- reservations ----

  private synchronized ScsiResult reserve6(ScsiRequest req) {
    String port = req.nexus().initiatorPortName();
    if (prType != null || (reserve6Holder != null && !reserve6Holder.equals(port))) {
      return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT);
    }
    reserve6Holder = port;
    reservationActive = reserve6Holder != null || prType != null;
    return ScsiResult.GOOD;
  }

  /**
   * The I_T nexus ended (its session logged out, failed or was reinstated): a RESERVE(6)
   * reservation it held is released (SPC-2's reservation rules; libiscsi's Reserve6.Logout and
   * Reserve6.ITNexusLoss check it). Persistent reservations and registrations stay.
   */
  public synchronized void nexusLost(Nexus nexus) {
    liveNexuses.computeIfPresent(nexus.initiatorPortName(), (k, n) -> n == 1 ? null : n - 1);
    if (nexus.initiatorPortName().equals(reserve6Holder)) {
      reserve6Holder = null;
      reservationActive = reserve6Holder != null || prType != null;
    }
  }

  private synchronized ScsiResult release6(ScsiRequest req) {
    if (prType != null) {
      return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT);
    }
    if (req.nexus().initiatorPortName().equals(reserve6Holder)) {
      reserve6Holder = null;
      reservationActive = reserve6Holder != null || prType != null;
    }
    return ScsiResult.GOOD;
  }

  private synchronized ScsiResult persistentReserveIn(PersistentReserveIn p) {
    PrInServiceAction sa = p.serviceAction();
    byte[] d;
    if (sa.equals(PrInServiceAction.READ_KEYS)) {
      d = new byte[8 + 8 * registrations.size()];
      ScsiBytes.put32(d, 0, prGeneration);
      ScsiBytes.put32(d, 4, 8L * registrations.size());
      int off = 8;
      for (long k : registrations.values()) {
        ScsiBytes.put64(d, off, k);
        off += 8;
      }
    } else if (sa.equals(PrInServiceAction.READ_RESERVATION)) {
      d = new byte[prType == null ? 8 : 24];
      ScsiBytes.put32(d, 0, prGeneration);
      if (prType != null) {
        ScsiBytes.put32(d, 4, 16);
        ScsiBytes.put64(d, 8, isAllRegistrants() ? 0 : prKey);
        d[21] = (byte) prType.code();
      }
    } else if (sa.equals(PrInServiceAction.REPORT_CAPABILITIES)) {
      // CRH (RESERVE/RELEASE(6) conflict with persistent reservations), SIP_C and ATP_C (SPEC_I_PT
      // with iSCSI initiator port TransportIDs; ALL_TG_PT, this LU having one target port), no
      // PTPL_C (nothing persists through power loss), every reservation type in the mask.
      d = new ReportCapabilitiesData(false, true, true, true, false, true, 0, false,
          ReportCapabilitiesData.allTypesMask()).toBytes();
    } else if (sa.equals(PrInServiceAction.READ_FULL_STATUS)) {
      List<byte[]> ds = new ArrayList<>();
      for (Map.Entry<String, Long> e : registrations.entrySet()) {
        byte[] tid = transportId(e.getKey());
        byte[] x = new byte[24 + tid.length];
        ScsiBytes.put64(x, 0, e.getValue());
        boolean holder = prType != null && (isAllRegistrants() || e.getKey().equals(prHolder));
        x[12] = (byte) ((holder ? 0x01 : 0) | (allTargetPorts.contains(e.getKey()) ? 0x02 : 0));
        if (holder) {
          x[13] = (byte) prType.code();
        }
        Nexus n = registrants.get(e.getKey());
        ScsiBytes.put16(x, 18, n == null ? 1 : n.relativeTargetPortId());
        ScsiBytes.put32(x, 20, tid.length);
        System.arraycopy(tid, 0, x, 24, tid.length);
        ds.add(x);
      }
      int total = ds.stream().mapToInt(b -> b.length).sum();
      d = new byte[8 + total];
      ScsiBytes.put32(d, 0, prGeneration);
      ScsiBytes.put32(d, 4, total);
      int off = 8;
      for (byte[] x : ds) {
        System.arraycopy(x, 0, d, off, x.length);
        off += x.length;
      }
    } else {
      return invalidField(1);
    }
    return ScsiResult.good(d, p.allocationLength());
  }

  /** An iSCSI TransportID, format 01b: the initiator port name (SPC-4 §7.6.4.6). */
  private static byte[] transportId(String port) {
    byte[] name = port.getBytes(StandardCharsets.UTF_8);
    int len = (name.length + 1 + 3) & ~3;
    byte[] t = new byte[4 + len];
    t[0] = 0x45;
    ScsiBytes.put16(t, 2, len);
    System.arraycopy(name, 0, t, 4, name.length);
    return t;
  }

  private boolean isAllRegistrants() {
    return prType != null && (prType.code() == 0x7 || prType.code() == 0x8);
  }

  private synchronized ScsiResult persistentReserveOut(ScsiRequest req, PersistentReserveOut p) {
    byte[] d = req.dataOut();
    if (d.length < p.parameterListLength()) {
      return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR));
    }
    if (d.length > p.parameterListLength()) {
      d = java.util.Arrays.copyOf(d, (int) p.parameterListLength());
    }
    String port = req.nexus().initiatorPortName();
    boolean registered = registrations.containsKey(port);
    long myKey = registered ? registrations.get(port) : 0;
    PrOutServiceAction sa = p.serviceAction();
    if (sa.equals(PrOutServiceAction.REGISTER_AND_MOVE)) {
      return registerAndMove(req, p, RegisterAndMoveParameterList.parse(d), registered, myKey);
    }
    // SPC-4 §6.16.3: the basic list is 24 bytes unless SPEC_I_PT adds TransportIDs (length errors
    // and reserved bits come back from the parser as sense data).
    PrOutParameterList list = PrOutParameterList.parse(d);
    long key = list.reservationKey();
    long saKey = list.serviceActionReservationKey();
    boolean registerLike = sa.equals(PrOutServiceAction.REGISTER)
        || sa.equals(PrOutServiceAction.REGISTER_AND_IGNORE_EXISTING_KEY);
    if (list.specIPt() && !sa.equals(PrOutServiceAction.REGISTER)) {
      // SPC-4 §6.16.3: SPEC_I_PT is valid with REGISTER only.
      return invalidParameter(20, 3);
    }
    if (list.aptpl() && registerLike) {
      // PTPL_C is zero in REPORT CAPABILITIES: persisting through power loss is not offered.
      return invalidParameter(20, 0);
    }
    if (registerLike) {
      boolean ignore = sa.equals(PrOutServiceAction.REGISTER_AND_IGNORE_EXISTING_KEY);
      if (!ignore && (registered ? key != myKey : key != 0)) {
        return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT);
      }
      if (saKey == 0) {
        if (registered) {
          unregister(port);
        }
        prGeneration++; // SPC-4 §6.15.2: every successful REGISTER counts
        return ScsiResult.GOOD;
      }
      List<Nexus> extra = new ArrayList<>();
      if (list.specIPt()) {
        if (registered) {
          // SPC-4 §5.12.7: SPEC_I_PT from an already registered I_T nexus is an invalid field.
          return invalidParameter(20, 3);
        }
        int off = 28;
        for (TransportId tid : list.transportIds()) {
          Nexus n = nexusOf(tid, req.nexus().relativeTargetPortId());
          if (n == null) {
            return invalidParameter(off, -1); // not an iSCSI initiator port TransportID (format 01b)
          }
          if (!n.initiatorPortName().equals(port)) {
            if (registrations.containsKey(n.initiatorPortName())) {
              return invalidParameter(off, -1); // that I_T nexus is registered already
            }
            extra.add(n);
          }
          off += tid.length();
        }
      }
      register(req.nexus(), saKey, list.allTgPt());
      for (Nexus n : extra) {
        register(n, saKey, list.allTgPt());
      }
      if (prType != null && port.equals(prHolder)) {
        prKey = saKey;
      }
      prGeneration++;
      return ScsiResult.GOOD;
    }
    if (!registered || key != myKey) {
      return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT);
    }
    if (sa.equals(PrOutServiceAction.RESERVE)) {
      if (p.scope() != 0) {
        return invalidField(2);
      }
      if (prType != null) {
        boolean mine = isAllRegistrants() || port.equals(prHolder);
        return mine && prType.equals(p.type()) ? ScsiResult.GOOD : ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT);
      }
      if (reserve6Holder != null) {
        return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT);
      }
      if (!validType(p.type())) {
        return invalidField(2);
      }
      prType = p.type();
      reservationActive = reserve6Holder != null || prType != null;
      prHolder = port;
      prKey = key;
      return ScsiResult.GOOD;
    }
    if (sa.equals(PrOutServiceAction.RELEASE)) {
      if (prType == null || !(isAllRegistrants() || port.equals(prHolder))) {
        return ScsiResult.GOOD;
      }
      if (!prType.equals(p.type()) || p.scope() != 0) {
        return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_RELEASE_OF_PERSISTENT_RESERVATION));
      }
      releaseReservation(port, true);
      return ScsiResult.GOOD;
    }
    if (sa.equals(PrOutServiceAction.CLEAR)) {
      // SPC-4 §5.12.11.6: RESERVATIONS PREEMPTED for every other registered I_T nexus.
      for (String other : registrations.keySet()) {
        if (!other.equals(port)) {
          queueAttention(other, AdditionalSense.RESERVATIONS_PREEMPTED);
        }
      }
      registrations.clear();
      registrants.clear();
      allTargetPorts.clear();
      prType = null;
      reservationActive = reserve6Holder != null || prType != null;
      prHolder = null;
      prGeneration++;
      return ScsiResult.GOOD;
    }
    if (sa.equals(PrOutServiceAction.PREEMPT) || sa.equals(PrOutServiceAction.PREEMPT_AND_ABORT)) {
      if (p.scope() != 0 || !validType(p.type())) {
        return invalidField(2);
      }
      // The I_T nexuses whose registrations (or reservation) this preempts: PREEMPT AND ABORT
      // aborts their commands (SPC-4 §5.12.11.4.5 c).
      Set<String> preempted = new LinkedHashSet<>();
      if (prType != null && !isAllRegistrants() && saKey == prKey) {
        // SPC-4 §5.12.11.4.3: preempt the holder: drop every other registration with that key, take
        // the reservation; if type or scope changed, the registrants left see RESERVATIONS RELEASED.
        // The holder preempting itself keeps its registration (and its commands).
        boolean changed = !prType.equals(p.type());
        preempted.addAll(removeRegistrations(saKey, port));
        prType = p.type();
        reservationActive = reserve6Holder != null || prType != null;
        prHolder = port;
        prKey = key;
        if (changed) {
          for (String other : registrations.keySet()) {
            if (!other.equals(port)) {
              queueAttention(other, AdditionalSense.RESERVATIONS_RELEASED);
            }
          }
        }
      } else if (prType != null && isAllRegistrants() && saKey == 0) {
        for (String other : new ArrayList<>(registrations.keySet())) {
          if (!other.equals(port)) {
            unregisterQuietly(other);
            preempted.add(other);
          }
        }
        // SPC-4 §5.12.11.4.5: with an all registrants reservation and a zero key, the commands of
        // every registered I_T nexus are aborted, the sender's other commands included.
        preempted.add(port);
        prType = p.type();
        reservationActive = reserve6Holder != null || prType != null;
        prHolder = port;
        prKey = key;
      } else {
        if (saKey == 0) {
          return invalidParameter(8, -1);
        }
        // SPC-4 §5.12.11.4.4: every registration with that key goes, the sender's own included
        // when it names its own key (then without a unit attention for it).
        Set<String> removed = new LinkedHashSet<>();
        for (Map.Entry<String, Long> e : new ArrayList<>(registrations.entrySet())) {
          if (e.getValue() == saKey) {
            if (e.getKey().equals(port)) {
              registrations.remove(port);
              registrants.remove(port);
              allTargetPorts.remove(port);
            } else {
              unregisterQuietly(e.getKey());
            }
            removed.add(e.getKey());
          }
        }
        if (removed.isEmpty()) {
          return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT);
        }
        if (prType != null && isAllRegistrants() && registrations.isEmpty()) {
          releaseReservation(port, false); // the last registrant of an all registrants reservation went
        }
        preempted.addAll(removed);
      }
      prGeneration++;
      return sa.equals(PrOutServiceAction.PREEMPT_AND_ABORT) ? ScsiResult.GOOD.abortingTasksOf(preempted)
          : ScsiResult.GOOD;
    }
    return invalidField(1);
  }

  /**
   * REGISTER AND MOVE (SPC-4 §5.12.8, §6.16.4): the reservation holder hands its reservation to the
   * I_T nexus named by an iSCSI initiator port TransportID, registering it with the service action
   * key; UNREG unregisters the sender afterwards.
   */
  private ScsiResult registerAndMove(ScsiRequest req, PersistentReserveOut p, RegisterAndMoveParameterList list,
      boolean registered, long myKey) {
    String port = req.nexus().initiatorPortName();
    if (!registered || list.reservationKey() != myKey) {
      return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT);
    }
    if (list.aptpl()) {
      return invalidParameter(17, 0);
    }
    if (prType == null || isAllRegistrants() || !port.equals(prHolder)) {
      // No reservation, or the sender does not hold it, or every registrant holds it.
      return ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT);
    }
    if (list.serviceActionReservationKey() == 0) {
      return invalidParameter(8, -1);
    }
    if (list.relativeTargetPortId() != req.nexus().relativeTargetPortId()) {
      return invalidParameter(18, -1); // this logical unit is reached through one target port only
    }
    Nexus dest = nexusOf(list.transportId(), list.relativeTargetPortId());
    if (dest == null) {
      return invalidParameter(24, -1);
    }
    if (dest.initiatorPortName().equals(port)) {
      return invalidParameter(24, -1); // moving to the sender itself
    }
    String to = dest.initiatorPortName();
    registrations.remove(to);
    register(dest, list.serviceActionReservationKey(), false);
    prHolder = to;
    prKey = list.serviceActionReservationKey();
    if (list.unreg()) {
      registrations.remove(port);
      registrants.remove(port);
      allTargetPorts.remove(port);
    }
    prGeneration++;
    return ScsiResult.GOOD;
  }

  /** The I_T nexus an iSCSI initiator port TransportID (format 01b) names, or null for any other kind. */
  private static Nexus nexusOf(TransportId tid, int relativeTargetPortId) {
    if (tid.protocolIdentifier() != TransportId.ISCSI || tid.formatCode() != 1) {
      return null;
    }
    String s = tid.iscsiName();
    int sep = s.toLowerCase(java.util.Locale.ROOT).lastIndexOf(",i,0x");
    if (sep <= 0 || s.length() - sep - 5 != 12) {
      return null;
    }
    try {
      return new Nexus(s.substring(0, sep), Long.parseLong(s.substring(sep + 5), 16), relativeTargetPortId);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void register(Nexus n, long key, boolean allTgPt) {
    String port = n.initiatorPortName();
    registrations.put(port, key);
    registrants.put(port, n);
    if (allTgPt) {
      allTargetPorts.add(port);
    } else {
      allTargetPorts.remove(port);
    }
  }

  private void queueAttention(String port, AdditionalSense asc) {
    Deque<SenseData> q = unitAttentions.get(port);
    if (q != null) {
      q.add(SenseData.of(SenseKey.UNIT_ATTENTION, asc));
      attentionCount++;
    }
  }

  private ScsiResult invalidParameter(int byteOffset, int bit) {
    return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST)
        .withFieldPointer(bit < 0 ? FieldPointer.parameter(byteOffset) : FieldPointer.parameter(byteOffset, bit)));
  }

  private static boolean validType(ReservationType t) {
    int c = t.code();
    return c == 0x1 || c == 0x3 || c == 0x5 || c == 0x6 || c == 0x7 || c == 0x8;
  }

  /** Removes every registration with {@code key} but {@code except}'s; returns the initiator ports removed. */
  private Set<String> removeRegistrations(long key, String except) {
    Set<String> removed = new LinkedHashSet<>();
    for (Map.Entry<String, Long> e : new ArrayList<>(registrations.entrySet())) {
      if (e.getValue() == key && !e.getKey().equals(except)) {
        unregisterQuietly(e.getKey());
        removed.add(e.getKey());
      }
    }
    return removed;
  }

  private void unregisterQuietly(String port) {
    registrations.remove(port);
    registrants.remove(port);
    allTargetPorts.remove(port);
    Deque<SenseData> q = unitAttentions.get(port);
    if (q != null) {
      q.add(SenseData.of(SenseKey.UNIT_ATTENTION, AdditionalSense.REGISTRATIONS_PREEMPTED));
      attentionCount++;
    }
  }

  private void unregister(String port) {
    registrations.remove(port);
    registrants.remove(port);
    allTargetPorts.remove(port);
    // SPC-4 §5.12.11.3: a holder's unregistering releases the reservation, except that an all
    // registrants reservation lasts until its last registrant is gone (SPC-4 §5.12.11.1).
    boolean released = isAllRegistrants() ? registrations.isEmpty() : port.equals(prHolder);
    if (prType != null && released) {
      releaseReservation(port, !isAllRegistrants());
    }
  }

  private void releaseReservation(String port, boolean notify) {
    int t = prType.code();
    prType = null;
    reservationActive = reserve6Holder != null || prType != null;
    prHolder = null;
    if (notify && (t == 0x5 || t == 0x6 || t == 0x7 || t == 0x8)) {
      for (String other : registrations.keySet()) {
        if (!other.equals(port)) {
          Deque<SenseData> q = unitAttentions.get(other);
          if (q != null) {
            q.add(SenseData.of(SenseKey.UNIT_ATTENTION, AdditionalSense.RESERVATIONS_RELEASED));
            attentionCount++;
          }
        }
      }
    }
  }

  // ---- helpers ----

  private ScsiResult notReady() {
    return check(SenseData.of(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED));
  }

  private ScsiResult invalidField(int cdbByte) {
    return check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB)
        .withFieldPointer(FieldPointer.cdb(cdbByte)));
  }

  private ScsiResult check(SenseData s) {
    boolean desc;
    synchronized (this) {
      desc = descriptorSense;
    }
    return ScsiResult.check(desc ? s.withFormat(SenseFormat.DESCRIPTOR_CURRENT) : s);
  }

  @Override
  public void close() throws IOException {
    backend.close();
  }
}
