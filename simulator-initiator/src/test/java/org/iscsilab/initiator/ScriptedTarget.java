package org.iscsilab.initiator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.codec.FramingState;
import org.iscsilab.protocol.codec.PduFrameDecoder;
import org.iscsilab.protocol.codec.PduFrameEncoder;
import org.iscsilab.protocol.negotiation.Digest;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.NegotiationProfile;
import org.iscsilab.protocol.negotiation.NegotiationResult;
import org.iscsilab.protocol.negotiation.Negotiator;
import org.iscsilab.protocol.negotiation.Role;
import org.iscsilab.protocol.negotiation.SessionType;
import org.iscsilab.protocol.negotiation.Stage;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.pdu.LogoutRequest;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.LogoutResponseCode;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponse;
import org.iscsilab.protocol.pdu.TaskManagementResponseCode;
import org.iscsilab.protocol.scsi.cdb.Cdb;
import org.iscsilab.protocol.scsi.cdb.Read;
import org.iscsilab.protocol.scsi.cdb.Write;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;
import org.iscsilab.protocol.scsi.sense.IscsiSense;
import org.iscsilab.protocol.scsi.sense.SenseData;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextCodec;

/**
 * A tiny in-process target for unit tests: logs in with the shared negotiation engine, serves a
 * 4 MiB memory disk (512-byte blocks) for READ/WRITE(10/16), TUR, READ CAPACITY, SYNCHRONIZE
 * CACHE, and misbehaves on request (drop commands, close the window, send NOP-In pings). Every
 * PDU it receives is queued in {@link #received}.
 */
final class ScriptedTarget implements AutoCloseable {
  static final String IQN = "iqn.2026-11.org.iscsilab:scripted";
  static final int BLOCK = 512;

  final BlockingQueue<Pdu> received = new LinkedBlockingQueue<>();
  final byte[] disk = new byte[4 << 20];
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  volatile Predicate<ScsiCommand> drop = c -> false;
  /** Commands {@link #drop} swallowed, in order; {@link #answerDropped()} answers them late. */
  final List<ScsiCommand> dropped = java.util.Collections.synchronizedList(new ArrayList<>());
  /** Whether Task Management Function Requests are answered (always "Function complete"). */
  volatile boolean answerTaskManagement = true;
  private volatile ChannelHandlerContext clientContext;
  volatile int window = 16;
  volatile boolean holdWindow;
  volatile NegotiationProfile profile = NegotiationProfile.target().with(IscsiKeys.MAX_BURST_LENGTH, "65536")
      .with(IscsiKeys.INITIAL_R2T, "No")
      .with(IscsiKeys.FIRST_BURST_LENGTH, "16384").with(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH, "8192");
  volatile int dataInSegment = 8192;
  /** The next NOP-In answering a ping goes out with a wrong data digest. */
  volatile boolean corruptNextNopInDataDigest;
  volatile Channel client;
  private int statSN = 100;
  private int expCmdSN;
  private final Map<Integer, WriteState> writes = new HashMap<>();

  private static final class WriteState {
    final ScsiCommand cmd;
    final byte[] buf;
    final long lba;
    int r2tSN;

    WriteState(ScsiCommand cmd, byte[] buf, long lba) {
      this.cmd = cmd;
      this.buf = buf;
      this.lba = lba;
    }

    ScsiCommand cmd() {
      return cmd;
    }

    byte[] buf() {
      return buf;
    }

    long lba() {
      return lba;
    }
  }

  ScriptedTarget() {
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            client = ch;
            ch.pipeline().addLast(new PduFrameDecoder(), new PduFrameEncoder(), new Handler());
          }
        }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
  }

  /** Answers the commands {@link #drop} swallowed, now (late). */
  void answerDropped() {
    ChannelHandlerContext ctx = clientContext;
    ctx.executor().submit(() -> {
      List<ScsiCommand> all;
      synchronized (dropped) {
        all = new ArrayList<>(dropped);
        dropped.clear();
      }
      for (ScsiCommand c : all) {
        handler(ctx).scsi(ctx, c);
      }
    }).syncUninterruptibly();
  }

  private static Handler handler(ChannelHandlerContext ctx) {
    return (Handler) ctx.handler();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  SessionConfig config() {
    return SessionConfig.of("127.0.0.1", port(), LoginSpec.normal(LoginSpec.DEFAULT_INITIATOR_NAME, IQN));
  }

  /** Runs on the target's event loop and waits. */
  void onLoop(Runnable r) {
    group.next().submit(r).syncUninterruptibly();
  }

  /** Sends a NOP-In ping asking for an answer. */
  void ping(long lun, int ttt) {
    Channel c = client;
    c.eventLoop().submit(() -> c.writeAndFlush(new NopIn(lun, Pdu.RESERVED_TAG, ttt, statSN, expCmdSN, maxCmdSN(),
        DataSegment.EMPTY))).syncUninterruptibly();
  }

  /** Sends an Asynchronous Message with {@code event} (Parameter3: seconds to log out in). */
  void async(int event, int parameter3) {
    Channel c = client;
    c.eventLoop().submit(() -> c.writeAndFlush(new org.iscsilab.protocol.pdu.AsyncMessage(0, Pdu.RESERVED_TAG,
        statSN++, expCmdSN, maxCmdSN(), new org.iscsilab.protocol.pdu.AsyncEvent(event), 0, 0, 0, parameter3,
        DataSegment.EMPTY))).syncUninterruptibly();
  }

  /** Opens the window again after {@link #holdWindow} with a NOP-In carrying the new MaxCmdSN. */
  void openWindow() {
    holdWindow = false;
    Channel c = client;
    c.eventLoop().submit(() -> c.writeAndFlush(new NopIn(0, Pdu.RESERVED_TAG, Pdu.RESERVED_TAG, statSN, expCmdSN,
        maxCmdSN(), DataSegment.EMPTY))).syncUninterruptibly();
  }

  <T extends Pdu> T next(Class<T> type) throws InterruptedException {
    while (true) {
      Pdu p = received.poll(10, TimeUnit.SECONDS);
      if (p == null) {
        throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
      }
      if (type.isInstance(p)) {
        return type.cast(p);
      }
    }
  }

  private int maxCmdSN() {
    return holdWindow ? expCmdSN - 1 : expCmdSN + window - 1;
  }

  private final class Handler extends SimpleChannelInboundHandler<Object> {
    private Negotiator neg;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof Pdu p)) {
        return;
      }
      received.add(p);
      if (p instanceof LoginRequest r) {
        login(ctx, r);
      } else if (p instanceof ScsiCommand c) {
        if (!c.immediate()) {
          expCmdSN = c.cmdSN() + 1;
        }
        if (drop.test(c)) {
          clientContext = ctx;
          dropped.add(c);
          return; // consumed, not answered (unless answerDropped() is called)
        }
        scsi(ctx, c);
      } else if (p instanceof DataOut d) {
        dataOut(ctx, d);
      } else if (p instanceof NopOut n) {
        if (n.initiatorTaskTag() != Pdu.RESERVED_TAG) {
          NopIn in = new NopIn(0, n.initiatorTaskTag(), Pdu.RESERVED_TAG, statSN++, expCmdSN, maxCmdSN(), n.data());
          if (corruptNextNopInDataDigest) {
            corruptNextNopInDataDigest = false;
            ctx.writeAndFlush(in.toRaw().withDataDigest(0xdeadbeef));
          } else {
            ctx.writeAndFlush(in);
          }
        }
      } else if (p instanceof TaskManagementRequest t) {
        if (!answerTaskManagement) {
          return;
        }
        ctx.writeAndFlush(new TaskManagementResponse(TaskManagementResponseCode.FUNCTION_COMPLETE,
            t.initiatorTaskTag(), statSN++, expCmdSN, maxCmdSN()));
      } else if (p instanceof LogoutRequest l) {
        ctx.writeAndFlush(new LogoutResponse(LogoutResponseCode.CLOSED_SUCCESSFULLY, l.initiatorTaskTag(), statSN++,
            expCmdSN, maxCmdSN(), 0, 0)).addListener(f -> ctx.close());
      }
    }

    private void login(ChannelHandlerContext ctx, LoginRequest r) {
      try {
        Stage csg = r.currentStage().code() == 0 ? Stage.SECURITY_NEGOTIATION : Stage.OPERATIONAL_NEGOTIATION;
        if (neg == null) {
          neg = new Negotiator(Role.TARGET, profile, SessionType.NORMAL, csg, true);
          expCmdSN = r.cmdSN();
        }
        List<KeyValue> keys = TextCodec.decode(r.data().toByteArray());
        var step = neg.receive(keys);
        List<KeyValue> out = new ArrayList<>(step.responses());
        out.addAll(neg.offers());
        boolean ffp = r.transit() && r.nextStage().code() == 3;
        LoginResponse resp = LoginResponse.builder().transit(r.transit()).currentStage(r.currentStage())
            .nextStage(r.transit() ? r.nextStage() : r.currentStage()).isid(r.isid()).tsih(ffp ? 7 : 0)
            .initiatorTaskTag(r.initiatorTaskTag()).statSN(statSN++).expCmdSN(expCmdSN).maxCmdSN(maxCmdSN())
            .data(DataSegment.wrap(TextCodec.encode(out))).build();
        ctx.writeAndFlush(resp);
        if (r.transit()) {
          neg.enterStage(r.nextStage().code() == 1 ? Stage.OPERATIONAL_NEGOTIATION : Stage.FULL_FEATURE_PHASE);
        }
        if (ffp) {
          NegotiationResult res = neg.result();
          boolean h = res.connection().headerDigest() == Digest.CRC32C;
          boolean d = res.connection().dataDigest() == Digest.CRC32C;
          FramingState.of(ctx.channel()).inbound(new FramingLimits(h, d,
              res.connection().targetMaxRecvDataSegmentLength()));
          FramingState.of(ctx.channel()).outbound(new FramingLimits(h, d,
              res.connection().initiatorMaxRecvDataSegmentLength()));
          dataInSegment = Math.min(dataInSegment, res.connection().initiatorMaxRecvDataSegmentLength());
        }
      } catch (Exception e) {
        ctx.writeAndFlush(LoginResponse.builder().status(LoginStatus.INITIATOR_ERROR)
            .initiatorTaskTag(r.initiatorTaskTag()).statSN(statSN).expCmdSN(expCmdSN).maxCmdSN(maxCmdSN()).build());
        ctx.close();
      }
    }

    private void scsi(ChannelHandlerContext ctx, ScsiCommand c) {
      Cdb cdb;
      try {
        cdb = Cdb.parse(c.cdb());
      } catch (RuntimeException e) {
        checkCondition(ctx, c, SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB));
        return;
      }
      if (cdb instanceof Read rd) {
        int off = (int) (rd.lba() * BLOCK);
        int len = (int) (rd.transferLength() * BLOCK);
        if (off + len > disk.length) {
          checkCondition(ctx, c, SenseData.of(SenseKey.ILLEGAL_REQUEST,
              AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE));
          return;
        }
        int dataSN = 0;
        for (int o = 0; o < len; o += dataInSegment) {
          int n = Math.min(dataInSegment, len - o);
          boolean last = o + n >= len;
          ctx.write(DataIn.builder().finalFlag(last).statusPresent(last).initiatorTaskTag(c.initiatorTaskTag())
              .statSN(last ? statSN++ : 0).expCmdSN(expCmdSN).maxCmdSN(maxCmdSN()).dataSN(dataSN++).bufferOffset(o)
              .data(DataSegment.of(disk, off + o, n)).build());
        }
        if (len == 0) {
          good(ctx, c);
        }
        ctx.flush();
      } else if (cdb instanceof Write w) {
        byte[] buf = new byte[c.expectedDataTransferLength()];
        c.data().copyTo(0, buf, 0, c.data().length());
        writes.put(c.initiatorTaskTag(), new WriteState(c, buf, w.lba()));
        maybeR2T(ctx, c.initiatorTaskTag(), c.data().length());
      } else if (cdb.name().startsWith("READ CAPACITY(10)")) {
        ByteBuffer b = ByteBuffer.allocate(8).putInt(disk.length / BLOCK - 1).putInt(BLOCK);
        dataWithStatus(ctx, c, b.array());
      } else if (cdb.name().startsWith("READ CAPACITY(16)")) {
        ByteBuffer b = ByteBuffer.allocate(32).putLong(disk.length / BLOCK - 1).putInt(BLOCK);
        dataWithStatus(ctx, c, b.array());
      } else if (cdb.name().startsWith("INQUIRY")) {
        byte[] inq = new byte[36];
        inq[2] = 6;
        inq[3] = 2;
        inq[4] = 31;
        System.arraycopy("ISCSILAB".getBytes(), 0, inq, 8, 8);
        System.arraycopy("SCRIPTED TARGET ".getBytes(), 0, inq, 16, 16);
        System.arraycopy("0001".getBytes(), 0, inq, 32, 4);
        dataWithStatus(ctx, c, inq);
      } else if (cdb.name().startsWith("MODE SENSE(6)")) {
        byte[] m = new byte[4 + 20];
        m[0] = (byte) (m.length - 1);
        m[4] = 0x08;
        m[5] = 0x12;
        m[6] = 0x04; // WCE
        dataWithStatus(ctx, c, m);
      } else if (cdb.name().startsWith("TEST UNIT READY") || cdb.name().startsWith("SYNCHRONIZE CACHE")) {
        good(ctx, c);
      } else {
        checkCondition(ctx, c, SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE));
      }
    }

    private void maybeR2T(ChannelHandlerContext ctx, int itt, int have) {
      WriteState s = writes.get(itt);
      int unsolicitedEnd = s.cmd().finalFlag() ? have : Math.min(s.buf().length, 16384);
      if (!s.cmd().finalFlag() && have < unsolicitedEnd) {
        return; // more unsolicited Data-Out to come
      }
      if (have >= s.buf().length) {
        System.arraycopy(s.buf(), 0, disk, (int) (s.lba() * BLOCK), s.buf().length);
        writes.remove(itt);
        good(ctx, s.cmd());
        return;
      }
      int len = Math.min(65536, s.buf().length - have);
      ctx.writeAndFlush(new ReadyToTransfer(0, itt, 0x1000 + have, statSN, expCmdSN, maxCmdSN(), s.r2tSN++, have, len));
    }

    private void dataOut(ChannelHandlerContext ctx, DataOut d) {
      WriteState s = writes.get(d.initiatorTaskTag());
      if (s == null) {
        return;
      }
      d.data().copyTo(0, s.buf(), d.bufferOffset(), d.data().length());
      if (d.finalFlag()) {
        maybeR2T(ctx, d.initiatorTaskTag(), d.bufferOffset() + d.data().length());
      }
    }

    private void dataWithStatus(ChannelHandlerContext ctx, ScsiCommand c, byte[] data) {
      int n = Math.min(data.length, c.expectedDataTransferLength());
      ctx.writeAndFlush(DataIn.builder().finalFlag(true).statusPresent(true).initiatorTaskTag(c.initiatorTaskTag())
          .statSN(statSN++).expCmdSN(expCmdSN).maxCmdSN(maxCmdSN()).data(DataSegment.of(data, 0, n))
          .residualUnderflow(n < c.expectedDataTransferLength()).residualCount(c.expectedDataTransferLength() - n)
          .build());
    }

    private void good(ChannelHandlerContext ctx, ScsiCommand c) {
      ctx.writeAndFlush(ScsiResponse.builder().initiatorTaskTag(c.initiatorTaskTag()).statSN(statSN++)
          .expCmdSN(expCmdSN).maxCmdSN(maxCmdSN()).build());
    }

    private void checkCondition(ChannelHandlerContext ctx, ScsiCommand c, SenseData sense) {
      ctx.writeAndFlush(ScsiResponse.builder().initiatorTaskTag(c.initiatorTaskTag()).statSN(statSN++)
          .expCmdSN(expCmdSN).maxCmdSN(maxCmdSN()).status(0x02).data(DataSegment.wrap(IscsiSense.encode(sense)))
          .build());
    }
  }

  @Override
  public void close() {
    Channel c = client;
    if (c != null) {
      c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
