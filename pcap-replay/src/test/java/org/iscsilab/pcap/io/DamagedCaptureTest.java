package org.iscsilab.pcap.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DamagedCaptureTest {

    private static byte[] goodPcap() {
        CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
        for (int i = 0; i < 5; i++) {
            b.record(i, 0, new byte[60 + i]);
        }
        return b.build();
    }

    private static byte[] goodPcapng() {
        return CaptureBuilder.pcapng(ByteOrder.BIG_ENDIAN)
                .interfaceDescription(1, 0, 9)
                .enhancedPacket(0, 1, new byte[61])
                .simplePacket(new byte[33])
                .block(5, new byte[16])
                .sectionHeader(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(101, 0, -1)
                .enhancedPacket(0, 2, new byte[45])
                .obsoletePacket(0, 3, new byte[10])
                .build();
    }

    /** Reads everything; returns the number of packets. */
    private static long drain(byte[] file) throws IOException {
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.next() != null) {
                // just read
            }
            return r.framesRead();
        }
    }

    @Test
    void truncatedRecordHeaderNamesOffsetAndFrameAndKeepsEarlierPackets() throws IOException {
        byte[] file = goodPcap();
        // 24-byte header + records of 16+60, 16+61, then 10 bytes of the third record's header.
        int cut = 24 + 76 + 77 + 10;
        try (CaptureReader r = CaptureReader.open(Arrays.copyOf(file, cut))) {
            assertThat(r.next().frameNumber()).isEqualTo(1);
            assertThat(r.next().frameNumber()).isEqualTo(2);
            assertThatThrownBy(r::next).isInstanceOf(CaptureFormatException.class)
                    .hasMessage("truncated record header (10 of 16 bytes) at byte offset 177 (frame 3)")
                    .satisfies(e -> {
                        CaptureFormatException c = (CaptureFormatException) e;
                        assertThat(c.byteOffset()).isEqualTo(177);
                        assertThat(c.frameNumber()).isEqualTo(3);
                    });
            assertThat(r.framesRead()).isEqualTo(2);
            assertThatThrownBy(r::next).isInstanceOf(CaptureFormatException.class);
        }
    }

    @Test
    void truncatedRecordDataIsReported() {
        byte[] file = Arrays.copyOf(goodPcap(), 24 + 16 + 30);
        assertThatThrownBy(() -> drain(file)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("truncated record data").hasMessageContaining("byte offset 24 (frame 1)");
    }

    @Test
    void recordLongerThanSnaplenIsReported() {
        byte[] file = CaptureBuilder.pcap(ByteOrder.BIG_ENDIAN, false, 100, 1).record(0, 0, 101, 101, new byte[101]).build();
        assertThatThrownBy(() -> drain(file)).isInstanceOf(CaptureFormatException.class)
                .hasMessage("record length 101 exceeds snaplen 100 at byte offset 24 (frame 1)");
    }

    @Test
    void absurdRecordLengthIsReported() {
        byte[] file = CaptureBuilder.pcap(ByteOrder.BIG_ENDIAN, false, 0, 1).record(0, 0, -5, 10, new byte[0]).build();
        assertThatThrownBy(() -> drain(file)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("absurd record length 4294967291");
    }

    @Test
    void garbageMagicIsReportedAtOffsetZero() {
        byte[] file = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> CaptureReader.open(file)).isInstanceOf(CaptureFormatException.class)
                .hasMessage("not a pcap or pcapng file: unknown magic 0x47455420 at byte offset 0 (frame 1)");
    }

    @Test
    void emptyFileIsReported() {
        assertThatThrownBy(() -> CaptureReader.open(new byte[0])).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("truncated file header");
    }

    @Test
    void badPcapngBlockTotalLengthIsReported() throws IOException {
        byte[] file = goodPcapng();
        // Block after SHB (28 bytes) and IDB (32 bytes): the EPB at offset 60; corrupt its length.
        file[60 + 7] = 0x0E; // big-endian total length now not a multiple of 4
        try (CaptureReader r = CaptureReader.open(file)) {
            assertThatThrownBy(r::next).isInstanceOf(CaptureFormatException.class)
                    .hasMessageStartingWith("bad block total length").hasMessageEndingWith("at byte offset 60 (frame 1)");
        }
    }

    @Test
    void pcapngTrailingLengthMismatchIsReported() {
        byte[] fresh = goodPcapng();
        int epbLen = 32 + 64; // EPB after SHB and IDB at offset 60; 61 data bytes padded to 64
        fresh[60 + epbLen - 1] = 0x7C; // low byte of the big-endian trailing length
        assertThatThrownBy(() -> drain(fresh)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("disagrees with trailing copy");
    }

    @Test
    void packetForUndescribedInterfaceIsReported() {
        byte[] file = CaptureBuilder.pcapng(ByteOrder.BIG_ENDIAN).interfaceDescription(1, 0, -1)
                .enhancedPacket(3, 0, new byte[4]).build();
        assertThatThrownBy(() -> drain(file)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("undescribed interface 3");
    }

    @Test
    void everyTruncationOfAValidFileReadsOrFailsWithCaptureFormatException() {
        byte[][] files = {goodPcap(), goodPcapng()};
        for (byte[] file : files) {
            for (int cut = 0; cut <= file.length; cut++) {
                byte[] shorter = Arrays.copyOf(file, cut);
                try {
                    drain(shorter);
                    assertThat(cut).as("only whole-record cuts read cleanly").isGreaterThan(0);
                } catch (CaptureFormatException expected) {
                    assertThat(expected.byteOffset()).isBetween(0L, (long) cut);
                } catch (IOException | RuntimeException other) {
                    throw new AssertionError("cut at " + cut + " raised " + other, other);
                }
            }
        }
    }

    @Test
    void mutatedFilesReadOrFailWithCaptureFormatExceptionOnly() {
        byte[][] files = {goodPcap(), goodPcapng()};
        qt().withExamples(3000)
                .forAll(integers().between(0, 1), integers().between(0, Integer.MAX_VALUE),
                        integers().between(1, 8), integers().between(0, 255))
                .checkAssert((which, position, count, value) -> {
                    byte[] file = files[which].clone();
                    java.util.Random random = new java.util.Random(position);
                    for (int i = 0; i < count; i++) {
                        file[random.nextInt(file.length)] = (byte) (value + i * 37);
                    }
                    byte[] cutFile = Arrays.copyOf(file, random.nextInt(file.length + 1));
                    for (byte[] f : new byte[][] {file, cutFile}) {
                        try {
                            drain(f);
                        } catch (CaptureFormatException expected) {
                            assertThat(expected.getMessage()).contains("at byte offset").contains("(frame ");
                        } catch (IOException | RuntimeException other) {
                            throw new AssertionError("mutation raised " + other, other);
                        }
                    }
                });
    }
}
