package org.iscsilab.pcap;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.iscsilab.pcap.analysis.ConnectionId;
import org.iscsilab.pcap.analysis.PduEvent;
import org.iscsilab.pcap.analysis.SessionAnalyzer;
import org.iscsilab.pcap.tcp.CloseReason;
import org.iscsilab.pcap.tcp.Direction;
import org.iscsilab.pcap.tcp.TcpConnection;
import org.iscsilab.pcap.tcp.TcpStreamListener;
import org.iscsilab.protocol.codec.FramingLimits;
import org.iscsilab.protocol.codec.PduStreamDecoder;
import org.iscsilab.protocol.codec.PduStreamDecoder.DigestMode;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Sender;
import org.iscsilab.protocol.pdu.Stage;

/**
 * Turns reassembled TCP streams into iSCSI PDU events. iSCSI is recognised on any port by what
 * decodes there through the shared codec ({@link PduStreamDecoder}); a port given by the user
 * makes it certain. Roles come from the TCP handshake, or — when the capture started mid-connection
 * — from the opcodes that decode. Digests are off until the captured login ends and then follow
 * the negotiated keys; when the login was not captured they are detected from the CRCs.
 */
final class IscsiExtractor implements TcpStreamListener {

  /** Bytes a connection may carry before it is judged not to be iSCSI. */
  private static final long UNDECIDED_LIMIT = 1 << 20;

  private final SessionAnalyzer analyzer;
  private final Integer port;
  private final Map<TcpConnection, Conn> conns = new HashMap<>();
  /** Endpoints already seen serving iSCSI: one clean PDU to them is enough to recognise another connection. */
  private final java.util.Set<org.iscsilab.pcap.tcp.TcpEndpoint> knownTargets = new java.util.HashSet<>();
  private long frame;
  private long nanos;
  private long iscsiConnections;

  IscsiExtractor(SessionAnalyzer analyzer, Integer port) {
    this.analyzer = analyzer;
    this.port = port;
  }

  void clock(long frameNumber, long timestampNanos) {
    frame = frameNumber;
    nanos = timestampNanos;
  }

  long iscsiConnections() {
    return iscsiConnections;
  }

  @Override
  public void onConnectionOpened(TcpConnection connection, long frameNumber) {
    conns.put(connection, new Conn(connection));
  }

  @Override
  public void onData(TcpConnection connection, Direction direction, long frameNumber, long timestampNanos,
      ByteBuffer bytes) {
    Conn c = conns.get(connection);
    if (c == null) {
      c = new Conn(connection);
      conns.put(connection, c);
    }
    if (c.notIscsi) {
      return;
    }
    Dir d = c.dir(direction);
    d.fed += bytes.remaining();
    d.chunks.addLast(new Chunk(d.fed, frameNumber, timestampNanos));
    c.undecidedBytes += bytes.remaining();
    d.decoder.feed(bytes, d.sink);
    if (!c.decided && c.undecidedBytes > UNDECIDED_LIMIT) {
      c.notIscsi = true;
      c.pending.clear();
    }
  }

  @Override
  public void onGap(TcpConnection connection, Direction direction, long fromSeq, long length, long frameNumber) {
    Conn c = conns.get(connection);
    if (c == null || c.notIscsi) {
      return;
    }
    Dir d = c.dir(direction);
    d.fed += length;
    d.chunks.addLast(new Chunk(d.fed, frameNumber, nanos));
    d.decoder.gap(length, d.sink);
  }

  @Override
  public void onClose(TcpConnection connection, Direction direction, CloseReason reason, long frameNumber) {
    Conn c = conns.get(connection);
    if (c == null || c.notIscsi) {
      return;
    }
    Dir d = c.dir(direction);
    d.decoder.finish(d.sink);
    d.closed = true;
    if (!c.decided && c.decodedWhileUndecided > 0 && c.skippedWhileUndecided == 0) {
      c.decide(); // the connection ended on a PDU boundary with nothing but PDUs in it
    }
    if (c.decided && c.forward.closed && c.backward.closed) {
      analyzer.connectionClosed(c.id(), frameNumber, nanos, reason.toString());
    }
  }

  void finish() {
    for (Conn c : conns.values()) {
      if (c.decided && !(c.forward.closed && c.backward.closed)) {
        analyzer.connectionClosed(c.id(), frame, nanos, "end of capture");
      }
    }
  }

  private record Chunk(long endOffset, long frame, long nanos) {}

  private static final class Dir {
    final PduStreamDecoder decoder;
    final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    /** Where the decoder's events for this direction go (made once, not per segment). */
    Consumer<PduStreamDecoder.Event> sink;
    long fed;
    boolean closed;

    Dir(PduStreamDecoder decoder) {
      // The analysis needs only the lengths of Data-In/Data-Out payloads: they are skipped, not copied.
      this.decoder = decoder.keepingPayloadLengthsOnly();
    }

    /** The frame and time of the segment that carried the byte at {@code offset}. */
    Chunk chunkOf(long offset) {
      while (chunks.size() > 1 && chunks.peekFirst().endOffset() <= offset) {
        chunks.removeFirst();
      }
      return chunks.peekFirst();
    }
  }

  private final class Conn {
    final TcpConnection tcp;
    final Dir forward;
    final Dir backward;
    final List<Runnable> pending = new ArrayList<>();
    boolean decided;
    boolean notIscsi;
    long undecidedBytes;
    int decodedWhileUndecided;
    long skippedWhileUndecided;
    /** Whether the TCP client is the initiator; null until known. */
    Boolean clientIsInitiator;
    boolean loginEnded;
    ConnectionId id;

    Conn(TcpConnection tcp) {
      this.tcp = tcp;
      boolean portMatch = port != null && (tcp.server().port() == port || tcp.client().port() == port);
      if (port != null && !portMatch) {
        notIscsi = true;
      }
      if (tcp.rolesFromHandshake()) {
        // With the handshake captured the login is too: no digests until it ends (RFC 7143 §13.1).
        boolean serverIsTarget = port == null || tcp.server().port() == port;
        clientIsInitiator = serverIsTarget;
        forward = new Dir(new PduStreamDecoder(serverIsTarget ? Sender.INITIATOR : Sender.TARGET, DigestMode.OFF,
            DigestMode.OFF, FramingLimits.MAX_DATA_SEGMENT_LENGTH_FIELD));
        backward = new Dir(new PduStreamDecoder(serverIsTarget ? Sender.TARGET : Sender.INITIATOR, DigestMode.OFF,
            DigestMode.OFF, FramingLimits.MAX_DATA_SEGMENT_LENGTH_FIELD));
      } else {
        forward = new Dir(PduStreamDecoder.detecting(null));
        backward = new Dir(PduStreamDecoder.detecting(null));
      }
      forward.sink = ev -> event(Direction.CLIENT_TO_SERVER, ev);
      backward.sink = ev -> event(Direction.SERVER_TO_CLIENT, ev);
      if (port != null && portMatch) {
        decide();
      }
    }

    Dir dir(Direction d) {
      return d == Direction.CLIENT_TO_SERVER ? forward : backward;
    }

    ConnectionId id() {
      if (id == null) {
        boolean ci = clientIsInitiator == null || clientIsInitiator;
        var ini = ci ? tcp.client() : tcp.server();
        var tgt = ci ? tcp.server() : tcp.client();
        id = new ConnectionId(ini.address().getHostAddress(), ini.port(), tgt.address().getHostAddress(), tgt.port());
      }
      return id;
    }

    void decide() {
      if (!decided) {
        decided = true;
        iscsiConnections++;
        knownTargets.add(Boolean.FALSE.equals(clientIsInitiator) ? tcp.client() : tcp.server());
        for (Runnable r : pending) {
          r.run();
        }
        pending.clear();
      }
    }

    void event(Direction direction, PduStreamDecoder.Event ev) {
      Dir d = dir(direction);
      long last = ev instanceof PduStreamDecoder.Skipped s ? s.offset() + Math.max(0, s.length() - 1)
          : ev.offset() + Math.max(0, length(ev) - 1);
      Chunk at = d.chunkOf(last);
      long f = at != null ? at.frame() : frame;
      long t = at != null ? at.nanos() : nanos;
      if (ev instanceof PduStreamDecoder.Decoded dec) {
        Pdu pdu = dec.pdu();
        if (clientIsInitiator == null) {
          // Mid-connection capture: the first PDU that decodes tells who is who.
          boolean initiatorOpcode = Sender.of(pdu.opcode()) == Sender.INITIATOR;
          clientIsInitiator = (direction == Direction.CLIENT_TO_SERVER) == initiatorOpcode;
        }
        if (!decided && (++decodedWhileUndecided >= 2 || knownTargets.contains(tcp.server())
            || knownTargets.contains(tcp.client()))) {
          decide();
        }
        if (decided) {
          deliver(direction, f, t, pdu);
        } else {
          pending.add(() -> deliver(direction, f, t, pdu));
        }
      } else if (ev instanceof PduStreamDecoder.Failed fail) {
        Runnable r = () -> analyzer.digestError(id(), toAnalysis(direction), f, t, fail.error().error().getMessage());
        if (decided) {
          r.run();
        } else {
          pending.add(r);
        }
      } else if (ev instanceof PduStreamDecoder.Skipped s) {
        if (decided) {
          analyzer.streamGap(id(), toAnalysis(direction), f, t, s.length());
        } else {
          skippedWhileUndecided += s.length();
        }
      }
    }

    private int length(PduStreamDecoder.Event ev) {
      if (ev instanceof PduStreamDecoder.Decoded dec) {
        return dec.length();
      }
      if (ev instanceof PduStreamDecoder.Failed fail) {
        return fail.length();
      }
      return 1;
    }

    private org.iscsilab.pcap.analysis.Direction toAnalysis(Direction d) {
      boolean fromClient = d == Direction.CLIENT_TO_SERVER;
      boolean fromInitiator = fromClient == (clientIsInitiator == null || clientIsInitiator);
      return fromInitiator ? org.iscsilab.pcap.analysis.Direction.INITIATOR_TO_TARGET
          : org.iscsilab.pcap.analysis.Direction.TARGET_TO_INITIATOR;
    }

    private void deliver(Direction direction, long f, long t, Pdu pdu) {
      analyzer.accept(new PduEvent(id(), toAnalysis(direction), f, t, pdu));
      if (!loginEnded && pdu instanceof LoginResponse r && r.status().isSuccess() && r.transit()
          && r.nextStage().code() == Stage.FULL_FEATURE_PHASE.code()) {
        loginEnded = true;
        // Digests start with the first PDU after the final Login Response, in both directions.
        DigestMode header = analyzer.negotiatedDigest(id(), "HeaderDigest") ? DigestMode.ON : DigestMode.OFF;
        DigestMode data = analyzer.negotiatedDigest(id(), "DataDigest") ? DigestMode.ON : DigestMode.OFF;
        if (forward.decoder.headerDigest() != DigestMode.DETECT) {
          forward.decoder.digests(header, data);
          backward.decoder.digests(header, data);
        }
      }
    }
  }
}
