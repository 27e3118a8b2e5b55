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
}
