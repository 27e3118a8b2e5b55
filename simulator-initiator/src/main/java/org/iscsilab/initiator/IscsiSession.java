package org.iscsilab.initiator;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.iscsilab.protocol.codec.PduDecodeError;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.NegotiationResult;
import org.iscsilab.protocol.negotiation.SessionParameters;
import org.iscsilab.protocol.pdu.AsyncEvent;
import org.iscsilab.protocol.pdu.AsyncMessage;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LogoutReason;
import org.iscsilab.protocol.pdu.LogoutRequest;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.TargetPdu;
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponse;
import org.iscsilab.protocol.pdu.TaskManagementResponseCode;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.protocol.scsi.ScsiStatus;
import org.iscsilab.protocol.scsi.sense.IscsiSense;
import org.iscsilab.protocol.scsi.sense.SenseData;
import org.iscsilab.protocol.sn.SerialNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A normal iSCSI session in full feature phase: the asynchronous task engine (RFC 7143 §4, §11).
 *
 * <p>All state lives on one event loop shared by the session's connections, so nothing here is
 * locked. Commands are queued up to the queue depth and sent only while CmdSN is inside the
 * window (MaxCmdSN); writes carry immediate data and unsolicited Data-Out up to FirstBurstLength
 * and answer R2Ts; Data-In is reassembled with DataSN and buffer-offset checks. Every task has a
 * deadline; when it passes, the task's future fails with a {@link TaskStalledException} saying
 * what was awaited and who owes the next PDU. With {@link SessionConfig#abortOnTimeout()} the
 * session first sends ABORT TASK for a command whose deadline passed and waits (bounded) for the
 * answer, which the diagnosis then reports; late answers for given-up tasks are ignored.
 */
public final class IscsiSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IscsiSession.class);
  private static final long SWEEP_MS = 50;

  private final SessionConfig config;
  private final EventLoop loop;
  /** The session's own polling loop ({@link SessionConfig#withPolling}), shut down on close; else null. */
  private final EventLoopGroup ownLoop;
  private final List<Conn> conns = new ArrayList<>();
  private final IntObjectHashMap<Task> tasks = new IntObjectHashMap<>();
  private final ArrayDeque<Task> waiting = new ArrayDeque<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final Runnable flushTask = this::flushAll;
  private volatile LoginOutcome outcome;
  private volatile SessionParameters params;
  private int cmdSN;
  private volatile int expCmdSN;
  private volatile int maxCmdSN;
  private int nextItt = 1;
  private int outstanding;
  private int rr;
  private boolean flushScheduled;
  private volatile boolean closing;
  private volatile String failure;
  private ScheduledFuture<?> sweeper;
  private ScheduledFuture<?> pinger;
  private final List<InitiatorQuirk> quirks;
  /**
   * Tags of tasks given up at their deadline (and aborted): a late answer for one of them is
   * ignored, not a violation, and the tag is not reused while it is here. Bounded.
   */
  private final java.util.LinkedHashMap<Integer, String> retired = new java.util.LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<Integer, String> eldest) {
      return size() > 4096;
    }
  };

  private IscsiSession(SessionConfig config, EventLoop loop, EventLoopGroup ownLoop) {
    this.config = config;
    this.loop = loop;
    this.ownLoop = ownLoop;
    this.quirks = config.quirks();
  }

  /**
   * Connects and logs in (blocking, bounded by the config's deadlines). With
   * {@code config.connections() > 1} more connections are added when the target agreed to
   * MaxConnections &gt; 1.
   *
   * @throws PortalUnreachableException, LoginFailedException, TaskStalledException
   */
  public static IscsiSession open(SessionConfig config) {
    if (config.connections() > 1
        && config.login().profile().value(IscsiKeys.MAX_CONNECTIONS).orElse("1").equals("1")) {
      config = config.withLogin(config.login().withKey(IscsiKeys.MAX_CONNECTIONS,
          Integer.toString(config.connections())));
    }
    EventLoopGroup polling = config.polls() ? PollingEventLoop.newGroup(config.pollInterval()) : null;
    try {
      IscsiConnection first = IscsiConnection.connect(config.host(), config.port(), config.connectTimeout(),
          polling == null ? null : polling.next(), false, config.wireTap());
      IscsiSession s = new IscsiSession(config, first.eventLoop(), polling);
      try {
        s.loginAll(first);
      } catch (RuntimeException e) {
        first.close();
        s.conns.forEach(c -> c.conn.close());
        throw e;
      }
      return s;
    } catch (RuntimeException e) {
      if (polling != null) {
        PollingEventLoop.shutdown(polling); // after the closes above, which it runs first
      }
      throw e;
    }
  }

  private void loginAll(IscsiConnection first) {
    LoginSpec spec = config.login().withIds(config.login().isid(), 0, 0, 0, config.login().cmdSN(), 0, true);
    LoginOutcome o = LoginDriver.login(first, spec);
    outcome = o;
    params = o.result().session();
    cmdSN = o.cmdSN();
    expCmdSN = o.expCmdSN();
    maxCmdSN = o.maxCmdSN();
    Conn c0 = new Conn(first, 0, o.statSN() + 1, o.result());
    conns.add(c0);
    int wanted = Math.min(config.connections(), params.maxConnections());
    for (int cid = 1; cid < wanted; cid++) {
      IscsiConnection extra = IscsiConnection.connect(config.host(), config.port(), config.connectTimeout(), loop,
          false, config.wireTap());
      try {
        LoginOutcome ox = LoginDriver.login(extra, config.login().withIds(o.isid(), o.tsih(), cid, cid, cmdSN, 0,
            false));
        expCmdSN = ox.expCmdSN();
        maxCmdSN = ox.maxCmdSN();
        violations.addAll(ox.targetViolations());
        conns.add(new Conn(extra, cid, ox.statSN() + 1, ox.result()));
      } catch (RuntimeException e) {
        extra.close();
        LOG.warn("{}: extra connection CID {} not added: {}", first.portal(), cid, e.getMessage());
        break;
      }
    }
    for (Conn c : conns) {
      c.conn.placeDataIn(placement);
      c.conn.attach(c);
    }
    sweeper = loop.scheduleAtFixedRate(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    if (!config.nopInterval().isZero()) {
      long ms = config.nopInterval().toMillis();
      pinger = loop.scheduleAtFixedRate(this::periodicPing, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  // ---------------------------------------------------------------- public API

  /** Sends a SCSI command; the future completes with the result (any status) or fails with a diagnosis. */
  public CompletableFuture<ScsiResult> submit(ScsiRequest request) {
    Task t = new Task(Task.Kind.SCSI, request.timeout() != null ? request.timeout() : config.taskTimeout());
    t.request = request;
    CompletableFuture<ScsiResult> f = new CompletableFuture<>();
    t.future = f;
    onLoop(() -> enqueue(t));
    return f;
  }

  /**
   * How {@link #submit(ScsiRequest, byte[], Completion)} reports the end of a command: once, on the
   * session's event loop, without a future or a result object for the common case.
   */
  @FunctionalInterface
  public interface Completion {
    /**
     * @param notGood null when the command ended with GOOD status, no residual and all data in the
     *     caller's buffer; otherwise the whole result (CHECK CONDITION with its sense, residuals...)
     * @param failure the diagnosis when the task failed (deadline, lost connection, protocol
     *     error); {@code notGood} is null then
     */
    void done(ScsiResult notGood, Throwable failure);
  }

  /**
   * The lower-level form of {@link #submit(ScsiRequest)} for load generators: the data read lands
   * in {@code readBuffer} (exactly {@code request.readLength()} bytes; null when nothing is read)
   * and {@code completion} is called on the event loop. Called on the event loop itself (from a
   * completion), the command goes out with the next flush and nothing crosses threads.
   */
  public void submit(ScsiRequest request, byte[] readBuffer, Completion completion) {
    if (request.readLength() > 0 ? readBuffer == null || readBuffer.length != request.readLength()
        : readBuffer != null) {
      throw new IllegalArgumentException("the read buffer must hold exactly the " + request.readLength()
          + " bytes the request reads");
    }
    Task t = new Task(Task.Kind.SCSI, request.timeout() != null ? request.timeout() : config.taskTimeout());
    t.request = request;
    t.readBuf = readBuffer;
    t.readLength = request.readLength();
    t.completion = completion;
    onLoop(() -> enqueue(t));
  }

  /**
   * Receives the data of a read where it lies, in the connection's receive buffer, as each Data-In
   * arrives: no copy at all. Called on the event loop before the PDU's sequence checks; a protocol
   * error found afterwards still fails the task through its {@link Completion}.
   */
  @FunctionalInterface
  public interface DataSink {
    /**
     * @param offset where {@code data} belongs in the read (its buffer offset)
     * @param data   a read-only view valid only during this call: do not retain, release or keep it
     */
    void onData(int offset, io.netty.buffer.ByteBuf data);
  }

  /**
   * {@link #submit(ScsiRequest, byte[], Completion)} with the data handed to {@code sink} in place
   * instead of copied into an array (zero-copy reads for load generators and streaming readers).
   */
  public void submit(ScsiRequest request, DataSink sink, Completion completion) {
    java.util.Objects.requireNonNull(sink, "sink");
    Task t = new Task(Task.Kind.SCSI, request.timeout() != null ? request.timeout() : config.taskTimeout());
    t.request = request;
    t.sink = sink;
    t.readLength = request.readLength();
    t.completion = completion;
    onLoop(() -> enqueue(t));
  }

  /** {@link #submit} and wait (the task's own deadline bounds the wait). */
  public ScsiResult execute(ScsiRequest request) {
    requireNotOnLoop("execute");
    return await(submit(request));
  }

  /** Blocking on the event loop would wait for the thread that is blocked: refuse, loudly. */
  private void requireNotOnLoop(String what) {
    if (loop.inEventLoop()) {
      throw new IllegalStateException(what + "() blocks; it must not be called on the session's event loop "
          + "(from a completion callback): use submit() and compose the future");
    }
  }

  /** Waits for a future of this session, unwrapping its failure. */
  public static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(1, TimeUnit.DAYS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new InitiatorException(String.valueOf(c.getMessage()), c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InitiatorException("interrupted");
    } catch (TimeoutException e) {
      throw new InitiatorException("a task outlived its own deadline");
    }
  }

  /** A NOP-Out ping (immediate, CmdSN not advanced); completes with the round-trip time. */
  public CompletableFuture<Duration> ping(Duration timeout) {
    Task t = new Task(Task.Kind.NOP, timeout);
    CompletableFuture<Duration> f = new CompletableFuture<>();
    t.future = f;
    onLoop(() -> sendImmediate(t));
    return f;
  }

  /** A task management function (immediate). ABORT TASK refers to {@code referencedTaskTag}. */
  public CompletableFuture<TaskManagementResponseCode> taskManagement(TaskManagementFunction function, long lun,
      int referencedTaskTag, Duration timeout) {
    Task t = new Task(Task.Kind.TMF, timeout);
    t.tmf = function;
    t.tmfLun = lun;
    t.referencedTask = referencedTaskTag;
    CompletableFuture<TaskManagementResponseCode> f = new CompletableFuture<>();
    t.future = f;
    onLoop(() -> sendImmediate(t));
    return f;
  }

  /** ABORT TASK for an outstanding task. */
  public CompletableFuture<TaskManagementResponseCode> abortTask(long lun, int itt, Duration timeout) {
    return taskManagement(TaskManagementFunction.ABORT_TASK, lun, itt, timeout);
  }

  /** LOGICAL UNIT RESET. */
  public CompletableFuture<TaskManagementResponseCode> logicalUnitReset(long lun, Duration timeout) {
    return taskManagement(TaskManagementFunction.LOGICAL_UNIT_RESET, lun, Pdu.RESERVED_TAG, timeout);
  }

  /** Logout (close the session); the connections close after the response. */
  public CompletableFuture<LogoutResponse> logout(Duration timeout) {
    Task t = new Task(Task.Kind.LOGOUT, timeout);
    CompletableFuture<LogoutResponse> f = new CompletableFuture<>();
    t.future = f;
    closing = true;
    onLoop(() -> sendImmediate(t));
    return f;
  }

  /** Logs out (bounded) and closes every connection. Never throws. */
  @Override
  public void close() {
    if (loop.inEventLoop()) {
      // Called from a callback: no waiting here; log out and let the target close.
      closing = true;
      logout(Duration.ofSeconds(5)).whenComplete((r, e) -> {
        conns.forEach(c -> c.conn.channel().close());
        if (ownLoop != null) {
          PollingEventLoop.shutdown(ownLoop); // runs the closes queued above first
        }
      });
      return;
    }
    if (conns.stream().anyMatch(c -> c.conn.isOpen())) {
      try {
        await(logout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        LOG.debug("logout on close: {}", e.getMessage());
      }
    }
    closing = true;
    onLoop(() -> {
      if (sweeper != null) {
        sweeper.cancel(false);
      }
      if (pinger != null) {
        pinger.cancel(false);
      }
    });
    for (Conn c : conns) {
      c.conn.close();
    }
    loop.submit(() -> failAll("the session was closed")).awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (ownLoop != null) {
      PollingEventLoop.shutdown(ownLoop);
    }
  }

  /**
   * Logs in again after the connection dropped (ERL 0: session reinstatement with the same ISID,
   * TSIH 0). Tasks that were outstanding have already failed with {@link ConnectionLostException}.
   */
  public synchronized void reconnect() {
    for (Conn c : conns) {
      c.conn.close();
    }
    IscsiConnection fresh = IscsiConnection.connect(config.host(), config.port(), config.connectTimeout(), loop,
        false, config.wireTap());
    try {
      LoginOutcome o = LoginDriver.login(fresh, config.login().withIds(outcome.isid(), 0, 0, 0, 1, 0, true));
      loop.submit(() -> {
        failAll("the session was reinstated");
        conns.clear();
        outcome = o;
        params = o.result().session();
        cmdSN = o.cmdSN();
        expCmdSN = o.expCmdSN();
        maxCmdSN = o.maxCmdSN();
        Conn c = new Conn(fresh, 0, o.statSN() + 1, o.result());
        conns.add(c);
        failure = null;
        closing = false;
        fresh.placeDataIn(placement);
        fresh.attach(c);
      }).syncUninterruptibly();
      synchronized (openSignal) {
        openSignal.notifyAll();
      }
    } catch (RuntimeException e) {
      fresh.close();
      throw e;
    }
  }

  /**
   * Waits (bounded) until the session is usable, e.g. after an automatic reconnect
   * ({@link SessionConfig#reconnect()}).
   */
  public boolean awaitOpen(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (openSignal) {
      while (!isOpen()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          openSignal.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private final Object openSignal = new Object();

  /** The negotiated parameters of the leading connection. */
  public NegotiationResult negotiated() {
    return outcome.result();
  }

  public LoginOutcome loginOutcome() {
    return outcome;
  }

  /** Connections in use. */
  public int connectionCount() {
    return conns.size();
  }

  /** The connections (for history and raw inspection). */
  public List<IscsiConnection> connections() {
    return conns.stream().map(c -> c.conn).toList();
  }

  /** Target protocol violations noticed so far (the session went on where it could). */
  public List<String> targetViolations() {
    return List.copyOf(violations);
  }

  public boolean isOpen() {
    return failure == null && conns.stream().anyMatch(c -> c.conn.isOpen());
  }

  public String portal() {
    return config.host() + ":" + config.port();
  }

  public SessionConfig config() {
    return config;
  }

  /** ExpCmdSN and MaxCmdSN as last seen. */
  public int expCmdSN() {
    return expCmdSN;
  }

  public int maxCmdSN() {
    return maxCmdSN;
  }

  /** Tags the engine still tracks (tasks outstanding or being aborted), for tests that check for leaks. */
  int trackedTasks() {
    return loop.submit(tasks::size).syncUninterruptibly().getNow();
  }

  // ---------------------------------------------------------------- engine (event loop only)

  private void onLoop(Runnable r) {
    if (loop.inEventLoop()) {
      r.run();
      scheduleFlush();
    } else {
      loop.execute(() -> {
        r.run();
        flushAll();
      });
    }
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      loop.execute(flushTask);
    }
  }

  private void flushAll() {
    flushScheduled = false;
    for (int i = 0; i < conns.size(); i++) {
      Conn c = conns.get(i);
      if (c.dirty) {
        c.dirty = false;
        c.conn.flush();
      }
    }
  }

  private boolean usable() {
    if (failure != null) {
      return false;
    }
    for (int i = 0; i < conns.size(); i++) {
      if (conns.get(i).conn.isOpen()) {
        return true;
      }
    }
    return false;
  }

  private Conn pickConn() {
    int n = conns.size();
    for (int i = 0; i < n; i++) {
      Conn c = conns.get((rr++ & 0x7fffffff) % n);
      if (c.conn.isOpen()) {
        return c;
      }
    }
    return conns.get(0);
  }

  private int allocateItt() {
    while (true) {
      int itt = nextItt++;
      if (itt == Pdu.RESERVED_TAG) {
        continue;
      }
      if (!tasks.containsKey(itt) && !retired.containsKey(itt)) {
        return itt;
      }
    }
  }

  private void enqueue(Task t) {
    t.submitted = System.nanoTime();
    t.deadline = t.submitted + t.timeout.toNanos();
    if (!usable()) {
      t.fail(new ConnectionLostException(t.describe() + " not sent",
          failure != null ? failure : closedReason(), history(null)));
      return;
    }
    t.itt = allocateItt();
    tasks.put(t.itt, t);
    waiting.add(t);
    pump();
  }

  private String closedReason() {
    return conns.isEmpty() ? "no connection" : String.valueOf(conns.get(0).conn.closeReason());
  }

  /** Sends queued commands while the queue depth and the window allow (RFC 7143 §4.2.2.1). */
  private void pump() {
    while (!waiting.isEmpty() && outstanding < config.queueDepth() && SerialNumber.lessOrEqual(cmdSN, maxCmdSN)) {
      Task t = waiting.poll();
      if (t.done) {
        continue;
      }
      sendScsi(t);
    }
  }

  private void send(Conn c, Pdu pdu) {
    for (int i = 0; i < quirks.size(); i++) {
      pdu = quirks.get(i).beforeSend(pdu);
      if (pdu == null) {
        return;
      }
    }
    c.conn.write(pdu);
    c.dirty = true;
  }

  private void sendScsi(Task t) {
    ScsiRequest r = t.request;
    Conn c = pickConn();
    t.conn = c;
    t.cmdSN = cmdSN;
    t.sent = true;
    t.sentAt = System.nanoTime();
    outstanding++;
    if (!r.immediate()) {
      cmdSN++;
    }
    int edtl = r.expectedDataTransferLength();
    boolean write = r.writeLength() > 0;
    DataSegment immediateData = DataSegment.EMPTY;
    int unsolicited = 0;
    if (write) {
      // RFC 7143 §13.14 (C6, C15): immediate data plus unsolicited Data-Out stay within
      // FirstBurstLength; the shared negotiation model says how much that is.
      int correct = Math.min(params.unsolicitedDataLimit(), edtl);
      int limit = correct;
      for (InitiatorQuirk q : quirks) {
        limit = q.unsolicitedLimit(limit, params.firstBurstLength(), edtl);
      }
      if (params.immediateData() && limit > 0) {
        int imm = Math.min(limit, c.maxSend);
        immediateData = slice(r, 0, imm);
        unsolicited = imm;
      }
      t.unsolicitedEnd = params.unsolicitedDataOutAllowed() ? limit : unsolicited;
    } else if (r.readLength() > 0 && t.readBuf == null && t.sink == null) {
      t.readBuf = new byte[r.readLength()];
      t.readLength = r.readLength();
    }
    byte[] cdb = r.cdb();
    ScsiCommand cmd = cdb.length <= 16
        // The common case without an Extended CDB AHS: the record directly, no builder.
        ? new ScsiCommand(r.immediate(), !write || t.unsolicitedEnd <= unsolicited, r.readLength() > 0, write,
            r.attribute(), r.lun(), t.itt, edtl, t.cmdSN, c.expStatSN,
            cdb.length == 16 ? cdb : Arrays.copyOf(cdb, 16), List.of(), immediateData)
        : ScsiCommand.builder()
            .immediate(r.immediate())
            .finalFlag(!write || t.unsolicitedEnd <= unsolicited)
            .read(r.readLength() > 0)
            .write(write)
            .attribute(r.attribute())
            .lun(r.lun())
            .initiatorTaskTag(t.itt)
            .expectedDataTransferLength(edtl)
            .cmdSN(t.cmdSN)
            .expStatSN(c.expStatSN)
            .cdb(cdb)
            .data(immediateData)
            .build();
    send(c, cmd);
    t.bytesSent = unsolicited;
    // Unsolicited Data-Out after the command (RFC 7143 §4.2.5.2), TTT 0xffffffff.
    if (write && t.unsolicitedEnd > unsolicited) {
      sendDataOut(t, Pdu.RESERVED_TAG, unsolicited, t.unsolicitedEnd - unsolicited);
    }
  }

  private static DataSegment slice(ScsiRequest r, int offset, int length) {
    if (offset == 0 && length == r.writeData().length && r.writeOffset() == 0) {
      return DataSegment.wrap(r.writeData());
    }
    return DataSegment.of(r.writeData(), r.writeOffset() + offset, length);
  }

  /** One Data-Out sequence: [offset, offset+length) in PDUs of at most MaxRecvDataSegmentLength. */
  private void sendDataOut(Task t, int ttt, int offset, int length) {
    Conn c = t.conn;
    int dataSN = 0;
    int end = offset + length;
    for (int off = offset; off < end; ) {
      int n = Math.min(c.maxSend, end - off);
      boolean last = off + n >= end;
      send(c, new DataOut(last, t.request.lun(), t.itt, ttt, c.expStatSN, dataSN++, off, slice(t.request, off, n)));
      off += n;
    }
    t.bytesSent = Math.max(t.bytesSent, end);
  }

  private void sendImmediate(Task t) {
    t.submitted = System.nanoTime();
    t.deadline = t.submitted + t.timeout.toNanos();
    if (!usable()) {
      t.fail(new ConnectionLostException(t.describe() + " not sent", failure != null ? failure : closedReason(),
          history(null)));
      return;
    }
    t.itt = allocateItt();
    tasks.put(t.itt, t);
    // An ABORT TASK goes where its task went, while that connection lives.
    Conn c = t.conn != null && t.conn.conn.isOpen() ? t.conn : pickConn();
    t.conn = c;
    t.cmdSN = cmdSN;
    t.sent = true;
    t.sentAt = t.submitted;
    t.immediate = true;
    switch (t.kind) {
      case NOP -> send(c, NopOut.ping(t.itt, cmdSN, c.expStatSN, DataSegment.EMPTY));
      case TMF -> {
        Task ref = tasks.get(t.referencedTask);
        int refCmdSN = ref != null ? ref.cmdSN : cmdSN;
        send(c, new TaskManagementRequest(true, t.tmf, t.tmfLun, t.itt, t.referencedTask, cmdSN, c.expStatSN,
            refCmdSN, 0));
      }
      case LOGOUT -> send(c, new LogoutRequest(true, LogoutReason.CLOSE_SESSION, t.itt, c.cid, cmdSN,
          c.expStatSN));
      default -> throw new IllegalStateException(t.kind.toString());
    }
  }

  private void periodicPing() {
    if (!usable()) {
      return;
    }
    Task t = new Task(Task.Kind.NOP, config.nopTimeout());
    CompletableFuture<Duration> f = new CompletableFuture<>();
    t.future = f;
    f.whenComplete((d, e) -> {
      if (e != null) {
        violations.add("NOP-Out ping unanswered: " + e.getMessage());
        LOG.warn("{}", e.getMessage());
      }
    });
    sendImmediate(t);
    flushAll();
  }

  // ---------------------------------------------------------------- inbound

  /** Per-connection state: its own StatSN and segment limit. */
  private final class Conn implements IscsiConnection.Sink {
    final IscsiConnection conn;
    final int cid;
    int expStatSN;
    final int maxSend;
    boolean dirty;

    Conn(IscsiConnection conn, int cid, int expStatSN, NegotiationResult r) {
      this.conn = conn;
      this.cid = cid;
      this.expStatSN = expStatSN;
      this.maxSend = r.connection().targetMaxRecvDataSegmentLength();
    }

    @Override
    public void onPdu(Pdu pdu) {
      try {
        handle(this, pdu);
      } catch (RuntimeException e) {
        LOG.warn("{}: error handling {}: {}", conn.portal(), PduSummary.of(pdu), e.toString());
        violations.add("handling " + PduSummary.of(pdu) + ": " + e.getMessage());
      }
    }

    @Override
    public void onDecodeError(PduDecodeError error) {
      violations.add(error.error().getMessage());
      LOG.warn("{}: {}", conn.portal(), error.error().getMessage());
    }

    @Override
    public void onConnectionError(Throwable error) {
      LOG.debug("{}: {}", conn.portal(), error.toString());
    }

    @Override
    public void onClosed(String reason) {
      connectionClosed(this, reason);
    }

    @Override
    public void onReadComplete() {
      flushAll();
    }
  }

  private void updateWindow(TargetPdu p) {
    int e = p.expCmdSN();
    int m = p.maxCmdSN();
    // RFC 7143 §4.2.2.1: ignore values where MaxCmdSN < ExpCmdSN - 1.
    if (SerialNumber.lessThan(m, e - 1)) {
      violations.add("MaxCmdSN " + Integer.toUnsignedString(m) + " < ExpCmdSN - 1 (" + Integer.toUnsignedString(e)
          + ") in " + PduSummary.of(p) + " (RFC 7143 §4.2.2.1)");
      return;
    }
    if (SerialNumber.greaterThan(e, expCmdSN)) {
      expCmdSN = e;
    }
    if (SerialNumber.greaterThan(m, maxCmdSN)) {
      maxCmdSN = m;
    }
  }

  private static void advanceStatSN(Conn c, int statSN) {
    if (SerialNumber.greaterOrEqual(statSN, c.expStatSN)) {
      c.expStatSN = statSN + 1;
    }
  }

  private void handle(Conn c, Pdu pdu) {
    if (!(pdu instanceof TargetPdu tp)) {
      violations.add("the target sent an initiator opcode: " + PduSummary.of(pdu));
      return;
    }
    updateWindow(tp);
    if (pdu instanceof DataIn d) {
      onDataIn(c, d);
    } else if (pdu instanceof ScsiResponse r) {
      advanceStatSN(c, r.statSN());
      onScsiResponse(r);
    } else if (pdu instanceof ReadyToTransfer r) {
      onR2T(r);
    } else if (pdu instanceof NopIn n) {
      onNopIn(c, n);
    } else if (pdu instanceof TaskManagementResponse r) {
      advanceStatSN(c, r.statSN());
      Task t = tasks.remove(r.initiatorTaskTag());
      if (t != null && t.kind == Task.Kind.TMF) {
        t.complete(r.response());
      } else {
        unknownTask(pdu);
      }
    } else if (pdu instanceof LogoutResponse r) {
      advanceStatSN(c, r.statSN());
      Task t = tasks.remove(r.initiatorTaskTag());
      if (t != null && t.kind == Task.Kind.LOGOUT) {
        closing = true;
        t.complete(r);
      } else {
        unknownTask(pdu);
      }
    } else if (pdu instanceof AsyncMessage a) {
      advanceStatSN(c, a.statSN());
      onAsync(c, a);
    } else if (pdu instanceof Reject r) {
      advanceStatSN(c, r.statSN());
      onReject(r);
    } else if (pdu instanceof TextResponse r) {
      advanceStatSN(c, r.statSN());
      unknownTask(pdu);
    } else {
      violations.add("unexpected in full feature phase: " + PduSummary.of(pdu) + " (RFC 7143 §11)");
    }
    pump();
  }

  private void unknownTask(Pdu pdu) {
    String late = retired.get(pdu.initiatorTaskTag());
    if (late != null) {
      // A task given up at its deadline (and aborted): its late answer is expected, not a violation.
      LOG.info("{}: late {} for {}, given up at its deadline; ignored", portal(), PduSummary.of(pdu), late);
      if (!(pdu instanceof ReadyToTransfer) && !(pdu instanceof DataIn d && !d.statusPresent())) {
        retired.remove(pdu.initiatorTaskTag());
      }
      return;
    }
    violations.add("PDU for no outstanding task: " + PduSummary.of(pdu) + " (RFC 7143 §11.2.1.8)");
  }

  /** Keeps a given-up task's tag so that its late answer is recognised and the tag not reused. */
  private void retire(Task t) {
    retired.put(t.itt, t.describe());
  }

  private Task scsiTask(Pdu pdu) {
    Task t = tasks.get(pdu.initiatorTaskTag());
    if (t == null || t.kind != Task.Kind.SCSI) {
      unknownTask(pdu);
      return null;
    }
    if (t.done || t.aborting) {
      // A late answer to a task that already timed out (or is being aborted): note it, ignore it.
      boolean last = pdu instanceof ScsiResponse || (pdu instanceof DataIn d && d.statusPresent());
      if (last && t.done) {
        tasks.remove(t.itt);
      } else if (last && t.lateAnswer.isEmpty()) {
        t.lateAnswer = PduSummary.of(pdu) + " came " + TaskStalledException.seconds(
            Duration.ofNanos(System.nanoTime() - t.deadline)) + " after the deadline and was ignored";
      }
      LOG.info("{}: late {} after the task's deadline", portal(), PduSummary.of(pdu));
      return null;
    }
    return t;
  }

  /**
   * The decoder's question, on the event loop: the read buffer of a live SCSI task, so that its
   * Data-In payload is copied once, from the frame into the buffer the result hands out. A PDU for
   * anything else keeps its bytes and is judged by {@link #onDataIn} as before.
   */
  private final org.iscsilab.protocol.codec.DataInPlacement placement =
      new org.iscsilab.protocol.codec.DataInPlacement() {
        @Override
        public byte[] destination(int itt, int offset, int length) {
          Task t = tasks.get(itt);
          return t != null && t.kind == Task.Kind.SCSI && !t.done && t.sent ? t.readBuf : null;
        }

        @Override
        public boolean consume(int itt, int offset, io.netty.buffer.ByteBuf data) {
          Task t = tasks.get(itt);
          if (t == null || t.kind != Task.Kind.SCSI || t.done || !t.sent || t.sink == null
              || (long) offset + data.readableBytes() > t.readLength) {
            return false;
          }
          try {
            t.sink.onData(offset, data);
          } catch (RuntimeException e) {
            t.sinkError = e; // the task fails when its Data-In is handled
          }
          return true;
        }
      };

  private void onDataIn(Conn c, DataIn d) {
    if (d.statusPresent()) {
      advanceStatSN(c, d.statSN());
    }
    Task t = scsiTask(d);
    if (t == null) {
      return;
    }
    int len = d.data().length();
    if (d.dataSN() != t.expectedDataSN) {
      t.protocolError("RFC 7143 §11.7.5", "Data-In DataSN " + Integer.toUnsignedString(d.dataSN())
          + " where " + t.expectedDataSN + " was expected for " + t.describe());
    } else if (t.sinkError != null) {
      // The tag stays taken until the target ends the task: its later PDUs are late, not unknown.
      if (d.statusPresent()) {
        tasks.remove(t.itt);
      }
      t.fail(new InitiatorException("the data sink of " + t.describe() + " failed: " + t.sinkError, t.sinkError));
    } else if (t.readLength == 0 && len > 0) {
      t.protocolError("RFC 7143 §11.7", "Data-In with " + len + " bytes for " + t.describe()
          + " which reads nothing (EDTL " + t.request.expectedDataTransferLength() + ")");
    } else if (len > 0 && d.bufferOffset() != t.nextOffset && params.dataPDUInOrder()) {
      t.protocolError("RFC 7143 §11.7.6", "Data-In buffer offset " + Integer.toUnsignedString(d.bufferOffset())
          + " where " + t.nextOffset + " was expected (DataPDUInOrder=Yes) for " + t.describe());
    } else if (len > 0 && (long) Integer.toUnsignedLong(d.bufferOffset()) + len > t.readLength) {
      t.protocolError("RFC 7143 §11.7.6", "Data-In offset " + Integer.toUnsignedString(d.bufferOffset()) + " + "
          + len + " bytes runs past the expected data transfer length " + t.readLength + " of " + t.describe());
    }
    if (t.done) {
      return;
    }
    t.expectedDataSN++;
    if (len > 0) {
      if (d.data().isRetained() && t.readBuf != null) {
        d.data().copyTo(0, t.readBuf, d.bufferOffset(), len);
      } // else the decoder already placed the bytes or gave them to the sink (placement)
      t.nextOffset = d.bufferOffset() + len;
      t.received += len;
    }
    if (d.statusPresent()) {
      if (!d.finalFlag()) {
        violations.add("Data-In with S bit but no F bit for " + t.describe() + " (RFC 7143 §11.7.1)");
      }
      finishScsi(t, 0, d.status(), DataSegment.EMPTY, d.residualUnderflow(), d.residualOverflow(),
          d.residualCount());
    }
  }

  private void onScsiResponse(ScsiResponse r) {
    Task t = scsiTask(r);
    if (t == null) {
      return;
    }
    finishScsi(t, r.response(), r.status(), r.data(), r.residualUnderflow(), r.residualOverflow(),
        r.residualCount());
  }

  private void finishScsi(Task t, int response, int status, DataSegment segment, boolean under, boolean over,
      int residual) {
    tasks.remove(t.itt);
    if (t.completion != null && response == 0 && status == ScsiStatus.GOOD.code() && !under && !over
        && t.received == t.readLength) {
      t.complete(null); // the common case of the lower-level path: nothing to allocate
      return;
    }
    Optional<SenseData> sense = Optional.empty();
    Optional<String> senseProblem = Optional.empty();
    if (!segment.isEmpty()) {
      try {
        sense = IscsiSense.decode(segment.toByteArray());
      } catch (RuntimeException e) {
        senseProblem = Optional.of(e.getMessage());
      }
    }
    byte[] data = t.readBuf == null ? new byte[0]
        : t.received == t.readBuf.length ? t.readBuf : Arrays.copyOf(t.readBuf, t.nextOffset);
    ScsiResult result = ScsiResult.describedLazily(t.request.cdb(), response, ScsiStatus.of(status), sense,
        senseProblem, data, under, over, residual, Duration.ofNanos(System.nanoTime() - t.submitted));
    t.complete(result);
  }

  private void onR2T(ReadyToTransfer r) {
    Task t = scsiTask(r);
    if (t == null) {
      return;
    }
    int edtl = t.request.writeLength();
    long off = Integer.toUnsignedLong(r.bufferOffset());
    long len = Integer.toUnsignedLong(r.desiredDataTransferLength());
    if (edtl == 0) {
      t.protocolError("RFC 7143 §11.8", "R2T for " + t.describe() + ", which writes nothing");
      return;
    }
    if (r.r2tSN() != t.expectedR2TSN) {
      violations.add("R2TSN " + Integer.toUnsignedString(r.r2tSN()) + " where " + t.expectedR2TSN
          + " was expected for " + t.describe() + " (RFC 7143 §11.8.5)");
    }
    t.expectedR2TSN = r.r2tSN() + 1;
    if (len == 0 || off + len > edtl) {
      t.protocolError("RFC 7143 §11.8.4", "R2T asks for offset " + off + " length " + len + " of "
          + t.describe() + " whose data is " + edtl + " bytes");
      return;
    }
    if (len > params.maxBurstLength()) {
      violations.add("R2T desired length " + len + " exceeds MaxBurstLength " + params.maxBurstLength() + " for "
          + t.describe() + " (RFC 7143 §13.13)");
    }
    t.r2tsAnswered++;
    sendDataOut(t, r.targetTransferTag(), (int) off, (int) len);
  }

  private void onNopIn(Conn c, NopIn n) {
    if (n.initiatorTaskTag() != Pdu.RESERVED_TAG) {
      advanceStatSN(c, n.statSN());
      Task t = tasks.remove(n.initiatorTaskTag());
      if (t != null && t.kind == Task.Kind.NOP) {
        t.complete(Duration.ofNanos(System.nanoTime() - t.sentAt));
      } else {
        unknownTask(n);
      }
      return;
    }
    // A target ping: StatSN is the next one, not advanced (RFC 7143 §11.19.2).
    if (SerialNumber.greaterThan(n.statSN(), c.expStatSN)) {
      c.expStatSN = n.statSN();
    }
    if (!n.requestsAnswer()) {
      return;
    }
    for (InitiatorQuirk q : quirks) {
      if (!q.answerNopIn(n)) {
        return;
      }
    }
    // RFC 7143 §11.18: ITT 0xffffffff, the NOP-In's TTT and LUN, I bit, CmdSN not advanced.
    NopOut answer = NopOut.answer(n, cmdSN, c.expStatSN);
    for (InitiatorQuirk q : quirks) {
      answer = q.nopOutAnswer(n, answer);
    }
    send(c, answer);
  }

  private void onAsync(Conn c, AsyncMessage a) {
    int code = a.asyncEvent().code();
    LOG.info("{}: Asynchronous Message: {}", portal(), a.asyncEvent());
    if (code == AsyncEvent.LOGOUT_REQUESTED.code()) {
      // RFC 7143 §11.9.1: log out within Parameter3 seconds.
      Task t = new Task(Task.Kind.LOGOUT, Duration.ofSeconds(Math.max(1, a.parameter3())));
      t.future = new CompletableFuture<LogoutResponse>();
      closing = true;
      sendImmediate(t);
    } else if (code == AsyncEvent.CONNECTION_DROPPED.code() || code == AsyncEvent.SESSION_DROPPED.code()) {
      failure = "the target announced it drops the " + (code == 2 ? "connection" : "session")
          + " (Asynchronous Message, RFC 7143 §11.9.1)";
    }
  }

  private void onReject(Reject r) {
    byte[] header = r.data().toByteArray();
    int itt = header.length >= 20 ? ((header[16] & 0xff) << 24) | ((header[17] & 0xff) << 16)
        | ((header[18] & 0xff) << 8) | (header[19] & 0xff) : Pdu.RESERVED_TAG;
    Task t = tasks.get(itt);
    String msg = "the target rejected " + (t != null ? t.describe() : String.format("a PDU (ITT 0x%08x)", itt))
        + ": " + r.reason() + " (RFC 7143 §11.17)";
    violations.add(msg);
    // RFC 7143 §6.3 / §11.17.1: for a rejected command the task is terminated; for a Data-Out reject it is not.
    if (t != null && !t.done && header.length >= 1 && (header[0] & 0x3f) != 0x05) {
      tasks.remove(itt);
      t.fail(new TargetProtocolException("RFC 7143 §11.17", msg));
    }
  }

  private void connectionClosed(Conn c, String reason) {
    List<Task> hit = new ArrayList<>();
    for (Task t : tasks.values()) {
      if (t.conn == c && !t.done) {
        hit.add(t);
      }
    }
    for (Task t : hit) {
      tasks.remove(t.itt);
      failLost(t, new ConnectionLostException(t.describe() + " (" + t.awaited().what() + " outstanding)", reason,
          c.conn.historyLog().last(8)));
    }
    if (!usable()) {
      failAll(reason);
      if (config.reconnect() && !closing) {
        LOG.warn("{}: connection lost ({}); reconnecting", portal(), reason);
        Thread th = new Thread(() -> {
          try {
            reconnect();
          } catch (RuntimeException e) {
            LOG.warn("{}: reconnect failed: {}", portal(), e.getMessage());
          }
        }, "iscsi-reconnect");
        th.setDaemon(true);
        th.start();
      }
    }
  }

  private void failAll(String reason) {
    List<Task> all = new ArrayList<>(tasks.values());
    all.addAll(waiting);
    tasks.clear();
    waiting.clear();
    for (Task t : all) {
      if (!t.done) {
        failLost(t, new ConnectionLostException(t.describe() + " (" + t.awaited().what() + " outstanding)", reason,
            history(t.conn)));
      }
    }
  }

  /** A task being aborted keeps its stall diagnosis; the lost connection is the abort's outcome. */
  private void failLost(Task t, ConnectionLostException e) {
    if (t.stall == null) {
      t.fail(e);
      return;
    }
    t.fail(t.stall.withAbort(new AbortOutcome(AbortOutcome.Kind.CONNECTION_LOST, Optional.empty(),
        Duration.ofNanos(System.nanoTime() - t.abortSentAt), "the connection ended first (" + e.reason() + ")",
        t.lateAnswer)));
  }

  private List<PduRecord> history(Conn c) {
    if (c == null) {
      return conns.isEmpty() ? List.of() : conns.get(0).conn.historyLog().last(8);
    }
    return c.conn.historyLog().last(8);
  }

  /** Deadlines: every task past its deadline fails with a diagnosis. */
  private void sweep() {
    long now = System.nanoTime();
    List<Task> expired = null;
    for (Task t : tasks.values()) {
      if (!t.done && !t.aborting && now - t.deadline >= 0) {
        if (expired == null) {
          expired = new ArrayList<>();
        }
        expired.add(t);
      }
    }
    if (expired == null) {
      return;
    }
    for (Task t : expired) {
      if (t.done) {
        continue; // failed meanwhile (an ABORT TASK that expired in this sweep resolved its task)
      }
      TaskStalledException e = diagnose(t, now);
      if (t.kind == Task.Kind.SCSI && t.sent && config.abortOnTimeout()) {
        // INFO: the caller gets the whole diagnosis once the abort is resolved.
        LOG.info("deadline passed, sending ABORT TASK: {}", e.getMessage().split("\\. Last PDUs:", 2)[0]);
        abortExpired(t, e);
        continue;
      }
      LOG.warn("{}", e.getMessage());
      tasks.remove(t.itt);
      if (t.kind == Task.Kind.SCSI && t.sent) {
        retire(t); // the target may still answer: that answer is ignored
      }
      t.fail(e);
    }
    pump();
    flushAll();
  }

  /**
   * The deadline of a sent SCSI task passed: ABORT TASK for it (RFC 7143 §11.5.1), bounded by the
   * abort's own deadline; the task fails with its diagnosis once the abort is resolved either way.
   */
  private void abortExpired(Task t, TaskStalledException stall) {
    t.aborting = true;
    t.stall = stall;
    t.abortSentAt = System.nanoTime();
    Task a = new Task(Task.Kind.TMF, config.abortTimeout());
    a.tmf = TaskManagementFunction.ABORT_TASK;
    a.tmfLun = t.request.lun();
    a.referencedTask = t.itt;
    a.conn = t.conn;
    CompletableFuture<TaskManagementResponseCode> f = new CompletableFuture<>();
    a.future = f;
    f.whenComplete((code, err) -> abortResolved(t, a, code, err));
    sendImmediate(a);
  }

  private void abortResolved(Task t, Task abort, TaskManagementResponseCode code, Throwable err) {
    if (t.done) {
      return;
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - t.abortSentAt);
    AbortOutcome o;
    if (err == null) {
      o = new AbortOutcome(AbortOutcome.Kind.ANSWERED, Optional.of(code), waited, "", t.lateAnswer);
    } else if (err instanceof TaskStalledException) {
      retire(abort); // its answer may still come
      o = new AbortOutcome(AbortOutcome.Kind.NO_ANSWER, Optional.empty(), abort.timeout, "", t.lateAnswer);
    } else if (err instanceof ConnectionLostException cl) {
      o = new AbortOutcome(AbortOutcome.Kind.CONNECTION_LOST, Optional.empty(), waited,
          "the connection ended first (" + cl.reason() + ")", t.lateAnswer);
    } else {
      o = new AbortOutcome(AbortOutcome.Kind.FAILED, Optional.empty(), waited,
          String.valueOf(err.getMessage()).lines().findFirst().orElse(""), t.lateAnswer);
    }
    if (tasks.get(t.itt) == t) {
      tasks.remove(t.itt);
    }
    retire(t); // an answer already on its way (or from a target that ignored the abort) is ignored
    LOG.info("{} (ITT {}): {}", t.describe(), PduSummary.tag(t.itt), o.describe());
    // The answers since the deadline may show the target took the command into its window after all.
    TaskStalledException.CmdSnState state = t.stall.cmdSnState();
    if (state == TaskStalledException.CmdSnState.NOT_CONSUMED && SerialNumber.greaterThan(expCmdSN, t.cmdSN)) {
      state = TaskStalledException.CmdSnState.CONSUMED;
    }
    t.fail(t.stall.withAbort(o, state, expCmdSN, maxCmdSN, history(t.conn)));
    pump();
    scheduleFlush();
  }

  /** The diagnosis of a task whose deadline passed. */
  TaskStalledException diagnose(Task t, long now) {
    Awaited awaited = t.awaited();
    if (!t.sent) {
      awaited = SerialNumber.lessOrEqual(cmdSN, maxCmdSN) ? Awaited.QUEUE_SLOT : Awaited.WINDOW;
    }
    TaskStalledException.CmdSnState state;
    if (!t.sent) {
      state = TaskStalledException.CmdSnState.NOT_SENT;
    } else if (t.immediate || (t.request != null && t.request.immediate())) {
      state = TaskStalledException.CmdSnState.NOT_APPLICABLE;
    } else {
      state = SerialNumber.greaterThan(expCmdSN, t.cmdSN) ? TaskStalledException.CmdSnState.CONSUMED
          : TaskStalledException.CmdSnState.NOT_CONSUMED;
    }
    String progress = "";
    if (!t.sent && awaited == Awaited.QUEUE_SLOT) {
      progress = outstanding + " tasks outstanding at queue depth " + config.queueDepth();
    } else if (t.kind == Task.Kind.SCSI && t.readLength > 0) {
      progress = t.received + " of " + t.readLength + " bytes received, next DataSN " + t.expectedDataSN;
    } else if (t.kind == Task.Kind.SCSI && t.request.writeLength() > 0) {
      progress = t.bytesSent + " of " + t.request.writeLength() + " bytes sent, " + t.r2tsAnswered
          + " R2Ts answered";
    }
    OptionalInt sn = t.sent || t.kind == Task.Kind.SCSI ? OptionalInt.of(t.sent ? t.cmdSN : cmdSN)
        : OptionalInt.empty();
    return new TaskStalledException(t.describe(), t.itt, t.iscsiOpcode(), sn,
        Duration.ofNanos(now - t.submitted), awaited, state, expCmdSN, maxCmdSN, progress,
        t.conn != null ? t.conn.conn.portal() : portal(), history(t.conn));
  }

  /** One task of any kind. Fields are touched on the event loop only. */
  private final class Task {
    enum Kind { SCSI, NOP, TMF, LOGOUT }

    final Kind kind;
    final Duration timeout;
    ScsiRequest request;
    CompletableFuture<?> future;
    /** Instead of {@link #future}, for {@link #submit(ScsiRequest, byte[], Completion)}. */
    Completion completion;
    int itt;
    int cmdSN;
    boolean sent;
    boolean immediate;
    boolean done;
    long submitted;
    long sentAt;
    long deadline;
    Conn conn;
    byte[] readBuf;
    /** Bytes the command reads: readBuf's length, or what goes to the sink; 0 when it reads nothing. */
    int readLength;
    /** Instead of readBuf: where the data goes in place ({@link #submit(ScsiRequest, DataSink, Completion)}). */
    DataSink sink;
    RuntimeException sinkError;
    int received;
    int nextOffset;
    int expectedDataSN;
    int expectedR2TSN;
    int unsolicitedEnd;
    int bytesSent;
    int r2tsAnswered;
    TaskManagementFunction tmf;
    long tmfLun;
    int referencedTask;
    /** Deadline passed, ABORT TASK sent: answers are ignored until the abort is resolved. */
    boolean aborting;
    TaskStalledException stall;
    long abortSentAt;
    String lateAnswer = "";

    Task(Kind kind, Duration timeout) {
      this.kind = kind;
      this.timeout = timeout;
    }

    String describe() {
      return switch (kind) {
        case SCSI -> request.describe();
        case NOP -> "NOP-Out ping";
        case TMF -> "task management " + tmf + (referencedTask != Pdu.RESERVED_TAG
            ? String.format(" of ITT 0x%08x", referencedTask) : "");
        case LOGOUT -> "Logout (close the session)";
      };
    }

    String iscsiOpcode() {
      return switch (kind) {
        case SCSI -> "SCSI Command";
        case NOP -> "NOP-Out";
        case TMF -> "Task Management Function Request";
        case LOGOUT -> "Logout Request";
      };
    }

    Awaited awaited() {
      switch (kind) {
        case NOP:
          return Awaited.NOP_IN;
        case TMF:
          return Awaited.TASK_MANAGEMENT_RESPONSE;
        case LOGOUT:
          return Awaited.LOGOUT_RESPONSE;
        default:
          break;
      }
      if (!sent) {
        return Awaited.WINDOW;
      }
      if (request.writeLength() > 0 && bytesSent < request.writeLength()) {
        return Awaited.R2T;
      }
      if (readLength > 0 && received < readLength) {
        return Awaited.DATA_IN;
      }
      return Awaited.SCSI_RESPONSE;
    }

    @SuppressWarnings("unchecked")
    void complete(Object value) {
      if (done) {
        return;
      }
      done = true;
      if (kind == Kind.SCSI && sent) {
        outstanding--;
      }
      if (completion != null) {
        tell(completion, (ScsiResult) value, null);
      } else {
        ((CompletableFuture<Object>) future).complete(value);
      }
    }

    void fail(Throwable e) {
      if (done) {
        return;
      }
      done = true;
      if (kind == Kind.SCSI && sent) {
        outstanding--;
      }
      if (completion != null) {
        tell(completion, null, e);
      } else {
        future.completeExceptionally(e);
      }
    }

    /** A completion that throws must not break the engine (a future would have kept it too). */
    private void tell(Completion c, ScsiResult r, Throwable e) {
      try {
        c.done(r, e);
      } catch (RuntimeException x) {
        LOG.warn("{}: completion of {} threw {}", portal(), describe(), x.toString());
      }
    }

    void protocolError(String clause, String message) {
      violations.add(message + " (" + clause + ")");
      tasks.remove(itt);
      fail(new TargetProtocolException(clause, message));
    }
  }
}
