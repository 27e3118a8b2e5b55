package org.iscsilab.protocol.scsi.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.iscsilab.protocol.scsi.DataDirection;
import org.junit.jupiter.api.Test;

class InquiryCdbTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void standardInquiryFromCapture() {
        // 12 = INQUIRY | 00 = EVPD 0 | 00 = page code | 00ff = allocation length 255 | 00 = control
        Inquiry i = (Inquiry) Cdb.parse(hex("12 00 00 00ff 00"));
        assertThat(i).isEqualTo(Inquiry.standard(255));
        assertThat(i.describe()).isEqualTo("INQUIRY standard alloc 255");
        assertThat(i.dataDirection()).isEqualTo(DataDirection.READ);
        assertThat(i.expectedDataTransferLength(512)).isEqualTo(255);
    }

    @Test
    void deviceIdentificationVpdFromCapture() {
        // 12 | 01 = EVPD | 83 = page | 00ff | 00
        Inquiry i = (Inquiry) Cdb.parse(hex("12 01 83 00ff 00"));
        assertThat(i).isEqualTo(Inquiry.vpd(0x83, 255));
        assertThat(i.describe()).isEqualTo("INQUIRY VPD page 0x83 alloc 255");
    }

    @Test
    void sixteenBitAllocationLengthFromCapture() {
        // 12 00 00 0104 00: libiscsi asks for 260 bytes
        assertThat(((Inquiry) Cdb.parse(hex("12 00 00 0104 00"))).allocationLength()).isEqualTo(260);
    }

    @Test
    void pageCodeWithoutEvpdIsInvalidFieldAtByte2() {
        // libiscsi sends 12 00 01 0100 00; tgt answers ILLEGAL REQUEST / INVALID FIELD IN CDB
        assertThatThrownBy(() -> Cdb.parse(hex("12 00 01 0100 00")))
                .isInstanceOfSatisfying(InvalidCdbException.class, e -> {
                    assertThat(e.fieldPointer().byteOffset()).isEqualTo(2);
                    assertThat(e.fieldPointer().bit()).isEmpty();
                    assertThat(e.opcode()).isEqualTo(Opcode.INQUIRY);
                });
    }

    @Test
    void obsoleteCmddtBitIsRejected() {
        assertThatThrownBy(() -> Cdb.parse(hex("12 02 00 00ff 00"))).isInstanceOfSatisfying(InvalidCdbException.class,
                e -> assertThat(e.fieldPointer().toString()).isEqualTo("field pointer byte 1 bit 1"));
    }

    @Test
    void zeroAllocationLengthTransfersNothing() {
        assertThat(Inquiry.standard(0).dataDirection()).isEqualTo(DataDirection.NONE);
    }

    @Test
    void recordRefusesPageCodeWithoutEvpdSoBrokenOnesComeFromTheBuilder() {
        assertThatThrownBy(() -> new Inquiry(false, 0x80, 255, 0)).isInstanceOf(IllegalArgumentException.class);
        byte[] broken = CdbBuilder.from(Inquiry.vpd(0x80, 255)).setBit(1, 0, false).build();
        assertThat(broken).isEqualTo(hex("12 00 80 00ff 00"));
    }
}
