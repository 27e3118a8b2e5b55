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
