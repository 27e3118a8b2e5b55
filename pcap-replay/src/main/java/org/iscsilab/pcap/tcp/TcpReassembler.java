package org.iscsilab.pcap.tcp;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.iscsilab.pcap.net.TcpSegment;

/**
 * Reassembles the TCP byte streams of a capture, per connection and direction, and reports them
 * to a {@link TcpStreamListener}.
 *
 * <ul>
 *   <li>Connections are keyed by their 4-tuple; a SYN on a closed 4-tuple starts a new one.
 *   <li>Sequence numbers are compared modulo 2^32 (RFC 9293 §3.4), so streams may wrap.
 *   <li>Retransmitted bytes are dropped; out-of-order segments are buffered (copied) up to
 *       {@link Limits#maxBufferedBytes()} per direction; overlapping buffered bytes keep the
 *       first-seen copy and disagreements are counted.
 *   <li>A hole is given up on, and reported through {@link TcpStreamListener#onGap}, when the
 *       buffered data ahead of it exceeds the limit, at FIN or RST, or at {@link #finish()}.
 *   <li>Without a captured SYN a direction starts at its first data segment.
 * </ul>
 *
 * <p>In-order data is passed to the listener as a view of the segment (no copy). Memory is
 * bounded by the buffer limits and by one small record per connection (closed connections are
 * forgotten in batches once {@link Limits#maxClosedConnections()} accumulate). Not thread-safe.
 */
public final class TcpReassembler {

    /**
     * Bounds on what reassembly keeps.
     *
     * @param maxBufferedBytes out-of-order bytes buffered per direction before a hole is given up
     * @param maxBufferedSegments out-of-order segments buffered per direction before a hole is
     *     given up
     * @param maxClosedConnections closed connections remembered (to ignore their stragglers)
     *     before they are forgotten
     * @param retransmissionCheckBytes most recent delivered bytes kept per open direction to
     *     compare retransmissions against (conflicts are counted); 0 disables the check
     */
    public record Limits(int maxBufferedBytes, int maxBufferedSegments, int maxClosedConnections,
            int retransmissionCheckBytes) {
        /** 4 MiB and 4096 segments per direction, 65536 closed connections, 16 KiB of history. */
        public static final Limits DEFAULT = new Limits(4 << 20, 4096, 65536, 16 << 10);

        /** Validates the bounds. */
        public Limits {
            if (maxBufferedBytes < 0 || maxBufferedSegments < 1 || maxClosedConnections < 0
                    || retransmissionCheckBytes < 0) {
                throw new IllegalArgumentException("bad reassembly limits");
            }
        }
    }

    /**
     * Deliveries kept as views per direction when payloads stay: the retransmission check then covers
     * the last {@link Limits#retransmissionCheckBytes()} bytes or the last this many deliveries,
     * whichever is less, so that a stream of tiny segments holds no more memory than the ring would.
     */
    static final int MAX_RECENT_VIEWS = 64;

    private final TcpStreamListener listener;
    private final Limits limits;
    private final boolean payloadsStay;
    private final Map<FlowKey, Conn> connections = new HashMap<>();
    private final FlowKey probe = new FlowKey();
    private long nextId;
    private long closedCount;
    private long lastFrame;

    /** Reassembles with {@link Limits#DEFAULT}. */
    public TcpReassembler(TcpStreamListener listener) {
        this(listener, Limits.DEFAULT);
    }

    /** Reassembles with the given limits. */
    public TcpReassembler(TcpStreamListener listener, Limits limits) {
        this(listener, limits, false);
    }

    /**
     * Reassembles with the given limits; {@code payloadsStay} says that the bytes of segment payloads
     * are never overwritten once passed, in their buffers, though the buffers' positions and limits may
     * move (a reader's views of a memory-mapped capture file, not a live capture's reused buffers), so
     * that the bytes kept for the retransmission check are referred to rather than copied.
     */
    public TcpReassembler(TcpStreamListener listener, Limits limits, boolean payloadsStay) {
        this.listener = listener;
        this.limits = limits;
        this.payloadsStay = payloadsStay;
    }

    /** Connections currently tracked (open, or closed and not yet forgotten). */
    public int trackedConnections() {
        return connections.size();
    }

    /** Number of connections seen so far. */
    public long connectionsSeen() {
        return nextId;
    }

    /**
     * Processes one segment. The segment (and its payload view) is not retained.
     */
    public void accept(TcpSegment seg) {
        lastFrame = seg.frameNumber();
        probe.set(seg.srcAddressHigh(), seg.srcAddressLow(), seg.srcPort(), seg.dstAddressHigh(), seg.dstAddressLow(),
                seg.dstPort());
        int flags = seg.flags();
        boolean syn = (flags & TcpSegment.SYN) != 0;
        boolean ackFlag = (flags & TcpSegment.ACK) != 0;
        Conn c = connections.get(probe);
        if (c != null && syn && !ackFlag && (c.closed() || c.half[0].synced && c.half[0].isn != seg.seq()
                && fromClient(c, seg))) {
            if (!c.closed()) {
                endConnection(c, CloseReason.END_OF_CAPTURE, seg.frameNumber());
            }
            connections.remove(probe);
            c = null;
        }
        if (c == null) {
            c = open(seg, syn, ackFlag);
        }
        Direction dir = fromClient(c, seg) ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        Half h = c.half[dir.ordinal()];
        c.info.segments[dir.ordinal()]++;
        ByteBuffer payload = seg.payload();
        int len = payload.remaining();
        if (h.closed) {
            if (len > 0) {
                c.info.ignoredAfterClose[dir.ordinal()]++;
            }
            return;
        }
        int dataSeq = seg.seq();
        if (syn) {
            if (!h.synced) {
                h.isn = seg.seq();
                h.next = 1; // the SYN occupies one sequence number, RFC 9293 §3.4
                h.synced = true;
            }
            dataSeq++;
        }
        if (!h.synced) {
            if (len > 0 || (flags & TcpSegment.FIN) != 0) {
                h.isn = dataSeq; // mid-connection: start at the first data segment
                h.next = 0;
                h.synced = true;
            } else if ((flags & TcpSegment.RST) == 0) {
                return;
            }
        }
        if (len > 0 && h.synced) {
            data(c, dir, h, h.toAbs(dataSeq), payload, seg.frameNumber(), seg.timestampNanos());
        }
        if ((flags & TcpSegment.RST) != 0) {
            endConnection(c, CloseReason.RST, seg.frameNumber());
            return;
        }
        if ((flags & TcpSegment.FIN) != 0) {
            long finAbs = h.toAbs(dataSeq) + len;
            flush(c, dir, h, finAbs, seg.frameNumber());
            close(c, dir, h, CloseReason.FIN, seg.frameNumber());
        }
    }

    /**
     * Ends the capture: every open direction delivers what it buffered (reporting holes) and
     * closes with {@link CloseReason#END_OF_CAPTURE}.
     */
    public void finish() {
        List<Conn> open = new ArrayList<>();
        for (Conn c : connections.values()) {
            if (!c.closed()) {
                open.add(c);
            }
        }
        open.sort((a, b) -> Long.compare(a.info.id(), b.info.id()));
        for (Conn c : open) {
            endConnection(c, CloseReason.END_OF_CAPTURE, lastFrame);
        }
        connections.clear();
    }

    // ---------------------------------------------------------------- connections

    private Conn open(TcpSegment seg, boolean syn, boolean ackFlag) {
        boolean srcIsClient = !(syn && ackFlag); // a SYN-ACK comes from the server
        Endpoint src = new Endpoint(seg.srcAddressHigh(), seg.srcAddressLow(), seg.srcPort());
        Endpoint dst = new Endpoint(seg.dstAddressHigh(), seg.dstAddressLow(), seg.dstPort());
        Endpoint cl = srcIsClient ? src : dst;
        Endpoint sv = srcIsClient ? dst : src;
        TcpConnection info = new TcpConnection(nextId++, cl.toEndpoint(), sv.toEndpoint(), syn, seg.frameNumber());
        Conn c = new Conn(info, cl.hi, cl.lo, cl.port);
        connections.put(probe.copy(), c);
        listener.onConnectionOpened(info, seg.frameNumber());
        return c;
    }

    private static boolean fromClient(Conn c, TcpSegment seg) {
        return seg.srcPort() == c.clientPort && seg.srcAddressLow() == c.clientLo && seg.srcAddressHigh() == c.clientHi;
    }

    private void endConnection(Conn c, CloseReason reason, long frame) {
        for (Direction d : Direction.values()) {
            Half h = c.half[d.ordinal()];
            if (!h.closed) {
                flush(c, d, h, -1, frame);
                close(c, d, h, reason, frame);
            }
        }
    }

    private void close(Conn c, Direction d, Half h, CloseReason reason, long frame) {
        h.closed = true;
        h.pending = null;
        h.history = null;
        h.recent = null;
        h.bufferedBytes = 0;
        c.info.closeReasons[d.ordinal()] = reason;
        listener.onClose(c.info, d, reason, frame);
        if (c.closed() && ++closedCount > limits.maxClosedConnections()) {
            forgetClosed();
        }
    }

    private void forgetClosed() {
        for (Iterator<Conn> it = connections.values().iterator(); it.hasNext();) {
            if (it.next().closed()) {
                it.remove();
            }
        }
        closedCount = 0;
    }

    // ---------------------------------------------------------------- data

    private void data(Conn c, Direction d, Half h, long start, ByteBuffer payload, long frame, long ts) {
        int len = payload.remaining();
        long end = start + len;
        int di = d.ordinal();
        if (start < h.next) {
            checkAgainstHistory(c, d, h, start, payload);
        }
        if (end <= h.next) {
            c.info.retransmissions[di]++;
            return;
        }
        if (start > h.next) {
            c.info.outOfOrder[di]++;
            insert(c, d, h, start, payload, frame, ts);
            enforceLimits(c, d, h, frame);
            return;
        }
        // In order (possibly with an already delivered head). Buffered bytes were seen first and
        // win, so deliver only up to the first buffered segment and merge the rest.
        long deliverEnd = end;
        if (h.pending != null && !h.pending.isEmpty()) {
            deliverEnd = Math.min(end, h.pending.firstKey());
        }
        int from = payload.position() + (int) (h.next - start);
        int to = payload.position() + (int) (deliverEnd - start);
        if (to > from) {
            int savedPos = payload.position();
            int savedLimit = payload.limit();
            payload.limit(to).position(from);
            deliver(c, d, h, frame, ts, payload);
            payload.limit(savedLimit).position(savedPos);
        }
        if (deliverEnd < end) {
            ByteBuffer rest = payload.duplicate();
            rest.position(payload.position() + (int) (deliverEnd - start));
            insert(c, d, h, deliverEnd, rest, frame, ts);
        }
        drain(c, d, h);
    }

    private void deliver(Conn c, Direction d, Half h, long frame, long ts, ByteBuffer bytes) {
        int n = bytes.remaining();
        int size = limits.retransmissionCheckBytes();
        if (size > 0 && payloadsStay) {
            // Views of the delivered bytes, the oldest dropped once the rest cover the check window.
            if (h.recent == null) {
                h.recent = new ArrayDeque<>();
                h.historyFrom = h.next;
            }
            h.recent.addLast(new Delivered(h.next, bytes, bytes.position(), n));
            h.recentBytes += n;
            while (h.recentBytes - h.recent.peekFirst().length() >= size || h.recent.size() > MAX_RECENT_VIEWS) {
                h.recentBytes -= h.recent.removeFirst().length();
            }
        } else if (size > 0) {
            if (h.history == null) {
                h.history = new byte[size];
                h.historyFrom = h.next;
            }
            // Keep the last `size` bytes in a ring indexed by stream offset modulo its size.
            int skip = Math.max(0, n - size);
            long at = h.next + skip;
            int p = bytes.position() + skip;
            while (p < bytes.limit()) {
                int ring = (int) Long.remainderUnsigned(at, size);
                int chunk = Math.min(size - ring, bytes.limit() - p);
                bytes.get(p, h.history, ring, chunk);
                p += chunk;
                at += chunk;
            }
        }
        h.next += n;
        c.info.bytes[d.ordinal()] += n;
        listener.onData(c.info, d, frame, ts, bytes);
    }

    /** Compares re-sent bytes with the delivered ones still in the history ring. */
    private void checkAgainstHistory(Conn c, Direction d, Half h, long start, ByteBuffer payload) {
        if (h.recent != null) {
            // The same window as the ring's: the last retransmissionCheckBytes delivered bytes.
            long from = Math.max(Math.max(start, h.historyFrom), h.next - limits.retransmissionCheckBytes());
            long to = Math.min(start + payload.remaining(), h.next);
            for (Delivered v : h.recent) {
                long a = Math.max(from, v.start());
                long e = Math.min(to, v.start() + v.length());
                if (a >= e) {
                    continue;
                }
                // The buffer's position and limit may have moved since (a reader's flyweight view of a
                // mapped window); its content has not.
                ByteBuffer all = v.buffer().duplicate().clear();
                for (long i = a; i < e; i++) {
                    if (all.get(v.index() + (int) (i - v.start())) != payload.get(payload.position() + (int) (i - start))) {
                        c.info.overlapConflicts[d.ordinal()]++;
                        return;
                    }
                }
            }
            return;
        }
        byte[] ring = h.history;
        if (ring == null) {
            return;
        }
        long from = Math.max(Math.max(start, h.historyFrom), h.next - ring.length);
        long to = Math.min(start + payload.remaining(), h.next);
        for (long i = from; i < to; i++) {
            if (ring[(int) Long.remainderUnsigned(i, ring.length)] != payload.get(payload.position() + (int) (i - start))) {
                c.info.overlapConflicts[d.ordinal()]++;
                return;
            }
        }
    }

    /** Buffers bytes ahead of the stream, keeping the first-seen copy of any overlap. */
    private void insert(Conn c, Direction d, Half h, long start, ByteBuffer bytes, long frame, long ts) {
        if (h.pending == null) {
            h.pending = new TreeMap<>();
        }
        TreeMap<Long, Pending> p = h.pending;
        long end = start + bytes.remaining();
        int base = bytes.position();
        Long fromKey = p.floorKey(start);
        List<Pending> overlapping = new ArrayList<>(p.subMap(fromKey == null ? start : fromKey, true, end, false).values());
        long cursor = start;
        for (Pending o : overlapping) {
            long oEnd = o.start + o.data.length;
            if (oEnd <= cursor) {
                continue;
            }
            if (o.start > cursor) {
                put(h, copy(bytes, base + (int) (cursor - start), (int) (o.start - cursor), cursor, frame, ts));
            }
            long ovFrom = Math.max(o.start, cursor);
            long ovTo = Math.min(oEnd, end);
            for (long i = ovFrom; i < ovTo; i++) {
                if (o.data[(int) (i - o.start)] != bytes.get(base + (int) (i - start))) {
                    c.info.overlapConflicts[d.ordinal()]++;
                    break;
                }
            }
            cursor = Math.max(cursor, oEnd);
            if (cursor >= end) {
                break;
            }
        }
        if (cursor < end) {
            put(h, copy(bytes, base + (int) (cursor - start), (int) (end - cursor), cursor, frame, ts));
        }
    }

    private static void put(Half h, Pending piece) {
        h.pending.put(piece.start, piece);
        h.bufferedBytes += piece.data.length;
    }

    private static Pending copy(ByteBuffer b, int index, int length, long start, long frame, long ts) {
        byte[] data = new byte[length];
        b.get(index, data, 0, length);
        return new Pending(start, data, frame, ts);
    }

    private void enforceLimits(Conn c, Direction d, Half h, long frame) {
        while (h.pending != null && !h.pending.isEmpty()
                && (h.bufferedBytes > limits.maxBufferedBytes() || h.pending.size() > limits.maxBufferedSegments())) {
            Pending first = h.pending.firstEntry().getValue();
            gap(c, d, h, first.start - h.next, first.frame);
            drain(c, d, h);
        }
    }

    /** Delivers buffered segments that have become contiguous. */
    private void drain(Conn c, Direction d, Half h) {
        TreeMap<Long, Pending> p = h.pending;
        while (p != null && !p.isEmpty() && p.firstKey() <= h.next) {
            Pending first = p.pollFirstEntry().getValue();
            h.bufferedBytes -= first.data.length;
            long end = first.start + first.data.length;
            if (end <= h.next) {
                continue;
            }
            int skip = (int) (h.next - first.start);
            deliver(c, d, h, first.frame, first.ts, ByteBuffer.wrap(first.data, skip, first.data.length - skip).asReadOnlyBuffer());
        }
    }

    /** Gives up on every hole: delivers all buffered data, then reports a gap up to {@code upTo}. */
    private void flush(Conn c, Direction d, Half h, long upTo, long frame) {
        if (!h.synced) {
            return;
        }
        TreeMap<Long, Pending> p = h.pending;
        while (p != null && !p.isEmpty()) {
            Pending first = p.firstEntry().getValue();
            if (first.start > h.next) {
                gap(c, d, h, first.start - h.next, first.frame);
            }
            drain(c, d, h);
        }
        if (upTo > h.next) {
            gap(c, d, h, upTo - h.next, frame);
        }
    }

    private void gap(Conn c, Direction d, Half h, long length, long frame) {
        long fromSeq = Integer.toUnsignedLong(h.isn + (int) h.next);
        h.next += length;
        h.historyFrom = h.next; // bytes before the gap may no longer be in the ring
        c.info.gaps[d.ordinal()]++;
        c.info.gapBytes[d.ordinal()] += length;
        listener.onGap(c.info, d, fromSeq, length, frame);
    }

    // ---------------------------------------------------------------- state

    private static final class Conn {
        final TcpConnection info;
        final long clientHi;
        final long clientLo;
        final int clientPort;
        final Half[] half = {new Half(), new Half()};

        Conn(TcpConnection info, long clientHi, long clientLo, int clientPort) {
            this.info = info;
            this.clientHi = clientHi;
            this.clientLo = clientLo;
            this.clientPort = clientPort;
        }

        boolean closed() {
            return half[0].closed && half[1].closed;
        }
    }

    /** One direction: sequence state and the out-of-order buffer. */
    private static final class Half {
        boolean synced;
        boolean closed;
        /** Sequence number of stream offset 0. */
        int isn;
        /** Stream offset (relative to isn, 64-bit so it never wraps) of the next expected byte. */
        long next;
        TreeMap<Long, Pending> pending;
        long bufferedBytes;
        /** Ring of the most recently delivered bytes, for retransmission conflict checks. */
        byte[] history;
        /** First stream offset whose byte may be in {@link #history} or {@link #recent}. */
        long historyFrom;
        /** With payloads that stay: views of the most recently delivered bytes, instead of the ring. */
        ArrayDeque<Delivered> recent;
        long recentBytes;

        /** Unwraps a 32-bit sequence number to a stream offset near {@link #next} (RFC 9293 §3.4). */
        long toAbs(int seq) {
            return next + (seq - (isn + (int) next));
        }
    }

    private record Pending(long start, byte[] data, long frame, long ts) {}

    /**
     * {@code length} bytes delivered at stream offset {@code start}, at absolute {@code index} of
     * {@code buffer} (not copied, not even sliced: most are never looked at again).
     */
    private record Delivered(long start, ByteBuffer buffer, int index, int length) {}

    private record Endpoint(long hi, long lo, int port) {
        TcpEndpoint toEndpoint() {
            return new TcpEndpoint(TcpSegment.toInetAddress(hi, lo), port);
        }
    }

    /** The 4-tuple in canonical order (lower endpoint first); mutable only as the lookup probe. */
    private static final class FlowKey {
        long aHi;
        long aLo;
        int aPort;
        long bHi;
        long bLo;
        int bPort;
        int hash;

        void set(long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
            int cmp = Long.compareUnsigned(sHi, dHi);
            if (cmp == 0) {
                cmp = Long.compareUnsigned(sLo, dLo);
            }
            if (cmp == 0) {
                cmp = Integer.compare(sPort, dPort);
            }
            if (cmp <= 0) {
                aHi = sHi; aLo = sLo; aPort = sPort; bHi = dHi; bLo = dLo; bPort = dPort;
            } else {
                aHi = dHi; aLo = dLo; aPort = dPort; bHi = sHi; bLo = sLo; bPort = sPort;
            }
            long h = aHi * 31 + aLo;
            h = h * 31 + aPort;
            h = h * 31 + bHi;
            h = h * 31 + bLo;
            h = h * 31 + bPort;
            hash = (int) (h ^ (h >>> 32));
        }

        FlowKey copy() {
            FlowKey k = new FlowKey();
            k.aHi = aHi; k.aLo = aLo; k.aPort = aPort; k.bHi = bHi; k.bLo = bLo; k.bPort = bPort; k.hash = hash;
            return k;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FlowKey k && k.aPort == aPort && k.bPort == bPort && k.aLo == aLo && k.bLo == bLo
                    && k.aHi == aHi && k.bHi == bHi;
        }
    }
}
