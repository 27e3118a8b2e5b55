package org.iscsilab.protocol.scsi.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.testfixtures.scsi.ScsiDataGenerators;
import org.junit.jupiter.api.Test;

class SensePropertiesTest {

    @Test
    void buildThenParseGivesTheSameSenseData() {
        qt().withExamples(3000).forAll(ScsiDataGenerators.senseData())
                .checkAssert(s -> assertThat(SenseData.parse(s.toBytes())).isEqualTo(s));
    }

    @Test
    void senseSurvivesTheIscsiSenseLengthPrefix() {
        qt().forAll(ScsiDataGenerators.senseData())
                .checkAssert(s -> assertThat(IscsiSense.decode(IscsiSense.encode(s))).contains(s));
    }

    @Test
    void arbitraryBytesGiveSenseDataOrAScsiFormatException() {
        qt().withExamples(10000).forAll(ScsiDataGenerators.bytes(0, 40)).checkAssert(b -> {
            try {
                SenseData s = SenseData.parse(b);
                assertThat(s.describe()).isNotBlank();
            } catch (ScsiFormatException e) {
                assertThat(e.fieldPointer().commandData()).isFalse();
            }
        });
    }

    @Test
    void arbitraryBytesWithAValidResponseCodeParseOrFailTyped() {
        qt().withExamples(10000).forAll(ScsiDataGenerators.bytes(8, 60)).checkAssert(b -> {
            b[0] = (byte) (0x70 + (b[1] & 3));
            try {
                assertThat(SenseData.parse(b).senseKey()).isNotNull();
            } catch (ScsiFormatException e) {
                assertThat(e.getMessage()).contains("overruns");
            }
        });
    }

    @Test
    void arbitraryDataSegmentsGiveSenseOrAScsiFormatException() {
        qt().withExamples(5000).forAll(ScsiDataGenerators.bytes(0, 40)).checkAssert(b -> {
            try {
                IscsiSense.decode(b);
            } catch (ScsiFormatException e) {
                assertThat(e.additionalSense()).isNotNull();
            }
        });
    }
}
