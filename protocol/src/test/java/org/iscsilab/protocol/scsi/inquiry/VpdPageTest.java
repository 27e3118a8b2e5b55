package org.iscsilab.protocol.scsi.inquiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.HexFormat;
import java.util.List;
import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.testfixtures.scsi.ScsiDataGenerators;
import org.junit.jupiter.api.Test;

class VpdPageTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void supportedPagesFromTgtCapture() {
        // 00 = peripheral | 00 = page code | 0006 = page length | 00 80 83 b0 b1 b2
        VpdPage p = VpdPage.parse(hex("00 00 0006 00 80 83 b0 b1 b2"));
        assertThat(p).isEqualTo(new SupportedVpdPages(List.of(0x00, 0x80, 0x83, 0xB0, 0xB1, 0xB2)));
        assertThat(p.toBytes()).isEqualTo(hex("00 00 0006 00 80 83 b0 b1 b2"));
    }

    @Test
    void unitSerialNumberFromTgtCaptureKeepsLeadingSpaces() {
        String page = "00 80 0024" + " 20".repeat(30) + " 626561663131"; // 30 spaces then "beaf11"
        UnitSerialNumberPage p = (UnitSerialNumberPage) VpdPage.parse(hex(page));
        assertThat(p.serialNumber()).hasSize(36);
        assertThat(p.trimmed()).isEqualTo("beaf11");
        assertThat(p.toBytes()).isEqualTo(hex(page));
    }

    @Test
    void deviceIdentificationFromTgtCapture() {
        String page = "00 83 0048"
                // 02 = code set ASCII | 01 = LU, T10 vendor ID | 00 | 24 = length 36 | "IET     " "00010001" + zeros
                + "02 01 00 24 4945542020202020 3030303130303031" + " 00".repeat(20)
                // 01 = binary | 03 = LU, NAA | 00 | 08 | NAA 3 locally assigned
                + "01 03 00 08 3000000100000001"
                // 01 = binary | 03 = LU, NAA | 00 | 10 | NAA 6 registered extended
                + "01 03 00 10 60000000000000000e00000000010001";
        DeviceIdentificationPage p = (DeviceIdentificationPage) VpdPage.parse(hex(page));
        assertThat(p.designators()).hasSize(3);
        assertThat(p.designators().get(0).text()).startsWith("IET     00010001");
        assertThat(p.designators().get(1).naa()).isEqualTo(3);
        assertThat(p.designators().get(2).naa()).isEqualTo(6);
        assertThat(p.find(Designator.TYPE_NAA, Designator.ASSOCIATION_LOGICAL_UNIT)).isPresent();
        assertThat(p.toBytes()).isEqualTo(hex(page));
    }

    @Test
    void naaRegisteredExtendedLaysOutNaaCompanyIdAndExtension() {
        Designator d = Designator.naaRegisteredExtended(0x001405, 0x123456789L, 0x0102030405060708L);
        // 6 | 001405 | 123456789 | 0102030405060708
        assertThat(d.designator().toString()).isEqualTo("6001405123456789" + "0102030405060708");
        assertThat(d.naa()).isEqualTo(6);
    }

    @Test
    void scsiNameStringIsNulTerminatedPaddedAndCarriesIscsiProtocol() {
        Designator d = Designator.scsiNameString("iqn.a,t,0x1", Designator.ASSOCIATION_TARGET_PORT);
        assertThat(d.designator().length()).isEqualTo(12); // 11 chars + NUL -> 12
        assertThat(d.protocolIdentifier()).isEqualTo(Designator.PROTOCOL_ISCSI);
        assertThat(d.piv()).isTrue();
        byte[] page = new DeviceIdentificationPage(List.of(d)).toBytes();
        // 53 = protocol 5, UTF-8 | 98 = PIV, target port, SCSI name string
        assertThat(HexFormat.of().formatHex(page, 4, 8)).isEqualTo("5398000c");
        assertThat(d.text()).isEqualTo("iqn.a,t,0x1");
    }

    @Test
    void relativeTargetPortAndTargetPortGroupDesignators() {
        assertThat(Designator.relativeTargetPort(1).portOrGroup()).isEqualTo(1);
        assertThat(Designator.targetPortGroup(7).toString()).isEqualTo("target port group (port, protocol 5): 7");
    }

    @Test
    void blockLimitsFromTgtCapture() {
        byte[] b = new byte[64];
        b[1] = (byte) 0xB0;
        b[3] = 0x3C;
        b[5] = (byte) 0x80; // MAXIMUM COMPARE AND WRITE LENGTH as tgt reports it
        BlockLimitsPage p = (BlockLimitsPage) VpdPage.parse(b);
        assertThat(p.maximumCompareAndWriteLength()).isEqualTo(0x80);
        assertThat(p.maximumTransferLength()).isZero();
        assertThat(p.toBytes()).isEqualTo(b);
    }

    @Test
    void blockDeviceCharacteristicsWithTgtsLongerPageLength() {
        byte[] b = new byte[4 + 0x40];
        b[1] = (byte) 0xB1;
        b[3] = 0x40; // tgt reports 0x40 instead of 0x3C
        b[5] = 1; // non-rotating
        BlockDeviceCharacteristicsPage p = (BlockDeviceCharacteristicsPage) VpdPage.parse(b);
        assertThat(p.mediumRotationRate()).isEqualTo(BlockDeviceCharacteristicsPage.NON_ROTATING);
        assertThat(p.toBytes()).hasSize(64);
    }

    @Test
    void logicalBlockProvisioningFromTgtCaptureAndThinFactory() {
        LogicalBlockProvisioningPage p = (LogicalBlockProvisioningPage) VpdPage.parse(hex("00 b2 0004 00 00 00 00"));
        assertThat(p.lbpu()).isFalse();
        assertThat(p.provisioningType()).isEqualTo(LogicalBlockProvisioningPage.PROVISIONING_FULL);
        // 00 b2 0004 | 00 threshold | e4 = LBPU LBPWS LBPWS10 LBPRZ | 02 = thin | 00
        assertThat(LogicalBlockProvisioningPage.thin(true).toBytes()).isEqualTo(hex("00 b2 0004 00 e4 02 00"));
    }

    @Test
    void unknownPagesAreKeptVerbatim() {
        VpdPage p = VpdPage.parse(hex("00 86 0002 abcd"));
        assertThat(p).isInstanceOf(UnknownVpdPage.class);
        assertThat(p.toBytes()).isEqualTo(hex("00 86 0002 abcd"));
    }

    @Test
    void designatorOverrunningThePageIsALengthError() {
        assertThatThrownBy(() -> VpdPage.parse(hex("00 83 0006 01 03 00 08 6000")))
                .isInstanceOf(InvalidParameterListException.class);
    }

    @Test
    void buildThenParseGivesTheSamePage() {
        qt().withExamples(3000).forAll(ScsiDataGenerators.vpdPages())
                .checkAssert(p -> assertThat(VpdPage.parse(p.toBytes())).isEqualTo(p));
    }

    @Test
    void arbitraryBytesParseOrFailTyped() {
        qt().withExamples(10000).forAll(ScsiDataGenerators.bytes(0, 64)).checkAssert(b -> {
            if (b.length > 1) {
                b[1] = (byte) new int[] {0x00, 0x80, 0x83, 0xB0, 0xB1, 0xB2, 0x86}[Math.floorMod(b[1], 7)];
            }
            try {
                VpdPage.parse(b);
            } catch (ScsiFormatException e) {
                assertThat(e.fieldPointer().commandData()).isFalse();
            }
        });
    }
}
