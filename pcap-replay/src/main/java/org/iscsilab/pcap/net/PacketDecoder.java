package org.iscsilab.pcap.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.iscsilab.pcap.io.CapturedPacket;
import org.iscsilab.pcap.io.LinkType;

/**
 * Decodes link layer, IPv4/IPv6 and TCP headers of captured packets into a reused
 * {@link TcpSegment} flyweight. Non-TCP packets, non-first IP fragments and packets too short for
 * their headers are counted and skipped. Checksums are not verified (loopback captures carry
 * offloaded, unset checksums).
 *
 * <p>Link types: Ethernet with any number of 802.1Q/802.1ad VLAN tags, Linux cooked SLL and SLL2,
 * raw IP (101, 12, 14), BSD loopback NULL (0) and LOOP (108). Not thread-safe.
 */
public final class PacketDecoder {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int PROTO_TCP = 6;

    private final TcpSegment segment = new TcpSegment();
    private ByteBuffer source;
    private ByteBuffer view;

    private long packets;
    private long tcpSegments;
    private long nonTcp;
    private long fragments;
    private long malformed;
    private long unsupportedLink;
    private long truncatedSegments;

    /**
     * Decodes one packet.
     *
     * @return the segment flyweight (valid until the next call), or {@code null} if the packet is
     *     not a decodable TCP segment (counted in the statistics)
     */
    public TcpSegment decode(CapturedPacket packet) {
        packets++;
        ByteBuffer b = packet.data();
        int s = b.position();
        int e = b.limit();
        int lt = packet.linkType().code();
        int ethertype;
        int off;
        switch (lt) {
            case 1 -> { // Ethernet II, IEEE 802.3 §3.1
                if (e - s < 14) {
                    return malformed();
                }
                ethertype = u16(b, s + 12);
                off = s + 14;
                while (ethertype == ETHERTYPE_VLAN || ethertype == ETHERTYPE_QINQ || ethertype == ETHERTYPE_QINQ_OLD) {
                    if (e - off < 4) {
                        return malformed();
                    }
                    ethertype = u16(b, off + 2); // IEEE 802.1Q tag: TCI, then the inner type
                    off += 4;
                }
            }
            case 113 -> { // Linux cooked v1: 16-byte header, protocol type last
                if (e - s < 16) {
                    return malformed();
                }
                ethertype = u16(b, s + 14);
                off = s + 16;
            }
            case 276 -> { // Linux cooked v2: 20-byte header, protocol type first
                if (e - s < 20) {
                    return malformed();
                }
                ethertype = u16(b, s);
                off = s + 20;
            }
            case 0, 108 -> { // BSD loopback: 4-byte address family, host (NULL) or network (LOOP) order
                if (e - s < 4) {
                    return malformed();
                }
                int family = b.order() == ByteOrder.BIG_ENDIAN ? b.getInt(s) : Integer.reverseBytes(b.getInt(s));
                if (lt == 0 && (family & 0xFFFF0000) != 0) {
                    family = Integer.reverseBytes(family); // written little-endian
                }
                off = s + 4;
                ethertype = switch (family) {
                    case 2 -> ETHERTYPE_IPV4;
                    case 10, 24, 28, 30 -> ETHERTYPE_IPV6; // Linux, NetBSD/OpenBSD, FreeBSD, Darwin
                    default -> -1;
                };
            }
            case 101, 12, 14 -> {
                if (e - s < 1) {
                    return malformed();
                }
                off = s;
                int v = (b.get(s) & 0xF0) >>> 4;
                ethertype = v == 4 ? ETHERTYPE_IPV4 : v == 6 ? ETHERTYPE_IPV6 : -1;
            }
            default -> {
                unsupportedLink++;
                return null;
            }
        }
        if (ethertype == ETHERTYPE_IPV4) {
            return ipv4(packet, b, off, e);
        } else if (ethertype == ETHERTYPE_IPV6) {
            return ipv6(packet, b, off, e);
        }
        nonTcp++;
        return null;
    }

    private TcpSegment ipv4(CapturedPacket p, ByteBuffer b, int off, int e) {
        if (e - off < 20) {
            return malformed();
        }
        int vihl = b.get(off) & 0xFF;
        int ihl = (vihl & 0x0F) * 4;
        if (vihl >>> 4 != 4 || ihl < 20 || e - off < ihl) {
            return malformed();
        }
        int total = u16(b, off + 2);
        int fragField = u16(b, off + 6);
        boolean more = (fragField & 0x2000) != 0;
        int fragOffset = fragField & 0x1FFF;
        int proto = b.get(off + 9) & 0xFF;
        if (proto != PROTO_TCP) {
            nonTcp++;
            return null;
        }
        if (more || fragOffset != 0) {
            fragments++; // RFC 791 §2.3: reassembly of fragments is not done here
            return null;
        }
        TcpSegment t = segment;
        t.ipVersion = 4;
        t.srcHi = 0;
        t.srcLo = 0x0000_FFFF_0000_0000L | Integer.toUnsignedLong(b.getInt(off + 12));
        t.dstHi = 0;
        t.dstLo = 0x0000_FFFF_0000_0000L | Integer.toUnsignedLong(b.getInt(off + 16));
        int end;
        boolean truncated = false;
        if (total == 0) {
            end = e; // TSO: total length left 0 by the capturing host
        } else if (total < ihl) {
            return malformed();
        } else if (off + total <= e) {
            end = off + total; // drops Ethernet padding
        } else {
            end = e;
            truncated = true;
        }
        return tcp(p, b, off + ihl, end, truncated);
    }

    private TcpSegment ipv6(CapturedPacket p, ByteBuffer b, int off, int e) {
        if (e - off < 40 || (b.get(off) & 0xF0) != 0x60) {
            return malformed();
        }
        int payloadLength = u16(b, off + 4);
        int next = b.get(off + 6) & 0xFF;
        TcpSegment t = segment;
        t.ipVersion = 6;
        t.srcHi = b.getLong(off + 8);
        t.srcLo = b.getLong(off + 16);
        t.dstHi = b.getLong(off + 24);
        t.dstLo = b.getLong(off + 32);
        if (b.order() != ByteOrder.BIG_ENDIAN) {
            t.srcHi = Long.reverseBytes(t.srcHi);
            t.srcLo = Long.reverseBytes(t.srcLo);
            t.dstHi = Long.reverseBytes(t.dstHi);
            t.dstLo = Long.reverseBytes(t.dstLo);
        }
        int end;
        boolean truncated = false;
        if (payloadLength == 0) {
            end = e; // jumbogram or TSO
        } else if (off + 40 + payloadLength <= e) {
            end = off + 40 + payloadLength;
        } else {
            end = e;
            truncated = true;
        }
        int h = off + 40;
        // RFC 8200 §4: skip extension headers until the upper-layer header.
        while (true) {
            switch (next) {
                case PROTO_TCP -> {
                    return tcp(p, b, h, end, truncated);
                }
                case 0, 43, 60, 135, 139, 140 -> { // hop-by-hop, routing, destination, mobility, HIP, shim6
                    if (end - h < 8) {
                        return malformed();
                    }
                    next = b.get(h) & 0xFF;
                    h += ((b.get(h + 1) & 0xFF) + 1) * 8;
                }
                case 51 -> { // AH, RFC 4302 §2.2: length in 4-octet units minus 2
                    if (end - h < 8) {
                        return malformed();
                    }
                    next = b.get(h) & 0xFF;
                    h += ((b.get(h + 1) & 0xFF) + 2) * 4;
                }
                case 44 -> { // fragment header, RFC 8200 §4.5
                    if (end - h < 8) {
                        return malformed();
                    }
                    int fo = u16(b, h + 2);
                    if ((fo & 0xFFF9) != 0) {
                        fragments++;
                        return null;
                    }
                    next = b.get(h) & 0xFF;
                    h += 8;
                }
                default -> {
                    nonTcp++;
                    return null;
                }
            }
            if (h > end) {
                return malformed();
            }
        }
    }

    private TcpSegment tcp(CapturedPacket p, ByteBuffer b, int off, int end, boolean truncated) {
        if (end - off < 20) {
            return malformed();
        }
        int dataOffset = ((b.get(off + 12) & 0xF0) >>> 4) * 4;
        if (dataOffset < 20 || end - off < dataOffset) {
            return malformed();
        }
        TcpSegment t = segment;
        t.frameNumber = p.frameNumber();
        t.timestampNanos = p.timestampNanos();
        t.srcPort = u16(b, off);
        t.dstPort = u16(b, off + 2);
        t.seq = be32(b, off + 4);
        t.ack = be32(b, off + 8);
        t.flags = b.get(off + 13) & 0xFF;
        t.window = u16(b, off + 14);
        t.truncated = truncated;
        if (truncated) {
            truncatedSegments++;
        }
        t.mss = -1;
        t.windowScale = -1;
        if (dataOffset > 20) {
            options(b, off + 20, off + dataOffset, t);
        }
        if (source != b) {
            source = b;
            view = b.duplicate();
        }
        ByteBuffer v = view;
        v.clear();
        v.limit(end).position(off + dataOffset);
        t.payload = v;
        tcpSegments++;
        return t;
    }

    /** RFC 9293 §3.1 options: only MSS and window scale are kept. */
    private static void options(ByteBuffer b, int o, int end, TcpSegment t) {
        while (o < end) {
            int kind = b.get(o) & 0xFF;
            if (kind == 0) {
                return;
            }
            if (kind == 1) {
                o++;
                continue;
            }
            if (o + 1 >= end) {
                return;
            }
            int len = b.get(o + 1) & 0xFF;
            if (len < 2 || o + len > end) {
                return;
            }
            if (kind == 2 && len == 4) {
                t.mss = u16(b, o + 2);
            } else if (kind == 3 && len == 3) {
                t.windowScale = b.get(o + 2) & 0xFF;
            }
            o += len;
        }
    }

    private TcpSegment malformed() {
        malformed++;
        return null;
    }

    private static int u16(ByteBuffer b, int i) {
        return ((b.get(i) & 0xFF) << 8) | (b.get(i + 1) & 0xFF);
    }

    private static int be32(ByteBuffer b, int i) {
        int v = b.getInt(i);
        return b.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }

    /** Packets given to {@link #decode}. */
    public long packets() {
        return packets;
    }

    /** TCP segments decoded. */
    public long tcpSegments() {
        return tcpSegments;
    }

    /** IP packets that are not TCP, and non-IP frames. */
    public long nonTcpPackets() {
        return nonTcp;
    }

    /** IPv4/IPv6 fragments seen (skipped: fragment reassembly is not done). */
    public long ipFragments() {
        return fragments;
    }

    /** Packets too short for the headers they announce. */
    public long malformedPackets() {
        return malformed;
    }

    /** Packets of a link type this decoder does not know. */
    public long unsupportedLinkPackets() {
        return unsupportedLink;
    }

    /** TCP segments whose payload was cut by the capture's snap length. */
    public long truncatedSegments() {
        return truncatedSegments;
    }
}
