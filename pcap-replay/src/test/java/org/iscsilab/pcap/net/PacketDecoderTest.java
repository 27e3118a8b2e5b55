package org.iscsilab.pcap.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.pcap.io.CaptureBuilder.concat;
import static org.iscsilab.pcap.io.CaptureBuilder.ethernet;
import static org.iscsilab.pcap.io.CaptureBuilder.ipv4;
import static org.iscsilab.pcap.io.CaptureBuilder.ipv6;
import static org.iscsilab.pcap.io.CaptureBuilder.tcp;
import static org.iscsilab.pcap.io.CaptureBuilder.v4;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.iscsilab.pcap.io.CaptureBuilder;
import org.iscsilab.pcap.io.CaptureReader;
import org.iscsilab.pcap.io.CapturedPacket;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
    private static final byte[] CLIENT = v4(10, 0, 0, 1);
    private static final byte[] SERVER = v4(10, 0, 0, 2);
    private static final byte[] PAYLOAD = {0x01, 0x02, 0x03, 0x04, 0x05};
    private static final byte[] SEGMENT = tcp(40000, 3260, 0xFFFF_FFF0, 77, TcpSegment.PSH | TcpSegment.ACK, new byte[0], PAYLOAD);

    private final PacketDecoder decoder = new PacketDecoder();

    /** Reads the single packet of a one-record pcap of the given link type and decodes it. */
    private TcpSegment decodeOne(int linkType, byte[] frame) throws IOException {
        byte[] file = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 0, linkType).record(5, 6, frame).build();
        CaptureReader r = CaptureReader.open(file);
        CapturedPacket p = r.next();
        TcpSegment s = decoder.decode(p);
        return s == null ? null : s.copy();
    }

    private static byte[] payload(TcpSegment s) {
        byte[] b = new byte[s.payloadLength()];
        s.payload().duplicate().get(b);
        return b;
    }

    private static void assertIsTheSegment(TcpSegment s) throws IOException {
        assertThat(s).isNotNull();
        assertThat(s.srcAddress()).isEqualTo(InetAddress.getByAddress(CLIENT));
        assertThat(s.dstAddress()).isEqualTo(InetAddress.getByAddress(SERVER));
        assertThat(s.srcPort()).isEqualTo(40000);
        assertThat(s.dstPort()).isEqualTo(3260);
        assertThat(Integer.toUnsignedLong(s.seq())).isEqualTo(0xFFFF_FFF0L);
        assertThat(s.ack()).isEqualTo(77);
        assertThat(s.has(TcpSegment.PSH | TcpSegment.ACK)).isTrue();
        assertThat(s.window()).isEqualTo(65535);
        assertThat(payload(s)).containsExactly(PAYLOAD);
        assertThat(s.frameNumber()).isEqualTo(1);
        assertThat(s.timestampNanos()).isEqualTo(5_000_006_000L);
    }

    @Test
    void decodesEthernetIpv4Tcp() throws IOException {
        assertIsTheSegment(decodeOne(1, ethernet(0x0800, ipv4(CLIENT, SERVER, SEGMENT))));
        assertThat(decoder.tcpSegments()).isEqualTo(1);
    }

    @Test
    void dropsEthernetPaddingUsingTheIpTotalLength() throws IOException {
        byte[] tiny = tcp(1, 2, 3, 4, TcpSegment.ACK, new byte[0], new byte[0]);
        byte[] frame = concat(ethernet(0x0800, ipv4(CLIENT, SERVER, tiny)), new byte[6]); // padded to 60
        assertThat(decodeOne(1, frame).payloadLength()).isZero();
    }

    @Test
    void decodesSingleAndDoubleVlanTags() throws IOException {
        assertIsTheSegment(decodeOne(1, ethernet(0x0800, ipv4(CLIENT, SERVER, SEGMENT), 0x8100)));
        assertIsTheSegment(decodeOne(1, ethernet(0x0800, ipv4(CLIENT, SERVER, SEGMENT), 0x88A8, 0x8100)));
    }

    @Test
    void decodesLinuxCookedV1() throws IOException {
        ByteBuffer sll = ByteBuffer.allocate(16);
        sll.putShort((short) 0).putShort((short) 772).putShort((short) 6).put(new byte[8]).putShort((short) 0x0800);
        assertIsTheSegment(decodeOne(113, concat(sll.array(), ipv4(CLIENT, SERVER, SEGMENT))));
    }

    @Test
    void decodesLinuxCookedV2() throws IOException {
        ByteBuffer sll2 = ByteBuffer.allocate(20);
        sll2.putShort((short) 0x0800).putShort((short) 0).putInt(1).putShort((short) 772).put((byte) 0).put((byte) 6)
                .put(new byte[8]);
        assertIsTheSegment(decodeOne(276, concat(sll2.array(), ipv4(CLIENT, SERVER, SEGMENT))));
    }

    @Test
    void decodesRawIpOfEveryRawLinkType() throws IOException {
        for (int lt : new int[] {101, 12, 14}) {
            assertIsTheSegment(decodeOne(lt, ipv4(CLIENT, SERVER, SEGMENT)));
        }
    }

    @Test
    void decodesBsdLoopbackInHostAndNetworkByteOrder() throws IOException {
        byte[] nullLe = {2, 0, 0, 0}; // AF_INET little-endian (DLT_NULL, host order)
        byte[] nullBe = {0, 0, 0, 2};
        assertIsTheSegment(decodeOne(0, concat(nullLe, ipv4(CLIENT, SERVER, SEGMENT))));
        assertIsTheSegment(decodeOne(0, concat(nullBe, ipv4(CLIENT, SERVER, SEGMENT))));
        assertIsTheSegment(decodeOne(108, concat(nullBe, ipv4(CLIENT, SERVER, SEGMENT))));
    }

    @Test
    void skipsIpv4Options() throws IOException {
        byte[] options = {7, 7, 4, 0, 0, 0, 0, 0}; // record route, padded with end-of-options
        assertIsTheSegment(decodeOne(1, ethernet(0x0800, ipv4(CLIENT, SERVER, 6, options, 0x4000, SEGMENT))));
    }

    @Test
    void countsAndSkipsIpv4Fragments() throws IOException {
        assertThat(decodeOne(1, ethernet(0x0800, ipv4(CLIENT, SERVER, 6, new byte[0], 0x2000, SEGMENT)))).isNull();
        assertThat(decodeOne(1, ethernet(0x0800, ipv4(CLIENT, SERVER, 6, new byte[0], 0x0010, SEGMENT)))).isNull();
        assertThat(decoder.ipFragments()).isEqualTo(2);
    }

    @Test
    void decodesIpv6SkippingExtensionHeaders() throws IOException {
        byte[] src = InetAddress.getByName("2001:db8::1").getAddress();
        byte[] dst = InetAddress.getByName("2001:db8::2").getAddress();
        byte[] hopByHop = {60, 0, 1, 4, 0, 0, 0, 0}; // next: destination options; PadN
        byte[] destination = {44, 0, 1, 4, 0, 0, 0, 0}; // next: fragment
        byte[] fragment = {6, 0, 0, 0, 0, 0, 0, 1}; // offset 0, M=0: an atomic fragment
        TcpSegment s = decodeOne(1, ethernet(0x86DD, ipv6(src, dst, 0, concat(hopByHop, destination, fragment, SEGMENT))));
        assertThat(s).isNotNull();
        assertThat(s.ipVersion()).isEqualTo(6);
        assertThat(s.srcAddress()).isEqualTo(InetAddress.getByAddress(src));
        assertThat(s.dstAddress()).isEqualTo(InetAddress.getByAddress(dst));
        assertThat(payload(s)).containsExactly(PAYLOAD);
    }

    @Test
    void decodesIpv6OnRawAndLoopbackLinks() throws IOException {
        byte[] loop = InetAddress.getByName("::1").getAddress();
        byte[] packet = ipv6(loop, loop, 6, SEGMENT);
        assertThat(decodeOne(101, packet).ipVersion()).isEqualTo(6);
        assertThat(decodeOne(0, concat(new byte[] {30, 0, 0, 0}, packet)).ipVersion()).isEqualTo(6); // Darwin AF_INET6
    }

    @Test
    void readsMssAndWindowScaleOptions() throws IOException {
        byte[] options = {2, 4, 0x05, (byte) 0xB4, 1, 3, 3, 7}; // MSS 1460, NOP, wscale 7
        TcpSegment s = decodeOne(1, ethernet(0x0800, ipv4(CLIENT, SERVER, tcp(1, 2, 0, 0, TcpSegment.SYN, options, new byte[0]))));
        assertThat(s.mss()).isEqualTo(1460);
        assertThat(s.windowScale()).isEqualTo(7);
    }

    @Test
    void countsAndSkipsNonTcpAndMalformedPackets() throws IOException {
        assertThat(decodeOne(1, ethernet(0x0806, new byte[28]))).isNull(); // ARP
        assertThat(decodeOne(1, ethernet(0x0800, ipv4(CLIENT, SERVER, 17, new byte[0], 0, new byte[8])))).isNull(); // UDP
        assertThat(decodeOne(1, ethernet(0x0800, new byte[10]))).isNull(); // short IPv4 header
        assertThat(decodeOne(147, new byte[10])).isNull(); // user link type
        assertThat(decoder.nonTcpPackets()).isEqualTo(2);
        assertThat(decoder.malformedPackets()).isEqualTo(1);
        assertThat(decoder.unsupportedLinkPackets()).isEqualTo(1);
    }

    @Test
    void flagsPayloadCutBySnapLength() throws IOException {
        byte[] full = ethernet(0x0800, ipv4(CLIENT, SERVER, SEGMENT));
        byte[] file = CaptureBuilder.pcap(ByteOrder.BIG_ENDIAN, false, 0, 1)
                .record(0, 0, full.length - 2, full.length, java.util.Arrays.copyOf(full, full.length - 2)).build();
        CaptureReader r = CaptureReader.open(file);
        TcpSegment s = decoder.decode(r.next());
        assertThat(s.truncated()).isTrue();
        assertThat(s.payloadLength()).isEqualTo(3);
    }
}
