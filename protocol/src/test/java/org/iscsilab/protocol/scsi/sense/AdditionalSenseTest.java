package org.iscsilab.protocol.scsi.sense;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdditionalSenseTest {

    @Test
    void namedPairsPrintNameAndCode() {
        assertThat(AdditionalSense.of(0x24, 0x00)).hasToString("INVALID FIELD IN CDB (24/00)");
        assertThat(AdditionalSense.of(0x2A, 0x03).name()).isEqualTo("RESERVATIONS PREEMPTED");
        assertThat(AdditionalSense.of(0x26, 0x04)).isEqualTo(AdditionalSense.INVALID_RELEASE_OF_PERSISTENT_RESERVATION);
        assertThat(AdditionalSense.of(0x55, 0x04).name()).isEqualTo("INSUFFICIENT REGISTRATION RESOURCES");
        assertThat(AdditionalSense.of(0x29, 0x07).name()).isEqualTo("I_T NEXUS LOSS OCCURRED");
    }

    @Test
    void unnamedLogicalUnitNotReadyQualifierStillSaysNotReady() {
        assertThat(AdditionalSense.of(0x04, 0x22)).hasToString("LOGICAL UNIT NOT READY (04/22)");
        assertThat(AdditionalSense.of(0x04, 0x22).isKnown()).isFalse();
    }

    @Test
    void unknownAndVendorPairsArePrintable() {
        assertThat(AdditionalSense.of(0x80, 0x01)).hasToString("VENDOR SPECIFIC (80/01)");
        assertThat(AdditionalSense.of(0x7E, 0x00)).hasToString("UNKNOWN ADDITIONAL SENSE (7E/00)");
    }

    @Test
    void senseKeysAreOpen() {
        assertThat(SenseKey.of(0x5)).hasToString("ILLEGAL REQUEST");
        assertThat(SenseKey.of(0xC)).hasToString("RESERVED SENSE KEY 0xC");
        assertThat(SenseKey.of(0x15)).isEqualTo(SenseKey.ILLEGAL_REQUEST);
    }

    @Test
    void everyPairTheTargetAndAnalyserNeedIsNamed() {
        int[][] pairs = {
            {0x00, 0x00}, {0x04, 0x00}, {0x04, 0x01}, {0x04, 0x02}, {0x04, 0x03}, {0x0C, 0x00}, {0x11, 0x00},
            {0x1A, 0x00}, {0x1D, 0x00}, {0x20, 0x00}, {0x21, 0x00}, {0x24, 0x00}, {0x25, 0x00}, {0x26, 0x00},
            {0x26, 0x04}, {0x27, 0x00}, {0x27, 0x01}, {0x27, 0x02}, {0x29, 0x00}, {0x29, 0x01}, {0x29, 0x02},
            {0x29, 0x03}, {0x29, 0x04}, {0x29, 0x05}, {0x29, 0x06}, {0x29, 0x07}, {0x2A, 0x00}, {0x2A, 0x01},
            {0x2A, 0x03}, {0x2A, 0x04}, {0x2A, 0x05}, {0x2F, 0x00}, {0x39, 0x00}, {0x3A, 0x00}, {0x44, 0x00},
            {0x55, 0x04},
        };
        for (int[] p : pairs) {
            assertThat(AdditionalSense.of(p[0], p[1]).isKnown()).as(AdditionalSense.of(p[0], p[1]).code()).isTrue();
        }
    }
}
