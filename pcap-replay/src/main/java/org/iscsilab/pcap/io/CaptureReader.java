package org.iscsilab.pcap.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming reader of classic pcap and pcapng captures over a memory-mapped file.
 *
 * <p>The file is mapped in windows ({@link #DEFAULT_WINDOW_BYTES} by default) so captures
 * larger than 2 GiB are read with bounded memory; a record crossing a window boundary causes a
 * new window to be mapped at that record.
 *
 * <p>Supported formats: classic pcap with magic {@code a1b2c3d4} (microsecond timestamps) and
 * {@code a1b23c4d} (nanosecond timestamps) in both byte orders; pcapng
 * (draft-ietf-opsawg-pcapng) with Section Header, Interface Description (options
 * {@code if_tsresol} and {@code if_tsoffset}), Enhanced Packet, Simple Packet and the obsolete
 * Packet block; several interfaces with their own link type and timestamp resolution, several
 * sections with different byte orders. Unknown block types are skipped.
 *
 * <p>{@link #next()} returns a reused {@link CapturedPacket} flyweight; nothing is allocated per
 * packet. Not thread-safe.
 *
 * <p>Damaged input raises {@link CaptureFormatException} naming the byte offset and frame
 * number; once raised, every further {@code next()} raises the same exception. Packets
 * returned before remain valid (their copies, and the flyweight until the next call).
 */
public final class CaptureReader implements Closeable {
    /** Size of one mapped window of the file. */
    public static final int DEFAULT_WINDOW_BYTES = 64 << 20;
    /** Largest record or block accepted; anything larger is reported as damage. */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    /** The container format of a capture. */
    public enum Format {
        /** Classic libpcap format. */
        PCAP,
        /** pcapng, draft-ietf-opsawg-pcapng. */
        PCAPNG
    }

    /** An interface described by a pcapng Interface Description Block (or the pcap header). */
    public record InterfaceDescription(int id, LinkType linkType, int snapLength, String resolution) {}

    private static final int PCAP_MAGIC_US = 0xa1b2c3d4;
    private static final int PCAP_MAGIC_NS = 0xa1b23c4d;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int PCAPNG_BOM = 0x1A2B3C4D;
    private static final int BT_IDB = 1;
    private static final int BT_PB = 2;
    private static final int BT_SPB = 3;
    private static final int BT_EPB = 6;

    /** Largest file {@link #openSequential} maps whole (and prefetches). */
    static final long MAX_WHOLE_MAPPING = 1L << 30;

    private final FileChannel channel;
    private final long size;
    private final int windowBytes;
    private volatile boolean closed;
    private ByteBuffer window;
    private ByteBuffer view;
    private long windowBase;
    private ByteOrder order = ByteOrder.BIG_ENDIAN;

    private final Format format;
    private long position;
    private long frames;
    private CaptureFormatException failure;
    private final CapturedPacket packet = new CapturedPacket();

    // classic pcap
    private int pcapSnapLength;
    private LinkType pcapLinkType;
    private long pcapFractionNanos;

    // pcapng: interfaces of the current section
    private final List<Iface> interfaces = new ArrayList<>();
    private final List<InterfaceDescription> allInterfaces = new ArrayList<>();
    private int sections;

    private static final class Iface {
        final LinkType linkType;
        final int snapLength;
        final boolean binary;
        final int exponent;
        final long offsetSeconds;
        final long decimalMultiplier;
        final long decimalDivisor;

        Iface(LinkType linkType, int snapLength, boolean binary, int exponent, long offsetSeconds) {
            this.linkType = linkType;
            this.snapLength = snapLength;
            this.binary = binary;
            this.exponent = exponent;
            this.offsetSeconds = offsetSeconds;
            long mul = 1;
            long div = 1;
            if (!binary) {
                for (int e = exponent; e < 9; e++) {
                    mul *= 10;
                }
                for (int e = 9; e < exponent && e < 28; e++) {
                    div = div > Long.MAX_VALUE / 10 ? div : div * 10;
                }
            }
            this.decimalMultiplier = mul;
            this.decimalDivisor = div;
        }

        long toNanos(long units) {
            long nanos;
            if (binary) {
                if (exponent == 0) {
                    nanos = units * 1_000_000_000L;
                } else if (exponent <= 30) {
                    long whole = units >>> exponent;
                    long frac = units & ((1L << exponent) - 1);
                    nanos = whole * 1_000_000_000L + ((frac * 1_000_000_000L) >>> exponent);
                } else {
                    nanos = (long) (unsignedToDouble(units) * 1e9 / Math.pow(2, exponent));
                }
            } else if (decimalMultiplier != 1) {
                nanos = units * decimalMultiplier;
            } else {
                nanos = Long.divideUnsigned(units, decimalDivisor);
            }
            return nanos + offsetSeconds * 1_000_000_000L;
        }

        String resolution() {
            return (binary ? "2^-" : "10^-") + exponent;
        }

        private static double unsignedToDouble(long v) {
            double d = (double) (v >>> 1) * 2.0;
            return d + (v & 1);
        }
    }

    private CaptureReader(FileChannel channel, long size, ByteBuffer inMemory, int windowBytes)
            throws IOException {
        this.channel = channel;
        this.size = size;
        this.windowBytes = windowBytes;
        if (inMemory != null) {
            this.window = inMemory.slice().asReadOnlyBuffer();
            this.view = window.duplicate();
            this.windowBase = 0;
        }
        try {
            this.format = readFileHeader();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens a capture file, detecting pcap or pcapng from its magic number. */
    public static CaptureReader open(Path file) throws IOException {
        return open(file, DEFAULT_WINDOW_BYTES);
    }

    /**
     * Opens a capture file mapping at most {@code windowBytes} at a time (at least one record).
     */
    public static CaptureReader open(Path file, int windowBytes) throws IOException {
        if (windowBytes < 4096) {
            throw new IllegalArgumentException("window must be at least 4096 bytes: " + windowBytes);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new CaptureReader(ch, ch.size(), null, windowBytes);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Opens a capture file that will be read once from start to end, as {@code replay inspect} does:
     * a file of up to {@link #MAX_WHOLE_MAPPING} bytes is mapped whole, and a helper thread touches
     * its pages ahead of the reader, so that the page faults of the mapping (a third of the reader's
     * time on a large capture, even from the page cache) are taken on another core. Nothing is
     * copied or kept: the helper ends with the file or at {@link #close}.
     */
    public static CaptureReader openSequential(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            boolean whole = size <= MAX_WHOLE_MAPPING;
            CaptureReader r = new CaptureReader(ch, size, null,
                    whole ? (int) Math.max(4096, size) : DEFAULT_WINDOW_BYTES);
            if (whole && size >= PREFETCH_MIN_BYTES && r.window != null && r.window.limit() == size) {
                r.startPrefetch();
            }
            return r;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Files smaller than this are read before a helper thread would have started. */
    private static final long PREFETCH_MIN_BYTES = 16L << 20;
    /** One read per this many bytes: the kernel maps the neighbouring pages of a fault too. */
    private static final int PREFETCH_STRIDE = 16 << 10;

    private void startPrefetch() {
        ByteBuffer pages = window.duplicate();
        Thread t = new Thread(() -> {
            int sum = 0;
            for (int i = 0, n = pages.limit(); i < n && !closed; i += PREFETCH_STRIDE) {
                sum += pages.get(i);
            }
            prefetchSum = sum;
        }, "capture-prefetch");
        t.setDaemon(true);
        t.start();
    }

    /** Where the helper leaves what it read, so that its reads are not optimised away. */
    @SuppressWarnings("unused")
    private volatile int prefetchSum;

    /** Reads a capture held in memory (from position to limit of {@code capture}). */
    public static CaptureReader open(ByteBuffer capture) throws IOException {
        return new CaptureReader(null, capture.remaining(), capture, Integer.MAX_VALUE);
    }

    /** Reads a capture held in a byte array. */
    public static CaptureReader open(byte[] capture) throws IOException {
        return open(ByteBuffer.wrap(capture));
    }

    /** The container format. */
    public Format format() {
        return format;
    }

    /** Number of packets returned so far. */
    public long framesRead() {
        return frames;
    }

    /** Offset of the next record or block to be read. */
    public long bytePosition() {
        return position;
    }

    /** Size of the capture in bytes. */
    public long size() {
        return size;
    }

    /** Interfaces described so far (all sections; for classic pcap the single interface 0). */
    public List<InterfaceDescription> interfaces() {
        return List.copyOf(allInterfaces);
    }

    /**
     * Advances to the next packet.
     *
     * @return the reused packet flyweight, valid until the next call, or {@code null} at the end
     * @throws CaptureFormatException if the capture is damaged at this point (and thereafter)
     */
    public CapturedPacket next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            return format == Format.PCAP ? nextPcap() : nextPcapng();
        } catch (CaptureFormatException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        window = null;
        view = null;
        if (channel != null) {
            channel.close();
        }
    }

    // ---------------------------------------------------------------- window management

    /** Index into {@link #window} of {@code len} bytes at file offset {@code off}, or -1 past EOF. */
    private int ensure(long off, int len) throws IOException {
        if (off < 0 || len < 0 || off + len > size) {
            return -1;
        }
        ByteBuffer w = window;
        if (w != null && off >= windowBase && off + len <= windowBase + w.limit()) {
            return (int) (off - windowBase);
        }
        if (channel == null) {
            return -1; // cannot happen: the whole buffer is one window
        }
        long mapSize = Math.min(Math.max((long) windowBytes, len), size - off);
        window = channel.map(FileChannel.MapMode.READ_ONLY, off, mapSize).order(order);
        view = window.duplicate();
        windowBase = off;
        return 0;
    }

    private CaptureFormatException damage(String problem, long offset) {
        return new CaptureFormatException(problem, offset, frames + 1);
    }

    private void setOrder(ByteOrder o) {
        order = o;
        if (window != null) {
            window.order(o);
        }
    }

    private CapturedPacket emit(int dataIndex, int capLen, long tsNanos, int ifId, LinkType lt, int origLen) {
        ByteBuffer v = view;
        v.clear();
        v.limit(dataIndex + capLen).position(dataIndex);
        CapturedPacket p = packet;
        p.frameNumber = ++frames;
        p.timestampNanos = tsNanos;
        p.interfaceId = ifId;
        p.linkType = lt;
        p.originalLength = origLen;
        p.data = v;
        return p;
    }

    // ---------------------------------------------------------------- file header

    private Format readFileHeader() throws IOException {
        int i = ensure(0, 4);
        if (i < 0) {
            throw damage("truncated file header (" + size + " bytes)", 0);
        }
        int magic = window.order(ByteOrder.BIG_ENDIAN).getInt(i);
        if (magic == PCAPNG_SHB) {
            position = 0;
            return Format.PCAPNG;
        }
        boolean ns;
        if (magic == PCAP_MAGIC_US || magic == Integer.reverseBytes(PCAP_MAGIC_US)) {
            ns = false;
        } else if (magic == PCAP_MAGIC_NS || magic == Integer.reverseBytes(PCAP_MAGIC_NS)) {
            ns = true;
        } else {
            throw damage(String.format("not a pcap or pcapng file: unknown magic 0x%08x", magic), 0);
        }
        setOrder(magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        i = ensure(0, 24);
        if (i < 0) {
            throw damage("truncated pcap file header (" + size + " bytes)", 0);
        }
        int major = Short.toUnsignedInt(window.getShort(i + 4));
        if (major != 2) {
            throw damage("unsupported pcap version " + major + "." + Short.toUnsignedInt(window.getShort(i + 6)), 4);
        }
        pcapSnapLength = window.getInt(i + 16);
        // pcap spec: link type in the low 16 bits, FCS information above.
        pcapLinkType = LinkType.of(window.getInt(i + 20) & 0xFFFF);
        pcapFractionNanos = ns ? 1 : 1000;
        allInterfaces.add(new InterfaceDescription(0, pcapLinkType, pcapSnapLength, ns ? "10^-9" : "10^-6"));
        position = 24;
        return Format.PCAP;
    }

    // ---------------------------------------------------------------- classic pcap

    private CapturedPacket nextPcap() throws IOException {
        long off = position;
        if (off == size) {
            return null;
        }
        int i = ensure(off, 16);
        if (i < 0) {
            throw damage("truncated record header (" + (size - off) + " of 16 bytes)", off);
        }
        ByteBuffer w = window;
        long sec = Integer.toUnsignedLong(w.getInt(i));
        long frac = Integer.toUnsignedLong(w.getInt(i + 4));
        int capLen = w.getInt(i + 8);
        int origLen = w.getInt(i + 12);
        if (capLen < 0 || capLen > MAX_RECORD_BYTES) {
            throw damage("absurd record length " + Integer.toUnsignedString(capLen), off);
        }
        if (pcapSnapLength > 0 && capLen > pcapSnapLength) {
            throw damage("record length " + capLen + " exceeds snaplen " + pcapSnapLength, off);
        }
        int d = ensure(off + 16, capLen);
        if (d < 0) {
            throw damage("truncated record data (" + (size - off - 16) + " of " + capLen + " bytes)", off);
        }
        position = off + 16 + capLen;
        return emit(d, capLen, sec * 1_000_000_000L + frac * pcapFractionNanos, 0, pcapLinkType, origLen);
    }

    // ---------------------------------------------------------------- pcapng

    private CapturedPacket nextPcapng() throws IOException {
        while (true) {
            long off = position;
            if (off == size) {
                return null;
            }
            int i = ensure(off, 8);
            if (i < 0) {
                throw damage("truncated block header (" + (size - off) + " of 8 bytes)", off);
            }
            int type = window.getInt(i);
            if (type == PCAPNG_SHB) {
                readSectionHeader(off);
                continue;
            }
            if (sections == 0) {
                throw damage("pcapng block before the first Section Header Block", off);
            }
            long len = Integer.toUnsignedLong(window.getInt(i + 4));
            checkBlockLength(off, len, 12);
            int b = ensure(off, (int) len);
            ByteBuffer w = window;
            position = off + len;
            switch (type) {
                case BT_EPB -> {
                    return packetBlock(off, b, (int) len, w, true);
                }
                case BT_SPB -> {
                    return simplePacket(off, b, (int) len, w);
                }
                case BT_PB -> {
                    return packetBlock(off, b, (int) len, w, false);
                }
                case BT_IDB -> readInterface(off, b, (int) len, w);
                default -> {
                    // Unknown or uninteresting block (NRB, ISB, DSB, custom): skipped, pcapng §3.
                }
            }
        }
    }

    /** Checks a block's total length and that the trailing copy agrees (pcapng §3.1). */
    private void checkBlockLength(long off, long len, int minimum) throws IOException {
        if (len < minimum || (len & 3) != 0 || len > MAX_RECORD_BYTES) {
            throw damage("bad block total length " + len, off);
        }
        int b = ensure(off, (int) len);
        if (b < 0) {
            throw damage("truncated block (" + (size - off) + " of " + len + " bytes)", off);
        }
        long trailer = Integer.toUnsignedLong(window.getInt(b + (int) len - 4));
        if (trailer != len) {
            throw damage("block total length " + len + " disagrees with trailing copy " + trailer, off);
        }
    }

    private void readSectionHeader(long off) throws IOException {
        int i = ensure(off, 12);
        if (i < 0) {
            throw damage("truncated section header block", off);
        }
        int bom = window.order(ByteOrder.BIG_ENDIAN).getInt(i + 8);
        if (bom == PCAPNG_BOM) {
            setOrder(ByteOrder.BIG_ENDIAN);
        } else if (bom == Integer.reverseBytes(PCAPNG_BOM)) {
            setOrder(ByteOrder.LITTLE_ENDIAN);
        } else {
            window.order(order);
            throw damage(String.format("bad byte-order magic 0x%08x in section header", bom), off);
        }
        long len = Integer.toUnsignedLong(window.getInt(i + 4));
        checkBlockLength(off, len, 28);
        int b = ensure(off, (int) len);
        int major = Short.toUnsignedInt(window.getShort(b + 12));
        if (major != 1) {
            throw damage("unsupported pcapng major version " + major, off);
        }
        interfaces.clear();
        sections++;
        position = off + len;
    }

    private void readInterface(long off, int b, int len, ByteBuffer w) throws IOException {
        if (len < 20) {
            throw damage("interface description block too short (" + len + " bytes)", off);
        }
        LinkType lt = LinkType.of(Short.toUnsignedInt(w.getShort(b + 8)));
        int snap = w.getInt(b + 12);
        boolean binary = false;
        int exponent = 6; // default resolution 10^-6, pcapng §4.2
        long tsOffset = 0;
        int o = b + 16;
        int end = b + len - 4;
        while (o + 4 <= end) {
            int code = Short.toUnsignedInt(w.getShort(o));
            int olen = Short.toUnsignedInt(w.getShort(o + 2));
            if (code == 0 || o + 4 + olen > end) {
                break; // opt_endofopt, or a malformed option: keep what we have
            }
            if (code == 9 && olen >= 1) { // if_tsresol
                int v = w.get(o + 4) & 0xFF;
                binary = (v & 0x80) != 0;
                exponent = v & 0x7F;
                if (!binary && exponent > 27 || binary && exponent > 63) {
                    throw damage("unsupported if_tsresol 0x" + Integer.toHexString(v), off);
                }
            } else if (code == 14 && olen == 8) { // if_tsoffset, seconds
                tsOffset = w.getLong(o + 4);
            }
            o += 4 + ((olen + 3) & ~3);
        }
        Iface iface = new Iface(lt, snap, binary, exponent, tsOffset);
        allInterfaces.add(new InterfaceDescription(interfaces.size(), lt, snap, iface.resolution()));
        interfaces.add(iface);
    }

    private Iface iface(long off, long id) throws CaptureFormatException {
        if (id < 0 || id >= interfaces.size()) {
            throw damage("packet refers to undescribed interface " + id, off);
        }
        return interfaces.get((int) id);
    }

    /**
     * An enhanced packet block, or the obsolete packet block (pcapng §4.3, appendix A), whose layout
     * differs only in the interface id: 32 bits there, 16 bits and a drops count here.
     */
    private CapturedPacket packetBlock(long off, int b, int len, ByteBuffer w, boolean enhanced) throws IOException {
        String name = enhanced ? "enhanced packet block" : "packet block";
        if (len < 32) {
            throw damage(name + " too short (" + len + " bytes)", off);
        }
        long id = enhanced ? Integer.toUnsignedLong(w.getInt(b + 8)) : Short.toUnsignedInt(w.getShort(b + 8));
        Iface f = iface(off, id);
        long ts = (Integer.toUnsignedLong(w.getInt(b + 12)) << 32) | Integer.toUnsignedLong(w.getInt(b + 16));
        int capLen = w.getInt(b + 20);
        int origLen = w.getInt(b + 24);
        if (capLen < 0 || capLen > len - 32) {
            throw damage("captured length " + Integer.toUnsignedString(capLen) + " exceeds block of " + len + " bytes", off);
        }
        return emit(b + 28, capLen, f.toNanos(ts), (int) id, f.linkType, origLen);
    }

    private CapturedPacket simplePacket(long off, int b, int len, ByteBuffer w) throws IOException {
        if (len < 16) {
            throw damage("simple packet block too short (" + len + " bytes)", off);
        }
        Iface f = iface(off, 0);
        int origLen = w.getInt(b + 8);
        // pcapng §4.4: captured length is the smaller of the original length and the interface snaplen.
        long capLen = Math.min(Integer.toUnsignedLong(origLen), len - 16);
        if (f.snapLength > 0) {
            capLen = Math.min(capLen, f.snapLength);
        }
        return emit(b + 12, (int) capLen, 0, 0, f.linkType, origLen);
    }
}
