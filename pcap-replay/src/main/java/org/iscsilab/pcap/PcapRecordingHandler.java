package org.iscsilab.pcap;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.iscsilab.pcap.io.PcapRecorder;

/**
 * Records every byte of a live iSCSI connection into a pcap file, with Ethernet/IPv4/TCP framing
 * synthesised by {@link PcapRecorder} (handshake, sequence numbers, checksums, FIN), so that a
 * failing test can attach the exact bytes and Wireshark opens them. Install it first in the
 * pipeline, next to the socket. One recorder may serve many connections.
 */
public final class PcapRecordingHandler extends ChannelDuplexHandler {

  private final PcapRecorder recorder;
  private final boolean localIsServer;
  private PcapRecorder.Connection conn;

  /**
   * @param localIsServer true on a target's accepted connection, false on an initiator's
   */
  public PcapRecordingHandler(PcapRecorder recorder, boolean localIsServer) {
    this.recorder = recorder;
    this.localIsServer = localIsServer;
  }

  /** Installs a recording handler at the head of {@code channel}'s pipeline. */
  public static void install(Channel channel, PcapRecorder recorder, boolean localIsServer) {
    channel.pipeline().addFirst("pcap-recorder", new PcapRecordingHandler(recorder, localIsServer));
  }

  /**
   * A {@link org.iscsilab.protocol.codec.WireTap.Listener} that records {@code channel}'s bytes into
   * {@code recorder}, for pipelines that install the codec's {@code WireTap} (the reference target
   * and initiator do). The FIN is written when the channel closes. Timestamps are the tap's, so give
   * the tap {@link #epochNanos()} as its clock.
   */
  public static org.iscsilab.protocol.codec.WireTap.Listener listener(PcapRecorder recorder, Channel channel,
      boolean localIsServer) {
    PcapRecordingHandler h = new PcapRecordingHandler(recorder, localIsServer);
    channel.closeFuture().addListener(f -> {
      if (h.conn != null) {
        try {
          h.conn.close(now());
          recorder.flush();
        } catch (java.io.IOException | java.io.UncheckedIOException | IllegalStateException e) {
          // the recorder failed or was closed first (e.g. by a shutdown hook): nothing more to save
        }
      }
    });
    return new org.iscsilab.protocol.codec.WireTap.Listener() {
      @Override
      public void onInbound(ByteBuf bytes, long timestampNanos) {
        var c = h.connection(channel);
        if (localIsServer) {
          c.clientToServer(bytes.nioBuffer(), timestampNanos);
        } else {
          c.serverToClient(bytes.nioBuffer(), timestampNanos);
        }
      }

      @Override
      public void onOutbound(ByteBuf bytes, long timestampNanos) {
        var c = h.connection(channel);
        if (localIsServer) {
          c.serverToClient(bytes.nioBuffer(), timestampNanos);
        } else {
          c.clientToServer(bytes.nioBuffer(), timestampNanos);
        }
      }
    };
  }

  /** Wall-clock nanoseconds since the epoch: the clock pcap timestamps want. */
  public static long epochNanos() {
    return now();
  }

  private static long now() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private PcapRecorder.Connection connection(Channel ch) {
    if (conn == null) {
      InetSocketAddress local = (InetSocketAddress) ch.localAddress();
      InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
      conn = localIsServer ? recorder.connection(remote, local, now()) : recorder.connection(local, remote, now());
    }
    return conn;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    connection(ctx.channel());
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf b && b.isReadable()) {
      var c = connection(ctx.channel());
      if (localIsServer) {
        c.clientToServer(b.nioBuffer(), now());
      } else {
        c.serverToClient(b.nioBuffer(), now());
      }
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof ByteBuf b && b.isReadable()) {
      var c = connection(ctx.channel());
      if (localIsServer) {
        c.serverToClient(b.nioBuffer(), now());
      } else {
        c.clientToServer(b.nioBuffer(), now());
      }
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (conn != null) {
      conn.close(now());
      recorder.flush();
    }
    super.channelInactive(ctx);
  }
}
