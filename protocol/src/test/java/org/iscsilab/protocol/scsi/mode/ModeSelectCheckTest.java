package org.iscsilab.protocol.scsi.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.junit.jupiter.api.Test;

class ModeSelectCheckTest {
    private static final CachingPage CURRENT = CachingPage.of(true, false);
    /** Only WCE may change. */
    private static final CachingPage CHANGEABLE = CachingPage.of(true, false);

    @Test
    void clearingAChangeableWceIsAccepted() {
        ModePage result = ModeSelectCheck.apply(CURRENT, CHANGEABLE, CachingPage.of(false, false), 4);
        assertThat(((CachingPage) result).wce()).isFalse();
    }

    @Test
    void settingRcdWhichIsNotChangeablePointsAtByte2Bit0OfThePage() {
        assertThatThrownBy(() -> ModeSelectCheck.apply(CURRENT, CHANGEABLE, CachingPage.of(true, true), 4))
                .isInstanceOfSatisfying(InvalidParameterListException.class, e -> {
                    assertThat(e.fieldPointer()).hasToString("parameter pointer byte 6 bit 0");
                    assertThat(e.additionalSense().asc()).isEqualTo(0x26);
                });
    }

    @Test
    void psBitIsReservedInModeSelect() {
        CachingPage withPs = new CachingPage(true, false, false, false, false, false, true, false, false, 0, 0, 0, 0,
                0, 0, false, false, false, false, 0, 0);
        assertThatThrownBy(() -> ModeSelectCheck.apply(CURRENT, CHANGEABLE, withPs, 4))
                .isInstanceOfSatisfying(InvalidParameterListException.class,
                        e -> assertThat(e.fieldPointer()).hasToString("parameter pointer byte 4 bit 7"));
    }

    @Test
    void wholeListIsCheckedWithOffsetsAfterHeaderAndDescriptors() {
        ModeParameterList req = ModeParameterList.of(false, false, Optional.of(new BlockDescriptor(0, 512)),
                List.of(CachingPage.of(true, true)));
        assertThatThrownBy(() -> ModeSelectCheck.applyAll(List.of(CURRENT), List.of(CHANGEABLE), req, false))
                .isInstanceOfSatisfying(InvalidParameterListException.class,
                        e -> assertThat(e.fieldPointer().byteOffset()).isEqualTo(4 + 8 + 2));
        ModeParameterList ok = ModeParameterList.of(false, false, Optional.empty(), List.of(CachingPage.of(false,
                false)));
        assertThat(ModeSelectCheck.applyAll(List.of(CURRENT), List.of(CHANGEABLE), ok, false))
                .containsExactly(CachingPage.of(false, false));
    }
}
