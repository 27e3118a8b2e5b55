package org.iscsilab.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.iscsilab.testfixtures.peers.Libiscsi;
import org.junit.jupiter.api.Test;

class LibiscsiOutputTest {

    @Test
    void parsesTheFinalAverageOfIscsiPerf() {
        // Real output: running lines end in \r, the final summary stands alone.
        String out = "will run for 3 seconds.\n\n\r00:00:02 - lba 1145576916, iops current 77623 (303 MB/s), "
                + "iops average 77623 (303 MB/s), in_flight 32, busy 0        \r00:00:01 - lba 188823076, iops "
                + "current 80601 (314 MB/s), iops average 79112 (309 MB/s), in_flight 32, busy 0        \r"
                + "iops average 79372 (310 MB/s)                    \n\nfinished.\n";
        assertThat(Libiscsi.parsePerf(out)).contains(new Libiscsi.PerfFigure(79372, 310));
        assertThat(Libiscsi.parsePerf("Login Failed.")).isEmpty();
    }

    @Test
    void putsChapCredentialsIntoTheUrl() {
        // libiscsi splits at the first '%' and does not percent-decode: the secret goes in verbatim.
        String url = Libiscsi.withChap("iscsi://127.0.0.1:3260/iqn.2001-04.com.example:tgt1/1", "alice", "se cr%et");
        assertThat(url).isEqualTo("iscsi://alice%se cr%et@127.0.0.1:3260/iqn.2001-04.com.example:tgt1/1");
        assertThat(Libiscsi.withTargetChap(url, "tgt", "x")).endsWith("/1?target_user=tgt&target_password=x");
    }

    @Test
    void refusesCredentialsLibiscsiCannotParse() {
        assertThatThrownBy(() -> Libiscsi.withChap("iscsi://127.0.0.1/iqn.x/0", "al%ice", "secret"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Libiscsi.withChap("iscsi://127.0.0.1/iqn.x/0", "alice", "sec@ret"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsEachVerdictOfIscsiTestCu() {
        // Real output (abridged): verdicts after the dots or on a later line; "[FAILED]" lines are
        // a test's own log of commands it expected to fail, not its verdict.
        String out = String.join("\n",
                "Suite: iSCSIdatasn",
                "  Test: iSCSIDataSnInvalid ...    [FAILED] WRITE10 command failed with status 251658241",
                "    [FAILED] WRITE10 command failed with status 251658241",
                "passed",
                "Suite: GetLBAStatus",
                "  Test: Simple ...passed",
                "  Test: UnmapSingle ...FAILED",
                "    1. test_get_lba_status_unmap_single.c:135  - CU_FAIL(\"[FAILED] GETLBASTATUS\")",
                "Suite: Reserve6",
                "  Test: LUNReset ...    [FAILED] RESERVE6 command: failed with sense.",
                "passed    [FAILED] PRIN command: failed with sense.",
                "",
                "Run Summary:    Type  Total    Ran Passed Failed Inactive");
        assertThat(Libiscsi.parseTestCu(out)).containsExactly(
                java.util.Map.entry("iSCSIdatasn.iSCSIDataSnInvalid", true),
                java.util.Map.entry("GetLBAStatus.Simple", true),
                java.util.Map.entry("GetLBAStatus.UnmapSingle", false),
                java.util.Map.entry("Reserve6.LUNReset", true));
    }
}
