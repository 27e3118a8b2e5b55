package org.iscsilab.protocol.scsi.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.HexFormat;
import java.util.List;
import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.testfixtures.scsi.CdbGenerators;
import org.iscsilab.testfixtures.scsi.ScsiDataGenerators;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class BlockDataTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void readCapacity10FromTgtCapture() {
        // 0007ffff = last LBA 524287 | 00000200 = 512-byte blocks
        ReadCapacity10Data d = ReadCapacity10Data.parse(hex("0007ffff 00000200"));
        assertThat(d.capacityBlocks()).isEqualTo(0x80000);
        assertThat(d.blockLength()).isEqualTo(512);
        assertThat(d.saturated()).isFalse();
        assertThat(ReadCapacity10Data.forCapacity(0x80000, 512)).isEqualTo(d);
    }

    @Test
    void readCapacity10SaturatesAt0xFFFFFFFFForLargeMedia() {
        ReadCapacity10Data d = ReadCapacity10Data.forCapacity(1L << 33, 512);
        assertThat(d.returnedLba()).isEqualTo(0xFFFF_FFFFL);
        assertThat(d.saturated()).isTrue();
        assertThat(ReadCapacity10Data.forCapacity(0xFFFF_FFFFL, 512).saturated()).isFalse();
        assertThat(ReadCapacity10Data.forCapacity(0x1_0000_0000L, 512).saturated()).isTrue();
    }

    @Test
    void readCapacity16FromTgtCapture() {
        // 000000000007ffff = last LBA | 00000200 = 512 | 00 = P_TYPE/PROT_EN | 03 = 8 LBs per PB | 0000 | 16 reserved
        ReadCapacity16Data d = ReadCapacity16Data.parse(hex("000000000007ffff 00000200 00 03 0000" + "00".repeat(16)));
        assertThat(d.capacityBlocks()).isEqualTo(0x80000);
        assertThat(d.logicalBlocksPerPhysicalBlockExponent()).isEqualTo(3);
        assertThat(d.lbpme()).isFalse();
        assertThat(d.toBytes()).isEqualTo(hex("000000000007ffff 00000200 00 03 0000" + "00".repeat(16)));
    }

    @Test
    void readCapacity16ThinProvisioningBits() {
        byte[] b = ReadCapacity16Data.forCapacity(100, 4096, true, true).toBytes();
        assertThat(b[14]).isEqualTo((byte) 0xC0); // LBPME | LBPRZ
        assertThat(ReadCapacity16Data.parse(b).lbprz()).isTrue();
    }

    @Test
    void readCapacity16TooShortIsAFormatError() {
        assertThatThrownBy(() -> ReadCapacity16Data.parse(new byte[8])).isInstanceOf(ScsiFormatException.class);
    }

    @Test
    void unmapParameterListLayout() {
        UnmapParameterList l = new UnmapParameterList(List.of(new UnmapBlockDescriptor(0x10, 8)));
        // 0016 = UNMAP DATA LENGTH 22 | 0010 = descriptor data length 16 | 4 reserved | LBA | blocks | 4 reserved
        assertThat(l.toBytes()).isEqualTo(hex("0016 0010 00000000 0000000000000010 00000008 00000000"));
        assertThat(UnmapParameterList.parse(l.toBytes())).isEqualTo(l);
    }

    @Test
    void unmapEmptyListUnmapsNothing() {
        assertThat(UnmapParameterList.parse(new byte[0]).descriptors()).isEmpty();
    }

    @Test
    void unmapDescriptorLengthBeyondDataLengthIsInvalidFieldAtByte2() {
        assertThatThrownBy(() -> UnmapParameterList.parse(hex("0006 0010 00000000")))
                .isInstanceOfSatisfying(InvalidParameterListException.class, e -> {
                    assertThat(e.fieldPointer().byteOffset()).isEqualTo(2);
                    assertThat(e.additionalSense().asc()).isEqualTo(0x26);
                });
    }

    @Test
    void unmapShortHeaderIsAParameterListLengthError() {
        assertThatThrownBy(() -> UnmapParameterList.parse(hex("0006 00")))
                .isInstanceOfSatisfying(InvalidParameterListException.class,
                        e -> assertThat(e.additionalSense().asc()).isEqualTo(0x1A));
    }

    @Test
    void unmapRoundTripAndArbitraryBytes() {
        qt().forAll(SourceDSL.lists().of(CdbGenerators.u64().zip(CdbGenerators.u32(), UnmapBlockDescriptor::new))
                .ofSizeBetween(0, 8)).checkAssert(list -> {
                    UnmapParameterList l = new UnmapParameterList(list);
                    assertThat(UnmapParameterList.parse(l.toBytes())).isEqualTo(l);
                });
        qt().withExamples(5000).forAll(ScsiDataGenerators.bytes(0, 60)).checkAssert(b -> {
            try {
                UnmapParameterList.parse(b);
            } catch (InvalidParameterListException e) {
                assertThat(e.fieldPointer().commandData()).isFalse();
            }
        });
    }

    @Test
    void lbaStatusDescriptorsRoundTrip() {
        LbaStatusData d = new LbaStatusData(List.of(new LbaStatusDescriptor(0, 100, LbaStatusDescriptor.MAPPED),
                new LbaStatusDescriptor(100, 28, LbaStatusDescriptor.DEALLOCATED)));
        byte[] b = d.toBytes();
        assertThat(HexFormat.of().formatHex(b, 0, 8)).isEqualTo("0000002400000000"); // 36 = 4 + 2 * 16
        assertThat(b[8 + 16 + 12]).isEqualTo((byte) 1);
        assertThat(LbaStatusData.parse(b)).isEqualTo(d);
        assertThat(LbaStatusData.parse(java.util.Arrays.copyOf(b, 30)).descriptors()).hasSize(1);
    }
}
