package org.iscsilab.protocol.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScsiStatusTest {

    @Test
    void knownStatusesPrintNameAndCode() {
        assertThat(ScsiStatus.of(0x02)).isEqualTo(ScsiStatus.CHECK_CONDITION);
        assertThat(ScsiStatus.CHECK_CONDITION).hasToString("CHECK CONDITION (0x02)");
        assertThat(ScsiStatus.of(0x18).name()).isEqualTo("RESERVATION CONFLICT");
        assertThat(ScsiStatus.TASK_SET_FULL.code()).isEqualTo(0x28);
        assertThat(ScsiStatus.ACA_ACTIVE.code()).isEqualTo(0x30);
        assertThat(ScsiStatus.TASK_ABORTED.code()).isEqualTo(0x40);
    }

    @Test
    void unknownStatusIsRepresentableAndPrintable() {
        ScsiStatus s = ScsiStatus.of(0x22);
        assertThat(s.isKnown()).isFalse();
        assertThat(s).hasToString("UNKNOWN STATUS 0x22");
    }

    @Test
    void fieldPointerRendering() {
        assertThat(FieldPointer.cdb(1, 3)).hasToString("field pointer byte 1 bit 3");
        assertThat(FieldPointer.parameter(20)).hasToString("parameter pointer byte 20");
    }
}
