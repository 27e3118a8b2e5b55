package org.iscsilab.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
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
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iscsilab.pcap.analysis.AnalysisReport;
import org.iscsilab.pcap.io.PcapRecorder;
import org.iscsilab.protocol.codec.PduFrameDecoder;
import org.iscsilab.protocol.codec.PduFrameEncoder;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live loopback conversation recorded on both ends reads back, through our own capture
 * pipeline, as the PDUs that were exchanged.
 */
class PcapRecordingHandlerTest {

  static final int PINGS = 50;

  /** Records a ping-pong of {@code PINGS} NOP-Out/NOP-In pairs; returns the two files. */
  static Path[] recordPingPong(Path dir) throws Exception {
    Path serverFile = dir.resolve("server.pcap");
    Path clientFile = dir.resolve("client.pcap");
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (PcapRecorder serverRec = new PcapRecorder(serverFile); PcapRecorder clientRec = new PcapRecorder(clientFile)) {
      CountDownLatch done = new CountDownLatch(1);
      Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              PcapRecordingHandler.install(ch, serverRec, true);
              ch.pipeline().addLast(new PduFrameEncoder(), new PduFrameDecoder(), new SimpleChannelInboundHandler<Pdu>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, Pdu p) {
                  NopOut n = (NopOut) p;
                  ctx.writeAndFlush(new NopIn(0, n.initiatorTaskTag(), Pdu.RESERVED_TAG, n.cmdSN(), n.cmdSN() + 1,
                      n.cmdSN() + 32, n.data()));
                }
              });
            }
          }).bind("127.0.0.1", 0).sync().channel();
      Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              PcapRecordingHandler.install(ch, clientRec, false);
              ch.pipeline().addLast(new PduFrameEncoder(), new PduFrameDecoder(), new SimpleChannelInboundHandler<Pdu>() {
                int answered;

                @Override
                protected void channelRead0(ChannelHandlerContext ctx, Pdu p) {
                  if (++answered == PINGS) {
                    done.countDown();
                  } else {
                    ctx.writeAndFlush(NopOut.ping(0x1000 + answered, 1 + answered, 1 + answered, DataSegment.of(new byte[answered * 100])));
                  }
                }
              });
            }
          }).connect(server.localAddress()).sync().channel();
      // Realistic first numbers: tshark does not take an all-zero NOP-Out (ITT 0, CmdSN 0) for iSCSI.
      client.writeAndFlush(NopOut.ping(0x1000, 1, 1, DataSegment.of(new byte[8])));
      assertThat(done.await(20, TimeUnit.SECONDS)).as("ping-pong finished").isTrue();
      client.close().sync();
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
    return new Path[] {serverFile, clientFile};
  }

  @Test
  void bothEndsRecordTheConversationAsTheCapturePipelineReadsIt(@TempDir Path dir) throws Exception {
    for (Path file : recordPingPong(dir)) {
      AnalysisReport r = CaptureInspector.inspect(file, null).report();
      assertThat(r.pduCountsByOpcode()).containsEntry("NOP-Out (0x00)", (long) PINGS)
          .containsEntry("NOP-In (0x20)", (long) PINGS);
      assertThat(r.openTasks()).isEmpty();
      assertThat(r.findings()).isEmpty();
    }
  }
}
