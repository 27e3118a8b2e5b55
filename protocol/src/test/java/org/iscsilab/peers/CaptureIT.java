package org.iscsilab.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.iscsilab.testfixtures.peers.IstgtPeer;
import org.iscsilab.testfixtures.peers.Libiscsi;
import org.iscsilab.testfixtures.peers.Tcpdump;
import org.iscsilab.testfixtures.peers.TgtPeer;
import org.iscsilab.testfixtures.peers.ToolResult;
import org.iscsilab.testfixtures.peers.Tshark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tcpdump captures real sessions; tshark dissects them. */
class CaptureIT {
    static final int LOGIN_REQUEST = 0x03;
    static final int LOGIN_RESPONSE = 0x23;
    static final int SCSI_COMMAND = 0x01;
    static final int SCSI_RESPONSE = 0x21;

    @TempDir
    Path dir;

    @Test
    void capturesAnInquirySessionAgainstTgt() {
        try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
            Path pcap;
            try (Tcpdump.Capture cap = Tcpdump.start(dir.resolve("tgt.pcap"), tgt.port())) {
                Libiscsi.defaults().iscsiInq(tgt.url(TgtPeer.DISK_LUN)).requireOk();
                pcap = cap.stop();
                assertThat(cap.packetsCaptured()).isPositive();
            }
            Tshark.Opcodes ops = Tshark.opcodes(pcap, tgt.port());
            assertThat(ops.total()).isPositive();
            assertThat(ops.inOrder().get(0)).isEqualTo(LOGIN_REQUEST);
            assertThat(ops.count(LOGIN_RESPONSE)).isPositive();
            assertThat(ops.count(SCSI_COMMAND)).isPositive();
            assertThat(ops.count(SCSI_RESPONSE)).isPositive();
            assertThat(Tshark.malformed(pcap, tgt.port())).isEmpty();
        }
    }

    @Test
    void capturesAnInquirySessionAgainstIstgt() {
        try (IstgtPeer istgt = IstgtPeer.start()) {
            Path pcap;
            try (Tcpdump.Capture cap = Tcpdump.start(dir.resolve("istgt.pcap"), istgt.port())) {
                Libiscsi.defaults().iscsiInq(istgt.url()).requireOk();
                pcap = cap.stop();
            }
            Tshark.Opcodes ops = Tshark.opcodes(pcap, istgt.port());
            assertThat(ops.total()).isPositive();
            assertThat(ops.count(SCSI_COMMAND)).isPositive();
        }
    }

    /** libiscsi offers HeaderDigest=None,CRC32C; tgt set to CRC32C picks CRC32C. */
    @Test
    void headerDigestIsChosenByTheTargetSetting() {
        try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
            tgt.updateTarget(TgtPeer.DEFAULT_TID, "HeaderDigest", "CRC32C");
            Path pcap;
            try (Tcpdump.Capture cap = Tcpdump.start(dir.resolve("digest.pcap"), tgt.port())) {
                Libiscsi.defaults().iscsiInq(tgt.url(TgtPeer.DISK_LUN)).requireOk();
                pcap = cap.stop();
            }
            List<List<String>> rows = Tshark.fields(pcap, tgt.port(), "iscsi.opcode", "iscsi.keyvalue");
            assertThat(rows).anySatisfy(row -> assertThat(row.get(0)).isEqualTo("0x03")
                    .satisfies(x -> assertThat(row.get(1)).contains("HeaderDigest=None,CRC32C")));
            assertThat(rows).anySatisfy(row -> assertThat(row.get(0)).isEqualTo("0x23")
                    .satisfies(x -> assertThat(row.get(1)).contains("HeaderDigest=CRC32C")));
            // With digests on, tshark still dissects every PDU (it verifies the CRC32C too).
            assertThat(Tshark.malformed(pcap, tgt.port())).isEmpty();
            assertThat(Tshark.opcodes(pcap, tgt.port()).count(SCSI_RESPONSE)).isPositive();
        }
    }

    /**
     * RFC 7143 §4.2.2.1: an immediate command does not advance ExpCmdSN. tgt gets it right for
     * the immediate SendTargets Text Request; istgt 0.4~20111008 advances ExpCmdSN, libiscsi then
     * refuses to send its Logout with the stale CmdSN, and iscsi-ls hangs (bounded here).
     */
    @Test
    void immediateSendTargetsLeavesExpCmdSnAloneOnTgtButIstgtAdvancesIt() {
        try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
            long[] sn = discovery(tgt.port(), tgt.portalUrl(), Duration.ofSeconds(20), false);
            assertThat(sn[1]).as("tgt: ExpCmdSN in the Text Response").isEqualTo(sn[0]);
        }
        try (IstgtPeer istgt = IstgtPeer.start()) {
            long[] sn = discovery(istgt.port(), istgt.portalUrl(), Duration.ofSeconds(3), true);
            assertThat(sn[1]).as("istgt: ExpCmdSN in the Text Response").isEqualTo((sn[0] + 1) & 0xffff_ffffL);
        }
    }

    /** Runs iscsi-ls under capture; returns {CmdSN of the immediate Text Request, ExpCmdSN of its response}. */
    private long[] discovery(int port, String portalUrl, Duration bound, boolean expectHang) {
        Path pcap;
        try (Tcpdump.Capture cap = Tcpdump.start(dir.resolve("discovery-" + port + ".pcap"), port)) {
            ToolResult ls = Libiscsi.defaults().withTimeout(bound).iscsiLs(portalUrl);
            assertThat(ls.timedOut()).as(ls.describe()).isEqualTo(expectHang);
            pcap = cap.stop();
        }
        List<List<String>> rows = Tshark.fields(pcap, port, "iscsi.opcode", "iscsi.I", "iscsi.cmdsn", "iscsi.expcmdsn");
        List<String> text = rows.stream().filter(r -> r.get(0).equals("0x04") && r.get(1).equals("1")).findFirst()
                .orElseThrow(() -> new AssertionError("no immediate Text Request in " + rows));
        List<String> response = rows.stream().filter(r -> r.get(0).equals("0x24")).findFirst()
                .orElseThrow(() -> new AssertionError("no Text Response in " + rows));
        return new long[] {Long.parseLong(text.get(2)), Long.parseLong(response.get(3))};
    }
}
