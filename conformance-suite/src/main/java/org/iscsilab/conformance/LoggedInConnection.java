package org.iscsilab.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.NoResponse;
import org.iscsilab.conformance.PduExchange;
import org.iscsilab.conformance.TargetClosedConnection;
import org.iscsilab.initiator.ConnectionLostException;
import org.iscsilab.initiator.InitiatorException;
import org.iscsilab.initiator.IscsiConnection;
import org.iscsilab.initiator.LoginOutcome;
import org.iscsilab.initiator.LoginSpec;
import org.iscsilab.initiator.PduRecord;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.initiator.TaskStalledException;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.negotiation.NegotiationResult;
import org.iscsilab.protocol.pdu.AsyncMessage;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.TargetPdu;
import org.iscsilab.protocol.pdu.TaskManagementResponse;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.protocol.scsi.Lun;
import org.iscsilab.protocol.url.DigestPreference;
import org.opentest4j.AssertionFailedError;

/**
 * One connection logged in to full feature phase through the reference initiator's raw API, for
 * tests that put exact PDUs on the wire and read every PDU back: the test owns CmdSN, ITTs and
 * ExpStatSN ({@link #nextCmdSN()}, {@link #itt()}, {@link #expStatSN()}). Every wait is bounded by
 * the response timeout; a missing PDU becomes a {@link NoResponse}, a closed connection a
 * {@link TargetClosedConnection}, both with a diagnosis. Closed and attached as evidence by the
 * context. Shared by the area packages' tests.
 */
public final class LoggedInConnection {

  private final ConformanceContext ctx;
  private final IscsiConnection conn;
  private final LoginOutcome login;
  private final List<Pdu> received = new ArrayList<>();
  /** PDUs read while waiting for another task's, handed out by {@link #nextFor}. */
  private final java.util.ArrayDeque<Pdu> backlog = new java.util.ArrayDeque<>();
  private int cmdSN;
  private int expStatSN;
  private int nextItt = 0x1000;
  private Pdu lastSent;

  private LoggedInConnection(ConformanceContext ctx, IscsiConnection conn, LoginOutcome login) {
    this.ctx = ctx;
    this.conn = conn;
    this.login = login;
    this.cmdSN = login.cmdSN();
    this.expStatSN = login.statSN() + 1;
  }

  /** A Normal session with the reference initiator's standard keys (and the URL's CHAP and digests). */
  public static LoggedInConnection open(ConformanceContext ctx) {
    return open(ctx, s -> s);
  }

  /** As {@link #open(ConformanceContext)}, with the login adjusted ({@code s.withKey("MaxBurstLength", "16384")}). */
  public static LoggedInConnection open(ConformanceContext ctx, UnaryOperator<LoginSpec> tune) {
    var target = ctx.target();
    LoginSpec spec = LoginSpec.normal(ctx.initiatorName(), target.targetName()).withTimeout(ctx.responseTimeout());
    if (target.chap().isPresent()) {
      spec = spec.withChap(target.chap().get());
    }
    if (target.mutualChap().isPresent()) {
      spec = spec.withMutualChap(target.mutualChap().get());
    }
    if (target.url().headerDigest().isPresent() || target.url().dataDigest().isPresent()) {
      spec = spec.withDigests(target.url().headerDigest().map(DigestPreference::offer).orElse("None"),
          target.url().dataDigest().map(DigestPreference::offer).orElse("None"));
    }
    spec = tune.apply(spec);
    IscsiConnection c = ctx.closeAtEnd(IscsiConnection.connect(target.url().host(), target.url().port(),
        ctx.responseTimeout(), null, true));
    ctx.attach(new History(c, "raw connection to " + target.url().portal()));
    LoginOutcome o;
    try {
      o = c.login(spec);
    } catch (RuntimeException e) {
      throw new InitiatorException("could not log in the connection this test needs: " + e.getMessage(), e);
    }
    return new LoggedInConnection(ctx, c, o);
  }

  /** The PDU history of the raw connection, as evidence. */
  private record History(IscsiConnection c, String title) implements PduExchange {
    @Override
    public String render() {
      StringBuilder sb = new StringBuilder(title).append(" (-> sent by the suite, <- sent by the target)\n");
      for (PduRecord r : c.history()) {
        sb.append("  ").append(r.describe()).append('\n');
      }
      return sb.toString();
    }

    @Override
    public Optional<String> lastEvent() {
      List<PduRecord> h = c.history();
      return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1).describe());
    }
  }

  public NegotiationResult negotiated() {
    return login.result();
  }

  public LoginOutcome login() {
    return login;
  }

  public IscsiConnection connection() {
    return conn;
  }

  /** The LUN field of the LUN under test. */
  public long lun() {
    return Lun.of(ctx.target().lun()).toLong();
  }

  /** A fresh Initiator Task Tag. */
  public int itt() {
    return nextItt++;
  }

  /** The CmdSN the next non-immediate command carries (then advanced). */
  public int nextCmdSN() {
    return cmdSN++;
  }

  /** The CmdSN an immediate command carries: the next one, not advanced (RFC 7143 §4.2.2.1). */
  public int currentCmdSN() {
    return cmdSN;
  }

  public int expStatSN() {
    return expStatSN;
  }

  /** A non-immediate SCSI Command with F set, ITT, CmdSN and ExpStatSN filled in. */
  public ScsiCommand.Builder command(byte[] cdb, int itt) {
    return ScsiCommand.builder().finalFlag(true).lun(lun()).initiatorTaskTag(itt).cmdSN(nextCmdSN())
        .expStatSN(expStatSN).cdb(cdb);
  }

  public void send(Pdu pdu) {
    lastSent = pdu;
    conn.send(pdu);
  }

  /** PDUs received so far, in order. */
  public List<Pdu> received() {
    return List.copyOf(received);
  }

  /** The next PDU, waiting at most the response timeout. */
  public Pdu next(String awaited) {
    return next(awaited, ctx.responseTimeout());
  }

  public Pdu next(String awaited, Duration timeout) {
    Pdu p;
    try {
      p = conn.receive(timeout);
    } catch (TaskStalledException e) {
      throw new NoResponse(String.format(Locale.ROOT, "no %s within %s%s; the connection is still open", awaited,
          seconds(timeout), afterLastSent()));
    } catch (ConnectionLostException e) {
      throw new TargetClosedConnection("the target closed the connection instead of sending a " + awaited
          + afterLastSent() + " (" + e.reason() + ")");
    } catch (ProtocolException e) {
      throw new AssertionFailedError("the target sent a malformed PDU while the suite waited for a " + awaited
          + " (" + e.clause() + "): " + e.getMessage());
    }
    received.add(p);
    acknowledge(p);
    return p;
  }

  /**
   * The next PDU of task {@code itt} (or, for 0xffffffff, the next unsolicited one), including
   * one read earlier while the suite waited for something else.
   */
  public Pdu nextFor(int itt, String awaited) {
    for (java.util.Iterator<Pdu> it = backlog.iterator(); it.hasNext(); ) {
      Pdu p = it.next();
      if (p.initiatorTaskTag() == itt) {
        it.remove();
        return p;
      }
    }
    while (true) {
      Pdu p = next(awaited);
      if (p.initiatorTaskTag() == itt) {
        return p;
      }
      backlog.add(p);
    }
  }

  /** The next PDU, which must be a {@code type}. */
  public <T extends Pdu> T expect(Class<T> type, String awaited) {
    Pdu p = next(awaited);
    if (!type.isInstance(p)) {
      throw new AssertionFailedError("expected a " + awaited + ", the target sent " + PduSummary.of(p));
    }
    return type.cast(p);
  }

  /** A PDU if one comes within {@code timeout}; empty if the target stays silent (closing counts as silence here). */
  public Optional<Pdu> poll(Duration timeout) {
    try {
      Pdu p = conn.receive(timeout);
      received.add(p);
      acknowledge(p);
      return Optional.of(p);
    } catch (TaskStalledException | ConnectionLostException e) {
      return Optional.empty();
    }
  }

  /**
   * Every PDU of task {@code itt} up to and including its status (SCSI Response, or Data-In with the
   * S bit); PDUs of other tasks that arrive meanwhile are kept in {@link #received()} only.
   */
  public List<Pdu> untilStatus(int itt, String what) {
    List<Pdu> task = new ArrayList<>();
    while (true) {
      Pdu p = nextFor(itt, "SCSI Response to " + what);
      task.add(p);
      if (p instanceof ScsiResponse || (p instanceof DataIn d && d.statusPresent())) {
        return task;
      }
      if (p instanceof Reject) {
        return task;
      }
    }
  }

  /** What came back for one SCSI command: every PDU of the task, the status and the data read. */
  public record Exchange(String command, List<Pdu> pdus, int status, int response, byte[] data, byte[] senseSegment,
      boolean underflow, boolean overflow, int residualCount, int statSN) {

    public boolean good() {
      return response == 0 && status == 0;
    }

    public List<DataIn> dataIns() {
      return pdus.stream().filter(DataIn.class::isInstance).map(DataIn.class::cast).toList();
    }

    /** "GOOD" or "CHECK CONDITION, sense …" for messages. */
    public String describe() {
      if (pdus.isEmpty()) {
        return "nothing";
      }
      Pdu last = pdus.get(pdus.size() - 1);
      if (last instanceof Reject r) {
        return "Reject (" + r.reason() + ")";
      }
      String s = String.format(Locale.ROOT, "status 0x%02x", status) + (response != 0
          ? String.format(Locale.ROOT, " response 0x%02x", response) : "");
      if (senseSegment.length > 0) {
        s += org.iscsilab.protocol.scsi.sense.IscsiSense.decode(senseSegment)
            .map(d -> ", sense " + d.describe()).orElse(", sense bytes " + senseSegment.length);
      }
      return s;
    }
  }

  /**
   * Sends a non-immediate SCSI Command (R bit when {@code readLength} &gt; 0, no write data) and waits
   * for its status.
   */
  public Exchange run(byte[] cdb, int readLength) {
    int itt = itt();
    ScsiCommand cmd = command(cdb, itt).read(readLength > 0).expectedDataTransferLength(readLength).build();
    send(cmd);
    return collect(cmd, itt);
  }

  /** The PDUs of an already sent command up to its status, assembled. */
  public Exchange collect(ScsiCommand cmd, int itt) {
    String what = PduSummary.of(cmd);
    List<Pdu> pdus = untilStatus(itt, what);
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    int status = 0;
    int response = 0;
    byte[] sense = new byte[0];
    boolean under = false;
    boolean over = false;
    int residual = 0;
    int statSN = 0;
    for (Pdu p : pdus) {
      if (p instanceof DataIn d) {
        byte[] b = d.data().toByteArray();
        data.write(b, 0, b.length);
        if (d.statusPresent()) {
          status = d.status();
          under = d.residualUnderflow();
          over = d.residualOverflow();
          residual = d.residualCount();
          statSN = d.statSN();
        }
      } else if (p instanceof ScsiResponse r) {
        status = r.status();
        response = r.response();
        sense = r.data().toByteArray();
        under = r.residualUnderflow();
        over = r.residualOverflow();
        residual = r.residualCount();
        statSN = r.statSN();
      } else if (p instanceof Reject) {
        status = -1;
      }
    }
    return new Exchange(what, pdus, status, response, data.toByteArray(), sense, under, over, residual, statSN);
  }

  /** TEST UNIT READY until the unit attentions of a new I_T nexus are reported (at most 8). */
  public void clearUnitAttentions() {
    byte[] tur = new byte[6];
    for (int i = 0; i < 8; i++) {
      Exchange e = run(tur, 0);
      if (e.status() != 0x02) {
        return;
      }
    }
  }

  private int blockSize;
  private long lastLba = -1;

  /** The logical block length (READ CAPACITY(10), unit attentions cleared first). */
  public int blockSize() {
    if (blockSize == 0) {
      clearUnitAttentions();
      byte[] cdb = new byte[10];
      cdb[0] = 0x25;
      Exchange e = run(cdb, 8);
      if (!e.good() || e.data().length < 8) {
        throw new AssertionFailedError("READ CAPACITY(10) failed: " + e.describe());
      }
      byte[] d = e.data();
      lastLba = ((d[0] & 0xffL) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
      blockSize = ((d[4] & 0xff) << 24) | ((d[5] & 0xff) << 16) | ((d[6] & 0xff) << 8) | (d[7] & 0xff);
      if (blockSize <= 0) {
        throw new AssertionFailedError("READ CAPACITY(10) reports a logical block length of " + blockSize);
      }
    }
    return blockSize;
  }

  /** Whether the target closes the connection within {@code timeout} (PDUs meanwhile are kept). */
  public boolean awaitClose(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        Pdu p = conn.receive(Duration.ofNanos(left));
        received.add(p);
      } catch (TaskStalledException e) {
        return false;
      } catch (ConnectionLostException e) {
        return true;
      } catch (ProtocolException e) {
        return !conn.isOpen() || conn.awaitClosed(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      }
    }
  }

  /** ExpStatSN acknowledges every status received (RFC 7143 §4.2.2.2). */
  private void acknowledge(Pdu p) {
    int statSN;
    if (p instanceof ScsiResponse r) {
      statSN = r.statSN();
    } else if (p instanceof DataIn d && d.statusPresent()) {
      statSN = d.statSN();
    } else if (p instanceof NopIn n && n.initiatorTaskTag() != Pdu.RESERVED_TAG) {
      statSN = n.statSN();
    } else if (p instanceof TaskManagementResponse r) {
      statSN = r.statSN();
    } else if (p instanceof LogoutResponse r) {
      statSN = r.statSN();
    } else if (p instanceof Reject r) {
      statSN = r.statSN();
    } else if (p instanceof AsyncMessage a) {
      statSN = a.statSN();
    } else if (p instanceof TextResponse r) {
      statSN = r.statSN();
    } else {
      return;
    }
    if (statSN + 1 - expStatSN >= 0) {
      expStatSN = statSN + 1;
    }
  }

  /** ExpCmdSN and MaxCmdSN of a target PDU, for messages. */
  public static String window(TargetPdu p) {
    return "ExpCmdSN " + Integer.toUnsignedString(p.expCmdSN()) + ", MaxCmdSN " + Integer.toUnsignedString(p.maxCmdSN());
  }

  public static String u(int v) {
    return Integer.toUnsignedString(v);
  }

  private String afterLastSent() {
    return lastSent == null ? "" : " after the suite sent " + PduSummary.of(lastSent);
  }

  public static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
