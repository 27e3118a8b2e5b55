package org.iscsilab.protocol.scsi.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ImmutableBytes;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.protocol.scsi.cdb.Cdb;
import org.iscsilab.protocol.scsi.cdb.InvalidCdbException;
import org.junit.jupiter.api.Test;

class SenseDataTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void tgtInvalidFieldInCdbFromCapture() {
        // SCSI Response data segment from tgt: 0012 = SenseLength 18 | 70 = fixed, current | 00 | 05 = ILLEGAL
        // REQUEST | 00000000 = information | 0a = additional length | 00000000 = CSI | 24 00 = ASC/ASCQ |
        // 00 = FRU | 000000 = SKS (not valid)
        SenseData s = IscsiSense.decode(hex("0012 70 00 05 00000000 0a 00000000 2400 00 000000")).orElseThrow();
        assertThat(s.format()).isEqualTo(SenseFormat.FIXED_CURRENT);
        assertThat(s.senseKey()).isEqualTo(SenseKey.ILLEGAL_REQUEST);
        assertThat(s.additionalSense()).isEqualTo(AdditionalSense.INVALID_FIELD_IN_CDB);
        assertThat(s.senseKeySpecific()).isEmpty();
        assertThat(s.describe()).isEqualTo("ILLEGAL REQUEST: INVALID FIELD IN CDB (24/00)");
    }

    @Test
    void tgtPowerOnUnitAttentionAndDataProtectFromCapture() {
        assertThat(SenseData.parse(hex("70 00 06 00000000 0a 00000000 2900 00 000000")).describe())
                .isEqualTo("UNIT ATTENTION: POWER ON, RESET, OR BUS DEVICE RESET OCCURRED (29/00)");
        assertThat(SenseData.parse(hex("70 00 07 00000000 0a 00000000 2700 00 000000")).describe())
                .isEqualTo("DATA PROTECT: WRITE PROTECTED (27/00)");
        assertThat(SenseData.parse(hex("70 00 05 00000000 0a 00000000 2100 00 000000")).additionalSense())
                .isEqualTo(AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
    }

    @Test
    void fieldPointerIsDescribedWithByteAndBit() {
        SenseData s = SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB)
                .withFieldPointer(FieldPointer.cdb(1, 3));
        assertThat(s.describe()).isEqualTo("ILLEGAL REQUEST: INVALID FIELD IN CDB (24/00), field pointer byte 1 bit 3");
        byte[] b = s.toBytes();
        // SKSV (bit 7) | C/D (bit 6) | BPV (bit 3) | bit pointer 3 -> 0xCB, field pointer 0x0001
        assertThat(HexFormat.of().formatHex(b, 15, 18)).isEqualTo("cb0001");
    }

    @Test
    void invalidCdbExceptionBecomesIllegalRequestSenseWithItsPointer() {
        try {
            Cdb.parse(hex("12 02 00 00 ff 00")); // INQUIRY with the obsolete CMDDT bit
        } catch (InvalidCdbException e) {
            SenseData s = SenseData.illegalRequest(e);
            assertThat(s.describe()).isEqualTo("ILLEGAL REQUEST: INVALID FIELD IN CDB (24/00), field pointer byte 1 bit 1");
            return;
        }
        throw new AssertionError("INQUIRY with CMDDT parsed");
    }

    @Test
    void descriptorFormatCarriesA64BitInformationField() {
        SenseData s = SenseData.of(SenseKey.MEDIUM_ERROR, AdditionalSense.UNRECOVERED_READ_ERROR)
                .withFormat(SenseFormat.DESCRIPTOR_CURRENT).withInformation(0x1_0000_0000L);
        // 72 | 03 = MEDIUM ERROR | 11 00 | 000000 | 0c = additional length | 00 0a 80 00 + 8-byte information
        assertThat(s.toBytes()).isEqualTo(hex("72 03 1100 000000 0c 000a 8000 0000000100000000"));
        assertThat(SenseData.parse(s.toBytes())).isEqualTo(s);
    }

    @Test
    void fixedFormatRejectsInformationBeyond32Bits() {
        assertThatThrownBy(() -> SenseData.of(SenseKey.MEDIUM_ERROR, AdditionalSense.UNRECOVERED_READ_ERROR)
                .withInformation(0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deferredErrorsAreMarked() {
        SenseData s = SenseData.of(SenseKey.MEDIUM_ERROR, AdditionalSense.WRITE_ERROR)
                .withFormat(SenseFormat.FIXED_DEFERRED);
        assertThat(s.describe()).isEqualTo("deferred MEDIUM ERROR: WRITE ERROR (0C/00)");
        assertThat(s.toBytes()[0]).isEqualTo((byte) 0x71);
    }

    @Test
    void truncatedFixedSenseReadsMissingFieldsAsZero() {
        // 70 | 00 | 02 = NOT READY | information | 00 = additional length: nothing more
        SenseData s = SenseData.parse(hex("70 00 02 00000000 00"));
        assertThat(s.senseKey()).isEqualTo(SenseKey.NOT_READY);
        assertThat(s.additionalSense()).isEqualTo(AdditionalSense.NO_ADDITIONAL_SENSE);
    }

    @Test
    void unknownResponseCodeIsAFormatError() {
        assertThatThrownBy(() -> SenseData.parse(hex("7f 00 05 00000000 0a"))).isInstanceOf(ScsiFormatException.class)
                .hasMessageContaining("RESPONSE CODE 0x7F");
    }

    @Test
    void descriptorOverrunningTheDataIsAFormatError() {
        assertThatThrownBy(() -> SenseData.parse(hex("72 05 2400 000000 04 02 06 0000"))).isInstanceOf(
                ScsiFormatException.class);
    }

    @Test
    void unmodelledDescriptorsAreKeptVerbatim() {
        SenseData s = new SenseData(SenseFormat.DESCRIPTOR_CURRENT, SenseKey.ABORTED_COMMAND,
                AdditionalSense.of(0x47, 0x03), false, false, false, OptionalLong.empty(), 0, 0, Optional.empty(),
                List.of(new SenseDescriptor(0x0A, ImmutableBytes.ofHex("0102"))));
        assertThat(s.toBytes()).isEqualTo(hex("72 0b 4703 000000 04 0a 02 0102"));
        assertThat(SenseData.parse(s.toBytes())).isEqualTo(s);
    }

    @Test
    void progressIndicationIsDescribedForNotReady() {
        SenseData s = SenseData.of(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_NOT_READY_FORMAT_IN_PROGRESS)
                .withSenseKeySpecific(SenseKeySpecific.progress(0x8000));
        assertThat(s.describe()).endsWith("progress 50.0%");
    }
}
