package org.iscsilab.conformance;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.codec.PduDecodeError;
import org.iscsilab.protocol.codec.PduFramer;
import org.iscsilab.protocol.pdu.Pdu;
import org.opentest4j.AssertionFailedError;

/**
 * One plain TCP connection to the target that sends hand-made PDUs and reads the answers,
 * blocking, with every wait bounded. For tests that must put exact bytes on the wire before the
 * reference initiator's raw API lands (and for the preflight). Every PDU in and out is recorded
 * in a {@link PduLog}.
 *
 * <p>A PDU that does not come in time raises {@link NoResponse}; a connection the target closes
 * raises {@link TargetClosedConnection}; both carry a diagnosis that becomes the verdict's message.
 */
public final class RawConnection implements AutoCloseable {

  private static final Map<String, String> NAMES = Map.of(
      "ReadyToTransfer", "R2T", "ScsiResponse", "SCSI Response", "ScsiCommand", "SCSI Command",
      "NopIn", "NOP-In", "NopOut", "NOP-Out", "DataIn", "SCSI Data-In", "DataOut", "SCSI Data-Out");

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final PduLog log;
  private final String peer;
  private final Duration responseTimeout;
  private volatile FramingLimits limits = FramingLimits.LOGIN;
  private Pdu lastSent;
  private int sent;
  private int received;

  private RawConnection(Socket socket, PduLog log, String peer, Duration responseTimeout) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.log = log;
    this.peer = peer;
    this.responseTimeout = responseTimeout;
  }

  /**
   * Connects to the target's portal within {@code responseTimeout}.
   *
   * @throws IOException when the portal cannot be reached (message names it)
   */
  public static RawConnection open(TargetUnderTest target, Duration responseTimeout, PduLog log) throws IOException {
    String host = target.url().host();
    int port = target.url().port();
    String peer = target.url().portal();
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), (int) Math.max(1, responseTimeout.toMillis()));
    } catch (IOException e) {
      s.close();
      log.note("cannot connect to " + peer + ": " + e.getMessage());
      throw new IOException("cannot connect to " + peer + ": " + e.getMessage(), e);
    }
    log.note("connected to " + peer + " from " + s.getLocalSocketAddress());
    return new RawConnection(s, log, peer, responseTimeout);
  }

  public PduLog log() {
    return log;
  }

  /** Framing for what follows (digests, MaxRecvDataSegmentLength); login framing until changed. */
  public void limits(FramingLimits limits) {
    this.limits = limits;
  }

  /** Sends one PDU exactly as built (a {@link org.iscsilab.protocol.pdu.RawPdu} may be damaged on purpose). */
  public void send(Pdu pdu) throws IOException {
    byte[] bytes = PduFramer.encode(pdu, limits);
    log.sent(pdu);
    out.write(bytes);
    out.flush();
    lastSent = pdu;
    sent++;
  }

  /** The next PDU from the target, waiting at most the response timeout. */
  public Pdu receive() throws IOException {
    return receive(responseTimeout, "PDU");
  }

  /** The next PDU, which must be a {@code type}; waits at most the response timeout. */
  public <T extends Pdu> T expect(Class<T> type) throws IOException {
    return expect(type, responseTimeout);
  }

  /** The next PDU, which must be a {@code type}; waits at most {@code timeout}. */
  public <T extends Pdu> T expect(Class<T> type, Duration timeout) throws IOException {
    String awaited = name(type);
    Pdu p = receive(timeout, awaited);
    if (!type.isInstance(p)) {
      throw new AssertionFailedError("expected a " + awaited + " from the target, it sent " + p.opcode() + ": "
          + PduLog.describe(p));
    }
    return type.cast(p);
  }

  /**
   * Waits for the target to close the connection, discarding (and logging) PDUs meanwhile.
   *
   * @return true if it closed within {@code timeout}
   */
  public boolean awaitClose(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        receive(Duration.ofNanos(left), "connection close");
      } catch (TargetClosedConnection e) {
        return true;
      } catch (NoResponse e) {
        return false;
      }
    }
  }

  private Pdu receive(Duration timeout, String awaited) throws IOException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    byte[] bhs = new byte[PduFramer.BHS_LENGTH];
    readFully(bhs, 0, bhs.length, deadline, awaited, timeout, true);
    int frame;
    ByteBuf head = Unpooled.wrappedBuffer(bhs);
    try {
      frame = PduFramer.frameLength(head, limits);
    } catch (ProtocolException e) {
      throw malformed(e);
    } finally {
      head.release();
    }
    byte[] whole = new byte[frame];
    System.arraycopy(bhs, 0, whole, 0, bhs.length);
    readFully(whole, bhs.length, frame - bhs.length, deadline, awaited, timeout, false);
    ByteBuf buf = Unpooled.wrappedBuffer(whole);
    Object decoded;
    try {
      decoded = PduFramer.decode(buf, frame, limits);
    } catch (ProtocolException e) {
      throw malformed(e);
    } finally {
      buf.release();
    }
    if (decoded instanceof PduDecodeError err) {
      throw malformed(err.error());
    }
    Pdu pdu = (Pdu) decoded;
    log.received(pdu);
    received++;
    return pdu;
  }

  private AssertionFailedError malformed(ProtocolException e) {
    log.note("malformed PDU from the target: " + e.getMessage());
    return new AssertionFailedError("the target sent a malformed PDU (" + e.clause() + "): " + e.getMessage());
  }

  private void readFully(byte[] b, int off, int len, long deadline, String awaited, Duration timeout, boolean atStart)
      throws IOException {
    int done = 0;
    while (done < len) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw noResponse(awaited, timeout, atStart && done == 0, done);
      }
      socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      int n;
      try {
        n = in.read(b, off + done, len - done);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (SocketException e) {
        if (socket.isClosed()) {
          throw new TargetClosedConnection("the connection to " + peer + " was closed by the suite while waiting for a "
              + awaited + " (the test ran out of time)");
        }
        log.note("connection reset: " + e.getMessage());
        throw new TargetClosedConnection("the target reset the connection instead of sending a " + awaited
            + afterLastSent() + ": " + e.getMessage());
      }
      if (n < 0) {
        log.note("connection closed by the target");
        throw new TargetClosedConnection("the target closed the connection instead of sending a " + awaited
            + afterLastSent() + (done > 0 ? " (in the middle of a PDU, after " + done + " bytes)" : ""));
      }
      done += n;
    }
  }

  private NoResponse noResponse(String awaited, Duration timeout, boolean nothing, int partial) {
    String d = String.format(Locale.ROOT, "no %s after %s%s%s; the connection to %s is still open (%d PDUs sent, %d received)",
        awaited, seconds(timeout), afterLastSent(), nothing ? "" : " (a PDU started but only " + partial + " bytes came)",
        peer, sent, received);
    log.note("gave up waiting: " + d);
    return new NoResponse(d);
  }

  private String afterLastSent() {
    if (lastSent == null) {
      return "";
    }
    return String.format(Locale.ROOT, " to the %s with ITT 0x%08x", lastSent.opcode().name(), lastSent.initiatorTaskTag());
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  static String name(Class<? extends Pdu> type) {
    String simple = type.getSimpleName();
    String n = NAMES.get(simple);
    return n != null ? n : simple.replaceAll("([a-z])([A-Z])", "$1 $2");
  }

  /** Closes the connection (idempotent). */
  @Override
  public void close() {
    if (!socket.isClosed()) {
      log.note("closed by the suite");
      try {
        socket.close();
      } catch (IOException e) {
        // nothing to do: the socket is gone either way
      }
    }
  }
}
