package org.iscsilab.pcap.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * A TCP segment decoded from a captured packet (RFC 9293 §3.1).
 *
 * <p><b>Flyweight.</b> {@link PacketDecoder} fills one instance per packet; the instance and its
 * {@link #payload()} view are valid until the decoder decodes the next packet. Use
 * {@link #copy()} to keep one.
 *
 * <p>Addresses are held as 128 bits: IPv4 addresses as IPv4-mapped IPv6 addresses
 * ({@code ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2), so that IPv4 and IPv6 flows share one key type.
 */
public final class TcpSegment {
    /** FIN flag. */
    public static final int FIN = 0x01;
    /** SYN flag. */
    public static final int SYN = 0x02;
    /** RST flag. */
    public static final int RST = 0x04;
    /** PSH flag. */
    public static final int PSH = 0x08;
    /** ACK flag. */
    public static final int ACK = 0x10;
    /** URG flag. */
    public static final int URG = 0x20;

    long frameNumber;
    long timestampNanos;
    int ipVersion;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int srcPort;
    int dstPort;
    int seq;
    int ack;
    int flags;
    int window;
    int mss = -1;
    int windowScale = -1;
    boolean truncated;
    ByteBuffer payload;

    TcpSegment() {}

    /**
     * Builds a detached segment (tests, synthetic input). Addresses are 4 or 16 bytes.
     */
    public static TcpSegment of(long frameNumber, long timestampNanos, byte[] srcAddr, int srcPort,
            byte[] dstAddr, int dstPort, int seq, int ack, int flags, int window, byte[] payload) {
        TcpSegment s = new TcpSegment();
        s.frameNumber = frameNumber;
        s.timestampNanos = timestampNanos;
        s.ipVersion = srcAddr.length == 4 ? 4 : 6;
        long[] a = toWords(srcAddr);
        long[] b = toWords(dstAddr);
        s.srcHi = a[0];
        s.srcLo = a[1];
        s.dstHi = b[0];
        s.dstLo = b[1];
        s.srcPort = srcPort;
        s.dstPort = dstPort;
        s.seq = seq;
        s.ack = ack;
        s.flags = flags;
        s.window = window;
        s.payload = ByteBuffer.wrap(payload.clone()).asReadOnlyBuffer();
        return s;
    }

    /** A detached copy owning its payload. */
    public TcpSegment copy() {
        TcpSegment s = new TcpSegment();
        s.frameNumber = frameNumber;
        s.timestampNanos = timestampNanos;
        s.ipVersion = ipVersion;
        s.srcHi = srcHi;
        s.srcLo = srcLo;
        s.dstHi = dstHi;
        s.dstLo = dstLo;
        s.srcPort = srcPort;
        s.dstPort = dstPort;
        s.seq = seq;
        s.ack = ack;
        s.flags = flags;
        s.window = window;
        s.mss = mss;
        s.windowScale = windowScale;
        s.truncated = truncated;
        ByteBuffer own = ByteBuffer.allocate(payload.remaining());
        own.put(payload.duplicate()).flip();
        s.payload = own.asReadOnlyBuffer();
        return s;
    }

    static long[] toWords(byte[] addr) {
        if (addr.length == 4) {
            long v4 = ((addr[0] & 0xFFL) << 24) | ((addr[1] & 0xFFL) << 16) | ((addr[2] & 0xFFL) << 8) | (addr[3] & 0xFFL);
            return new long[] {0, 0x0000_FFFF_0000_0000L | v4};
        }
        if (addr.length != 16) {
            throw new IllegalArgumentException("address must have 4 or 16 bytes: " + addr.length);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (addr[i] & 0xFF);
            lo = (lo << 8) | (addr[i + 8] & 0xFF);
        }
        return new long[] {hi, lo};
    }

    /** Converts a 128-bit address held as two words to an {@link InetAddress}. */
    public static InetAddress toInetAddress(long hi, long lo) {
        byte[] b;
        if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
            b = new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
        } else {
            b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (hi >>> (56 - 8 * i));
                b[i + 8] = (byte) (lo >>> (56 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }

    /** 1-based frame number of the packet. */
    public long frameNumber() {
        return frameNumber;
    }

    /** Capture timestamp, nanoseconds since the Unix epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** 4 or 6. */
    public int ipVersion() {
        return ipVersion;
    }

    /** Source address (allocates). */
    public InetAddress srcAddress() {
        return toInetAddress(srcHi, srcLo);
    }

    /** Destination address (allocates). */
    public InetAddress dstAddress() {
        return toInetAddress(dstHi, dstLo);
    }

    /** High 64 bits of the source address (IPv4-mapped for IPv4). */
    public long srcAddressHigh() {
        return srcHi;
    }

    /** Low 64 bits of the source address. */
    public long srcAddressLow() {
        return srcLo;
    }

    /** High 64 bits of the destination address. */
    public long dstAddressHigh() {
        return dstHi;
    }

    /** Low 64 bits of the destination address. */
    public long dstAddressLow() {
        return dstLo;
    }

    /** Source port. */
    public int srcPort() {
        return srcPort;
    }

    /** Destination port. */
    public int dstPort() {
        return dstPort;
    }

    /** Sequence number (unsigned 32 bits held in an int; compare with modular arithmetic). */
    public int seq() {
        return seq;
    }

    /** Acknowledgment number (unsigned 32 bits held in an int). */
    public int ack() {
        return ack;
    }

    /** The flag bits (CWR..FIN), see the constants. */
    public int flags() {
        return flags;
    }

    /** True if every bit in {@code mask} is set. */
    public boolean has(int mask) {
        return (flags & mask) == mask;
    }

    /** Window field as sent (unscaled). */
    public int window() {
        return window;
    }

    /** MSS option value (RFC 9293 §3.7.1), or -1 if absent. */
    public int mss() {
        return mss;
    }

    /** Window scale option shift (RFC 7323 §2), or -1 if absent. */
    public int windowScale() {
        return windowScale;
    }

    /** True if the capture holds fewer payload bytes than the IP header announced. */
    public boolean truncated() {
        return truncated;
    }

    /** Payload bytes, position to limit (a view; valid until the next packet). */
    public ByteBuffer payload() {
        return payload;
    }

    /** Number of payload bytes captured. */
    public int payloadLength() {
        return payload.remaining();
    }

    @Override
    public String toString() {
        return "TcpSegment[frame=" + frameNumber + ", " + srcAddress().getHostAddress() + ":" + srcPort + " > "
                + dstAddress().getHostAddress() + ":" + dstPort + ", seq=" + Integer.toUnsignedString(seq)
                + ", ack=" + Integer.toUnsignedString(ack) + ", flags=0x" + Integer.toHexString(flags)
                + ", len=" + payloadLength() + "]";
    }
}
