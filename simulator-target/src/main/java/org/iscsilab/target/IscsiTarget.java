package org.iscsilab.target;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.protocol.codec.PduFrameDecoder;
import org.iscsilab.protocol.codec.PduFrameEncoder;
import org.iscsilab.protocol.codec.WireTap;
import org.iscsilab.target.backend.BlockBackend;
import org.iscsilab.target.backend.LunSpec;
import org.iscsilab.target.quirk.Quirk;
import org.iscsilab.target.quirk.Quirks;
import org.iscsilab.target.scsi.LogicalUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference iSCSI target, embeddable:
 *
 * <pre>
 * try (IscsiTarget t = IscsiTarget.builder().listen("127.0.0.1", 0).lun(0, LunSpec.parse("64MiB")).start()) {
 *   InetSocketAddress where = t.address();
 *   ...
 * }
 * </pre>
 */
public final class IscsiTarget implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IscsiTarget.class);
  public static final String DEFAULT_IQN = "iqn.2026-11.org.iscsilab:sim";
  public static final int DEFAULT_PORT = 3260;

  /** A listening address and the portal group it belongs to (RFC 7143 §4.4.1). */
  public record Portal(InetSocketAddress address, int portalGroupTag) {}

  private final List<Portal> portals;
  private final List<TargetDefinition> definitions;
  private final SessionLimits limits;
  private final Quirk quirk;
  private final Optional<ChapCredentials> discoveryChap;
  private final Optional<ChapCredentials> discoveryMutualChap;
  private final boolean reportPowerOn;
  private final int threads;
  private final java.util.function.Function<SocketChannel, WireTap.Listener> wireTaps;
  private final java.util.function.LongSupplier wireClock;

  private TargetRuntime runtime;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private final List<Channel> servers = new ArrayList<>();
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final List<InetSocketAddress> bound = new ArrayList<>();
  private boolean closed;

  private IscsiTarget(Builder b) {
    this.portals = List.copyOf(b.portals.isEmpty()
        ? List.of(new Portal(new InetSocketAddress("127.0.0.1", DEFAULT_PORT), 1)) : b.portals);
    this.definitions = List.copyOf(b.targets.isEmpty()
        ? List.of(TargetDefinition.of(DEFAULT_IQN, LunSpec.parse("1GiB"))) : b.targets);
    this.limits = b.limits;
    this.quirk = Quirks.compose(b.quirks);
    this.discoveryChap = b.discoveryChap;
    this.discoveryMutualChap = b.discoveryMutualChap;
    this.reportPowerOn = b.reportPowerOn;
    this.threads = b.threads;
    this.wireTaps = b.wireTaps;
    this.wireClock = b.wireClock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Opens the LUNs and binds every portal; returns the first bound address. */
  public synchronized InetSocketAddress start() {
    if (runtime != null) {
      return bound.get(0);
    }
    Map<String, TargetNode> nodes = new LinkedHashMap<>();
    try {
      for (TargetDefinition d : definitions) {
        if (nodes.containsKey(d.name())) {
          throw new IllegalArgumentException("target " + d.name() + " is configured twice");
        }
        nodes.put(d.name(), new TargetNode(d, reportPowerOn));
      }
      runtime = new TargetRuntime(Map.copyOf(nodes), limits, quirk, discoveryChap, discoveryMutualChap);
      boolean epoll = Epoll.isAvailable();
      IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
      Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
          : NioServerSocketChannel.class;
      boss = new MultiThreadIoEventLoopGroup(1, io);
      workers = new MultiThreadIoEventLoopGroup(threads, io);
      for (Portal p : portals) {
        int tag = p.portalGroupTag();
        ServerBootstrap sb = new ServerBootstrap().group(boss, workers).channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 128).option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .childHandler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                connections.add(ch);
                if (wireTaps != null) {
                  // Next to the socket, so that it sees the exact bytes both ways (for pcap recording).
                  ch.pipeline().addLast("wire-tap", new WireTap(wireTaps.apply(ch), wireClock));
                }
                ch.pipeline().addLast("decoder", new PduFrameDecoder())
                    .addLast("encoder", ENCODER)
                    .addLast("data-in", DataInEncoder.INSTANCE)
                    .addLast("login", new LoginHandler(runtime, tag));
              }
            });
        Channel ch = sb.bind(p.address()).syncUninterruptibly().channel();
        servers.add(ch);
        InetSocketAddress a = (InetSocketAddress) ch.localAddress();
        bound.add(a);
        runtime.addPortal(tag, a);
      }
      LOG.info("iSCSI target listening on {} ({})", bound, epoll ? "epoll" : "nio");
      return bound.get(0);
    } catch (RuntimeException e) {
      closeQuietly();
      nodes.values().forEach(TargetNode::close);
      throw e;
    }
  }

  private static final PduFrameEncoder ENCODER = new PduFrameEncoder();

  /** The first bound address (after {@link #start()}). */
  public synchronized InetSocketAddress address() {
    if (bound.isEmpty()) {
      throw new IllegalStateException("not started");
    }
    return bound.get(0);
  }

  /** Every bound address. */
  public synchronized List<InetSocketAddress> addresses() {
    return List.copyOf(bound);
  }

  /** The names of the configured targets. */
  public List<String> targetNames() {
    return definitions.stream().map(TargetDefinition::name).toList();
  }

  /** Sessions now in full feature phase. */
  public int sessionCount() {
    return runtime == null ? 0 : runtime.sessions.size();
  }

  /** Logins so far that switched header digests on (for tests that must prove digests were used). */
  public int loginsWithHeaderDigest() {
    return runtime == null ? 0 : runtime.headerDigestLogins.get();
  }

  /** PDUs so far whose ExpStatSN acknowledged a status the target had not sent (RFC 7143 §4.2.2.2). */
  public long expStatSNAheadCount() {
    return runtime == null ? 0 : runtime.expStatSNAhead.get();
  }

  /** Statuses sent and not yet acknowledged through ExpStatSN, over every connection. */
  public int unacknowledgedStatusCount() {
    if (runtime == null) {
      return 0;
    }
    int n = 0;
    for (Session s : runtime.sessions.all()) {
      for (FullFeatureHandler h : s.connections.values()) {
        n += h.unacknowledgedStatusCount();
      }
    }
    return n;
  }

  /** Logins so far that switched data digests on. */
  public int loginsWithDataDigest() {
    return runtime == null ? 0 : runtime.dataDigestLogins.get();
  }

  /** "127.0.0.1:3260: iqn...:sim (LUN 0: 1 GiB memory)". */
  public synchronized String describe() {
    StringJoiner where = new StringJoiner(", ");
    for (InetSocketAddress a : bound) {
      where.add(hostPort(a));
    }
    StringJoiner what = new StringJoiner("; ");
    if (runtime != null) {
      for (TargetNode n : runtime.targets.values()) {
        StringJoiner luns = new StringJoiner(", ");
        for (LogicalUnit lu : n.luns.values()) {
          luns.add("LUN " + lu.lunNumber() + ": " + lu.backend().describe());
        }
        what.add(n.name() + " (" + luns + ")");
      }
    }
    return where + ": " + what;
  }

  static String hostPort(InetSocketAddress a) {
    String h = a.getAddress().getHostAddress();
    return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
  }

  /**
   * Asks every logged-in initiator to log out (Async Message, RFC 7143 §11.9.1), waits up to
   * {@code grace} for them, then closes every connection and the LUNs.
   */
  public void close(java.time.Duration grace) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (runtime != null) {
      for (Session s : runtime.sessions.all()) {
        for (FullFeatureHandler h : s.connections.values()) {
          h.requestLogout(0);
        }
      }
      try {
        runtime.sessions.awaitEmpty(grace.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeQuietly();
    if (runtime != null) {
      runtime.io.shutdown();
      try {
        runtime.io.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      runtime.targets.values().forEach(TargetNode::close);
    }
  }

  @Override
  public void close() {
    close(java.time.Duration.ofMillis(500));
  }

  private void closeQuietly() {
    for (Channel c : servers) {
      c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    if (workers != null) {
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  /** Builds a target; every setting has a working default. */
  public static final class Builder {
    private final List<Portal> portals = new ArrayList<>();
    private final List<TargetDefinition> targets = new ArrayList<>();
    private String iqn;
    private final Map<Integer, LunSpec> luns = new LinkedHashMap<>();
    private Optional<ChapCredentials> chap = Optional.empty();
    private Optional<ChapCredentials> mutualChap = Optional.empty();
    private Optional<ChapCredentials> discoveryChap = Optional.empty();
    private Optional<ChapCredentials> discoveryMutualChap = Optional.empty();
    private final List<String> allowed = new ArrayList<>();
    private SessionLimits limits = SessionLimits.DEFAULTS;
    private final List<Quirk> quirks = new ArrayList<>();
    private boolean reportPowerOn = true;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private java.util.function.Function<SocketChannel, WireTap.Listener> wireTaps;
    private java.util.function.LongSupplier wireClock = System::nanoTime;

    /**
     * Shows every connection's bytes, both ways, to a listener made per connection (the pcap
     * recorder's seam). {@code clock} stamps them (wall-clock nanoseconds for a pcap file).
     */
    public Builder wireTap(java.util.function.Function<SocketChannel, WireTap.Listener> perConnection,
        java.util.function.LongSupplier clock) {
      wireTaps = perConnection;
      wireClock = clock;
      return this;
    }

    /** Adds a portal in portal group 1. Port 0 picks a free port. */
    public Builder listen(String host, int port) {
      return listen(new InetSocketAddress(host, port), 1);
    }

    public Builder listen(InetSocketAddress address, int portalGroupTag) {
      portals.add(new Portal(address, portalGroupTag));
      return this;
    }

    /** A fully described target (several may be added). */
    public Builder target(TargetDefinition t) {
      targets.add(t);
      return this;
    }

    /** The name of the simple target made from {@link #lun}, {@link #chap} and friends. */
    public Builder iqn(String name) {
      this.iqn = name;
      return this;
    }

    public Builder lun(int number, LunSpec spec) {
      luns.put(number, spec);
      return this;
    }

    /** The CHAP name and secret initiators must prove (one-way CHAP). */
    public Builder chap(String user, String secret) {
      chap = Optional.of(ChapCredentials.of(user, secret));
      return this;
    }

    /** The target's own CHAP name and secret, for mutual CHAP. */
    public Builder mutualChap(String user, String secret) {
      mutualChap = Optional.of(ChapCredentials.of(user, secret));
      return this;
    }

    public Builder discoveryChap(String user, String secret) {
      discoveryChap = Optional.of(ChapCredentials.of(user, secret));
      return this;
    }

    public Builder discoveryMutualChap(String user, String secret) {
      discoveryMutualChap = Optional.of(ChapCredentials.of(user, secret));
      return this;
    }

    public Builder allowInitiator(String name) {
      allowed.add(name);
      return this;
    }

    public Builder limits(SessionLimits l) {
      limits = l;
      return this;
    }

    public Builder quirk(Quirk q) {
      quirks.add(q);
      return this;
    }

    /** Whether new I_T nexuses first see a power-on unit attention (on by default, SAM-5). */
    public Builder reportPowerOnUnitAttention(boolean on) {
      reportPowerOn = on;
      return this;
    }

    public Builder threads(int n) {
      threads = n;
      return this;
    }

    public IscsiTarget build() {
      if (iqn != null || !luns.isEmpty() || chap.isPresent() || mutualChap.isPresent() || !allowed.isEmpty()
          || targets.isEmpty()) {
        Map<Integer, LunSpec> l = luns.isEmpty() ? Map.of(0, LunSpec.parse("1GiB")) : luns;
        int tag = portals.isEmpty() ? 1 : portals.get(0).portalGroupTag();
        targets.add(0, new TargetDefinition(iqn == null ? DEFAULT_IQN : iqn, "", l, chap, mutualChap, allowed, tag));
      }
      for (Optional<ChapCredentials> c : List.of(chap, mutualChap, discoveryChap, discoveryMutualChap)) {
        c.ifPresent(Builder::checkSecret);
      }
      return new IscsiTarget(this);
    }

    private static void checkSecret(ChapCredentials c) {
      int n = c.secret().length;
      if (n < 12 || n > 255) {
        throw new IllegalArgumentException("CHAP secret of user '" + c.name() + "' is " + n
            + " bytes; RFC 7143 §9.2.1 needs 12 to 255 without IPsec");
      }
    }

    /** Builds and starts. */
    public IscsiTarget start() {
      IscsiTarget t = build();
      t.start();
      return t;
    }
  }

  static String sizeOf(BlockBackend b) {
    return BlockBackend.formatSize(b.size());
  }
}
