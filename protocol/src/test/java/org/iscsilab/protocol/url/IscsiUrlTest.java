package org.iscsilab.protocol.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IscsiUrlTest {

    private static final String IQN = "iqn.2026-11.org.iscsilab:sim";

    @Test
    void parsesHostTargetAndLunWithDefaultPort() {
        IscsiUrl u = IscsiUrl.parse("iscsi://127.0.0.1/" + IQN + "/0");
        assertThat(u.host()).isEqualTo("127.0.0.1");
        assertThat(u.port()).isEqualTo(3260);
        assertThat(u.targetName()).contains(IQN);
        assertThat(u.lun().getAsInt()).isZero();
        assertThat(u.hasChap()).isFalse();
    }

    @Test
    void parsesUserSecretPortAndMutualCredentials() {
        IscsiUrl u = IscsiUrl.parse("iscsi://alice%s3cr3tpassw0rd@target.example:3261/" + IQN
                + "/7?target_user=tgt&target_password=t0ps3cr3tpass&header_digest=crc32c-none&data_digest=crc32c");
        assertThat(u.user()).contains("alice");
        assertThat(u.secret()).contains("s3cr3tpassw0rd");
        assertThat(u.targetUser()).contains("tgt");
        assertThat(u.targetSecret()).contains("t0ps3cr3tpass");
        assertThat(u.hasMutualChap()).isTrue();
        assertThat(u.port()).isEqualTo(3261);
        assertThat(u.lun().getAsInt()).isEqualTo(7);
        assertThat(u.headerDigest()).contains(DigestPreference.CRC32C_NONE);
        assertThat(u.headerDigest().get().offer()).isEqualTo("CRC32C,None");
        assertThat(u.dataDigest()).contains(DigestPreference.CRC32C);
    }

    @Test
    void acceptsColonAsUserSecretSeparatorLikeLibiscsi() {
        IscsiUrl u = IscsiUrl.parse("iscsi://bob:pw@h/" + IQN + "/1");
        assertThat(u.user()).contains("bob");
        assertThat(u.secret()).contains("pw");
    }

    @Test
    void parsesIpv6InBrackets() {
        IscsiUrl u = IscsiUrl.parse("iscsi://[fe80::1%eth0]:3262/" + IQN + "/2");
        assertThat(u.host()).isEqualTo("fe80::1%eth0");
        assertThat(u.port()).isEqualTo(3262);
        IscsiUrl v = IscsiUrl.parse("iscsi://[::1]/" + IQN + "/2");
        assertThat(v.host()).isEqualTo("::1");
        assertThat(v.portal()).isEqualTo("[::1]:3260");
    }

    @Test
    void parsesPortalOnlyFormForDiscovery() {
        IscsiUrl u = IscsiUrl.parsePortal("iscsi://10.0.0.1:3300");
        assertThat(u.hasTarget()).isFalse();
        assertThat(u.portal()).isEqualTo("10.0.0.1:3300");
        assertThat(IscsiUrl.parsePortal("iscsi://10.0.0.1/").hasTarget()).isFalse();
        assertThat(IscsiUrl.parseAny("iscsi://h/" + IQN + "/3").hasTarget()).isTrue();
    }

    @Test
    void percentDecodesTheTargetName() {
        IscsiUrl u = IscsiUrl.parse("iscsi://h/iqn.2026-11.org.iscsilab%3Asim/0");
        assertThat(u.targetName()).contains(IQN);
    }

    @Test
    void acceptsMixedCaseTargetNamesAsNasBoxesUseThem() {
        IscsiUrl u = IscsiUrl.parse("iscsi://nas/iqn.2000-01.com.synology:DiskStation.Target-1.abcdef/0");
        assertThat(u.targetName()).contains("iqn.2000-01.com.synology:DiskStation.Target-1.abcdef");
    }

    @Test
    void toStringNeverShowsSecrets() {
        IscsiUrl u = IscsiUrl.parse("iscsi://alice%s3cr3tpassw0rd@h/" + IQN
                + "/0?target_user=tgt&target_password=t0ps3cr3tpass");
        assertThat(u.toString()).doesNotContain("s3cr3t").doesNotContain("t0ps3cr3t").contains("alice%***@");
    }

    @Test
    void errorMessageMasksTheSecret() {
        assertThatThrownBy(() -> IscsiUrl.parse("iscsi://alice%s3cr3tpassw0rd@h:0/" + IQN + "/0"))
                .hasMessageNotContaining("s3cr3t").hasMessageContaining("alice%***@");
    }

    @Test
    void reportsPortOutOfRangeWithTheWholeUrl() {
        assertThatThrownBy(() -> IscsiUrl.parse("iscsi://h:99999/x/0"))
                .isInstanceOf(IscsiUrlException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad iSCSI URL \"iscsi://h:99999/x/0\": port 99999 is out of range 1-65535");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://h/iqn.2026-11.org.iscsilab:sim/0|scheme \"http\" is not iscsi",
        "h/iqn.2026-11.org.iscsilab:sim/0|scheme is missing",
        "iscsi:///iqn.2026-11.org.iscsilab:sim/0|host is missing",
        "iscsi://h:0/iqn.2026-11.org.iscsilab:sim/0|port 0 is out of range 1-65535",
        "iscsi://h:abc/iqn.2026-11.org.iscsilab:sim/0|port \"abc\" is not a number",
        "iscsi://h:/iqn.2026-11.org.iscsilab:sim/0|port is empty",
        "iscsi://h|target IQN is missing",
        "iscsi://h//0|target IQN is missing",
        "iscsi://h/iqn.2026-11.org.iscsilab:sim|LUN is missing",
        "iscsi://h/iqn.2026-11.org.iscsilab:sim/|LUN is missing",
        "iscsi://h/iqn.2026-11.org.iscsilab:sim/x1|LUN \"x1\" is not a number",
        "iscsi://h/iqn.2026-11.org.iscsilab:sim/16384|LUN 16384 is out of range 0-16383",
        "iscsi://h/iqn.2026-11.org.iscsilab:sim/99999999999|LUN 99999999999 is out of range 0-16383",
        "iscsi://h/notaname/0|target IQN is not a valid iSCSI name",
        "iscsi://[::1/iqn.2026-11.org.iscsilab:sim/0|IPv6 address has no closing ']'",
        "iscsi://[zz]/iqn.2026-11.org.iscsilab:sim/0|\"zz\" is not an IPv6 address",
        "iscsi://h/iqn.2026-11.org.iscsilab:sim/0?header_digest=md5|header_digest \"md5\" is not one of",
        "iscsi://h/iqn.2026-11.org.iscsilab:sim/0?colour=red|query key \"colour\" is unknown",
        "iscsi://u%p@h/iqn.2026-11.org.iscsilab:sim/0?target_user=t|target_user and target_password must be given together",
        "iscsi://h/iqn.2026-11.org.iscsilab:sim/0?target_user=t&target_password=p|need USER%SECRET@",
        "iscsi://@h/iqn.2026-11.org.iscsilab:sim/0|user is empty",
        "iscsi://h/iqn.2026-11.org.iscsilab%ZZsim/0|target IQN: bad percent-escape",
    })
    void namesThePartThatIsWrong(String url, String problem) {
        assertThatThrownBy(() -> IscsiUrl.parse(url))
                .isInstanceOf(IscsiUrlException.class)
                .hasMessageStartingWith("bad iSCSI URL \"")
                .hasMessageContaining(problem);
    }

    @Test
    void portalFormRefusesAPath() {
        assertThatThrownBy(() -> IscsiUrl.parsePortal("iscsi://h/" + IQN + "/0"))
                .isInstanceOf(IscsiUrlException.class).hasMessageContaining("a portal URL has no path");
    }
}
