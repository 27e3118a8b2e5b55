package org.iscsilab.pcap.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.pcap.io.CaptureBuilder.ethernet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureReaderTest {

    private static List<CapturedPacket> readAll(CaptureReader r) throws IOException {
        List<CapturedPacket> all = new ArrayList<>();
        for (CapturedPacket p; (p = r.next()) != null;) {
            all.add(p.copy());
        }
        return all;
    }

    private static byte[] bytes(CapturedPacket p) {
        byte[] b = new byte[p.capturedLength()];
        p.data().duplicate().get(b);
        return b;
    }

    @ParameterizedTest(name = "pcap {0} nanos={1}")
    @CsvSource({"BIG_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,false", "LITTLE_ENDIAN,true"})
    void readsClassicPcapInEitherByteOrderAndPrecision(String orderName, boolean nanos) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] first = {1, 2, 3};
        byte[] second = new byte[70];
        byte[] file = CaptureBuilder.pcap(order, nanos, 65535, 1)
                .record(1_700_000_000L, nanos ? 123_456_789 : 123_456, first)
                .record(1_700_000_001L, 5, 70, 1500, second)
                .build();
        try (CaptureReader r = CaptureReader.open(file)) {
            assertThat(r.format()).isEqualTo(CaptureReader.Format.PCAP);
            List<CapturedPacket> all = readAll(r);
            assertThat(all).hasSize(2);
            assertThat(all.get(0).frameNumber()).isEqualTo(1);
            assertThat(all.get(0).timestampNanos())
                    .isEqualTo(1_700_000_000_000_000_000L + (nanos ? 123_456_789 : 123_456_000));
            assertThat(bytes(all.get(0))).containsExactly(1, 2, 3);
            assertThat(all.get(0).linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(all.get(1).frameNumber()).isEqualTo(2);
            assertThat(all.get(1).originalLength()).isEqualTo(1500);
            assertThat(all.get(1).capturedLength()).isEqualTo(70);
            assertThat(all.get(1).timestampNanos()).isEqualTo(1_700_000_001_000_000_000L + (nanos ? 5 : 5000));
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void readsPcapngWithTwoInterfacesOfDifferentLinkTypesAndResolutions() throws IOException {
        byte[] a = {10, 11};
        byte[] b = {20, 21, 22, 23, 24};
        byte[] file = CaptureBuilder.pcapng(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(1, 0, -1) // default resolution 10^-6
                .interfaceDescription(113, 0, 9) // if_tsresol 9: nanoseconds
                .block(0x0BAD, new byte[8]) // unknown block type: skipped
                .enhancedPacket(0, 1_700_000_000_123_456L, a)
                .enhancedPacket(1, 1_700_000_000_123_456_789L, b)
                .build();
        try (CaptureReader r = CaptureReader.open(file)) {
            assertThat(r.format()).isEqualTo(CaptureReader.Format.PCAPNG);
            List<CapturedPacket> all = readAll(r);
            assertThat(all).hasSize(2);
            assertThat(all.get(0).interfaceId()).isZero();
            assertThat(all.get(0).linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(all.get(0).timestampNanos()).isEqualTo(1_700_000_000_123_456_000L);
            assertThat(bytes(all.get(0))).containsExactly(10, 11);
            assertThat(all.get(1).interfaceId()).isEqualTo(1);
            assertThat(all.get(1).linkType()).isEqualTo(LinkType.LINUX_SLL);
            assertThat(all.get(1).timestampNanos()).isEqualTo(1_700_000_000_123_456_789L);
            assertThat(bytes(all.get(1))).containsExactly(20, 21, 22, 23, 24);
            assertThat(r.interfaces()).extracting(CaptureReader.InterfaceDescription::resolution)
                    .containsExactly("10^-6", "10^-9");
        }
    }

    @Test
    void readsBinaryTimestampResolution() throws IOException {
        // if_tsresol 0x8A: 2^-10 seconds per unit; 1024 units + 512 units = 1.5 s.
        byte[] file = CaptureBuilder.pcapng(ByteOrder.BIG_ENDIAN)
                .interfaceDescription(101, 0, 0x8A)
                .enhancedPacket(0, 1536, new byte[] {0x45})
                .build();
        try (CaptureReader r = CaptureReader.open(file)) {
            assertThat(r.next().timestampNanos()).isEqualTo(1_500_000_000L);
        }
    }

    @Test
    void readsSectionsOfDifferentByteOrdersEachWithItsOwnInterfaces() throws IOException {
        byte[] file = CaptureBuilder.pcapng(ByteOrder.BIG_ENDIAN)
                .interfaceDescription(1, 0, 6)
                .enhancedPacket(0, 1_000_000, new byte[] {1})
                .sectionHeader(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(276, 0, 3) // milliseconds
                .enhancedPacket(0, 2_000, new byte[] {2})
                .build();
        try (CaptureReader r = CaptureReader.open(file)) {
            List<CapturedPacket> all = readAll(r);
            assertThat(all).extracting(CapturedPacket::linkType).containsExactly(LinkType.ETHERNET, LinkType.LINUX_SLL2);
            assertThat(all).extracting(CapturedPacket::timestampNanos).containsExactly(1_000_000_000L, 2_000_000_000L);
            assertThat(all).extracting(CapturedPacket::frameNumber).containsExactly(1L, 2L);
        }
    }

    @Test
    void readsSimpleAndObsoletePacketBlocks() throws IOException {
        byte[] file = CaptureBuilder.pcapng(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(1, 4, -1) // snaplen 4 limits the Simple Packet Block
                .simplePacket(new byte[] {1, 2, 3, 4, 5, 6})
                .obsoletePacket(0, 7_000_000, new byte[] {9, 8, 7})
                .build();
        try (CaptureReader r = CaptureReader.open(file)) {
            List<CapturedPacket> all = readAll(r);
            assertThat(all).hasSize(2);
            assertThat(bytes(all.get(0))).containsExactly(1, 2, 3, 4);
            assertThat(all.get(0).originalLength()).isEqualTo(6);
            assertThat(bytes(all.get(1))).containsExactly(9, 8, 7);
            assertThat(all.get(1).timestampNanos()).isEqualTo(7_000_000_000L);
        }
    }

    @Test
    void readsRecordsThatCrossMappingWindowsOfAFile(@TempDir Path dir) throws IOException {
        CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 262144, 1);
        int n = 300;
        for (int i = 0; i < n; i++) {
            byte[] data = new byte[100 + i * 7 % 1500];
            data[0] = (byte) i;
            data[data.length - 1] = (byte) ~i;
            b.record(i, 0, data);
        }
        Path file = dir.resolve("windows.pcap");
        Files.write(file, b.build());
        try (CaptureReader r = CaptureReader.open(file, 4096)) {
            int count = 0;
            for (CapturedPacket p; (p = r.next()) != null; count++) {
                ByteBuffer d = p.data();
                assertThat(d.get(d.position())).isEqualTo((byte) count);
                assertThat(d.get(d.limit() - 1)).isEqualTo((byte) ~count);
                assertThat(p.frameNumber()).isEqualTo(count + 1);
            }
            assertThat(count).isEqualTo(n);
        }
    }

    @Test
    void copyOfAPacketSurvivesTheNextRecord() throws IOException {
        byte[] file = CaptureBuilder.pcap(ByteOrder.BIG_ENDIAN, false, 0, 1)
                .record(1, 0, new byte[] {1, 1})
                .record(2, 0, new byte[] {2, 2})
                .build();
        try (CaptureReader r = CaptureReader.open(file)) {
            CapturedPacket copy = r.next().copy();
            r.next();
            assertThat(copy.isDetached()).isTrue();
            assertThat(bytes(copy)).containsExactly(1, 1);
            assertThat(copy.data().isReadOnly()).isTrue();
        }
    }

    @Test
    void readsLinkTypeFromPcapHeaderIgnoringFcsBits() throws IOException {
        byte[] file = CaptureBuilder.pcap(ByteOrder.BIG_ENDIAN, false, 0, 0x1000_0000 | 113)
                .record(1, 0, ethernet(0x0800, new byte[0]))
                .build();
        try (CaptureReader r = CaptureReader.open(file)) {
            assertThat(r.next().linkType()).isEqualTo(LinkType.LINUX_SLL);
        }
    }

    @Test
    void namesUnknownLinkTypes() {
        assertThat(LinkType.of(147).name()).isEqualTo("LINKTYPE_147");
        assertThat(LinkType.of(1)).isSameAs(LinkType.ETHERNET);
    }
}
