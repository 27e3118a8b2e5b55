package org.iscsilab.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.iscsilab.testfixtures.peers.Libiscsi;
import org.iscsilab.testfixtures.peers.PeerExtension;
import org.iscsilab.testfixtures.peers.TgtPeer;
import org.iscsilab.testfixtures.peers.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TgtPeerIT {
    @RegisterExtension
    static final PeerExtension<TgtPeer> TGT = PeerExtension.of(TgtPeer::startWithDefaultTarget);

    private final Libiscsi libiscsi = Libiscsi.defaults();

    @Test
    void iscsiLsListsTheTargetAndItsLuns() {
        ToolResult r = libiscsi.iscsiLs(TGT.get().portalUrl(), "-s").requireOk();
        assertThat(r.stdout())
                .contains("Target:" + TgtPeer.DEFAULT_IQN + " Portal:127.0.0.1:" + TGT.get().port())
                .containsPattern("Lun:0\\s+Type:STORAGE_ARRAY_CONTROLLER")
                .containsPattern("Lun:1\\s+Type:DIRECT_ACCESS")
                .containsPattern("Lun:2\\s+Type:DIRECT_ACCESS");
    }

    @Test
    void iscsiInqSeesADirectAccessDiskFromIet() {
        ToolResult r = libiscsi.iscsiInq(TGT.get().url(TgtPeer.DISK_LUN)).requireOk();
        assertThat(r.stdout()).contains("Peripheral Device Type:DIRECT_ACCESS").contains("Vendor:IET");
    }

    @Test
    void readCapacity16ReportsTheBackingFileSize() {
        ToolResult r = libiscsi.iscsiReadcapacity16(TGT.get().url(TgtPeer.DISK_LUN)).requireOk();
        assertThat(r.stdout()).contains("LOGICAL BLOCK LENGTH IN BYTES:512")
                .contains("Total size:" + TgtPeer.DEFAULT_DISK_SIZE);
    }

    @Test
    void nullLunReportsItsTerabyte() {
        ToolResult r = libiscsi.iscsiReadcapacity16(TGT.get().url(TgtPeer.NULL_LUN)).requireOk();
        assertThat(r.stdout()).contains("Total size:1099511627776");
    }

    @Test
    void twoInstancesRunSideBySideOnTheirOwnPorts() {
        try (TgtPeer second = TgtPeer.startWithDefaultTarget()) {
            assertThat(second.port()).isNotEqualTo(TGT.get().port());
            libiscsi.iscsiInq(second.url(TgtPeer.DISK_LUN)).requireOk();
            libiscsi.iscsiInq(TGT.get().url(TgtPeer.DISK_LUN)).requireOk();
        }
    }

    @Test
    void closeStopsTgtdAndRemovesItsDirectory() {
        TgtPeer tgt = TgtPeer.startWithDefaultTarget();
        Path dir = tgt.directory();
        long started = System.nanoTime();
        tgt.close();
        assertThat(tgt.process().isAlive()).isFalse();
        assertThat(Files.exists(dir)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aclByInitiatorNameAdmitsOnlyThatInitiator() {
        String allowed = "iqn.2024-01.org.iscsilab:allowed";
        try (TgtPeer tgt = TgtPeer.start()) {
            tgt.newTarget(1, "iqn.2001-04.com.example:acl");
            tgt.addNullLun(1, 1);
            tgt.bindInitiator(1, allowed);
            libiscsi.withInitiatorName(allowed).iscsiInq(tgt.url(1)).requireOk();
            ToolResult other = libiscsi.withInitiatorName("iqn.2024-01.org.iscsilab:other").iscsiInq(tgt.url(1));
            assertThat(other.timedOut()).isFalse();
            assertThat(other.exitCode()).as(other.describe()).isNotZero();
        }
    }

    @Test
    void targetParametersCanBeUpdated() {
        try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
            tgt.updateTarget(TgtPeer.DEFAULT_TID, "HeaderDigest", "CRC32C");
            tgt.updateTarget(TgtPeer.DEFAULT_TID, "MaxRecvDataSegmentLength", "65536");
            assertThat(tgt.targetParameters(TgtPeer.DEFAULT_TID))
                    .containsEntry("HeaderDigest", "CRC32C")
                    .containsEntry("MaxRecvDataSegmentLength", "65536");
            libiscsi.iscsiInq(tgt.url(TgtPeer.DISK_LUN)).requireOk();
        }
    }
}
