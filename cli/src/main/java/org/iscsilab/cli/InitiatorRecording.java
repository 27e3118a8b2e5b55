package org.iscsilab.cli;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.iscsilab.initiator.ConnectionTap;
import org.iscsilab.pcap.PcapRecordingHandler;
import org.iscsilab.pcap.io.PcapRecorder;
import org.iscsilab.protocol.codec.WireTap;

/**
 * {@code initiator ... --record FILE.pcap}: every connection the command opens is written to one
 * pcap file (Ethernet/IPv4/TCP synthesised by {@link PcapRecorder}). Each connection's bytes are
 * flushed, with its FIN, when it closes (logout, loss of the connection); the file is closed when
 * the command ends, and by a shutdown hook when the JVM is stopped (SIGINT/SIGTERM) in the middle,
 * so that what was exchanged up to then is on disk. A failed write stops the recording, not the
 * command; {@link #problem()} says why.
 */
final class InitiatorRecording implements AutoCloseable {

  private final Path file;
  private final PcapRecorder recorder;
  private final Thread hook;
  private volatile String problem;
  private volatile boolean closed;

  private InitiatorRecording(Path file, PcapRecorder recorder) {
    this.file = file;
    this.recorder = recorder;
    this.hook = new Thread(this::closeRecorder, "iscsi-lab-initiator-record");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Opens {@code file} for writing; an unwritable place is one clear line (usage error). */
  static InitiatorRecording open(Path file) {
    try {
      return new InitiatorRecording(file, new PcapRecorder(file));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--record: cannot write " + file + ": " + TargetCommand.oneLine(e));
    }
  }

  /** The tap to give the initiator: each connection recorded as the client side. */
  ConnectionTap tap() {
    return ConnectionTap.of(ch -> guarded(PcapRecordingHandler.listener(recorder, ch, false)));
  }

  /** A listener that never breaks the connection it watches: a write error ends the recording. */
  private WireTap.Listener guarded(WireTap.Listener l) {
    return new WireTap.Listener() {
      @Override
      public void onInbound(ByteBuf bytes, long timestampNanos) {
        if (problem == null && !closed) {
          try {
            l.onInbound(bytes, timestampNanos);
          } catch (UncheckedIOException | IllegalStateException e) {
            failed(e);
          }
        }
      }

      @Override
      public void onOutbound(ByteBuf bytes, long timestampNanos) {
        if (problem == null && !closed) {
          try {
            l.onOutbound(bytes, timestampNanos);
          } catch (UncheckedIOException | IllegalStateException e) {
            failed(e);
          }
        }
      }
    };
  }

  private void failed(RuntimeException e) {
    if (!closed && problem == null) {
      problem = "recording to " + file + " stopped: " + TargetCommand.oneLine(e.getCause() != null ? e.getCause() : e);
    }
  }

  /** Why the recording is incomplete, or null. */
  String problem() {
    return problem;
  }

  Path file() {
    return file;
  }

  private void closeRecorder() {
    closed = true;
    try {
      recorder.close();
    } catch (IOException e) {
      if (problem == null) {
        problem = "recording to " + file + ": " + TargetCommand.oneLine(e);
      }
    }
  }

  /** Closes the file (the connections flushed their bytes when they closed). */
  @Override
  public void close() {
    closeRecorder();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook closes (has closed) the file
    }
  }
}
