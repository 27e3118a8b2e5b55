package org.iscsilab.protocol.scsi.inquiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.HexFormat;
import java.util.List;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.testfixtures.scsi.ScsiDataGenerators;
import org.junit.jupiter.api.Test;

class StandardInquiryDataTest {
    /** tgt 1.0.85's standard INQUIRY data from libiscsi-tgt-mixed.pcap (66 bytes). */
    private static final String TGT = "00" // peripheral qualifier 0, type 0 (direct access)
            + "00" // RMB 0
            + "05" // VERSION 5 (SPC-3)
            + "12" // HISUP, RESPONSE DATA FORMAT 2
            + "3d" // ADDITIONAL LENGTH 61
            + "00" // SCCS/ACC/TPGS/3PC/PROTECT
            + "00" // ENCSERV/MULTIP
            + "02" // CMDQUE
            + "4945542020202020" // "IET     "
            + "5649525455414c2d4449534b20202020" // "VIRTUAL-DISK    "
            + "30303031" // "0001"
            + "0000000000000000000000000000000000000000" // bytes 36-55
            + "0000" // bytes 56-57
            + "04c0" + "0960" + "0300" + "0000"; // SBC-3, iSCSI, SPC-3, empty

    @Test
    void tgtStandardInquiryFromCapture() {
        StandardInquiryData d = StandardInquiryData.parse(HexFormat.of().parseHex(TGT));
        assertThat(d.peripheralDeviceType()).isZero();
        assertThat(d.version()).isEqualTo(5);
        assertThat(d.hisup()).isTrue();
        assertThat(d.responseDataFormat()).isEqualTo(2);
        assertThat(d.cmdque()).isTrue();
        assertThat(d.vendor()).isEqualTo("IET");
        assertThat(d.product()).isEqualTo("VIRTUAL-DISK");
        assertThat(d.revision()).isEqualTo("0001");
        assertThat(d.versionDescriptors()).containsExactly(0x04C0, 0x0960, 0x0300, 0x0000);
        assertThat(HexFormat.of().formatHex(d.toBytes())).isEqualTo(TGT);
    }

    @Test
    void directAccessFactoryIsSpc4WithCmdQueAndHiSup() {
        byte[] b = StandardInquiryData.directAccess("ISCSILAB", "REFERENCE-LU", "0.1", List.of(0x0460)).toBytes();
        assertThat(b).hasSize(60);
        assertThat(b[2]).isEqualTo((byte) 0x06);
        assertThat(b[3]).isEqualTo((byte) 0x12);
        assertThat(b[4]).isEqualTo((byte) 55);
        assertThat(b[7]).isEqualTo((byte) 0x02);
        assertThat(new String(b, 32, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("0.1 ");
    }

    @Test
    void dataTruncatedByAllocationLengthStillParses() {
        byte[] b = HexFormat.of().parseHex(TGT.substring(0, 2 * 16));
        StandardInquiryData d = StandardInquiryData.parse(b);
        assertThat(d.vendor()).isEqualTo("IET");
        assertThat(d.product()).isEmpty();
    }

    @Test
    void fewerThanFiveBytesIsAFormatError() {
        assertThatThrownBy(() -> StandardInquiryData.parse(new byte[4])).isInstanceOf(ScsiFormatException.class);
    }

    @Test
    void buildThenParseGivesTheSameData() {
        qt().forAll(ScsiDataGenerators.standardInquiry())
                .checkAssert(d -> assertThat(StandardInquiryData.parse(d.toBytes())).isEqualTo(d));
    }

    @Test
    void arbitraryBytesParseOrFailTyped() {
        qt().withExamples(5000).forAll(ScsiDataGenerators.bytes(0, 80)).checkAssert(b -> {
            try {
                StandardInquiryData.parse(b);
            } catch (ScsiFormatException e) {
                assertThat(b.length).isLessThan(5);
            }
        });
    }
}
