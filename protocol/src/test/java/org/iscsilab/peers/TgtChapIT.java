package org.iscsilab.peers;

import static org.assertj.core.api.Assertions.assertThat;

import org.iscsilab.testfixtures.peers.Libiscsi;
import org.iscsilab.testfixtures.peers.PeerExtension;
import org.iscsilab.testfixtures.peers.TgtPeer;
import org.iscsilab.testfixtures.peers.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TgtChapIT {
    static final String USER = "alice";
    static final String SECRET = "alicesecret12";
    static final String TARGET_USER = "tgt1";
    static final String TARGET_SECRET = "targetsecret1";

    @RegisterExtension
    static final PeerExtension<TgtPeer> TGT = PeerExtension.of(() -> {
        TgtPeer tgt = TgtPeer.startWithDefaultTarget();
        tgt.requireChap(TgtPeer.DEFAULT_TID, USER, SECRET);
        return tgt;
    });

    private final Libiscsi libiscsi = Libiscsi.defaults();

    @Test
    void rightSecretLogsIn() {
        String url = Libiscsi.withChap(TGT.get().url(TgtPeer.DISK_LUN), USER, SECRET);
        assertThat(libiscsi.iscsiInq(url).requireOk().stdout()).contains("DIRECT_ACCESS");
    }

    @Test
    void wrongSecretIsAnAuthenticationFailure() {
        ToolResult r = libiscsi.iscsiInq(Libiscsi.withChap(TGT.get().url(TgtPeer.DISK_LUN), USER, "wrongsecret12"));
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr() + r.stdout()).contains("Authentication failure");
    }

    @Test
    void secretWithSpaceAndPercentGoesThroughVerbatim() {
        try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
            tgt.requireChap(TgtPeer.DEFAULT_TID, "carol", "se cr%et12345");
            libiscsi.iscsiInq(Libiscsi.withChap(tgt.url(TgtPeer.DISK_LUN), "carol", "se cr%et12345")).requireOk();
        }
    }

    @Test
    void noCredentialsIsRefused() {
        ToolResult r = libiscsi.iscsiInq(TGT.get().url(TgtPeer.DISK_LUN));
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
    }

    @Test
    void mutualChapChecksTheTargetToo() {
        try (TgtPeer tgt = TgtPeer.startWithDefaultTarget()) {
            tgt.requireChap(TgtPeer.DEFAULT_TID, USER, SECRET);
            tgt.mutualChap(TgtPeer.DEFAULT_TID, TARGET_USER, TARGET_SECRET);
            String url = Libiscsi.withChap(tgt.url(TgtPeer.DISK_LUN), USER, SECRET);

            libiscsi.iscsiInq(Libiscsi.withTargetChap(url, TARGET_USER, TARGET_SECRET)).requireOk();

            ToolResult impostor = libiscsi.iscsiInq(Libiscsi.withTargetChap(url, TARGET_USER, "notthetarget1"));
            assertThat(impostor.timedOut()).isFalse();
            assertThat(impostor.exitCode()).as(impostor.describe()).isNotZero();
        }
    }
}
