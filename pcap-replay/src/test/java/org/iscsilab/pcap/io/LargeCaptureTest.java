package org.iscsilab.pcap.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeCaptureTest {

    /**
     * A sparse file just over 2 GiB: a pcap header, then zero-filled 16-byte records (valid empty
     * packets), one 100-byte record straddling offset 2^31 and one after it.
     */
    @Test
    void readsRecordsBeyondTwoGibibytesWithWindowedMapping(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("large.pcap");
        long twoGiB = 1L << 31;
        long straddler = 24 + ((twoGiB - 24) / 16 - 2) * 16; // starts 32 bytes before 2^31
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1).flip();
        ByteBuffer tail = ByteBuffer.allocate(2 * 16 + 100 + 7).order(ByteOrder.LITTLE_ENDIAN);
        tail.putInt(1).putInt(2).putInt(100).putInt(100);
        for (int i = 0; i < 100; i++) {
            tail.put((byte) i);
        }
        tail.putInt(3).putInt(4).putInt(7).putInt(7).put(new byte[] {7, 7, 7, 7, 7, 7, 7}).flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            ch.write(header, 0);
            ch.write(tail, straddler);
        }
        long emptyRecords = (straddler - 24) / 16;
        try (CaptureReader r = CaptureReader.open(file)) {
            assertThat(r.size()).isGreaterThan(twoGiB);
            CapturedPacket p;
            long frames = 0;
            while ((p = r.next()) != null && p.capturedLength() == 0) {
                frames++;
            }
            assertThat(frames).isEqualTo(emptyRecords);
            assertThat(p.frameNumber()).isEqualTo(emptyRecords + 1);
            assertThat(p.capturedLength()).isEqualTo(100);
            assertThat(p.timestampNanos()).isEqualTo(1_000_002_000L);
            ByteBuffer d = p.data();
            for (int i = 0; i < 100; i++) {
                assertThat(d.get(d.position() + i)).isEqualTo((byte) i);
            }
            p = r.next();
            assertThat(p.capturedLength()).isEqualTo(7);
            assertThat(p.data().get(p.data().position() + 6)).isEqualTo((byte) 7);
            assertThat(r.next()).isNull();
            assertThat(r.bytePosition()).isEqualTo(r.size());
        }
    }

    /**
     * A capture mapped whole and prefetched by a helper thread reads exactly as the windowed reader:
     * the same frames with the same bytes, and the helper stops when the reader is closed early.
     */
    @Test
    void sequentialReaderReadsWhatTheWindowedReaderReads(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("seq.pcap");
        int records = 40_000;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(24 + records * (16 + 1200)).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < records; i++) {
                int len = 1 + random.nextInt(1200);
                b.putInt(i).putInt(0).putInt(len).putInt(len);
                byte[] data = new byte[len];
                random.nextBytes(data);
                b.put(data);
            }
            b.flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        assertThat(java.nio.file.Files.size(file)).isGreaterThan(16L << 20);
        try (CaptureReader windowed = CaptureReader.open(file, 1 << 20);
                CaptureReader sequential = CaptureReader.openSequential(file)) {
            long frames = 0;
            for (CapturedPacket a = windowed.next(); a != null; a = windowed.next()) {
                CapturedPacket b = sequential.next();
                assertThat(b).isNotNull();
                assertThat(b.frameNumber()).isEqualTo(a.frameNumber());
                assertThat(b.timestampNanos()).isEqualTo(a.timestampNanos());
                assertThat(b.data()).isEqualTo(a.data());
                frames++;
            }
            assertThat(sequential.next()).isNull();
            assertThat(frames).isEqualTo(records);
        }
        try (CaptureReader early = CaptureReader.openSequential(file)) {
            assertThat(early.next().frameNumber()).isEqualTo(1);
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("capture-prefetch")) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                assertThat(t.isAlive()).as("prefetch helper still running after close").isFalse();
            }
        }
    }
}
