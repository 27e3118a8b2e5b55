package org.iscsilab.peers;

import static org.assertj.core.api.Assertions.assertThat;

import org.iscsilab.testfixtures.peers.Libiscsi;
import org.iscsilab.testfixtures.peers.PeerExtension;
import org.iscsilab.testfixtures.peers.TgtPeer;
import org.iscsilab.testfixtures.peers.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IscsiPerfIT {
    @RegisterExtension
    static final PeerExtension<TgtPeer> TGT = PeerExtension.of(TgtPeer::startWithDefaultTarget);

    @Test
    void boundedRandomReadRunPrintsAnIopsFigure() {
        ToolResult r = Libiscsi.defaults().iscsiPerf(TGT.get().url(TgtPeer.NULL_LUN), 2, 8, 32, true).requireOk();
        Libiscsi.PerfFigure f = Libiscsi.parsePerf(r.stdout()).orElseThrow(() -> new AssertionError(r.describe()));
        assertThat(f.iops()).isPositive();
        assertThat(f.megabytesPerSecond()).isPositive();
    }

    @Test
    void sequentialReadsOfTheFileLunToo() {
        ToolResult r = Libiscsi.defaults().iscsiPerf(TGT.get().url(TgtPeer.DISK_LUN), 1, 256, 16, false).requireOk();
        assertThat(Libiscsi.parsePerf(r.stdout())).as(r.describe()).hasValueSatisfying(f -> assertThat(f.iops()).isPositive());
    }
}
