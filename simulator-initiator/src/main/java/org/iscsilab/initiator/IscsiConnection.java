package org.iscsilab.initiator;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.codec.FramingState;
import org.iscsilab.protocol.codec.PduDecodeError;
import org.iscsilab.protocol.codec.PduFrameDecoder;
import org.iscsilab.protocol.codec.PduFrameEncoder;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.Pdu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a portal, with the shared codec pair and a tap recording every PDU. It
 * starts in raw mode, where received PDUs queue up for {@link #receive(Duration)}; a session
 * takes it over with {@link #attach(Sink)}, after which PDUs are delivered on the connection's
 * event loop. Epoll is used when available.
 */
public final class IscsiConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IscsiConnection.class);
  private static final Object CLOSED = new Object();
  private static final FramingLimits NO_FRAMING_CHANGE = null;

  private static volatile EventLoopGroup shared;

  /** Receives what arrives once a session has attached; always called on the event loop. */
  public interface Sink {
    void onPdu(Pdu pdu);

    void onDecodeError(PduDecodeError error);

    void onConnectionError(Throwable error);

    void onClosed(String reason);

    /** After a batch of reads, a good moment to flush. */
    void onReadComplete();
  }

  private volatile Channel channel;
  private final PduHistoryLog history;
  private final String portal;
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private volatile Sink sink;
  private volatile String closeReason;
  private volatile boolean closingByUs;
  /** Called on the event loop for every Login Response, before anything else sees it. */
  private volatile Consumer<LoginResponse> loginResponseHook;

  private IscsiConnection(PduHistoryLog history, String portal) {
    this.history = history;
    this.portal = portal;
  }

  /** The shared event loop group: as many loops as cores, daemon threads, epoll when available. */
  public static EventLoopGroup sharedGroup() {
    EventLoopGroup g = shared;
    if (g == null) {
      synchronized (IscsiConnection.class) {
        g = shared;
        if (g == null) {
          DefaultThreadFactory tf = new DefaultThreadFactory("iscsi-initiator", true);
          g = Epoll.isAvailable() ? new MultiThreadIoEventLoopGroup(0, tf, EpollIoHandler.newFactory())
              : new MultiThreadIoEventLoopGroup(0, tf, NioIoHandler.newFactory());
          shared = g;
        }
      }
    }
    return g;
  }

  /** Whether connections use native epoll. */
  public static boolean usesEpoll() {
    return Epoll.isAvailable();
  }

  /**
   * Opens a TCP connection.
   *
   * @param loop the event loop to use (all connections of a session share one), or null for any
   * @param keepEverything keep the whole PDU history (raw API) instead of the last 64 PDUs
   * @throws PortalUnreachableException when the connection cannot be made within {@code timeout}
   */
  public static IscsiConnection connect(String host, int port, Duration timeout, EventLoop loop,
      boolean keepEverything) {
    return connect(host, port, timeout, loop, keepEverything, null);
  }

  /**
   * Opens a TCP connection whose exact bytes, both ways, are shown to {@code tap} (e.g. a pcap
   * recorder), or to nobody when it is null.
   *
   * @throws PortalUnreachableException when the connection cannot be made within {@code timeout}
   */
  public static IscsiConnection connect(String host, int port, Duration timeout, EventLoop loop,
      boolean keepEverything, ConnectionTap tap) {
    String portal = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    PduHistoryLog history = keepEverything ? PduHistoryLog.unbounded() : PduHistoryLog.bounded(64);
    IscsiConnection conn = new IscsiConnection(history, portal);
    Bootstrap b = new Bootstrap()
        .group(loop != null ? loop : sharedGroup().next())
        .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.AdaptiveRecvByteBufAllocator(512, 65536, 1 << 20))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tap != null) {
              // Next to the socket, so that it sees the exact bytes both ways (for pcap recording).
              ch.pipeline().addLast("wire-tap", tap.handler(ch));
            }
            PduFrameDecoder decoder = new PduFrameDecoder();
            // Large Data-In PDUs arrive in many reads; composing avoids re-copying the partial frame.
            decoder.setCumulator(io.netty.handler.codec.ByteToMessageDecoder.COMPOSITE_CUMULATOR);
            ch.pipeline().addLast("decoder", decoder);
            ch.pipeline().addLast("encoder", new PduFrameEncoder());
            ch.pipeline().addLast("pdu-tap", new org.iscsilab.protocol.codec.PduTap(history));
            ch.pipeline().addLast("dispatch", new Tap(conn));
          }
        });
    ChannelFuture f = b.connect(new InetSocketAddress(host, port));
    boolean done = f.awaitUninterruptibly(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    if (!done) {
      f.cancel(true);
      f.channel().close();
      throw new PortalUnreachableException("cannot connect to " + portal + ": no answer within "
          + TaskStalledException.seconds(timeout));
    }
    if (!f.isSuccess()) {
      Throwable c = f.cause();
      String why = c == null ? "unknown reason" : c.getMessage();
      if (why != null && why.contains("Connection refused")) {
        why = "connection refused (nothing listens there)";
      }
      throw new PortalUnreachableException("cannot connect to " + portal + ": " + why);
    }
    conn.channel = f.channel();
    return conn;
  }

  /** Records, dispatches and notices the end of the connection. */
  private static final class Tap extends ChannelDuplexHandler {
    private final IscsiConnection c;

    Tap(IscsiConnection c) {
      this.c = c;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Pdu pdu) {
        Consumer<LoginResponse> hook = c.loginResponseHook;
        if (hook != null && pdu instanceof LoginResponse lr) {
          hook.accept(lr);
        }
        Sink s = c.sink;
        if (s != null) {
          s.onPdu(pdu);
        } else {
          c.inbox.add(pdu);
        }
      } else if (msg instanceof PduDecodeError e) {
        Sink s = c.sink;
        if (s != null) {
          s.onDecodeError(e);
        } else {
          c.inbox.add(e);
        }
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      Sink s = c.sink;
      if (s != null) {
        s.onReadComplete();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      String why = cause instanceof ProtocolException pe ? "connection-level protocol error: " + pe.getMessage()
          : "I/O error: " + cause.getMessage();
      if (c.closeReason == null) {
        c.closeReason = why;
      }
      Sink s = c.sink;
      if (s != null) {
        s.onConnectionError(cause);
      } else {
        c.inbox.add(cause);
      }
      LOG.debug("{}: {}", c.portal, why);
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (c.closeReason == null) {
        c.closeReason = c.closingByUs ? "closed by the initiator" : "closed by the target";
      }
      Sink s = c.sink;
      if (s != null) {
        s.onClosed(c.closeReason);
      } else {
        c.inbox.add(CLOSED);
      }
      ctx.fireChannelInactive();
    }
  }

  // ---- raw mode ----

  /** Sends a PDU (any PDU, including a {@link org.iscsilab.protocol.pdu.RawPdu}) and flushes. */
  public void send(Pdu pdu) {
    channel.writeAndFlush(pdu);
  }

  /** Writes without flushing (batching); call {@link #flush()} after. */
  void write(Pdu pdu) {
    channel.write(pdu, channel.voidPromise());
  }

  void flush() {
    channel.flush();
  }

  /**
   * The next PDU received, waiting at most {@code timeout}.
   *
   * @throws TaskStalledException when nothing arrives in time (with the last PDUs)
   * @throws ConnectionLostException when the connection ends first
   * @throws ProtocolException when the stream broke (connection-level) or, as a PDU-level
   *     {@link ProtocolException}, the PDU failed its data digest
   */
  public Pdu receive(Duration timeout) {
    return receive(timeout, "raw receive", Awaited.ANY_PDU);
  }

  /**
   * Like {@link #receive(Duration)} but a PDU the decoder refused (a data digest error) comes back
   * as a {@link PduDecodeError} value instead of an exception, for tests that provoke it.
   */
  public Object receiveAny(Duration timeout) {
    try {
      return receive(timeout, "raw receive", Awaited.ANY_PDU);
    } catch (ProtocolException e) {
      PduDecodeError last = lastDecodeError;
      if (last != null && last.error() == e) {
        return last;
      }
      throw e;
    }
  }

  private volatile PduDecodeError lastDecodeError;

  Pdu receive(Duration timeout, String waitingFor, Awaited awaited) {
    if (sink != null) {
      throw new IllegalStateException("a session owns this connection; PDUs go to it");
    }
    Object o;
    try {
      o = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InitiatorException("interrupted while waiting for " + awaited.what());
    }
    if (o == null) {
      throw new TaskStalledException(waitingFor, Pdu.RESERVED_TAG, "-", OptionalInt.empty(), timeout, awaited,
          TaskStalledException.CmdSnState.NOT_APPLICABLE, 0, 0, "", portal, history.last(8));
    }
    if (o == CLOSED) {
      inbox.add(CLOSED); // stays closed for later calls
      throw new ConnectionLostException("waiting for " + awaited.what() + " (" + waitingFor + ")", closeReason,
          history.last(8));
    }
    if (o instanceof Throwable t) {
      if (t instanceof ProtocolException pe) {
        throw pe;
      }
      throw new ConnectionLostException("waiting for " + awaited.what(), "I/O error: " + t.getMessage(),
          history.last(8));
    }
    if (o instanceof PduDecodeError e) {
      lastDecodeError = e;
      throw e.error();
    }
    track((Pdu) o);
    return (Pdu) o;
  }

  /**
   * Logs in on this connection (raw mode): security and operational stages per {@code spec}, and
   * the framing switch after the final Login Response. The connection stays in raw mode.
   *
   * @throws LoginFailedException with the status class and detail when refused
   */
  public LoginOutcome login(LoginSpec spec) {
    LoginOutcome o = LoginDriver.login(this, spec);
    rawCmdSN = o.cmdSN();
    rawExpStatSN = o.statSN() + 1;
    rawExpCmdSN = o.expCmdSN();
    rawMaxCmdSN = o.maxCmdSN();
    return o;
  }

  // ---- sequence numbers as the raw API sees them (updated by login and receive) ----

  private volatile int rawCmdSN;
  private volatile int rawExpStatSN;
  private volatile int rawExpCmdSN;
  private volatile int rawMaxCmdSN;

  /** The CmdSN the next non-immediate command should carry (raw mode). */
  public int cmdSN() {
    return rawCmdSN;
  }

  /** Returns {@link #cmdSN()} and advances it, for a non-immediate command about to be sent. */
  public int takeCmdSN() {
    return rawCmdSN++;
  }

  /** The ExpStatSN to put in the next PDU: last status-bearing StatSN received + 1. */
  public int expStatSN() {
    return rawExpStatSN;
  }

  /** ExpCmdSN last received from the target. */
  public int expCmdSN() {
    return rawExpCmdSN;
  }

  /** MaxCmdSN last received from the target. */
  public int maxCmdSN() {
    return rawMaxCmdSN;
  }

  private void track(Pdu p) {
    if (!(p instanceof org.iscsilab.protocol.pdu.TargetPdu t)) {
      return;
    }
    if (!(p instanceof org.iscsilab.protocol.pdu.ReadyToTransfer)) {
      rawExpCmdSN = t.expCmdSN();
      rawMaxCmdSN = t.maxCmdSN();
    }
    boolean status = !(p instanceof org.iscsilab.protocol.pdu.ReadyToTransfer)
        && !(p instanceof org.iscsilab.protocol.pdu.DataIn d && !d.statusPresent())
        && !(p instanceof org.iscsilab.protocol.pdu.NopIn n && n.initiatorTaskTag() == Pdu.RESERVED_TAG);
    if (status && org.iscsilab.protocol.sn.SerialNumber.greaterOrEqual(t.statSN(), rawExpStatSN)) {
      rawExpStatSN = t.statSN() + 1;
    }
  }

  /** PDUs received but not yet taken (raw mode). */
  public int pending() {
    return (int) inbox.stream().filter(o -> o instanceof Pdu).count();
  }

  /** Sets the framing both codec handlers use from the next PDU on (on the event loop). */
  public void framing(FramingLimits inbound, FramingLimits outbound) {
    Runnable r = () -> {
      FramingState s = FramingState.of(channel);
      if (inbound != NO_FRAMING_CHANGE) {
        s.inbound(inbound);
      }
      if (outbound != NO_FRAMING_CHANGE) {
        s.outbound(outbound);
      }
    };
    if (channel.eventLoop().inEventLoop()) {
      r.run();
    } else {
      channel.eventLoop().submit(r).syncUninterruptibly();
    }
  }

  /** The framing in force now. */
  public FramingState framing() {
    return FramingState.of(channel);
  }

  /**
   * Lets the decoder copy Data-In payloads straight into the read buffers {@code placement} names
   * (one copy per byte instead of two); null turns it off. Takes effect from the next PDU decoded.
   */
  void placeDataIn(org.iscsilab.protocol.codec.DataInPlacement placement) {
    FramingState.of(channel).dataInPlacement(placement);
  }

  void loginResponseHook(Consumer<LoginResponse> hook) {
    this.loginResponseHook = hook;
  }

  /**
   * Hands the connection to a session: queued PDUs are delivered first, in order, then every
   * later one, all on the event loop.
   */
  void attach(Sink s) {
    Runnable r = () -> {
      Object o;
      while ((o = inbox.poll()) != null) {
        if (o instanceof Pdu p) {
          s.onPdu(p);
        } else if (o instanceof PduDecodeError e) {
          s.onDecodeError(e);
        } else if (o == CLOSED) {
          s.onClosed(closeReason);
        } else if (o instanceof Throwable t) {
          s.onConnectionError(t);
        }
      }
      sink = s;
      s.onReadComplete();
    };
    if (channel.eventLoop().inEventLoop()) {
      r.run();
    } else {
      channel.eventLoop().execute(r);
    }
  }

  /** The whole history kept (raw connections keep everything). */
  public List<PduRecord> history() {
    return history.all();
  }

  public PduHistoryLog historyLog() {
    return history;
  }

  public String portal() {
    return portal;
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /** Why the connection ended, once it has. */
  public String closeReason() {
    return closeReason;
  }

  Channel channel() {
    return channel;
  }

  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  /** Closes the TCP connection (no Logout; see the session for a clean end). */
  @Override
  public void close() {
    closingByUs = true;
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** Waits (bounded) until the connection has closed. */
  public boolean awaitClosed(Duration timeout) {
    return channel.closeFuture().awaitUninterruptibly(timeout.toMillis());
  }

  @Override
  public String toString() {
    return "IscsiConnection[" + portal + (isOpen() ? "" : ", closed: " + closeReason) + "]";
  }
}
