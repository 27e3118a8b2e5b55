package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.iscsilab.protocol.auth.ChapAlgorithm;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.protocol.auth.ChapInitiatorAuthenticator;
import org.iscsilab.protocol.auth.ChapPolicy;
import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.codec.FramingState;
import org.iscsilab.protocol.codec.PduFrameDecoder;
import org.iscsilab.protocol.codec.PduFrameEncoder;
import org.iscsilab.protocol.pdu.DataIn;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.Stage;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextCodec;

/**
 * A deliberately small raw initiator for in-process tests: it sends exactly the PDUs a test builds
 * and hands back every PDU the target sends, with bounded waits.
 */
final class TestInitiator implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final String NAME = "iqn.2026-11.org.iscsilab:test-initiator";
  private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  final Channel channel;
  final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  final CountDownLatch closed = new CountDownLatch(1);
  int cmdSN;
  int expStatSN;
  int itt = 0x100;
  long isid = 0x400001370001L;
  int tsih;
  int cid;
  final Map<String, String> negotiated = new LinkedHashMap<>();

  private TestInitiator(Channel channel) {
    this.channel = channel;
  }

  static TestInitiator connect(InetSocketAddress target) {
    TestInitiator[] holder = new TestInitiator[1];
    BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    CountDownLatch closed = new CountDownLatch(1);
    Channel ch = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new PduFrameDecoder(), new PduFrameEncoder(), new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                inbox.add(msg);
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                closed.countDown();
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                inbox.add(cause);
                ctx.close();
              }
            });
          }
        }).connect(target).syncUninterruptibly().channel();
    TestInitiator t = new TestInitiator(ch);
    // Share the queues created before the channel existed.
    t.inbox.addAll(inbox);
    t.bridge(inbox, closed);
    return t;
  }

  private BlockingQueue<Object> source;
  private CountDownLatch sourceClosed;

  private void bridge(BlockingQueue<Object> q, CountDownLatch c) {
    this.source = q;
    this.sourceClosed = c;
  }

  void send(Pdu pdu) {
    channel.writeAndFlush(pdu).syncUninterruptibly();
  }

  /** The next PDU from the target; fails the test after {@link #WAIT}. */
  Pdu receive() {
    return poll(WAIT).orElseGet(() -> fail("no PDU from the target within " + WAIT));
  }

  <T extends Pdu> T receive(Class<T> type) {
    Pdu p = receive();
    assertThat(p).isInstanceOf(type);
    return type.cast(p);
  }

  Optional<Pdu> poll(Duration d) {
    try {
      Object o = source.poll(d.toMillis(), TimeUnit.MILLISECONDS);
      if (o == null) {
        return Optional.empty();
      }
      if (o instanceof Throwable t) {
        throw new AssertionError("the connection failed: " + t, t);
      }
      return Optional.of((Pdu) o);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Whether the target closed the connection within {@code d}. */
  boolean awaitClosed(Duration d) {
    try {
      return sourceClosed.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static DataSegment keys(Map<String, String> kv) {
    List<KeyValue> l = new ArrayList<>();
    kv.forEach((k, v) -> l.add(KeyValue.of(k, v)));
    return DataSegment.wrap(TextCodec.encode(l));
  }

  static Map<String, String> parse(DataSegment d) {
    try {
      Map<String, String> m = new LinkedHashMap<>();
      for (KeyValue kv : TextCodec.decode(d.toByteArray())) {
        m.put(kv.key(), kv.value());
      }
      return m;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  LoginResponse loginStep(Stage csg, Stage nsg, boolean transit, Map<String, String> kv) {
    send(LoginRequest.builder().currentStage(csg).nextStage(nsg).transit(transit).isid(isid).tsih(tsih).cid(cid)
        .initiatorTaskTag(itt).cmdSN(cmdSN).expStatSN(expStatSN).data(keys(kv)).build());
    LoginResponse r = receive(LoginResponse.class);
    expStatSN = r.statSN() + 1;
    negotiated.putAll(parse(r.data()));
    return r;
  }

  /** Options of a login. */
  static final class Login {
    String target = IscsiTarget.DEFAULT_IQN;
    boolean discovery;
    final Map<String, String> operational = new LinkedHashMap<>();
    ChapCredentials chap;
    ChapCredentials mutual;
    List<ChapAlgorithm> chapAlgorithms = List.of(ChapAlgorithm.MD5);

    Login op(String k, String v) {
      operational.put(k, v);
      return this;
    }
  }

  /** A complete login; digests and limits switch on as the target agreed. Returns the final response. */
  LoginResponse login(Login o) {
    Map<String, String> first = new LinkedHashMap<>();
    first.put("InitiatorName", NAME);
    if (o.discovery) {
      first.put("SessionType", "Discovery");
    } else {
      first.put("TargetName", o.target);
    }
    LoginResponse r;
    if (o.chap != null) {
      first.put("AuthMethod", "CHAP,None");
      r = loginStep(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, false, first);
      assertThat(r.status().isSuccess()).as("%s", r.status()).isTrue();
      ChapInitiatorAuthenticator chap = new ChapInitiatorAuthenticator(
          new ChapPolicy(o.chapAlgorithms, 16, 1, false, true, false), o.chap, Optional.ofNullable(o.mutual),
          new SecureRandom());
      r = loginStep(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, false, toMap(chap.start()));
      try {
        List<KeyValue> answer = chap.receive(TextCodec.decode(r.data().toByteArray()));
        r = loginStep(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, true, toMap(answer));
        if (!r.status().isSuccess()) {
          return r;
        }
        if (o.mutual != null) {
          chap.receive(TextCodec.decode(r.data().toByteArray()));
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      if (!r.transit()) {
        return r;
      }
      first.clear();
    } else {
      first.put("AuthMethod", "None");
      r = loginStep(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, true, first);
      if (!r.status().isSuccess()) {
        return r;
      }
      first.clear();
    }
    Map<String, String> op = new LinkedHashMap<>(first);
    op.putIfAbsent("HeaderDigest", "None");
    op.putIfAbsent("DataDigest", "None");
    op.putAll(o.operational);
    r = loginStep(Stage.LOGIN_OPERATIONAL_NEGOTIATION, Stage.FULL_FEATURE_PHASE, true, op);
    if (r.status().isSuccess() && r.transit()) {
      tsih = r.tsih();
      boolean hd = "CRC32C".equals(negotiated.get("HeaderDigest"));
      boolean dd = "CRC32C".equals(negotiated.get("DataDigest"));
      int targetMax = Integer.parseInt(negotiated.getOrDefault("MaxRecvDataSegmentLength", "8192"));
      int mine = Integer.parseInt(op.getOrDefault("MaxRecvDataSegmentLength", "8192"));
      FramingState f = FramingState.of(channel);
      f.outbound(new FramingLimits(hd, dd, targetMax));
      f.inbound(new FramingLimits(hd, dd, mine));
    }
    return r;
  }

  LoginResponse login() {
    return login(new Login());
  }

  private static Map<String, String> toMap(List<KeyValue> l) {
    Map<String, String> m = new LinkedHashMap<>();
    l.forEach(kv -> m.put(kv.key(), kv.value()));
    return m;
  }

  int nextItt() {
    return ++itt;
  }

  /** A SCSI command; CmdSN taken and advanced unless immediate. */
  ScsiCommand.Builder command(byte[] cdb) {
    ScsiCommand.Builder b = ScsiCommand.builder().cdb(cdb).initiatorTaskTag(nextItt()).cmdSN(cmdSN++)
        .expStatSN(expStatSN);
    return b;
  }

  /** Sends a read command and collects its Data-In and status. */
  Result read(byte[] cdb, int edtl) {
    ScsiCommand c = command(cdb).read(edtl > 0).expectedDataTransferLength(edtl).build();
    send(c);
    return collect(c.initiatorTaskTag());
  }

  /** Status and data of one task. */
  record Result(int status, byte[] data, List<DataIn> dataIns, ScsiResponse response, Pdu last) {}

  Result collect(int itt) {
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    List<DataIn> ins = new ArrayList<>();
    while (true) {
      Pdu p = receive();
      if (p instanceof DataIn d && d.initiatorTaskTag() == itt) {
        ins.add(d);
        data.writeBytes(d.data().toByteArray());
        if (d.statusPresent()) {
          expStatSN = d.statSN() + 1;
          return new Result(d.status(), data.toByteArray(), ins, null, d);
        }
      } else if (p instanceof ScsiResponse r && r.initiatorTaskTag() == itt) {
        expStatSN = r.statSN() + 1;
        return new Result(r.status(), data.toByteArray(), ins, r, r);
      } else {
        throw new AssertionError("unexpected PDU while waiting for task " + itt + ": " + p);
      }
    }
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
