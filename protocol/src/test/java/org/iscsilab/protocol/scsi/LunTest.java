package org.iscsilab.protocol.scsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class LunTest {

    @Test
    void lunsBelow256UsePeripheralDeviceAddressing() {
        // byte 0 = 00 (peripheral, bus 0), byte 1 = LUN
        assertThat(Lun.of(5).toLong()).isEqualTo(0x0005_0000_0000_0000L);
        assertThat(Lun.of(5).addressingMethod()).isEqualTo(Lun.PERIPHERAL_DEVICE_ADDRESSING);
        assertThat(Lun.of(255).toBytes()).containsExactly(0, 0xFF, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void luns256AndAboveUseFlatSpaceAddressingLikeTgt() {
        // byte 0 = 01b << 6 | LUN bits 13-8, byte 1 = LUN bits 7-0
        assertThat(Lun.of(256).toLong()).isEqualTo(0x4100_0000_0000_0000L);
        assertThat(Lun.of(16383).toBytes()).containsExactly(0x7F, 0xFF, 0, 0, 0, 0, 0, 0);
        assertThat(Lun.fromLong(0x4100_0000_0000_0000L).number()).isEqualTo(256);
    }

    @Test
    void numberRoundTripsThroughTheRawField() {
        qt().forAll(Generate.range(0, 0x3FFF)).checkAssert(n -> {
            Lun l = Lun.of(n);
            assertThat(Lun.fromLong(l.toLong()).number()).isEqualTo(n);
            assertThat(Lun.fromBytes(l.toBytes(), 0)).isEqualTo(l);
            assertThat(l).hasToString("LUN " + n);
        });
    }

    @Test
    void multiLevelAndOtherEncodingsPrintRaw() {
        Lun twoLevel = Lun.fromLong(0x0001_0002_0000_0000L);
        assertThat(twoLevel.number()).isEqualTo(-1);
        assertThat(twoLevel).hasToString("LUN 0x0001000200000000");
        assertThat(Lun.fromLong(0x0101_0000_0000_0000L).isSingleLevel()).isFalse(); // peripheral, bus 1
    }

    @Test
    void lunOutOfTheSingleLevelRangeIsRejected() {
        assertThatThrownBy(() -> Lun.of(16384)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportLunsDataLayoutAndTruncation() {
        ReportLunsData d = new ReportLunsData(List.of(Lun.of(0), Lun.of(1), Lun.of(300)));
        byte[] b = d.toBytes();
        assertThat(ScsiBytes.u32(b, 0)).isEqualTo(24); // LUN LIST LENGTH
        assertThat(ReportLunsData.parse(b)).isEqualTo(d);
        byte[] cut = java.util.Arrays.copyOf(b, 16);
        assertThat(ReportLunsData.parse(cut).luns()).containsExactly(Lun.of(0));
        assertThat(ReportLunsData.listedCount(cut)).isEqualTo(3);
    }
}
