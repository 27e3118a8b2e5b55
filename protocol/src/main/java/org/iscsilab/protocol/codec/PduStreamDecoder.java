package org.iscsilab.protocol.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.iscsilab.protocol.ProtocolException;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Pdus;
import org.iscsilab.protocol.pdu.Opcode;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.Sender;

/**
 * Decodes one reassembled TCP direction of an iSCSI connection, fed in chunks of any size, without
 * a channel: the pcap engine's decoder. Frames as {@link PduFramer} does for {@link PduFrameDecoder},
 * over its own byte array ({@link ArrayFramer}) so that reading a capture needs no Netty.
 *
 * <p>Each digest is {@link DigestMode#OFF off}, {@link DigestMode#ON on} or {@link
 * DigestMode#DETECT detected}: in detect mode every PDU is tried, and once the four bytes after a
 * header (or after a padded data segment) are its CRC32C, that digest is on from there on — how a
 * capture whose login was not seen is read. Digests never switch off again in a connection
 * (RFC 7143 §13.1), so detection is one-way.
 *
 * <p>After a {@link #gap gap} in the capture, or when the stream stops making sense (a header
 * digest error, a data segment over the limit, a header no {@link #sender} would send), the
 * decoder resynchronises on the next plausible BHS ({@link PduFramer#isPlausibleHeader}) whose
 * header digest matches when digests are on, or otherwise whose successor is plausible too, and
 * reports the bytes it passed over as a {@link Skipped} event.
 *
 * <p>Not thread-safe; one instance per direction.
 */
public final class PduStreamDecoder {

  /** How a digest is known. */
  public enum DigestMode {
    OFF,
    ON,
    DETECT
  }

  /** What the decoder found in the stream, at a byte offset from the start of the direction. */
  public sealed interface Event {
    long offset();
  }

  /** A PDU of {@code length} wire bytes (digests and padding included). */
  public record Decoded(long offset, int length, Pdu pdu) implements Event {}

  /** A PDU framed correctly but unacceptable (a data digest error): the stream goes on after it. */
  public record Failed(long offset, int length, PduDecodeError error) implements Event {}

  /** {@code length} bytes passed over: lost in a capture gap, or not following the framing. */
  public record Skipped(long offset, long length, String reason) implements Event {}

  private final Sender sender;
  private final int maxDataSegmentLength;
  private final FramingLimits checkLimits;
  /** The limits for each digest combination: [header digest][data digest]. */
  private final FramingLimits[][] limitsFor = new FramingLimits[2][2];
  private DigestMode headerDigest;
  private DigestMode dataDigest;

  // Grows to the largest PDU seen; small to start with, as a capture may hold thousands of connections.
  private byte[] buf = new byte[4 * 1024];
  private int r;
  private int w;
  /** Stream offset of {@code buf[0]}. */
  private long base;

  /** Data-In and Data-Out payloads are counted and skipped, not copied (see {@link #keepingPayloadLengthsOnly}). */
  private boolean payloadLengthsOnly;
  /** Bytes of a skipped payload still to come; the buffer is empty meanwhile. */
  private long skipRemaining;
  private Decoded pendingSkip;

  private boolean resyncing;
  private long resyncFrom;
  private String resyncReason;
  private long headerDigestSeenAt = -1;
  private long dataDigestSeenAt = -1;

  /**
   * @param sender who sends on this direction, or null if unknown (then both senders' opcodes are
   *     plausible when resynchronising)
   * @param headerDigest header digests off, on, or to be detected
   * @param dataDigest data digests off, on, or to be detected
   * @param maxDataSegmentLength the largest data segment accepted (the receiver's declared
   *     MaxRecvDataSegmentLength, or {@link FramingLimits#MAX_DATA_SEGMENT_LENGTH_FIELD} when not known)
   */
  public PduStreamDecoder(Sender sender, DigestMode headerDigest, DigestMode dataDigest, int maxDataSegmentLength) {
    this.sender = sender;
    this.headerDigest = Objects.requireNonNull(headerDigest, "headerDigest");
    this.dataDigest = Objects.requireNonNull(dataDigest, "dataDigest");
    // Validates the range.
    this.checkLimits = new FramingLimits(false, false, maxDataSegmentLength);
    this.maxDataSegmentLength = checkLimits.maxDataSegmentLength();
    for (int h = 0; h < 2; h++) {
      for (int d = 0; d < 2; d++) {
        limitsFor[h][d] = new FramingLimits(h == 1, d == 1, maxDataSegmentLength);
      }
    }
  }

  /** A decoder for a direction whose login was not seen: digests detected, any length the field can hold. */
  public static PduStreamDecoder detecting(Sender sender) {
    return new PduStreamDecoder(sender, DigestMode.DETECT, DigestMode.DETECT,
        FramingLimits.MAX_DATA_SEGMENT_LENGTH_FIELD);
  }

  public Sender sender() {
    return sender;
  }

  public DigestMode headerDigest() {
    return headerDigest;
  }

  public DigestMode dataDigest() {
    return dataDigest;
  }

  /** Switches a digest on or off from the next PDU on, e.g. when the capture shows the login ending. */
  public void digests(DigestMode header, DigestMode data) {
    this.headerDigest = Objects.requireNonNull(header, "header");
    this.dataDigest = Objects.requireNonNull(data, "data");
  }

  /**
   * From now on, Data-In and Data-Out PDUs are decoded with a {@link DataSegment#lengthOnly
   * length-only} data segment while data digests are off: their payload is counted and skipped as
   * it streams by, never copied. For an analysis that reads hundreds of megabytes of captured data
   * and needs only the headers and lengths of the data PDUs; everything else is decoded in full.
   */
  public PduStreamDecoder keepingPayloadLengthsOnly() {
    payloadLengthsOnly = true;
    return this;
  }

  /** Stream offset of the first PDU whose header digest was detected, or -1. */
  public long headerDigestDetectedAt() {
    return headerDigestSeenAt;
  }

  /** Stream offset of the first PDU whose data digest was detected, or -1. */
  public long dataDigestDetectedAt() {
    return dataDigestSeenAt;
  }

  /** The stream offset up to which bytes were fed (gaps included). */
  public long offset() {
    return base + w;
  }

  /** Bytes fed but not yet decoded (a PDU still incomplete, or a resynchronisation in progress). */
  public int pending() {
    return w - r;
  }

  /** Feeds the remaining bytes of {@code chunk} (its position moves to its limit); events go to {@code sink}. */
  public void feed(ByteBuffer chunk, Consumer<? super Event> sink) {
    while (true) {
      if (skipRemaining > 0) {
        int k = (int) Math.min(skipRemaining, chunk.remaining());
        chunk.position(chunk.position() + k);
        skipRemaining -= k;
        base += k; // the buffer is empty while a payload is skipped
        if (skipRemaining > 0) {
          return;
        }
        Decoded done = pendingSkip;
        pendingSkip = null;
        sink.accept(done);
      }
      int n = chunk.remaining();
      // When payloads are skipped, a PDU's start is copied first and the rest only if it is needed:
      // a Data-In/Data-Out header then lets its payload be skipped in place, never copied.
      int take = payloadLengthsOnly && !resyncing && w - r < HEAD_START ? Math.min(n, HEAD_START - (w - r)) : n;
      ensureRoom(take);
      chunk.get(buf, w, take);
      w += take;
      run(sink, false);
      if (take == n) {
        return;
      }
    }
  }

  /** Bytes copied at the start of a PDU before deciding whether its payload is skipped. */
  private static final int HEAD_START = 64;

  /** Feeds {@code chunk} and returns the events it completed. */
  public List<Event> feed(ByteBuffer chunk) {
    List<Event> out = new ArrayList<>();
    feed(chunk, out::add);
    return out;
  }

  /**
   * Tells the decoder that {@code lostBytes} bytes of the stream are missing here (a capture gap):
   * what is buffered cannot be completed, and the decoder resynchronises on what follows.
   */
  public void gap(long lostBytes, Consumer<? super Event> sink) {
    if (lostBytes <= 0) {
      return;
    }
    if (pendingSkip != null) {
      // The PDU whose payload was being skipped is cut by the gap: lost, as it would be if copied.
      startResync(pendingSkip.offset(), "a gap of " + lostBytes + " bytes in the capture");
      pendingSkip = null;
      skipRemaining = 0;
    }
    if (!resyncing) {
      startResync(base + r, "a gap of " + lostBytes + " bytes in the capture");
    }
    base += w + lostBytes;
    r = 0;
    w = 0;
    run(sink, false);
  }

  /** {@link #gap(long, Consumer)}, returning the events. */
  public List<Event> gap(long lostBytes) {
    List<Event> out = new ArrayList<>();
    gap(lostBytes, out::add);
    return out;
  }

  /** The end of the stream: decodes what can be and reports what is left as skipped. */
  public void finish(Consumer<? super Event> sink) {
    if (pendingSkip != null) {
      startResync(pendingSkip.offset(), "the stream ends inside a PDU");
      pendingSkip = null;
      skipRemaining = 0;
    }
    run(sink, true);
    if (w > r) {
      if (!resyncing) {
        startResync(base + r, "the stream ends inside a PDU");
      }
      r = w;
    }
    if (resyncing) {
      sink.accept(new Skipped(resyncFrom, base + r - resyncFrom, resyncReason));
      resyncing = false;
    }
  }

  public List<Event> finish() {
    List<Event> out = new ArrayList<>();
    finish(out::add);
    return out;
  }

  private void startResync(long from, String reason) {
    resyncing = true;
    resyncFrom = from;
    resyncReason = reason;
  }

  private void run(Consumer<? super Event> sink, boolean atEnd) {
    while (true) {
      if (resyncing && !resync(atEnd)) {
        break;
      }
      if (resyncing) {
        // resync() found a BHS at r.
        sink.accept(new Skipped(resyncFrom, base + r - resyncFrom, resyncReason));
        resyncing = false;
      }
      if (!decodeOne(sink, atEnd)) {
        break;
      }
    }
    // Compact only when cheap or worthwhile: a large PDU arriving in small segments is not copied
    // over and over.
    if (r == w || r > buf.length / 2) {
      compact();
    }
  }

  /** Decodes the PDU at r; false when more bytes are needed or resynchronisation started and stalled. */
  private boolean decodeOne(Consumer<? super Event> sink, boolean atEnd) {
    int avail = w - r;
    if (avail < PduFramer.BHS_LENGTH) {
      return false;
    }
    int headerLength = PduFramer.BHS_LENGTH + (buf[r + 4] & 0xff) * 4;
    Boolean hd = headerDigestAt(r, headerLength, atEnd);
    if (hd == null) {
      return false;
    }
    FramingLimits limits = limitsFor[hd ? 1 : 0][0];
    boolean trusted = hd;
    if (!trusted && !ArrayFramer.isPlausibleHeader(buf, r, sender, limits)) {
      startResync(base + r, "no BHS " + (sender == null ? "" : "of the " + sender.name().toLowerCase() + " ")
          + "at this offset (lost framing)");
      r++;
      return true;
    }
    if (hd) {
      // A header digest is checked before any length in the header is believed.
      if (avail < headerLength + 4) {
        return false;
      }
      if (!ArrayFramer.headerDigestMatches(buf, r)) {
        startResync(base + r, "header digest error (lost framing or damaged header)");
        r++;
        return true;
      }
    }
    int dsl = ((buf[r + 5] & 0xff) << 16) | ((buf[r + 6] & 0xff) << 8) | (buf[r + 7] & 0xff);
    if (dsl > maxDataSegmentLength) {
      startResync(base + r, "DataSegmentLength " + dsl + " over the limit " + maxDataSegmentLength);
      r++;
      return true;
    }
    Boolean dd = dataDigestAt(r + headerLength + (hd ? 4 : 0), dsl, atEnd);
    if (dd == null) {
      return false;
    }
    limits = limitsFor[hd ? 1 : 0][dd ? 1 : 0];
    long offset = base + r;
    int opcode = buf[r] & 0x3f;
    if (payloadLengthsOnly && dsl > 0 && dataDigest == DigestMode.OFF
        && (opcode == Opcode.SCSI_DATA_OUT.code() || opcode == Opcode.SCSI_DATA_IN.code())) {
      return skipPayload(sink, offset, headerLength, hd, dsl, avail);
    }
    try {
      // Verifies the header digest before waiting for a body whose length may be damaged.
      int frameLength = ArrayFramer.checkedFrameLength(buf, r, avail, limits);
      if (frameLength < 0 || avail < frameLength) {
        return false;
      }
      Object decoded = ArrayFramer.decode(buf, r, frameLength, limits);
      r += frameLength;
      if (decoded instanceof PduDecodeError e) {
        sink.accept(new Failed(offset, frameLength, e));
      } else {
        sink.accept(new Decoded(offset, frameLength, (Pdu) decoded));
      }
    } catch (ProtocolException e) {
      startResync(offset, e.getMessage());
      r++;
    }
    return true;
  }

  /**
   * Decodes a Data-In/Data-Out header with a length-only data segment and consumes its payload
   * without copying it: what is buffered now, and the rest as it is fed ({@link #feed}).
   */
  private boolean skipPayload(Consumer<? super Event> sink, long offset, int headerLength, boolean hd, int dsl,
      int avail) {
    int headerPart = headerLength + (hd ? 4 : 0);
    if (avail < headerPart) {
      return false;
    }
    int frameLength = headerPart + dsl + PduFramer.padding(dsl);
    Pdu pdu;
    try {
      pdu = Pdus.decode(Arrays.copyOfRange(buf, r, r + PduFramer.BHS_LENGTH),
          Arrays.copyOfRange(buf, r + PduFramer.BHS_LENGTH, r + headerLength), DataSegment.lengthOnly(dsl));
    } catch (ProtocolException e) {
      startResync(offset, e.getMessage());
      r++;
      return true;
    }
    Decoded decoded = new Decoded(offset, frameLength, pdu);
    int inBuffer = Math.min(avail, frameLength);
    r += inBuffer;
    if (inBuffer == frameLength) {
      sink.accept(decoded);
      return true;
    }
    pendingSkip = decoded;
    skipRemaining = frameLength - inBuffer;
    return false;
  }

  /** Whether the header at {@code at} has a digest; null when more bytes are needed to tell. */
  private Boolean headerDigestAt(int at, int headerLength, boolean atEnd) {
    switch (headerDigest) {
      case ON:
        return true;
      case OFF:
        return false;
      default:
        if (w - at < headerLength + 4) {
          return atEnd ? Boolean.FALSE : null;
        }
        if (ArrayFramer.headerDigestMatches(buf, at)) {
          headerDigest = DigestMode.ON;
          headerDigestSeenAt = base + at;
          return true;
        }
        return false;
    }
  }

  /** Whether the data segment at {@code at} has a digest; null when more bytes are needed to tell. */
  private Boolean dataDigestAt(int at, int dsl, boolean atEnd) {
    switch (dataDigest) {
      case ON:
        return dsl > 0;
      case OFF:
        return false;
      default:
        if (dsl == 0) {
          return false;
        }
        int padded = dsl + PduFramer.padding(dsl);
        if (w - at < padded + 4) {
          return atEnd ? Boolean.FALSE : null;
        }
        if (ArrayFramer.crc32c(buf, at, padded) == ArrayFramer.readWire(buf, at + padded)) {
          dataDigest = DigestMode.ON;
          dataDigestSeenAt = base + at;
          return true;
        }
        return false;
    }
  }

  /**
   * Moves r to the next plausible BHS. True when one was found; false when more bytes are needed
   * (r then stays at the first candidate that could not be checked yet).
   */
  private boolean resync(boolean atEnd) {
    FramingLimits plain = checkLimits;
    for (; w - r >= PduFramer.BHS_LENGTH; r++) {
      if (!ArrayFramer.isPlausibleHeader(buf, r, sender, plain)) {
        continue;
      }
      int headerLength = PduFramer.BHS_LENGTH + (buf[r + 4] & 0xff) * 4;
      if (headerDigest != DigestMode.OFF) {
        if (w - r < headerLength + 4) {
          if (atEnd) {
            continue;
          }
          return false;
        }
        if (ArrayFramer.headerDigestMatches(buf, r)) {
          return true;
        }
        if (headerDigest == DigestMode.ON) {
          continue;
        }
      }
      // Without a header digest a candidate is believed when the PDUs after it are plausible too:
      // one when its reserved fields are clear (as real peers leave them), two otherwise.
      int quality = quality(r);
      if (quality == 0) {
        continue;
      }
      int verdict = chain(r, quality == CLEAN ? 1 : 2, atEnd);
      if (verdict == YES) {
        return true;
      }
      if (verdict == MORE && !atEnd) {
        return false;
      }
    }
    if (atEnd) {
      r = w;
    }
    return false;
  }

  private static final int NO = 0;
  private static final int YES = 1;
  private static final int MORE = 2;

  /** Whether the {@code successors} PDUs after the candidate at {@code p} look like BHS too. */
  private int chain(int p, int successors, boolean atEnd) {
    FramingLimits plain = checkLimits;
    boolean more = false;
    for (int withDigest = 0; withDigest < 2; withDigest++) {
      if ((withDigest == 0 && dataDigest == DigestMode.ON) || (withDigest == 1 && dataDigest == DigestMode.OFF)) {
        continue;
      }
      int pos = p;
      boolean ok = true;
      boolean wait = false;
      for (int k = 0; k < successors; k++) {
        int headerLength = PduFramer.BHS_LENGTH + (buf[pos + 4] & 0xff) * 4;
        int dsl = ((buf[pos + 5] & 0xff) << 16) | ((buf[pos + 6] & 0xff) << 8) | (buf[pos + 7] & 0xff);
        long next = (long) pos + headerLength + (dsl > 0 ? dsl + PduFramer.padding(dsl) + 4L * withDigest : 0);
        if (w - next >= PduFramer.BHS_LENGTH) {
          if (!ArrayFramer.isPlausibleHeader(buf, (int) next, sender, plain) || quality((int) next) == 0) {
            ok = false;
            break;
          }
          pos = (int) next;
        } else if (w == next && atEnd) {
          break;
        } else {
          wait = true;
          break;
        }
      }
      if (ok && !wait) {
        return YES;
      }
      more |= ok && wait;
    }
    return more ? MORE : NO;
  }

  private static final int CLEAN = 1;
  private static final int NOTED = 2;

  /**
   * How believable the BHS at {@code p} is: 0 when {@link PduChecks} finds an error in it, {@link
   * #NOTED} when only reserved bits are set, {@link #CLEAN} otherwise (as real peers send them).
   */
  private int quality(int p) {
    byte[] bhs = new byte[PduFramer.BHS_LENGTH];
    System.arraycopy(buf, p, bhs, 0, bhs.length);
    RawPdu raw = new RawPdu(bhs, new byte[0], DataSegment.EMPTY, OptionalInt.empty(), OptionalInt.empty());
    int q = CLEAN;
    for (PduChecks.Violation v : PduChecks.check(raw, sender, checkLimits)) {
      if (v.severity() != PduChecks.Severity.NOTE) {
        return 0;
      }
      q = NOTED;
    }
    return q;
  }

  private void ensureRoom(int n) {
    if (w + n <= buf.length) {
      return;
    }
    compact();
    if (w + n > buf.length) {
      byte[] bigger = new byte[Math.max(buf.length * 2, w + n)];
      System.arraycopy(buf, 0, bigger, 0, w);
      buf = bigger;
    }
  }

  /** Drops consumed bytes from the front of the buffer. */
  private void compact() {
    if (r == 0) {
      return;
    }
    System.arraycopy(buf, r, buf, 0, w - r);
    base += r;
    w -= r;
    r = 0;
  }
}
