package org.iscsilab.target;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.codec.FramingState;
import org.iscsilab.protocol.codec.PduChecks;
import org.iscsilab.protocol.codec.PduDecodeError;
import org.iscsilab.protocol.pdu.Sender;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.NegotiationException;
import org.iscsilab.protocol.negotiation.Negotiator;
import org.iscsilab.protocol.negotiation.SessionParameters;
import org.iscsilab.protocol.negotiation.Step;
import org.iscsilab.protocol.pdu.AsyncEvent;
import org.iscsilab.protocol.pdu.AsyncMessage;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.InitiatorPdu;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LogoutReason;
import org.iscsilab.protocol.pdu.LogoutRequest;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.LogoutResponseCode;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.RejectReason;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.SnackRequest;
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponse;
import org.iscsilab.protocol.pdu.TaskManagementResponseCode;
import org.iscsilab.protocol.pdu.TargetPdu;
import org.iscsilab.protocol.pdu.TextRequest;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.protocol.scsi.Lun;
import org.iscsilab.protocol.scsi.ScsiBytes;
import org.iscsilab.protocol.scsi.ScsiStatus;
import org.iscsilab.protocol.scsi.cdb.Cdb;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;
import org.iscsilab.protocol.scsi.sense.IscsiSense;
import org.iscsilab.protocol.scsi.sense.SenseData;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextCodec;
import org.iscsilab.protocol.text.TextFormatException;
import org.iscsilab.protocol.text.TextSegmentAssembler;
import org.iscsilab.target.quirk.Quirk;
import org.iscsilab.target.quirk.QuirkContext;
import org.iscsilab.target.scsi.LogicalUnit;
import org.iscsilab.target.scsi.ScsiRequest;
import org.iscsilab.target.scsi.ScsiResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full feature phase of one connection (RFC 7143 §4, §7, §11): the command window through the
 * session, StatSN, SCSI tasks with R2T/Data-Out collection and Data-In generation, task
 * management, NOP pings, Text (SendTargets and negotiation), Logout. Runs on the connection's
 * event loop; responses are written as they are made and flushed once per read batch.
 */
final class FullFeatureHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(FullFeatureHandler.class);
  private static final int RESERVED = Pdu.RESERVED_TAG;
  /** The largest write the target buffers for one task; bigger EDTLs get CHECK CONDITION. */
  static final int MAX_WRITE_BUFFER = LogicalUnit.MAX_TRANSFER_BLOCKS * LogicalUnit.BLOCK_SIZE * 2 + 4096;

  private final TargetRuntime runtime;
  private final Session session;
  private final int cid;
  private final Quirk quirk;
  private final QuirkContext quirkContext;
  private final SessionParameters params;
  private final Negotiator negotiator;
  private int maxSendSegment;
  private final java.time.Duration nopInInterval;
  private final java.time.Duration nopInTimeout;

  private ChannelHandlerContext ctx;
  private int statSN;
  private boolean flushPending;
  private boolean closing;
  private int nextTtt = 1;

  /** Write data buffered for tasks still collecting Data-Out on this connection. */
  static final long MAX_PENDING_WRITE_BYTES = 256L << 20;
  private long pendingWriteBytes;
  private final Map<Integer, WriteTask> writesByItt = new HashMap<>();
  private final Map<Integer, WriteTask> writesByTtt = new HashMap<>();
  private final LinkedHashSet<Integer> abortedItts = new LinkedHashSet<>();
  /** SCSI commands held while the socket is not writable (back-pressure), in CmdSN order. */
  private final java.util.ArrayDeque<ScsiCommand> deferred = new java.util.ArrayDeque<>();

  private final TextSegmentAssembler textAssembler = new TextSegmentAssembler();
  private byte[] textPending; // a text response being sent in pieces
  private int textPendingOffset;
  private int textTtt = RESERVED;
  private int textItt = RESERVED;
  private boolean textNegotiating;

  private ScheduledFuture<?> pingTimer;
  private long lastActivityNanos = System.nanoTime();
  private int pingTtt = RESERVED;
  private long pingSentNanos;

  FullFeatureHandler(TargetRuntime runtime, Session session, int cid, int statSN, Negotiator negotiator,
      int initiatorMaxRecvDataSegmentLength) {
    this.runtime = runtime;
    this.session = session;
    this.cid = cid;
    this.statSN = statSN;
    this.quirk = session.quirk;
    this.params = session.params;
    this.negotiator = negotiator;
    this.maxSendSegment = Math.max(512, initiatorMaxRecvDataSegmentLength);
    this.nopInInterval = quirk.nopInInterval(runtime.limits.nopInInterval());
    this.nopInTimeout = quirk.nopInTimeout(runtime.limits.nopInTimeout());
    this.quirkContext = new QuirkContext(session.target == null ? "" : session.target.name(),
        session.initiatorName, cid, session.discovery());
  }

  // ---- life cycle ----

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    long interval = nopInInterval.toNanos();
    long timeout = nopInTimeout.toNanos();
    if (interval > 0) {
      long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(interval, timeout > 0 ? timeout : interval) / 4);
      pingTimer = ctx.executor().scheduleAtFixedRate(this::pingTick, period, period, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cleanUp();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cleanUp();
  }

  /** ERL 0 clean-up (RFC 7143 §7.1.4): the connection's tasks end with it; an empty session ends. */
  private void cleanUp() {
    if (pingTimer != null) {
      pingTimer.cancel(false);
      pingTimer = null;
    }
    writesByItt.clear();
    writesByTtt.clear();
    deferred.clear();
    session.dropTaskManagement(this);
    pendingWriteBytes = 0;
    List<AckWaiter> waiting = new ArrayList<>(ackWaiters);
    ackWaiters.clear();
    waiting.forEach(w -> w.then().run()); // a connection that is gone owes no acknowledgement
    List<WriteTask> draining = new ArrayList<>(drainWaiters);
    drainWaiters.clear();
    for (WriteTask w : draining) { // nor any Data-Out
      Runnable then = w.onDrained;
      w.onDrained = null;
      if (then != null) {
        then.run();
      }
    }
    if (session.connections.remove(cid, this)) {
      if (session.connections.isEmpty()) {
        session.markClosed();
        runtime.sessions.remove(session);
        LOG.debug("{} ended with its last connection", session);
      } else {
        // RFC 7143 §11.9.1: tell the initiator on a surviving connection.
        for (FullFeatureHandler other : session.connections.values()) {
          int dropped = cid;
          other.runOnLoop(() -> other.sendAsync(AsyncEvent.CONNECTION_DROPPED, dropped, 0, 0));
          break;
        }
      }
    }
  }

  void closeForReinstatement() {
    runOnLoop(() -> {
      closing = true;
      session.connections.remove(cid, this);
      ctx.close();
    });
  }

  /** Asks the initiator to log out (RFC 7143 §11.9.1, AsyncEvent 1), at target shutdown. */
  void requestLogout(int seconds) {
    runOnLoop(() -> sendAsync(AsyncEvent.LOGOUT_REQUESTED, 0, 0, seconds));
  }

  void close() {
    runOnLoop(() -> {
      closing = true;
      flushNow();
      ctx.close();
    });
  }

  private void runOnLoop(Runnable r) {
    if (ctx == null) {
      return;
    }
    if (ctx.executor().inEventLoop()) {
      r.run();
      flushNow();
    } else {
      ctx.executor().execute(() -> {
        r.run();
        flushNow();
      });
    }
  }

  // ---- receiving ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      lastActivityNanos = System.nanoTime();
      if (closing) {
        return;
      }
      if (msg instanceof PduDecodeError e) {
        // RFC 7143 §7.8: a data digest error gets a Reject that returns the header.
        sendReject(e.error().rejectReason().orElse(RejectReason.PROTOCOL_ERROR), e.header());
        return;
      }
      if (!(msg instanceof Pdu pdu0)) {
        return;
      }
      Pdu pdu = quirk.onReceive(quirkContext, pdu0);
      if (pdu == null) {
        return;
      }
      receive(pdu);
    } catch (RuntimeException e) {
      LOG.warn("{} CID {}: failure handling a PDU; closing the connection", session, cid, e);
      ctx.close();
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    while (!closing && ctx.channel().isWritable() && !deferred.isEmpty()) {
      onScsiCommand(deferred.poll());
    }
    if (deferred.isEmpty()) {
      ctx.channel().config().setAutoRead(true);
    }
    flushNow();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    flushNow();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof ProtocolException p) {
      // Connection-scope errors (header digest, framing): RFC 7143 §7.8 at ERL 0 closes.
      LOG.info("{} CID {}: {}; closing the connection", session, cid, p.getMessage());
    } else {
      LOG.info("{} CID {}: {}; closing the connection", session, cid, cause.toString());
    }
    flushNow();
    ctx.close();
  }

  private void receive(Pdu pdu) {
    // RFC 7143 §11.17.1: a PDU with a wrong field is rejected with its header (shared rules).
    Optional<PduChecks.Violation> bad = PduChecks.firstError(pdu, Sender.INITIATOR,
        FramingState.of(ctx.channel()).inbound());
    if (bad.isPresent()) {
      PduChecks.Violation v = bad.get();
      LOG.info("{} CID {}: {} ({})", session, cid, v.message(), v.clause());
      if (v.severity() == PduChecks.Severity.CONNECTION) {
        closing = true;
        ctx.close();
      } else {
        sendReject(v.reject().orElse(RejectReason.PROTOCOL_ERROR), pdu.bhs());
      }
      return;
    }
    if (pdu instanceof InitiatorPdu ip0 && !(pdu instanceof LoginRequest || pdu instanceof SnackRequest)) {
      acknowledge(expStatSN(ip0));
    }
    if (pdu instanceof DataOut d) {
      onDataOut(d);
      return;
    }
    if (pdu instanceof NopOut n && n.initiatorTaskTag() == RESERVED) {
      onNopOutReply(n);
      return;
    }
    if (pdu instanceof SnackRequest || pdu instanceof LoginRequest || pdu instanceof TargetPdu) {
      // SNACK needs ERL > 0; a Login in full feature phase and target opcodes are protocol errors.
      sendReject(RejectReason.PROTOCOL_ERROR, pdu.bhs());
      return;
    }
    if (pdu instanceof RawPdu r) {
      sendReject(RejectReason.COMMAND_NOT_SUPPORTED, r.bhs());
      return;
    }
    InitiatorPdu ip = (InitiatorPdu) pdu;
    if (session.discovery() && !(pdu instanceof TextRequest || pdu instanceof LogoutRequest)) {
      // RFC 7143 §4.3: a Discovery session carries Text and Logout only.
      sendReject(RejectReason.PROTOCOL_ERROR, pdu.bhs());
      return;
    }
    List<Session.Held> ready = session.admit(this, quirkContext, ip, cmdSN(ip));
    if (ready == null) {
      LOG.debug("{} CID {}: CmdSN {} outside [{}, {}]: ignored (RFC 7143 §4.2.2.1)", session, cid,
          Integer.toUnsignedLong(cmdSN(ip)), Integer.toUnsignedLong(session.expCmdSN()),
          Integer.toUnsignedLong(session.maxCmdSN()));
      return;
    }
    dispatchReady(ready);
  }

  private void dispatchReady(List<Session.Held> ready) {
    for (Session.Held h : ready) {
      if (h.aborted()) {
        // RFC 7143 §4.2.3.3 b: a command of the affected task set that came after the function.
        ScsiCommand c = (ScsiCommand) h.pdu();
        if (h.connection() == this) {
          abortedOnArrival(c);
        } else {
          h.connection().runOnLoop(() -> h.connection().abortedOnArrival(c));
        }
      } else if (h.connection() == this) {
        deliver(h.pdu());
      } else {
        h.connection().deliverFromOtherLoop(h.pdu());
      }
    }
  }

  private void abortedOnArrival(ScsiCommand c) {
    LOG.debug("{} CID {}: ITT 0x{} (CmdSN {}) aborted on arrival by a task management function", session, cid,
        Integer.toHexString(c.initiatorTaskTag()), Integer.toUnsignedLong(c.cmdSN()));
    if (c.write()) {
      rememberAborted(c.initiatorTaskTag()); // its Data-Out is dropped quietly
    }
  }

  void deliverFromOtherLoop(InitiatorPdu pdu) {
    runOnLoop(() -> deliver(pdu));
  }

  private static int cmdSN(InitiatorPdu p) {
    if (p instanceof ScsiCommand c) {
      return c.cmdSN();
    } else if (p instanceof NopOut n) {
      return n.cmdSN();
    } else if (p instanceof TaskManagementRequest t) {
      return t.cmdSN();
    } else if (p instanceof TextRequest t) {
      return t.cmdSN();
    } else if (p instanceof LogoutRequest l) {
      return l.cmdSN();
    }
    return 0;
  }

  private void deliver(InitiatorPdu pdu) {
    if (closing) {
      return;
    }
    if (pdu instanceof ScsiCommand c) {
      if (!deferred.isEmpty() || !ctx.channel().isWritable()) {
        // The initiator is not reading what we send: hold further commands instead of queueing
        // their data in memory without bound; they run in order once the socket drains.
        deferred.add(c);
        ctx.channel().config().setAutoRead(false);
        return;
      }
      onScsiCommand(c);
    } else if (pdu instanceof NopOut n) {
      onNopOut(n);
    } else if (pdu instanceof TaskManagementRequest t) {
      onTaskManagement(t);
    } else if (pdu instanceof TextRequest t) {
      onText(t);
    } else if (pdu instanceof LogoutRequest l) {
      onLogout(l);
    }
  }

  // ---- sending ----

  private void send(Pdu pdu) {
    Pdu out = quirk.onSend(quirkContext, pdu);
    if (out == null || ctx == null) {
      return;
    }
    ctx.write(out, ctx.voidPromise());
    flushPending = true;
  }

  private void flushNow() {
    if (flushPending && ctx != null) {
      flushPending = false;
      ctx.flush();
    }
  }

  /** StatSN for a response, then advanced (RFC 7143 §4.2.2.2) unless a quirk says otherwise. */
  private int takeStatSN(Pdu kind, boolean advances) {
    int sn = statSN;
    if (quirk.advancesStatSN(quirkContext, kind, advances)) {
      statSN++;
      keepUntilAcknowledged(sn, kind);
    }
    return sn;
  }

  // ---- StatSN acknowledgement (RFC 7143 §4.2.2.2) ----

  /** The most statuses kept for one connection while the initiator does not acknowledge them. */
  static final int MAX_UNACKNOWLEDGED_STATUS = 4096;

  /** A status sent with its StatSN, kept until ExpStatSN acknowledges it. */
  private record SentStatus(int statSN, Pdu pdu) {}

  /** Statuses sent and not yet acknowledged through ExpStatSN, oldest first. */
  private final java.util.ArrayDeque<SentStatus> unacknowledged = new java.util.ArrayDeque<>();
  private volatile int unacknowledgedCount;
  private boolean expStatSNReported;

  private void keepUntilAcknowledged(int sn, Pdu pdu) {
    unacknowledged.addLast(new SentStatus(sn, pdu));
    if (unacknowledged.size() > MAX_UNACKNOWLEDGED_STATUS) {
      // The initiator lets StatSN and ExpStatSN drift apart (it MUST recover when the difference
      // grows too large, §4.2.2.2); at ERL 0 nothing is lost by forgetting the oldest copy.
      SentStatus dropped = unacknowledged.pollFirst();
      runtime.statusNeverAcknowledged.incrementAndGet();
      if (!expStatSNReported) {
        expStatSNReported = true;
        LOG.info("{} CID {}: more than {} statuses unacknowledged (StatSN {} still not covered by ExpStatSN)",
            session, cid, MAX_UNACKNOWLEDGED_STATUS, Integer.toUnsignedLong(dropped.statSN()));
      }
    }
    unacknowledgedCount = unacknowledged.size();
  }

  /**
   * ExpStatSN from the initiator acknowledges every status up to ExpStatSN - 1 on this connection
   * (RFC 7143 §4.2.2.2; the ExpStatSN field of §11.3): their kept copies are released. An
   * ExpStatSN beyond the next StatSN acknowledges status never sent; RFC 7143 names no target
   * action for it (the only MUST is the initiator's recovery on a large difference), so it is
   * counted and logged, acknowledges nothing, and the PDU is otherwise processed. An ExpStatSN
   * below an earlier one is a stale value from a PDU built before the newer status arrived: it
   * acknowledges nothing new.
   */
  private void acknowledge(int expStatSN) {
    if (expStatSN - statSN > 0) {
      runtime.expStatSNAhead.incrementAndGet();
      if (!expStatSNReported) {
        expStatSNReported = true;
        LOG.info("{} CID {}: ExpStatSN {} acknowledges status not yet sent (next StatSN {}); ignored", session,
            cid, Integer.toUnsignedLong(expStatSN), Integer.toUnsignedLong(statSN));
      }
      return;
    }
    SentStatus oldest = unacknowledged.peekFirst();
    if (oldest == null || expStatSN - oldest.statSN() <= 0) {
      return;
    }
    do {
      unacknowledged.pollFirst();
      oldest = unacknowledged.peekFirst();
    } while (oldest != null && oldest.statSN() - expStatSN < 0);
    unacknowledgedCount = unacknowledged.size();
    releaseAckWaiters();
  }

  /** Statuses sent on this connection and not yet acknowledged by ExpStatSN (any thread). */
  int unacknowledgedStatusCount() {
    return unacknowledgedCount;
  }

  private static int expStatSN(InitiatorPdu p) {
    if (p instanceof ScsiCommand c) {
      return c.expStatSN();
    } else if (p instanceof DataOut d) {
      return d.expStatSN();
    } else if (p instanceof NopOut n) {
      return n.expStatSN();
    } else if (p instanceof TaskManagementRequest t) {
      return t.expStatSN();
    } else if (p instanceof TextRequest t) {
      return t.expStatSN();
    } else if (p instanceof LogoutRequest l) {
      return l.expStatSN();
    }
    throw new IllegalArgumentException(p.getClass().getSimpleName());
  }

  private void sendReject(RejectReason reason, byte[] header) {
    long w = session.window();
    Reject r = Reject.of(reason, header, statSN, (int) (w >>> 32), (int) w);
    takeStatSN(r, true);
    send(r);
  }

  void sendAsync(AsyncEvent event, int p1, int p2, int p3) {
    long w = session.window();
    AsyncMessage m = new AsyncMessage(0, RESERVED, statSN, (int) (w >>> 32), (int) w, event, 0, p1, p2, p3,
        DataSegment.EMPTY);
    takeStatSN(m, true);
    send(m);
  }

  // ---- NOP (RFC 7143 §11.18, §11.19) ----

  private void onNopOut(NopOut n) {
    if (!quirk.answerNopOut(quirkContext, n)) {
      return;
    }
    long w = session.window();
    NopIn in = new NopIn(n.lun(), n.initiatorTaskTag(), RESERVED, statSN, (int) (w >>> 32), (int) w, n.data());
    takeStatSN(in, true);
    send(in);
  }

  private void onNopOutReply(NopOut n) {
    if (n.targetTransferTag() != RESERVED && n.targetTransferTag() == pingTtt) {
      pingTtt = RESERVED;
    }
    // A NOP-Out with both tags reserved is a one-way ping: no answer (RFC 7143 §11.18.1).
  }

  private void pingTick() {
    long now = System.nanoTime();
    long timeout = nopInTimeout.toNanos();
    if (pingTtt != RESERVED) {
      if (timeout > 0 && now - pingSentNanos >= timeout) {
        LOG.info("{} CID {}: NOP-In ping TTT {} unanswered for {} ms; dropping the connection", session, cid,
            pingTtt, TimeUnit.NANOSECONDS.toMillis(now - pingSentNanos));
        closing = true;
        ctx.close();
      }
      return;
    }
    if (now - lastActivityNanos >= nopInInterval.toNanos()) {
      pingTtt = newTtt();
      pingSentNanos = now;
      long w = session.window();
      // A ping that asks for an answer: valid TTT, reserved ITT, StatSN not advanced.
      NopIn ping = new NopIn(0, RESERVED, pingTtt, statSN, (int) (w >>> 32), (int) w, DataSegment.EMPTY);
      takeStatSN(ping, false);
      send(ping);
      flushNow();
    }
  }

  private int newTtt() {
    int t = nextTtt++;
    if (nextTtt == RESERVED || nextTtt == 0) {
      nextTtt = 1;
    }
    return t;
  }

  // ---- SCSI commands ----

  private LogicalUnit lu(long lunField) {
    int n = Lun.fromLong(lunField).number();
    return n < 0 ? null : session.target.luns.get(n);
  }

  private void onScsiCommand(ScsiCommand c) {
    if (quirk.onScsiCommand(quirkContext, c) == Quirk.CommandAction.IGNORE) {
      if (c.write() && c.expectedDataTransferLength() != 0) {
        rememberAborted(c.initiatorTaskTag()); // its unsolicited Data-Out is dropped quietly
      }
      return;
    }
    int edtl = c.expectedDataTransferLength();
    if (c.write() && edtl != 0) {
      startWrite(c);
      return;
    }
    if (!c.data().isEmpty()) {
      // Immediate data on a command without W (RFC 7143 §11.3.1): a protocol error.
      sendReject(RejectReason.PROTOCOL_ERROR, c.bhs());
      return;
    }
    execute(c, ScsiRequest.NO_DATA);
  }

  private void execute(ScsiCommand c, byte[] dataOut) {
    execute(c, dataOut, 0);
  }

  private void execute(ScsiCommand c, byte[] dataOut, int r2ts) {
    byte[] cdb = c.cdb();
    ScsiRequest req = new ScsiRequest(session.nexus, cdb, c.expectedDataTransferLength(), dataOut);
    ScsiResult result;
    LogicalUnit lu = lu(c.lun());
    int op = cdb[0] & 0xff;
    if (c.read() && c.write()) {
      // No bidirectional command is served here (SPC-4: INVALID FIELD IN CDB on the opcode).
      result = ScsiResult.check(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB)
          .withFieldPointer(org.iscsilab.protocol.scsi.FieldPointer.cdb(0)));
    } else if (op == 0xA0) {
      result = reportLuns(cdb); // answered by the target for every LUN (SPC-4 §6.33)
    } else if (lu == null) {
      result = noSuchLun(op, cdb);
    } else if (lu.backend().blocking()) {
      // File I/O (and its fsync for FUA) must not stall the event loop: run it on an I/O thread
      // and answer back on the loop.
      try {
        runtime.io.execute(() -> {
          ScsiResult r = lu.execute(req);
          ctx.executor().execute(() -> {
            finish(c, req, r, dataOut.length, r2ts);
            flushNow();
          });
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // shutting down: the connection is about to close
      }
      return;
    } else {
      result = lu.execute(req);
    }
    finish(c, req, result, dataOut.length, r2ts);
  }

  private void finish(ScsiCommand c, ScsiRequest req, ScsiResult result, int dataOutLength, int r2ts) {
    result = quirk.onScsiResult(quirkContext, req, result);
    if (result == null) {
      return; // a quirk keeps this task unanswered
    }
    if (!result.abortTasksOf().isEmpty()) {
      // PREEMPT AND ABORT: the preempted nexuses' commands on this LU are aborted (without status:
      // TAS is zero) before the status of the PERSISTENT RESERVE OUT goes out (SPC-4 §5.12.11.4.5).
      ScsiResult r = result;
      abortAcross(connectionsOf(r.abortTasksOf()), c.lun(), false, () -> respond(c, r, dataOutLength, r2ts));
      return;
    }
    respond(c, result, dataOutLength, r2ts);
  }

  private ScsiResult reportLuns(byte[] cdb) {
    List<Integer> luns = new ArrayList<>(session.target.luns.keySet());
    byte[] d = new byte[8 + 8 * luns.size()];
    ScsiBytes.put32(d, 0, 8L * luns.size());
    for (int i = 0; i < luns.size(); i++) {
      System.arraycopy(Lun.of(luns.get(i)).toBytes(), 0, d, 8 + 8 * i, 8);
    }
    long alloc = cdb.length >= 10 ? ScsiBytes.u32(cdb, 6) : d.length;
    return ScsiResult.good(d, alloc);
  }

  private static ScsiResult noSuchLun(int op, byte[] cdb) {
    if (op == 0x12) {
      // SPC-4 §6.6.2: peripheral qualifier 011b, device type 1Fh for a LUN that is not there.
      byte[] d = new byte[36];
      d[0] = 0x7F;
      d[2] = 0x06;
      d[3] = 0x12;
      d[4] = 31;
      long alloc = cdb.length >= 5 ? ScsiBytes.u16(cdb, 3) : 36;
      return ScsiResult.good(d, alloc);
    }
    SenseData s = SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED);
    if (op == 0x03) {
      byte[] b = s.toBytes();
      return ScsiResult.good(b, cdb.length >= 5 ? cdb[4] & 0xff : b.length);
    }
    return ScsiResult.check(s);
  }

  /** Status, Data-In and residuals (RFC 7143 §11.4.5, §11.7). */
  private void respond(ScsiCommand c, ScsiResult result, int dataOutLength) {
    respond(c, result, dataOutLength, 0);
  }

  /** {@code r2ts}: R2Ts sent for the command, for ExpDataSN (RFC 7143 §11.4.8). */
  private void respond(ScsiCommand c, ScsiResult result, int dataOutLength, int r2ts) {
    long edtl = Integer.toUnsignedLong(c.expectedDataTransferLength());
    int dataLength = result.dataLength();
    boolean overflow = false;
    boolean underflow = false;
    long residual = 0;
    int send = 0;
    if (c.read()) {
      send = (int) Math.min(dataLength, edtl);
      if (dataLength > edtl) {
        overflow = true;
        residual = dataLength - edtl;
      } else if (dataLength < edtl) {
        underflow = true;
        residual = edtl - dataLength;
      }
    } else if (c.write()) {
      long needed = writeLengthNeeded(c, edtl);
      if (needed > edtl) {
        overflow = true;
        residual = needed - edtl;
      } else if (needed < edtl) {
        underflow = true;
        residual = edtl - needed;
      }
    } else if (dataLength > 0) {
      overflow = true; // data the initiator did not make room for
      residual = dataLength;
    }
    int resid = (int) Math.min(residual, 0xffffffffL);
    boolean withSense = result.sense() != null;
    int dataIns = 0;
    if (send > 0) {
      dataIns = sendDataIn(c, result, send, !withSense, overflow, underflow, resid);
      if (!withSense) {
        return; // status went with the last Data-In (phase collapse, RFC 7143 §11.7.4)
      }
    }
    long w = session.window();
    ScsiResponse.Builder b = ScsiResponse.builder().response(ScsiResponse.RESPONSE_COMMAND_COMPLETED)
        .status(result.status().code()).initiatorTaskTag(c.initiatorTaskTag()).statSN(statSN)
        .expCmdSN((int) (w >>> 32)).maxCmdSN((int) w).residualOverflow(overflow).residualUnderflow(underflow)
        .residualCount(overflow || underflow ? resid : 0).expDataSN(dataIns + r2ts);
    if (withSense) {
      b.data(DataSegment.wrap(IscsiSense.encode(result.sense())));
    }
    ScsiResponse r = b.build();
    takeStatSN(r, true);
    send(r);
  }

  private static long writeLengthNeeded(ScsiCommand c, long edtl) {
    try {
      Cdb cdb = Cdb.parse(c.cdb());
      long n = cdb.expectedDataTransferLength(LogicalUnit.BLOCK_SIZE);
      return n < 0 ? edtl : n;
    } catch (RuntimeException e) {
      return edtl;
    }
  }

  /** Sends the Data-In PDUs; returns how many. */
  private int sendDataIn(ScsiCommand c, ScsiResult result, int length, boolean collapse, boolean overflow,
      boolean underflow, int residual) {
    byte[] data = result.data();
    int maxBurst = quirk.dataInBurstLength(quirkContext, params.maxBurstLength());
    int maxSegment = quirk.dataInSegmentLength(quirkContext, maxSendSegment);
    int offset = 0;
    int dataSN = 0;
    int burst = 0;
    while (offset < length) {
      int n = Math.min(Math.min(maxSegment, length - offset), maxBurst - burst);
      boolean last = offset + n == length;
      boolean endOfSequence = last || burst + n == maxBurst;
      boolean status = last && collapse;
      DataSegment seg = offset == 0 && n == data.length ? DataSegment.wrap(data) : DataSegment.of(data, offset, n);
      long w = session.window();
      DataIn d = new DataIn(endOfSequence, false, status && overflow, status && underflow, status,
          status ? result.status().code() : 0, c.lun(), c.initiatorTaskTag(), RESERVED, status ? statSN : 0,
          (int) (w >>> 32), (int) w, dataSN++, offset, status && (overflow || underflow) ? residual : 0, seg);
      takeStatSN(d, status);
      send(d);
      offset += n;
      burst = endOfSequence ? 0 : burst + n;
    }
    return dataSN;
  }

  // ---- writes: immediate data, unsolicited Data-Out, R2T (RFC 7143 §4.2.4, §11.7, §11.8) ----

  private static final class R2tState {
    final int ttt;
    final int offset;
    final int length;
    int received;
    int expDataSN;

    R2tState(int ttt, int offset, int length) {
      this.ttt = ttt;
      this.offset = offset;
      this.length = length;
    }
  }

  private final class WriteTask {
    final ScsiCommand command;
    final int edtl;
    final byte[] buffer;
    final int unsolicitedLimit;
    int received;
    boolean unsolicitedDone;
    int unsolicitedDataSN;
    int nextOffset;
    int r2tSN;
    final Map<Integer, R2tState> r2ts = new HashMap<>();
    /**
     * Set when a multi-task abort waits for the Data-Out answering this aborted task's outstanding
     * R2Ts (RFC 7143 §4.2.3.3 a): runs once the last of them has arrived.
     */
    Runnable onDrained;

    WriteTask(ScsiCommand command, int edtl, int unsolicitedLimit) {
      this.command = command;
      this.edtl = edtl;
      this.buffer = new byte[edtl];
      this.unsolicitedLimit = unsolicitedLimit;
    }
  }

  private void startWrite(ScsiCommand c) {
    long edtlLong = Integer.toUnsignedLong(c.expectedDataTransferLength());
    int itt = c.initiatorTaskTag();
    if (edtlLong > MAX_WRITE_BUFFER) {
      rememberAborted(itt);
      long w = session.window();
      ScsiResponse r = ScsiResponse.builder().response(ScsiResponse.RESPONSE_COMMAND_COMPLETED)
          .status(ScsiStatus.CHECK_CONDITION.code()).initiatorTaskTag(itt).statSN(statSN)
          .expCmdSN((int) (w >>> 32)).maxCmdSN((int) w).data(DataSegment.wrap(IscsiSense.encode(SenseData
              .of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB)))).build();
      takeStatSN(r, true);
      send(r);
      return;
    }
    if (pendingWriteBytes + edtlLong > MAX_PENDING_WRITE_BYTES) {
      // Too much write data already buffered on this connection: TASK SET FULL (SAM-5 §5.3.1)
      // instead of memory a peer could exhaust.
      rememberAborted(itt);
      long w = session.window();
      ScsiResponse r = ScsiResponse.builder().response(ScsiResponse.RESPONSE_COMMAND_COMPLETED)
          .status(ScsiStatus.TASK_SET_FULL.code()).initiatorTaskTag(itt).statSN(statSN)
          .expCmdSN((int) (w >>> 32)).maxCmdSN((int) w).build();
      takeStatSN(r, true);
      send(r);
      return;
    }
    if (writesByItt.containsKey(itt)) {
      sendReject(RejectReason.TASK_IN_PROGRESS, c.bhs());
      return;
    }
    int edtl = (int) edtlLong;
    int immediate = c.data().length();
    if (immediate > 0 && (!params.immediateData() || immediate > params.firstBurstLength())) {
      // RFC 7143 §13.11, §13.14: immediate data not negotiated, or beyond FirstBurstLength.
      sendReject(RejectReason.PROTOCOL_ERROR, c.bhs());
      return;
    }
    if (immediate == edtl) {
      // Everything came as immediate data: no task to collect, and no copy of the segment.
      byte[][] array = new byte[1][];
      c.data().writeTo((src, off, len) -> array[0] = src);
      execute(c, array[0]);
      return;
    }
    int unsolicitedLimit = params.initialR2T() ? Math.min(immediate, edtl)
        : Math.min(params.firstBurstLength(), edtl);
    WriteTask t = new WriteTask(c, edtl, unsolicitedLimit);
    pendingWriteBytes += edtl;
    int copy = Math.min(immediate, edtl);
    if (copy > 0) {
      c.data().copyTo(0, t.buffer, 0, copy);
      t.received = copy;
    }
    // With F=1 no unsolicited Data-Out follows (RFC 7143 §11.3.1); with InitialR2T=Yes none may.
    t.unsolicitedDone = c.finalFlag() || params.initialR2T() || copy >= unsolicitedLimit;
    t.nextOffset = t.unsolicitedDone ? copy : unsolicitedLimit;
    writesByItt.put(itt, t);
    if (t.unsolicitedDone) {
      issueR2Ts(t);
    }
    maybeComplete(t);
  }

  private void issueR2Ts(WriteTask t) {
    while (t.r2ts.size() < params.maxOutstandingR2T() && t.nextOffset < t.edtl) {
      int len = Math.min(params.maxBurstLength(), t.edtl - t.nextOffset);
      int ttt = newTtt();
      R2tState r = new R2tState(ttt, t.nextOffset, len);
      t.r2ts.put(ttt, r);
      writesByTtt.put(ttt, t);
      long w = session.window();
      ReadyToTransfer r2t = new ReadyToTransfer(t.command.lun(), t.command.initiatorTaskTag(), ttt, statSN,
          (int) (w >>> 32), (int) w, t.r2tSN++, t.nextOffset, len);
      takeStatSN(r2t, false);
      send(r2t);
      t.nextOffset += len;
    }
  }

  private void onDataOut(DataOut d) {
    WriteTask t = d.targetTransferTag() == RESERVED ? writesByItt.get(d.initiatorTaskTag())
        : writesByTtt.get(d.targetTransferTag());
    if (t == null || t.command.initiatorTaskTag() != d.initiatorTaskTag()) {
      if (abortedItts.contains(d.initiatorTaskTag())) {
        return; // data for an aborted or ignored task is discarded (RFC 7143 §11.6.2)
      }
      sendReject(RejectReason.INVALID_PDU_FIELD, d.bhs());
      return;
    }
    int len = d.data().length();
    long offset = Integer.toUnsignedLong(d.bufferOffset());
    if (offset + len > t.edtl) {
      // Data beyond the Expected Data Transfer Length (RFC 7143 §11.7.5).
      sendReject(RejectReason.PROTOCOL_ERROR, d.bhs());
      return;
    }
    if (t.onDrained != null && d.targetTransferTag() == RESERVED) {
      return; // an aborted task's unsolicited data: discarded
    }
    if (d.targetTransferTag() == RESERVED) {
      if (t.unsolicitedDone || offset + len > t.unsolicitedLimit || d.dataSN() != t.unsolicitedDataSN) {
        // Unsolicited data not allowed here, beyond FirstBurstLength, or out of DataSN order.
        sendReject(RejectReason.PROTOCOL_ERROR, d.bhs());
        return;
      }
      t.unsolicitedDataSN++;
      d.data().copyTo(0, t.buffer, (int) offset, len);
      t.received += len;
      if (d.finalFlag()) {
        t.unsolicitedDone = true;
        t.nextOffset = Math.max(t.nextOffset, (int) offset + len);
        issueR2Ts(t);
      }
    } else {
      R2tState r = t.r2ts.get(d.targetTransferTag());
      boolean inOrder = !params.dataPDUInOrder() || offset == r.offset + r.received;
      if (offset < r.offset || offset + len > r.offset + r.length || d.dataSN() != r.expDataSN || !inOrder) {
        sendReject(RejectReason.PROTOCOL_ERROR, d.bhs());
        return;
      }
      r.expDataSN++;
      r.received += len;
      if (t.onDrained != null) {
        // Answering an R2T of an aborted task: the data goes nowhere, the burst's end counts.
        if (d.finalFlag() || r.received >= r.length) {
          t.r2ts.remove(r.ttt);
          writesByTtt.remove(r.ttt);
          if (t.r2ts.isEmpty()) {
            finishDrain(t);
          }
        }
        return;
      }
      d.data().copyTo(0, t.buffer, (int) offset, len);
      t.received += len;
      if (d.finalFlag() || r.received >= r.length) {
        t.r2ts.remove(r.ttt);
        writesByTtt.remove(r.ttt);
        if (r.received < r.length) {
          // A burst ended short: ask again for the rest (ERL 0 keeps it simple: a new R2T).
          t.nextOffset = Math.min(t.nextOffset, r.offset + r.received);
        }
        issueR2Ts(t);
      }
    }
    maybeComplete(t);
  }

  private void maybeComplete(WriteTask t) {
    if (t.unsolicitedDone && t.r2ts.isEmpty() && t.nextOffset >= t.edtl && t.received >= t.edtl) {
      writesByItt.remove(t.command.initiatorTaskTag());
      pendingWriteBytes -= t.edtl;
      execute(t.command, t.buffer, t.r2tSN);
    } else if (t.unsolicitedDone && t.r2ts.isEmpty() && t.nextOffset >= t.edtl) {
      // All bursts ended but bytes are missing (short bursts): the task cannot finish at ERL 0.
      writesByItt.remove(t.command.initiatorTaskTag());
      pendingWriteBytes -= t.edtl;
      respond(t.command, ScsiResult.check(SenseData.of(SenseKey.ABORTED_COMMAND, AdditionalSense.DATA_PHASE_ERROR)),
          t.received);
    }
  }

  private void rememberAborted(int itt) {
    abortedItts.add(itt);
    if (abortedItts.size() > 1024) {
      Iterator<Integer> it = abortedItts.iterator();
      it.next();
      it.remove();
    }
  }

  // ---- task management (RFC 7143 §11.5, §11.6) ----

  private static boolean setWide(TaskManagementFunction f) {
    return f.equals(TaskManagementFunction.ABORT_TASK_SET) || f.equals(TaskManagementFunction.CLEAR_TASK_SET)
        || f.equals(TaskManagementFunction.LOGICAL_UNIT_RESET) || f.equals(TaskManagementFunction.TARGET_WARM_RESET)
        || f.equals(TaskManagementFunction.TARGET_COLD_RESET);
  }

  private void onTaskManagement(TaskManagementRequest t) {
    // An immediate task-set-wide function ahead of ExpCmdSN waits for the commands before it, on
    // every connection of the session (RFC 7143 §4.2.3.3 b); those are aborted as they arrive.
    if (t.immediate() && setWide(t.function()) && session.withinWindow(t.cmdSN())
        && session.holdTaskManagement(this, t)) {
      return;
    }
    performTaskManagement(t);
  }

  private void performTaskManagement(TaskManagementRequest t) {
    TaskManagementFunction f = t.function();
    if (f.equals(TaskManagementFunction.ABORT_TASK)) {
      abortTask(t);
      return;
    }
    if (f.equals(TaskManagementFunction.ABORT_TASK_SET) || f.equals(TaskManagementFunction.CLEAR_TASK_SET)
        || f.equals(TaskManagementFunction.LOGICAL_UNIT_RESET)) {
      LogicalUnit lu = lu(t.lun());
      if (lu == null) {
        respondTmf(t, TaskManagementResponseCode.LUN_DOES_NOT_EXIST);
        return;
      }
      if (f.equals(TaskManagementFunction.LOGICAL_UNIT_RESET)) {
        lu.reset(AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
      }
      // ABORT TASK SET: this I_T nexus's tasks (the session, every connection); CLEAR TASK SET and
      // LOGICAL UNIT RESET: every nexus's tasks on the logical unit (SAM-5 §7.4, §7.7).
      // Third parties whose commands CLEAR TASK SET aborts get COMMANDS CLEARED BY ANOTHER INITIATOR;
      // after a LOGICAL UNIT RESET every nexus already has its reset unit attention.
      boolean thisNexusOnly = f.equals(TaskManagementFunction.ABORT_TASK_SET);
      abortAcross(connectionsSharing(thisNexusOnly), t.lun(), f.equals(TaskManagementFunction.CLEAR_TASK_SET),
          () -> respondTmf(t, TaskManagementResponseCode.FUNCTION_COMPLETE));
      return;
    }
    if (f.equals(TaskManagementFunction.TARGET_WARM_RESET) || f.equals(TaskManagementFunction.TARGET_COLD_RESET)) {
      boolean cold = f.equals(TaskManagementFunction.TARGET_COLD_RESET);
      for (LogicalUnit lu : session.target.luns.values()) {
        lu.reset(cold ? AdditionalSense.POWER_ON_OCCURRED : AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
      }
      abortAcross(connectionsSharing(false), -1, false, () -> {
        respondTmf(t, TaskManagementResponseCode.FUNCTION_COMPLETE);
        if (cold) {
          // RFC 7143 §11.5.1: after a cold reset the target drops all connections
          flushNow();
          runtime.closeAllSessionsOf(session.target);
        }
      });
      return;
    }
    TaskManagementResponseCode code;
    if (f.equals(TaskManagementFunction.CLEAR_ACA)) {
      // NACA is not supported, so no ACA can exist: nothing to clear (SAM-5 §7.3).
      code = lu(t.lun()) == null ? TaskManagementResponseCode.LUN_DOES_NOT_EXIST
          : TaskManagementResponseCode.FUNCTION_COMPLETE;
    } else if (f.equals(TaskManagementFunction.TASK_REASSIGN)) {
      // RFC 7143 §11.6.1: reassignment needs ErrorRecoveryLevel 2.
      code = TaskManagementResponseCode.TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED;
    } else {
      code = TaskManagementResponseCode.FUNCTION_NOT_SUPPORTED;
    }
    respondTmf(t, code);
  }

  /**
   * ABORT TASK (RFC 7143 §11.5.1, §11.6.1): the task may live on any connection of the session
   * (connection allegiance); each connection looks on its own event loop, and the answer goes out
   * once all have looked. A task found nowhere falls to the RefCmdSN rules of §11.6.1 b and c.
   */
  private void abortTask(TaskManagementRequest t) {
    int itt = t.referencedTaskTag();
    if (abortLocal(itt)) {
      respondTmf(t, TaskManagementResponseCode.FUNCTION_COMPLETE);
      return;
    }
    List<FullFeatureHandler> others = new ArrayList<>();
    for (FullFeatureHandler h : session.connections.values()) {
      if (h != this) {
        others.add(h);
      }
    }
    java.util.concurrent.atomic.AtomicBoolean found = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable answer = () -> {
      TaskManagementResponseCode code;
      if (found.get()) {
        code = TaskManagementResponseCode.FUNCTION_COMPLETE;
      } else if (session.inCommandWindow(t.refCmdSN()) && t.refCmdSN() - t.cmdSN() < 0) {
        // §11.6.1 b: a RefCmdSN inside the valid window [ExpCmdSN, MaxCmdSN] and below the TMF's own
        // CmdSN is considered received; outside the window, c: the task does not exist.
        dispatchReady(session.considerReceived(t.refCmdSN()));
        code = TaskManagementResponseCode.FUNCTION_COMPLETE;
      } else {
        code = TaskManagementResponseCode.TASK_DOES_NOT_EXIST;
      }
      respondTmf(t, code);
    };
    if (others.isEmpty()) {
      answer.run();
      return;
    }
    Runnable oneDone = countdown(others.size(), answer);
    for (FullFeatureHandler h : others) {
      if (!h.tryRunOnLoop(() -> {
        if (h.abortLocal(itt)) {
          found.set(true);
        }
        oneDone.run();
      })) {
        oneDone.run();
      }
    }
  }

  /** Aborts the task {@code itt} if this connection holds it (waiting for Data-Out, or deferred). */
  private boolean abortLocal(int itt) {
    WriteTask w = writesByItt.get(itt);
    if (w != null) {
      abort(w);
      return true;
    }
    return abortDeferred(itt);
  }

  /** The connections whose tasks a multi-task function affects: this session's, or every session's on this target. */
  private List<FullFeatureHandler> connectionsSharing(boolean thisSessionOnly) {
    List<FullFeatureHandler> out = new ArrayList<>(session.connections.values());
    if (!thisSessionOnly) {
      for (Session s : runtime.sessions.all()) {
        if (s != session && s.target == session.target) {
          out.addAll(s.connections.values());
        }
      }
    }
    return out;
  }

  /** The connections of this target's sessions whose initiator port is one of {@code initiatorPorts}. */
  private List<FullFeatureHandler> connectionsOf(java.util.Set<String> initiatorPorts) {
    List<FullFeatureHandler> out = new ArrayList<>();
    for (FullFeatureHandler h : connectionsSharing(false)) {
      if (initiatorPorts.contains(h.session.nexus.initiatorPortName())) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * Multi-task abort (RFC 7143 §4.2.3.3): every affected connection aborts its tasks on its own
   * event loop; on the issuing session's connections an aborted write keeps its outstanding R2Ts'
   * TTTs valid until their Data-Out has come (step a; third-party sessions' are dropped at once,
   * which step a allows); then each connection but this one notes the last StatSN it has sent and
   * waits until ExpStatSN acknowledges it, soliciting the acknowledgement with a NOP-In (step e);
   * then {@code done} runs on this loop and sends the response. The connection carrying the
   * response is exempt from the acknowledgement wait: TCP delivers its earlier statuses before the
   * response anyway. This connection's own tasks are aborted only when it is among
   * {@code affected}. With {@code clearedUnitAttention}, a third-party session that had commands
   * aborted gets COMMANDS CLEARED BY ANOTHER INITIATOR on the logical unit {@code lun}.
   */
  private void abortAcross(List<FullFeatureHandler> affected, long lun, boolean clearedUnitAttention,
      Runnable done) {
    List<FullFeatureHandler> others = new ArrayList<>(affected);
    boolean self = others.remove(this);
    Runnable oneDone = countdown(others.size() + 1, () -> runOnLoop(done));
    if (self) {
      abortAllDraining(lun, oneDone);
    } else {
      oneDone.run();
    }
    LogicalUnit clearedOn = clearedUnitAttention ? lu(lun) : null;
    for (FullFeatureHandler h : others) {
      boolean issuingSession = h.session == session;
      if (!h.tryRunOnLoop(() -> {
        if (issuingSession) {
          h.abortAllDraining(lun, () -> h.afterAcknowledged(oneDone));
        } else {
          // third-party initiators: their TTTs need not be waited for (step a says MAY)
          if (h.abortAll(lun) > 0 && clearedOn != null) {
            clearedOn.commandsClearedByAnotherInitiator(h.session.nexus.initiatorPortName());
          }
          h.afterAcknowledged(oneDone);
        }
      })) {
        oneDone.run();
      }
    }
  }

  private static Runnable countdown(int n, Runnable then) {
    java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(n);
    return () -> {
      if (left.decrementAndGet() == 0) {
        then.run();
      }
    };
  }

  /** Runs {@code r} on this connection's loop; false when the connection can no longer run anything. */
  private boolean tryRunOnLoop(Runnable r) {
    if (ctx == null) {
      return false;
    }
    try {
      runOnLoop(r);
      return true;
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return false;
    }
  }

  /** A wait for ExpStatSN to pass {@code statSN}. */
  private record AckWaiter(int statSN, Runnable then) {}

  private final List<AckWaiter> ackWaiters = new ArrayList<>();

  /**
   * Runs {@code then} once every status sent so far on this connection is acknowledged, asking for
   * the acknowledgement with a NOP-In ping; bounded by the NOP-In timeout (or 5 s without one),
   * after which it runs anyway.
   */
  private void afterAcknowledged(Runnable then) {
    SentStatus last = unacknowledged.peekLast();
    if (closing || !ctx.channel().isActive() || last == null) {
      then.run();
      return;
    }
    AckWaiter w = new AckWaiter(last.statSN(), then);
    ackWaiters.add(w);
    if (pingTtt == RESERVED) {
      pingTtt = newTtt();
      pingSentNanos = System.nanoTime();
      long win = session.window();
      send(new NopIn(0, RESERVED, pingTtt, statSN, (int) (win >>> 32), (int) win, DataSegment.EMPTY));
      flushNow();
    }
    long bound = nopInTimeout.isZero() ? 5000 : Math.max(100, nopInTimeout.toMillis());
    ctx.executor().schedule(() -> {
      if (ackWaiters.remove(w)) {
        LOG.info("{} CID {}: StatSN {} still unacknowledged after {} ms; answering the task management function",
            session, cid, Integer.toUnsignedLong(w.statSN()), bound);
        w.then().run();
      }
    }, bound, TimeUnit.MILLISECONDS);
  }

  private void releaseAckWaiters() {
    if (ackWaiters.isEmpty()) {
      return;
    }
    SentStatus oldest = unacknowledged.peekFirst();
    for (AckWaiter w : new ArrayList<>(ackWaiters)) {
      if (oldest == null || oldest.statSN() - w.statSN() > 0) {
        ackWaiters.remove(w);
        w.then().run();
      }
    }
  }

  private void respondTmf(TaskManagementRequest t, TaskManagementResponseCode code) {
    if (!quirk.answerTaskManagement(quirkContext, t)) {
      return;
    }
    long w = session.window();
    TaskManagementResponse r = new TaskManagementResponse(code, t.initiatorTaskTag(), statSN, (int) (w >>> 32),
        (int) w);
    takeStatSN(r, true);
    send(r);
  }

  private void abort(WriteTask w) {
    if (writesByItt.remove(w.command.initiatorTaskTag()) != null) {
      pendingWriteBytes -= w.edtl;
    }
    for (int ttt : w.r2ts.keySet()) {
      writesByTtt.remove(ttt);
    }
    rememberAborted(w.command.initiatorTaskTag());
    if (w.onDrained != null) {
      // aborted again (ABORT TASK) while a multi-task abort waited for its Data-Out
      Runnable then = w.onDrained;
      w.onDrained = null;
      drainWaiters.remove(w);
      then.run();
    }
  }

  private boolean abortDeferred(int itt) {
    return deferred.removeIf(c -> c.initiatorTaskTag() == itt);
  }

  /** Aborts the tasks of {@code lun} (all for -1) on this connection at once; returns how many. */
  private int abortAll(long lun) {
    int before = deferred.size();
    deferred.removeIf(c -> lun < 0 || c.lun() == lun);
    int n = before - deferred.size();
    for (WriteTask w : new ArrayList<>(writesByItt.values())) {
      if (lun < 0 || w.command.lun() == lun) {
        abort(w);
        n++;
      }
    }
    return n;
  }

  /**
   * Aborts the tasks of {@code lun} (all for -1) on this connection of the issuing session, keeping
   * the Target Transfer Tags of outstanding R2Ts valid until their Data-Out has arrived (RFC 7143
   * §4.2.3.3 a: the target MUST wait for responses on the currently valid TTTs of the affected
   * tasks from the issuing initiator); then {@code done} runs. The data is discarded and no status
   * is sent for those tasks. Bounded like the acknowledgement wait; a closing connection ends it.
   */
  private void abortAllDraining(long lun, Runnable done) {
    deferred.removeIf(c -> lun < 0 || c.lun() == lun);
    List<WriteTask> waiting = new ArrayList<>();
    for (WriteTask w : new ArrayList<>(writesByItt.values())) {
      if (lun >= 0 && w.command.lun() != lun) {
        continue;
      }
      if (w.r2ts.isEmpty() || closing || !ctx.channel().isActive()) {
        abort(w);
      } else {
        waiting.add(w);
      }
    }
    if (waiting.isEmpty()) {
      done.run();
      return;
    }
    Runnable oneDone = countdown(waiting.size(), done);
    for (WriteTask w : waiting) {
      rememberAborted(w.command.initiatorTaskTag()); // unsolicited data for it is discarded from now on
      w.onDrained = oneDone;
      drainWaiters.add(w);
    }
    long bound = nopInTimeout.isZero() ? 5000 : Math.max(100, nopInTimeout.toMillis());
    ctx.executor().schedule(() -> {
      for (WriteTask w : waiting) {
        if (drainWaiters.remove(w)) {
          LOG.info("{} CID {}: no Data-Out for aborted ITT 0x{} within {} ms; answering the task management "
              + "function", session, cid, Integer.toHexString(w.command.initiatorTaskTag()), bound);
          finishDrain(w);
        }
      }
    }, bound, TimeUnit.MILLISECONDS);
  }

  /** Aborted tasks whose outstanding R2Ts are still being answered. */
  private final List<WriteTask> drainWaiters = new ArrayList<>();

  private void finishDrain(WriteTask w) {
    drainWaiters.remove(w);
    Runnable then = w.onDrained;
    w.onDrained = null;
    abort(w);
    if (then != null) {
      then.run();
    }
  }

  // ---- Text (RFC 7143 §11.10, §11.11) ----

  /**
   * One Text Request of a sequence (RFC 7143 §11.10, §11.11). A request with TTT 0xffffffff starts
   * a new sequence and resets whatever an earlier one left (§11.10.4); every later request of the
   * sequence carries the TTT of the previous response and the same ITT, or it is rejected. The
   * initiator's C bit continues its key=value text (answered by an empty response inviting the
   * rest); an answer longer than the initiator's MaxRecvDataSegmentLength goes out in pieces with
   * C=1, each fetched by an empty Text Request carrying its TTT. The response's F bit follows the
   * request's: F=0 asks for a follow-on request, so the answer to it has F=0 and a valid TTT; F=1
   * with TTT 0xffffffff only ends a sequence whose request had F=1 (§11.11.1).
   */
  private void onText(TextRequest t) {
    int ttt = t.targetTransferTag();
    if (ttt == RESERVED) {
      textAssembler.reset();
      textPending = null;
      textTtt = RESERVED;
      textItt = t.initiatorTaskTag();
      textNegotiating = false;
    } else if (ttt != textTtt || t.initiatorTaskTag() != textItt) {
      LOG.info("{} CID {}: Text Request ITT 0x{} TTT 0x{} continues no sequence of this connection", session, cid,
          Integer.toHexString(t.initiatorTaskTag()), Integer.toHexString(ttt));
      sendReject(RejectReason.PROTOCOL_ERROR, t.bhs());
      return;
    }
    if (textPending != null) {
      if (t.data().length() > 0) {
        // New text while the target still owes pieces of its answer (§11.10.2: the initiator fetches
        // them with empty requests).
        sendReject(RejectReason.PROTOCOL_ERROR, t.bhs());
        return;
      }
      sendTextPiece(t);
      return;
    }
    List<KeyValue> keys;
    try {
      Optional<List<KeyValue>> all = textAssembler.append(t.data().toByteArray(), t.continueFlag());
      if (all.isEmpty()) {
        sendText(t, false, false, textTtt(), DataSegment.EMPTY);
        return;
      }
      keys = all.get();
    } catch (TextFormatException e) {
      sendReject(RejectReason.PROTOCOL_ERROR, t.bhs());
      return;
    }
    List<KeyValue> answer = new ArrayList<>();
    List<KeyValue> negotiate = new ArrayList<>();
    for (KeyValue kv : keys) {
      if (kv.key().equals(IscsiKeys.SEND_TARGETS)) {
        answer.addAll(sendTargets(kv.value()));
      } else {
        negotiate.add(kv);
      }
    }
    if (!negotiate.isEmpty()) {
      try {
        if (!textNegotiating) {
          negotiator.startTextNegotiation();
          textNegotiating = true;
        }
        Step step = negotiator.receive(negotiate);
        answer.addAll(step.responses());
        for (KeyValue kv : step.declarations()) {
          if (kv.key().equals(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH)) {
            // RFC 7143 §13.12: the initiator may declare a new limit in full feature phase.
            int v = (int) Math.max(512, Math.min(16777215, Long.parseLong(kv.value())));
            maxSendSegment = v;
            FramingState f = FramingState.of(ctx.channel());
            f.outbound(f.outbound().withMaxDataSegmentLength(v));
          }
        }
      } catch (NegotiationException e) {
        LOG.info("{} CID {}: text negotiation refused: {}", session, cid, e.getMessage());
        sendReject(RejectReason.PROTOCOL_ERROR, t.bhs());
        return;
      }
    }
    textPending = answer.isEmpty() ? new byte[0] : TextCodec.encode(answer);
    textPendingOffset = 0;
    sendTextPiece(t);
  }

  private int textTtt() {
    if (textTtt == RESERVED) {
      textTtt = newTtt();
    }
    return textTtt;
  }

  private void sendTextPiece(TextRequest t) {
    int n = Math.min(maxSendSegment, textPending.length - textPendingOffset);
    boolean more = textPendingOffset + n < textPending.length;
    DataSegment seg = DataSegment.of(textPending, textPendingOffset, n);
    textPendingOffset += n;
    if (more) {
      sendText(t, false, true, textTtt(), seg);
      return;
    }
    textPending = null;
    if (t.finalFlag()) {
      textTtt = RESERVED;
      textNegotiating = false;
      sendText(t, true, false, RESERVED, seg);
    } else {
      sendText(t, false, false, textTtt(), seg); // the initiator has more to say in this sequence
    }
  }

  private void sendText(TextRequest t, boolean fin, boolean cont, int ttt, DataSegment data) {
    long w = session.window();
    TextResponse r = new TextResponse(fin, cont, t.lun(), t.initiatorTaskTag(), ttt, statSN, (int) (w >>> 32),
        (int) w, data);
    takeStatSN(r, true);
    send(r);
  }

  /** RFC 7143 §13.3, Appendix C: TargetName and TargetAddress for each target this initiator may see. */
  private List<KeyValue> sendTargets(String which) {
    List<KeyValue> out = new ArrayList<>();
    List<TargetNode> nodes = new ArrayList<>();
    if (which.equals("All")) {
      if (!session.discovery()) {
        return List.of(KeyValue.of(IscsiKeys.SEND_TARGETS, "Reject"));
      }
      nodes.addAll(runtime.targets.values());
    } else if (which.isEmpty()) {
      if (session.target != null) {
        nodes.add(session.target);
      }
    } else {
      TargetNode n = runtime.targets.get(which);
      if (n != null) {
        nodes.add(n);
      }
    }
    InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
    for (TargetNode n : nodes) {
      if (!n.allows(session.initiatorName)) {
        continue;
      }
      out.add(KeyValue.of(IscsiKeys.TARGET_NAME, n.name()));
      int tag = n.definition.portalGroupTag();
      for (InetSocketAddress a : runtime.portals(tag)) {
        InetAddress addr = a.getAddress().isAnyLocalAddress() ? local.getAddress() : a.getAddress();
        String host = addr instanceof Inet6Address ? "[" + addr.getHostAddress().replaceAll("%.*", "") + "]"
            : addr.getHostAddress();
        out.add(KeyValue.of(IscsiKeys.TARGET_ADDRESS, host + ":" + a.getPort() + "," + tag));
      }
    }
    return out;
  }

  // ---- Logout (RFC 7143 §11.14, §11.15) ----

  private void onLogout(LogoutRequest l) {
    LogoutReason reason = l.reason();
    LogoutResponseCode code;
    List<FullFeatureHandler> toClose = new ArrayList<>();
    boolean closeSelf = false;
    if (reason.equals(LogoutReason.CLOSE_SESSION) || session.discovery()) {
      code = LogoutResponseCode.CLOSED_SUCCESSFULLY;
      for (FullFeatureHandler h : session.connections.values()) {
        if (h != this) {
          toClose.add(h);
        }
      }
      closeSelf = true;
      session.markClosed();
      runtime.sessions.remove(session);
    } else if (reason.equals(LogoutReason.CLOSE_CONNECTION)) {
      FullFeatureHandler h = session.connections.get(l.cid());
      if (h == null) {
        code = LogoutResponseCode.CID_NOT_FOUND;
      } else {
        code = LogoutResponseCode.CLOSED_SUCCESSFULLY;
        if (h == this) {
          closeSelf = true;
        } else {
          toClose.add(h);
        }
      }
    } else {
      code = LogoutResponseCode.RECOVERY_NOT_SUPPORTED; // ERL 0
    }
    if (closeSelf) {
      abortAll(-1);
    }
    long w = session.window();
    LogoutResponse r = new LogoutResponse(code, l.initiatorTaskTag(), statSN, (int) (w >>> 32), (int) w, 0, 0);
    takeStatSN(r, true);
    for (FullFeatureHandler h : toClose) {
      h.close();
    }
    Pdu out = quirk.onSend(quirkContext, r);
    if (closeSelf) {
      closing = true;
      if (out != null) {
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close();
      }
    } else if (out != null) {
      ctx.write(out, ctx.voidPromise());
      flushPending = true;
    }
  }

  @Override
  public String toString() {
    return session + " CID " + cid;
  }
}
