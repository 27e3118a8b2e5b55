package org.iscsilab.protocol.scsi.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.iscsilab.protocol.scsi.InvalidParameterListException;
import org.iscsilab.protocol.scsi.ScsiFormatException;
import org.iscsilab.testfixtures.scsi.ScsiDataGenerators;
import org.junit.jupiter.api.Test;

class ModeParameterListTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** tgt's answer to MODE SENSE(6) page 0x3F, alloc 255, from libiscsi-tgt-mixed.pcap. */
    private static final String TGT_ALL_PAGES = "69 00 10 08" // MODE DATA LENGTH 105 | medium 0 | DPOFUA | BDL 8
            + " 00000000 00 000200" // block descriptor: 0 blocks, 512-byte blocks
            + " 00 00" // vendor page 0, length 0 (tgt emits it)
            + " 02 0e 8080000a 00000000000000000000" // disconnect-reconnect page (unmodelled)
            + " 08 12 14 00 ffff 0000 ffff ffff 80 14 0000 00 000000" // caching: DISC WCE, FSW, 20 segments
            + " 0a 0a 02 10 00 00 0000 0000 0200" // control: GLTSD, QAM 1, ext. self-test 512 s
            + " 4a 01 001c 04" + " 00".repeat(27) // control extension sub-page 0x0A/0x01
            + " 1c 0a 08 00 00000000 00000000"; // informational exceptions: DEXCPT

    @Test
    void commentedLayoutIsTheCapturedBytes() {
        assertThat(HexFormat.of().formatHex(hex(TGT_ALL_PAGES))).isEqualTo("6900100800000000000002000000020e8080000a"
                + "0000000000000000000008121400ffff0000ffffffff80140000000000000a0a021000000000000002004a01001c04"
                + "0000000000000000000000000000000000000000000000000000001c0a08000000000000000000");
    }

    @Test
    void tgtAllPagesFromCapture() {
        ModeParameterList l = ModeParameterList.parseSense6(hex(TGT_ALL_PAGES));
        assertThat(l.dpofua()).isTrue();
        assertThat(l.writeProtected()).isFalse();
        assertThat(l.blockDescriptors()).containsExactly(new BlockDescriptor(0, 512));
        assertThat(l.pages()).hasSize(6);
        assertThat(l.pages().get(0)).isInstanceOf(UnknownModePage.class);
        CachingPage caching = l.cachingPage().orElseThrow();
        assertThat(caching.wce()).isTrue();
        assertThat(caching.rcd()).isFalse();
        assertThat(caching.numberOfCacheSegments()).isEqualTo(0x14);
        ControlPage control = (ControlPage) l.page(ModePage.CONTROL).orElseThrow();
        assertThat(control.gltsd()).isTrue();
        assertThat(control.queueAlgorithmModifier()).isEqualTo(1);
        assertThat(l.pages().get(4)).isInstanceOfSatisfying(UnknownModePage.class, p -> {
            assertThat(p.spf()).isTrue();
            assertThat(p.subpageCode()).isEqualTo(1);
        });
        assertThat(((InformationalExceptionsControlPage) l.pages().get(5)).dexcpt()).isTrue();
        assertThat(l.toBytes6()).isEqualTo(hex(TGT_ALL_PAGES));
    }

    @Test
    void writeProtectedLunFromCaptureSetsWpInTheDeviceSpecificParameter() {
        // MODE SENSE(6) page 0x0A from a read-only tgt LUN: 17 = MDL 23 | 00 | 90 = WP + DPOFUA | 08 = BDL
        // | descriptor | control page with SWP (byte 4 bit 3)
        ModeParameterList l = ModeParameterList.parseSense6(
                hex("17 00 90 08 00000000 00 000200 0a0a 02 10 08 00 0000 0000 0200"));
        assertThat(l.writeProtected()).isTrue();
        assertThat(((ControlPage) l.pages().get(0)).swp()).isTrue();
    }

    @Test
    void dataCutByTheAllocationLengthKeepsWhatArrived() {
        // MODE SENSE(6) 0x3F with allocation length 4: only the header arrives
        ModeParameterList l = ModeParameterList.parseSense6(hex("69 00 10 08"));
        assertThat(l.blockDescriptors()).isEmpty();
        assertThat(l.pages()).isEmpty();
        assertThat(l.dpofua()).isTrue();
        // a page cut in the middle is left out
        byte[] cut = java.util.Arrays.copyOf(hex(TGT_ALL_PAGES), 40);
        assertThat(ModeParameterList.parseSense6(cut).pages()).hasSize(2);
    }

    @Test
    void modeSelectCachingPageWithWceCleared() {
        ModeParameterList l = ModeParameterList.of(false, false, Optional.empty(), List.of(CachingPage.of(false, false)));
        byte[] b = l.toBytes6();
        // 17 = MDL 23 | 00 | 00 | 00 = no descriptors | 08 12 = caching page, length 18 | 00 = WCE clear
        assertThat(HexFormat.of().formatHex(b, 0, 7)).isEqualTo("17000000081200");
        assertThat(ModeParameterList.parseSelect6(b)).isEqualTo(l);
    }

    @Test
    void modeSelectWithAPageOverrunningTheListIsALengthErrorAtThePageLength() {
        assertThatThrownBy(() -> ModeParameterList.parseSelect6(hex("00 00 00 00 08 12 04")))
                .isInstanceOfSatisfying(InvalidParameterListException.class, e -> {
                    assertThat(e.fieldPointer().byteOffset()).isEqualTo(5);
                    assertThat(e.additionalSense().asc()).isEqualTo(0x1A);
                });
    }

    @Test
    void blockDescriptorLengthNotAMultipleOfEightIsInvalid() {
        assertThatThrownBy(() -> ModeParameterList.parseSelect6(hex("00 00 00 04 00000000")))
                .isInstanceOf(InvalidParameterListException.class).hasMessageContaining("multiple of 8");
    }

    @Test
    void longLbaDescriptorsUseTheTenByteHeader() {
        ModeParameterList l = new ModeParameterList(0, 0, true, List.of(new BlockDescriptor(1L << 40, 4096)),
                List.of());
        byte[] b = l.toBytes10();
        assertThat(b).hasSize(8 + 16);
        assertThat(b[4]).isEqualTo((byte) 1);
        assertThat(ModeParameterList.parseSense10(b)).isEqualTo(l);
        assertThatThrownBy(l::toBytes6).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shortBlockDescriptorSaturatesTheBlockCount() {
        assertThat(BlockDescriptor.forShort(1L << 33, 512).numberOfBlocks()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void pageControlCodes() {
        assertThat(PageControl.of(1)).isEqualTo(PageControl.CHANGEABLE);
        assertThat(PageControl.SAVED.code()).isEqualTo(3);
    }

    @Test
    void buildThenParseGivesTheSameListInBothHeaderForms() {
        qt().withExamples(2000).forAll(ScsiDataGenerators.modeParameterLists(false)).checkAssert(l -> {
            assertThat(ModeParameterList.parseSense6(l.toBytes6())).isEqualTo(l);
            assertThat(ModeParameterList.parseSelect6(l.toBytes6())).isEqualTo(l);
        });
        qt().withExamples(2000).forAll(ScsiDataGenerators.modeParameterLists(true)).checkAssert(l -> {
            assertThat(ModeParameterList.parseSense10(l.toBytes10())).isEqualTo(l);
            assertThat(ModeParameterList.parseSelect10(l.toBytes10())).isEqualTo(l);
        });
    }

    @Test
    void arbitraryBytesParseOrFailTyped() {
        qt().withExamples(10000).forAll(ScsiDataGenerators.bytes(0, 60)).checkAssert(b -> {
            for (java.util.function.Function<byte[], ModeParameterList> f : List.<java.util.function.Function<byte[],
                    ModeParameterList>>of(ModeParameterList::parseSense6, ModeParameterList::parseSense10,
                    ModeParameterList::parseSelect6, ModeParameterList::parseSelect10)) {
                try {
                    f.apply(b);
                } catch (ScsiFormatException e) {
                    assertThat(e.fieldPointer().commandData()).isFalse();
                }
            }
        });
    }
}
