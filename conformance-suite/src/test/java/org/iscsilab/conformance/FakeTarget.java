package org.iscsilab.conformance;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.codec.PduFramer;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Stage;

/**
 * A scripted stand-in for a target on a free loopback port, for tests of the suite itself: it
 * answers each Login Request with what {@code script} returns (nothing: stays silent, which is a
 * hang), and closes the connection after a non-success answer when told to.
 */
final class FakeTarget implements AutoCloseable {

  static final String IQN = "iqn.2026-11.org.iscsilab:fake";

  private final ServerSocket server;
  private final Function<LoginRequest, Optional<LoginResponse>> script;
  private final boolean closeAfterReject;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private FakeTarget(Function<LoginRequest, Optional<LoginResponse>> script, boolean closeAfterReject) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    this.closeAfterReject = closeAfterReject;
    this.acceptor = new Thread(this::acceptLoop, "fake-target-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Never answers anything. */
  static FakeTarget silent() throws IOException {
    return new FakeTarget(r -> Optional.empty(), false);
  }

  /** Answers every Login Request with {@code answer(request)}. */
  static FakeTarget answering(Function<LoginRequest, Optional<LoginResponse>> script, boolean closeAfterReject)
      throws IOException {
    return new FakeTarget(script, closeAfterReject);
  }

  /** A target that behaves like a correct one for the login tests of the suite. */
  static FakeTarget conforming() throws IOException {
    return answering(r -> Optional.of(FakeTarget.conformingAnswer(r)), true);
  }

  static LoginResponse conformingAnswer(LoginRequest r) {
    String keys = r.data().asText();
    LoginStatus status = LoginStatus.SUCCESS;
    if (r.versionMin() > 0) {
      status = LoginStatus.UNSUPPORTED_VERSION;
    } else if (!keys.contains("InitiatorName=")) {
      status = LoginStatus.MISSING_PARAMETER;
    } else if (!keys.contains("TargetName=" + IQN)) {
      status = LoginStatus.NOT_FOUND;
    }
    return answer(r, status, status.isSuccess() ? Keys.of("TargetPortalGroupTag", "1", "AuthMethod", "None")
        : org.iscsilab.protocol.pdu.DataSegment.EMPTY);
  }

  static LoginResponse answer(LoginRequest r, LoginStatus status, org.iscsilab.protocol.pdu.DataSegment keys) {
    boolean ok = status.isSuccess();
    return LoginResponse.builder()
        .transit(ok && r.transit())
        .currentStage(r.currentStage())
        .nextStage(ok && r.transit() ? r.nextStage() : Stage.SECURITY_NEGOTIATION)
        .isid(r.isid())
        .tsih(0)
        .initiatorTaskTag(r.initiatorTaskTag())
        .statSN(0)
        .expCmdSN(r.cmdSN())
        .maxCmdSN(r.cmdSN())
        .status(status)
        .data(ok ? keys : org.iscsilab.protocol.pdu.DataSegment.EMPTY)
        .build();
  }

  /** {@code iscsi://127.0.0.1:PORT/iqn.2026-11.org.iscsilab:fake/0}. */
  String url() {
    return "iscsi://127.0.0.1:" + server.getLocalPort() + "/" + IQN + "/0";
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread t = new Thread(() -> serve(s), "fake-target-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      while (true) {
        byte[] bhs = in.readNBytes(PduFramer.BHS_LENGTH);
        if (bhs.length < PduFramer.BHS_LENGTH) {
          return;
        }
        ByteBuf head = Unpooled.wrappedBuffer(bhs);
        int frame;
        try {
          frame = PduFramer.frameLength(head, FramingLimits.LOGIN);
        } finally {
          head.release();
        }
        byte[] whole = new byte[frame];
        System.arraycopy(bhs, 0, whole, 0, bhs.length);
        byte[] rest = in.readNBytes(frame - bhs.length);
        System.arraycopy(rest, 0, whole, bhs.length, rest.length);
        ByteBuf buf = Unpooled.wrappedBuffer(whole);
        Object decoded;
        try {
          decoded = PduFramer.decode(buf, frame, FramingLimits.LOGIN);
        } finally {
          buf.release();
        }
        if (!(decoded instanceof LoginRequest req)) {
          continue;
        }
        Optional<LoginResponse> answer = script.apply(req);
        if (answer.isEmpty()) {
          continue;
        }
        write(out, answer.get());
        if (closeAfterReject && !answer.get().status().isSuccess()) {
          return;
        }
      }
    } catch (IOException e) {
      // the suite closed the connection
    }
  }

  private static void write(OutputStream out, Pdu pdu) throws IOException {
    out.write(PduFramer.encode(pdu, FramingLimits.LOGIN));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
