package org.iscsilab.protocol.scsi.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.LbaRange;
import org.junit.jupiter.api.Test;

class ReadWriteCdbTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void read10FromLibiscsiCapture() {
        // 28 = READ(10) | 00 = RDPROTECT/DPO/FUA | 00000000 = LBA 0 | 00 = group | 0001 = 1 block | 00 = control
        Cdb cdb = Cdb.parse(hex("28 00 00000000 00 0001 00 000000000000"));
        assertThat(cdb).isEqualTo(Read.of10(0, 1));
        assertThat(cdb.describe()).isEqualTo("READ(10) LBA 0 blocks 1");
        assertThat(cdb.expectedDataTransferLength(512)).isEqualTo(512);
        assertThat(cdb.dataDirection()).isEqualTo(DataDirection.READ);
    }

    @Test
    void read16WithLastPossibleLbaFromCapture() {
        // 88 = READ(16) | 00 = flags | ffffffffffffffff = LBA 2^64-1 | 00000001 = 1 block | 00 = group | 00 = control
        Read r = (Read) Cdb.parse(hex("88 00 ffffffffffffffff 00000001 00 00"));
        assertThat(r.lba()).isEqualTo(-1L);
        assertThat(r.describe()).isEqualTo("READ(16) LBA 18446744073709551615 blocks 1");
    }

    @Test
    void zeroLengthRead16DescribesItselfForDiagnoses() {
        // the istgt hang: READ(16) LBA 0 blocks 0
        Cdb cdb = Cdb.parse(hex("88 00 0000000000000000 00000000 00 00"));
        assertThat(cdb.describe()).isEqualTo("READ(16) LBA 0 blocks 0");
        assertThat(cdb.expectedDataTransferLength(512)).isZero();
        assertThat(cdb.lbaRange()).contains(new LbaRange(0, 0));
    }

    @Test
    void read6TransferLengthZeroMeans256Blocks() {
        // 08 = READ(6) | 01 2345 = LBA 0x012345 | 00 = transfer length 0 -> 256 | 00 = control
        Read r = (Read) Cdb.parse(hex("08 01 2345 00 00"));
        assertThat(r.lba()).isEqualTo(0x012345);
        assertThat(r.transferLength()).isEqualTo(256);
        assertThat(r.expectedDataTransferLength(512)).isEqualTo(256 * 512);
        assertThat(r.toBytes()).isEqualTo(hex("08 01 2345 00 00"));
    }

    @Test
    void write6Of256BlocksEncodesZero() {
        assertThat(Write.of6(7, 256).toBytes()).isEqualTo(hex("0a 00 0007 00 00"));
    }

    @Test
    void read6RejectsReservedBitsAboveTheLba() {
        assertThatThrownBy(() -> Cdb.parse(hex("08 20 0000 01 00")))
                .isInstanceOfSatisfying(InvalidCdbException.class, e -> {
                    assertThat(e.fieldPointer().byteOffset()).isEqualTo(1);
                    assertThat(e.fieldPointer().bit()).hasValue(5);
                });
    }

    @Test
    void write10WithFuaAndDpoFromBits() {
        // 2a | 18 = DPO (bit 4) + FUA (bit 3) | LBA 0x10 | group 0 | 8 blocks | control 0
        Write w = (Write) Cdb.parse(hex("2a 18 00000010 00 0008 00"));
        assertThat(w.dpo()).isTrue();
        assertThat(w.fua()).isTrue();
        assertThat(w.describe()).isEqualTo("WRITE(10) LBA 16 blocks 8 DPO FUA");
        assertThat(w.dataDirection()).isEqualTo(DataDirection.WRITE);
        assertThat(w.expectedDataTransferLength(4096)).isEqualTo(8 * 4096);
    }

    @Test
    void rdprotectIsReadFromTheTopBitsOfByte1() {
        Read r = (Read) Cdb.parse(hex("a8 60 00000000 00000004 00 00"));
        assertThat(r.rdprotect()).isEqualTo(3);
        assertThat(r.describe()).endsWith("RDPROTECT=3");
    }

    @Test
    void write12ReservedBitTwoOfByte1IsRejected() {
        assertThatThrownBy(() -> Cdb.parse(hex("aa 04 00000000 00000001 00 00")))
                .isInstanceOfSatisfying(InvalidCdbException.class,
                        e -> assertThat(e.fieldPointer().toString()).isEqualTo("field pointer byte 1 bit 2"));
    }

    @Test
    void groupNumberReservedBitsAreRejected() {
        assertThatThrownBy(() -> Cdb.parse(hex("8a 00 0000000000000000 00000001 20 00")))
                .isInstanceOfSatisfying(InvalidCdbException.class, e -> {
                    assertThat(e.fieldPointer().byteOffset()).isEqualTo(14);
                    assertThat(e.fieldPointer().bit()).hasValue(5);
                });
    }

    @Test
    void truncatedRead16IsInvalidNotUnknown() {
        assertThatThrownBy(() -> Cdb.parse(hex("88 00 00000000"))).isInstanceOf(InvalidCdbException.class)
                .hasMessageContaining("needs 16 CDB bytes");
    }

    @Test
    void paddingOfTheIscsiCdbFieldIsIgnored() {
        // a 10-byte CDB in the 16-byte iSCSI CDB field
        assertThat(Cdb.parse(hex("2a 00 00000000 00 0002 00 000000000000"))).isEqualTo(Write.of10(0, 2));
    }

    @Test
    void lbaRangeExceedsCapacityAtTheLastBlock() {
        assertThat(new LbaRange(0x7FFFF, 1).exceeds(0x80000)).isFalse();
        assertThat(new LbaRange(0x7FFFF, 2).exceeds(0x80000)).isTrue();
        assertThat(new LbaRange(-1L, 1).exceeds(0x80000)).isTrue();
        assertThat(new LbaRange(0x80000, 0).exceeds(0x80000)).isTrue();
    }

    @Test
    void sixByteFormRejectsFlagsItCannotCarry() {
        assertThatThrownBy(() -> new Read(6, 0, false, true, false, 0, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Read.of6(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
