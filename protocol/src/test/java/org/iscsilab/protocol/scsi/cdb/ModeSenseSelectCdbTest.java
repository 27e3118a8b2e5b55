package org.iscsilab.protocol.scsi.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.mode.PageControl;
import org.junit.jupiter.api.Test;

class ModeSenseSelectCdbTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void modeSense6AllPagesFromCapture() {
        // 1a = MODE SENSE(6) | 00 = DBD 0 | 3f = PC current, all pages | 00 = subpage | ff = alloc | 00
        ModeSense m = (ModeSense) Cdb.parse(hex("1a 00 3f 00 ff 00"));
        assertThat(m).isEqualTo(ModeSense.of6(ModeSense.ALL_PAGES, 255));
        assertThat(m.describe()).isEqualTo("MODE SENSE(6) page 0x3F PC current alloc 255");
    }

    @Test
    void modeSense6WithDbdAndChangeableValuesFromCapture() {
        // 1a | 08 = DBD | 4a = PC changeable (01b), page 0x0A | 00 | ff | 00
        ModeSense m = (ModeSense) Cdb.parse(hex("1a 08 4a 00 ff 00"));
        assertThat(m.dbd()).isTrue();
        assertThat(m.pageControl()).isEqualTo(PageControl.CHANGEABLE);
        assertThat(m.pageCode()).isEqualTo(0x0A);
    }

    @Test
    void modeSense10WithLlbaaAndSubpage() {
        // 5a | 10 = LLBAA | 88 = PC default, page 08 | ff = all subpages | 000000 | 1000 = alloc 4096 | 00
        ModeSense m = (ModeSense) Cdb.parse(hex("5a 10 88 ff 000000 1000 00"));
        assertThat(m.llbaa()).isTrue();
        assertThat(m.pageControl()).isEqualTo(PageControl.DEFAULT);
        assertThat(m.subpageCode()).isEqualTo(0xFF);
        assertThat(m.allocationLength()).isEqualTo(4096);
        assertThat(m.toBytes()).isEqualTo(hex("5a 10 88 ff 000000 1000 00"));
    }

    @Test
    void llbaaInModeSense6IsAReservedBit() {
        assertThatThrownBy(() -> Cdb.parse(hex("1a 10 3f 00 ff 00"))).isInstanceOfSatisfying(InvalidCdbException.class,
                e -> assertThat(e.fieldPointer().bit()).hasValue(4));
    }

    @Test
    void modeSelect6WithPfFromCapture() {
        // 15 = MODE SELECT(6) | 10 = PF | 0000 | 10 = 16 bytes | 00
        ModeSelect m = (ModeSelect) Cdb.parse(hex("15 10 0000 10 00"));
        assertThat(m.pf()).isTrue();
        assertThat(m.sp()).isFalse();
        assertThat(m.parameterListLength()).isEqualTo(16);
        assertThat(m.dataDirection()).isEqualTo(DataDirection.WRITE);
        assertThat(m.describe()).isEqualTo("MODE SELECT(6) PF parameter list 16 bytes");
    }

    @Test
    void modeSelect10WithSaveParameters() {
        ModeSelect m = new ModeSelect(10, true, true, 300, 0);
        assertThat(m.toBytes()).isEqualTo(hex("55 11 0000000000 012c 00"));
        assertThat(Cdb.parse(m.toBytes())).isEqualTo(m);
    }
}
