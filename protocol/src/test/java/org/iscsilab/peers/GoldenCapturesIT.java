package org.iscsilab.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.iscsilab.testfixtures.peers.Tshark;
import org.junit.jupiter.api.Test;

/** tshark's PDU counts for the golden captures agree with captures/README.md. */
class GoldenCapturesIT {

    static Path capture(String name) {
        try {
            return Path.of(GoldenCapturesIT.class.getResource("/captures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void discoveryHasSixPdus() {
        Tshark.Opcodes ops = Tshark.opcodes(capture("libiscsi-tgt-discovery.pcap"), 3261);
        assertThat(ops.total()).isEqualTo(6);
        // Login, Login Response, Text (SendTargets), Text Response, Logout, Logout Response.
        assertThat(ops.inOrder()).containsExactly(0x03, 0x23, 0x04, 0x24, 0x06, 0x26);
    }

    @Test
    void mixedHas986Pdus() {
        Tshark.Opcodes ops = Tshark.opcodes(capture("libiscsi-tgt-mixed.pcap"), 3261);
        assertThat(ops.total()).isEqualTo(986);
        assertThat(ops.counts()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(0x01, 458L), Map.entry(0x02, 1L), Map.entry(0x03, 15L), Map.entry(0x05, 6L),
                Map.entry(0x06, 14L), Map.entry(0x21, 95L), Map.entry(0x22, 1L), Map.entry(0x23, 15L),
                Map.entry(0x25, 361L), Map.entry(0x26, 14L), Map.entry(0x31, 6L)));
    }

    @Test
    void istgtUnansweredReadHas31Pdus() {
        Tshark.Opcodes ops = Tshark.opcodes(capture("istgt-read16-zero-length-unanswered.pcap"), 3262);
        assertThat(ops.total()).isEqualTo(31);
        // Reads end in Data-In with status (0x25, S bit), so commands outnumber SCSI Responses.
        assertThat(ops.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                0x01, 12L, 0x03, 2L, 0x06, 1L, 0x20, 2L, 0x21, 3L, 0x23, 2L, 0x25, 8L, 0x26, 1L));
    }

    @Test
    void countsAddUpToTheTotal() {
        Tshark.Opcodes ops = Tshark.opcodes(capture("libiscsi-tgt-mixed.pcap"), 3261);
        assertThat(ops.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ops.total());
        assertThat(Map.copyOf(ops.counts())).isNotEmpty();
    }
}
