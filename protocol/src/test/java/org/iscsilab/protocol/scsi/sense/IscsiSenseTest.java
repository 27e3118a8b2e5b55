package org.iscsilab.protocol.scsi.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.junit.jupiter.api.Test;

class IscsiSenseTest {

    @Test
    void encodePrefixesSenseLength() {
        byte[] seg = IscsiSense.encode(SenseData.of(SenseKey.UNIT_ATTENTION, AdditionalSense.POWER_ON_OCCURRED));
        assertThat(seg).hasSize(2 + 18);
        assertThat(HexFormat.of().formatHex(seg, 0, 2)).isEqualTo("0012");
    }

    @Test
    void emptySegmentOrZeroSenseLengthMeansNoSense() {
        // the istgt failure: CHECK CONDITION with no sense at all
        assertThat(IscsiSense.decode(new byte[0])).isEmpty();
        assertThat(IscsiSense.decode(new byte[] {0, 0})).isEmpty();
    }

    @Test
    void senseLengthBeyondTheSegmentIsAFormatError() {
        assertThatThrownBy(() -> IscsiSense.decode(new byte[] {0, 18, 0x70, 0}))
                .isInstanceOf(ScsiFormatException.class).hasMessageContaining("RFC 7143 §11.4.7.2");
    }

    @Test
    void responseDataAfterTheSenseIsIgnored() {
        byte[] sense = SenseData.of(SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT).toBytes();
        byte[] seg = new byte[2 + sense.length + 4];
        seg[1] = (byte) sense.length;
        System.arraycopy(sense, 0, seg, 2, sense.length);
        assertThat(IscsiSense.rawSense(seg)).hasValueSatisfying(r -> assertThat(r).isEqualTo(sense));
    }
}
