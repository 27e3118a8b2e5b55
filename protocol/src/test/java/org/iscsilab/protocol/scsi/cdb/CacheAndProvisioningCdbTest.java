package org.iscsilab.protocol.scsi.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.iscsilab.protocol.scsi.DataDirection;
import org.junit.jupiter.api.Test;

class CacheAndProvisioningCdbTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void synchronizeCacheWholeMediumFromCapture() {
        // 35 = SYNCHRONIZE CACHE(10) | 00 | LBA 0 | group 0 | 0000 = blocks 0 | 00: the format tool's final flush
        SynchronizeCache s = (SynchronizeCache) Cdb.parse(hex("35 00 00000000 00 0000 00"));
        assertThat(s.wholeCache()).isTrue();
        assertThat(s.describe()).isEqualTo("SYNCHRONIZE CACHE(10) LBA 0 blocks 0 (whole medium)");
        assertThat(s.dataDirection()).isEqualTo(DataDirection.NONE);
        assertThat(s.expectedDataTransferLength(512)).isZero();
    }

    @Test
    void synchronizeCache16WithImmed() {
        // 91 | 02 = IMMED | LBA 0x1000 | blocks 8 | 00 | 00
        SynchronizeCache s = (SynchronizeCache) Cdb.parse(hex("91 02 0000000000001000 00000008 00 00"));
        assertThat(s.immed()).isTrue();
        assertThat(s.wholeCache()).isFalse();
        assertThat(s.describe()).isEqualTo("SYNCHRONIZE CACHE(16) LBA 4096 blocks 8 IMMED");
    }

    @Test
    void preFetch10And16() {
        assertThat(Cdb.parse(hex("34 02 00000010 00 0020 00"))).isEqualTo(new PreFetch(10, true, 0x10, 0x20, 0, 0));
        assertThat(new PreFetch(16, false, 1L << 40, 1, 0, 0).toBytes())
                .isEqualTo(hex("90 00 0000010000000000 00000001 00 00"));
    }

    @Test
    void writeSame16WithUnmapLikeLinuxDiscard() {
        // 93 | 08 = UNMAP | LBA 0x800 | 0x10000 blocks | 00 | 00
        WriteSame w = (WriteSame) Cdb.parse(hex("93 08 0000000000000800 00010000 00 00"));
        assertThat(w).isEqualTo(WriteSame.unmap16(0x800, 0x10000));
        assertThat(w.expectedDataTransferLength(512)).isEqualTo(512);
        assertThat(w.describe()).isEqualTo("WRITE SAME(16) LBA 2048 blocks 65536 UNMAP");
    }

    @Test
    void writeSame16NdobHasNoDataOut() {
        WriteSame w = (WriteSame) Cdb.parse(hex("93 09 0000000000000000 00000010 00 00"));
        assertThat(w.ndob()).isTrue();
        assertThat(w.dataDirection()).isEqualTo(DataDirection.NONE);
        assertThat(w.expectedDataTransferLength(512)).isZero();
    }

    @Test
    void anchorWithoutUnmapIsInvalidAtByte1Bit4() {
        assertThatThrownBy(() -> Cdb.parse(hex("41 10 00000000 00 0001 00")))
                .isInstanceOfSatisfying(InvalidCdbException.class,
                        e -> assertThat(e.fieldPointer()).hasToString("field pointer byte 1 bit 4"));
    }

    @Test
    void ndobBitInWriteSame10IsReserved() {
        assertThatThrownBy(() -> Cdb.parse(hex("41 01 00000000 00 0001 00"))).isInstanceOf(InvalidCdbException.class);
    }

    @Test
    void unmapCdb() {
        // 42 = UNMAP | 00 | 00000000 | 00 = group | 0018 = 24-byte list | 00
        Unmap u = (Unmap) Cdb.parse(hex("42 00 00000000 00 0018 00"));
        assertThat(u.parameterListLength()).isEqualTo(24);
        assertThat(u.dataDirection()).isEqualTo(DataDirection.WRITE);
        assertThat(u.describe()).isEqualTo("UNMAP parameter list 24 bytes");
    }

    @Test
    void verifyWithBytchkTransfersBlocksOrOneBlock() {
        Verify one = (Verify) Cdb.parse(hex("2f 02 00000000 00 0008 00")); // BYTCHK 01b
        assertThat(one.expectedDataTransferLength(512)).isEqualTo(8 * 512);
        Verify same = (Verify) Cdb.parse(hex("8f 06 0000000000000000 00000008 00 00")); // BYTCHK 11b
        assertThat(same.expectedDataTransferLength(512)).isEqualTo(512);
        assertThat(Verify.of16(0, 8).dataDirection()).isEqualTo(DataDirection.NONE);
        assertThatThrownBy(() -> Cdb.parse(hex("af 04 00000000 00000008 00 00")))
                .isInstanceOfSatisfying(InvalidCdbException.class, e -> assertThat(e).hasMessageContaining("BYTCHK"));
    }

    @Test
    void writeAndVerifyFromCapture() {
        // 2e | 00 | LBA 0 | 00 | 0001 | 00
        WriteAndVerify w = (WriteAndVerify) Cdb.parse(hex("2e 00 00000000 00 0001 00"));
        assertThat(w.describe()).isEqualTo("WRITE AND VERIFY(10) LBA 0 blocks 1");
        // 2e 02: BYTCHK, as libiscsi's test sends it
        assertThat(((WriteAndVerify) Cdb.parse(hex("2e 02 00000000 00 0001 00"))).bytchk()).isTrue();
        assertThat(Cdb.parse(hex("ae 00 00000000 00000002 00 00")).expectedDataTransferLength(4096)).isEqualTo(8192);
    }

    @Test
    void compareAndWriteTransfersTwiceTheBlocks() {
        // 89 | 00 | LBA 0x20 | 000000 | 01 = 1 block | 00 | 00
        CompareAndWrite c = (CompareAndWrite) Cdb.parse(hex("89 00 0000000000000020 000000 01 00 00"));
        assertThat(c).isEqualTo(CompareAndWrite.of(0x20, 1));
        assertThat(c.expectedDataTransferLength(512)).isEqualTo(1024);
        assertThatThrownBy(() -> Cdb.parse(hex("89 00 0000000000000020 000100 01 00 00")))
                .isInstanceOfSatisfying(InvalidCdbException.class,
                        e -> assertThat(e.fieldPointer().byteOffset()).isEqualTo(11));
    }
}
