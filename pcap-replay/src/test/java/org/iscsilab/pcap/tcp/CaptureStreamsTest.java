package org.iscsilab.pcap.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.iscsilab.pcap.io.CaptureFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureStreamsTest {

    @Test
    void intactGoldenCaptureIsExtractedWithoutDamage() throws IOException {
        RecordingListener l = new RecordingListener(false);
        CaptureStreams.Summary s = CaptureStreams.extract(GoldenCapturesTest.CAPTURES.resolve("libiscsi-tgt-mixed.pcap"), l);
        assertThat(s.frames()).isEqualTo(1215);
        assertThat(s.tcpSegments()).isEqualTo(1215);
        assertThat(s.connections()).isEqualTo(15);
        assertThat(s.damage()).isEmpty();
    }

    @Test
    void truncatedCaptureDeliversWhatPrecedesTheDamageAndClosesEveryDirection(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(GoldenCapturesTest.CAPTURES.resolve("libiscsi-tgt-discovery.pcap"));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 30)); // inside the last record
        RecordingListener l = new RecordingListener(false);
        CaptureStreams.Summary s = CaptureStreams.extract(cut, l);
        assertThat(s.frames()).isEqualTo(13);
        assertThat(s.damage()).get().extracting(CaptureFormatException::frameNumber).isEqualTo(14L);
        assertThat(s.damage().get().getMessage()).startsWith("truncated record data");
        TcpConnection c = l.connections.get(0);
        // tshark: 556 bytes from the initiator, 516 from the target; the lost frame 14 is a bare ACK.
        assertThat(l.stream(c, Direction.CLIENT_TO_SERVER)).hasSize(556);
        assertThat(l.stream(c, Direction.SERVER_TO_CLIENT)).hasSize(516);
        assertThat(l.events).filteredOn(e -> e.startsWith("close")).hasSize(2);
    }
}
