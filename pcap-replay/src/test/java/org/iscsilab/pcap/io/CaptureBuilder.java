package org.iscsilab.pcap.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test fixture: builds capture files byte by byte (classic pcap in either byte order and
 * precision, pcapng with any blocks) and the packets inside them (link, IP and TCP headers).
 * Builders may build damaged files on purpose.
 */
public final class CaptureBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    private CaptureBuilder(ByteOrder order) {
        this.order = order;
    }

    /** A classic pcap file header: magic a1b2c3d4 (µs) or a1b23c4d (ns), version 2.4. */
    public static CaptureBuilder pcap(ByteOrder order, boolean nanos, int snaplen, int linkType) {
        CaptureBuilder b = new CaptureBuilder(order);
        b.i32(nanos ? 0xa1b23c4d : 0xa1b2c3d4).i16(2).i16(4).i32(0).i32(0).i32(snaplen).i32(linkType);
        return b;
    }

    /** A pcapng file starting with a Section Header Block in the given byte order. */
    public static CaptureBuilder pcapng(ByteOrder order) {
        CaptureBuilder b = new CaptureBuilder(order);
        b.sectionHeader(order);
        return b;
    }

    /** A classic pcap record. */
    public CaptureBuilder record(long sec, long frac, byte[] data) {
        return record(sec, frac, data.length, data.length, data);
    }

    /** A classic pcap record with explicit lengths (may lie). */
    public CaptureBuilder record(long sec, long frac, int capLen, int origLen, byte[] data) {
        i32((int) sec).i32((int) frac).i32(capLen).i32(origLen);
        out.writeBytes(data);
        return this;
    }

    /** Starts a new pcapng section (SHB, draft-ietf-opsawg-pcapng §4.1) in a byte order. */
    public CaptureBuilder sectionHeader(ByteOrder newOrder) {
        this.order = newOrder;
        ByteBuffer body = buf(16);
        body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
        return block(0x0A0D0D0A, body.array());
    }

    /** An Interface Description Block (§4.2), with if_tsresol if {@code tsresol >= 0}. */
    public CaptureBuilder interfaceDescription(int linkType, int snaplen, int tsresol) {
        ByteBuffer body = buf(tsresol >= 0 ? 8 + 8 + 4 : 8);
        body.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
        if (tsresol >= 0) {
            body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            body.putShort((short) 0).putShort((short) 0); // opt_endofopt
        }
        return block(1, body.array());
    }

    /** An Enhanced Packet Block (§4.3). */
    public CaptureBuilder enhancedPacket(int interfaceId, long timestamp, byte[] data) {
        ByteBuffer body = buf(20 + pad(data.length));
        body.putInt(interfaceId).putInt((int) (timestamp >>> 32)).putInt((int) timestamp).putInt(data.length)
                .putInt(data.length).put(data);
        return block(6, body.array());
    }

    /** A Simple Packet Block (§4.4). */
    public CaptureBuilder simplePacket(byte[] data) {
        ByteBuffer body = buf(4 + pad(data.length));
        body.putInt(data.length).put(data);
        return block(3, body.array());
    }

    /** An obsolete Packet Block (Appendix A). */
    public CaptureBuilder obsoletePacket(int interfaceId, long timestamp, byte[] data) {
        ByteBuffer body = buf(20 + pad(data.length));
        body.putShort((short) interfaceId).putShort((short) 0).putInt((int) (timestamp >>> 32)).putInt((int) timestamp)
                .putInt(data.length).putInt(data.length).put(data);
        return block(2, body.array());
    }

    /** Any block: type, total length, body, total length (§3.1). */
    public CaptureBuilder block(int type, byte[] body) {
        int total = 12 + body.length;
        i32(type).i32(total);
        out.writeBytes(body);
        return i32(total);
    }

    /** Raw bytes. */
    public CaptureBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** The file so far. */
    public byte[] build() {
        return out.toByteArray();
    }

    private ByteBuffer buf(int n) {
        return ByteBuffer.allocate(n).order(order);
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    private CaptureBuilder i32(int v) {
        out.writeBytes(ByteBuffer.allocate(4).order(order).putInt(v).array());
        return this;
    }

    private CaptureBuilder i16(int v) {
        out.writeBytes(ByteBuffer.allocate(2).order(order).putShort((short) v).array());
        return this;
    }

    // ------------------------------------------------------------------ packets

    /** A TCP header (20 bytes, or with options) followed by payload. Checksum left 0. */
    public static byte[] tcp(int srcPort, int dstPort, int seq, int ack, int flags, byte[] options, byte[] payload) {
        int hl = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(hl + payload.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt(seq).putInt(ack);
        b.put((byte) ((hl / 4) << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        b.put(options).put(payload);
        return b.array();
    }

    /** An IPv4 header (with options, optionally fragment fields) around a transport payload. */
    public static byte[] ipv4(byte[] src, byte[] dst, int protocol, byte[] options, int fragmentField, byte[] payload) {
        int ihl = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(ihl + payload.length);
        b.put((byte) (0x40 | ihl / 4)).put((byte) 0).putShort((short) (ihl + payload.length)).putShort((short) 1)
                .putShort((short) fragmentField).put((byte) 64).put((byte) protocol).putShort((short) 0).put(src).put(dst);
        b.put(options).put(payload);
        return b.array();
    }

    /** An IPv4 header around a TCP segment. */
    public static byte[] ipv4(byte[] src, byte[] dst, byte[] tcp) {
        return ipv4(src, dst, 6, new byte[0], 0x4000, tcp);
    }

    /** An IPv6 header; {@code extensions} are already-encoded extension headers, the first being {@code next}. */
    public static byte[] ipv6(byte[] src, byte[] dst, int next, byte[] extensionsAndPayload) {
        ByteBuffer b = ByteBuffer.allocate(40 + extensionsAndPayload.length);
        b.putInt(0x6000_0000).putShort((short) extensionsAndPayload.length).put((byte) next).put((byte) 64).put(src).put(dst)
                .put(extensionsAndPayload);
        return b.array();
    }

    /** Ethernet II framing with optional VLAN tag types (0x8100, 0x88a8) outermost first. */
    public static byte[] ethernet(int ethertype, byte[] payload, int... vlanTypes) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTypes.length + payload.length);
        b.put(new byte[] {0, 0, 0, 0, 0, 2}).put(new byte[] {0, 0, 0, 0, 0, 1});
        for (int i = 0; i < vlanTypes.length; i++) {
            b.putShort((short) vlanTypes[i]).putShort((short) (100 + i));
        }
        b.putShort((short) ethertype).put(payload);
        return b.array();
    }

    /** Concatenates byte arrays. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    /** IPv4 address bytes. */
    public static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }
}
