package org.iscsilab.protocol.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ScsiOutcomeTest {

    @Test
    void goodWithoutDataSegment() {
        assertThat(ScsiOutcome.of(ScsiStatus.GOOD).describe()).isEqualTo("GOOD");
    }

    @Test
    void checkConditionWithTgtSenseFromCapture() {
        ScsiOutcome o = ScsiOutcome.fromResponse(ScsiStatus.CHECK_CONDITION,
                HexFormat.of().parseHex("0012700005000000000a00000000210000000000"));
        assertThat(o.describe())
                .isEqualTo("CHECK CONDITION, ILLEGAL REQUEST: LOGICAL BLOCK ADDRESS OUT OF RANGE (21/00)");
        assertThat(o.missingSense()).isFalse();
    }

    @Test
    void checkConditionWithoutSenseIsFlaggedLikeIstgtPastTheEnd() {
        ScsiOutcome o = ScsiOutcome.of(ScsiStatus.CHECK_CONDITION);
        assertThat(o.missingSense()).isTrue();
        assertThat(o.describe()).contains("autosense is mandatory");
    }

    @Test
    void malformedSenseIsDescribedNotThrown() {
        ScsiOutcome o = ScsiOutcome.fromResponse(ScsiStatus.CHECK_CONDITION, new byte[] {0, 40, 0x70});
        assertThat(o.missingSense()).isTrue();
        assertThat(o.describe()).contains("malformed sense data");
    }
}
