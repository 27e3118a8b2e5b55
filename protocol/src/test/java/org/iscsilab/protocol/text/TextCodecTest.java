package org.iscsilab.protocol.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.iscsilab.testfixtures.text.TextGenerators;
import org.junit.jupiter.api.Test;

class TextCodecTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encodesPairsEachTerminatedByNul() {
        byte[] b = TextCodec.encode(List.of(KeyValue.of("HeaderDigest", "None"), KeyValue.of("X-a", "")));
        assertThat(b).isEqualTo(ascii("HeaderDigest=None\0X-a=\0"));
    }

    @Test
    void decodesPairsAndToleratesZeroPadding() throws Exception {
        assertThat(TextCodec.decode(ascii("A=1\0B=x=y\0\0\0\0")))
                .containsExactly(KeyValue.of("A", "1"), KeyValue.of("B", "x=y"));
        assertThat(TextCodec.decode(new byte[0])).isEmpty();
    }

    @Test
    void rejectsAnUnterminatedLastPair() {
        assertThatThrownBy(() -> TextCodec.decode(ascii("A=1\0B=2")))
                .isInstanceOf(TextFormatException.class).hasMessageContaining("not terminated")
                .hasMessageContaining("RFC 7143 §6.1");
    }

    @Test
    void rejectsAPairWithoutEqualsSign() {
        assertThatThrownBy(() -> TextCodec.decode(ascii("Nonsense\0")))
                .isInstanceOf(TextFormatException.class).hasMessageContaining("has no '='");
    }

    @Test
    void rejectsAnEmptyKeyAndAKeyLongerThan63Bytes() {
        assertThatThrownBy(() -> TextCodec.decode(ascii("=v\0"))).hasMessageContaining("empty key");
        assertThatThrownBy(() -> TextCodec.decode(ascii("K".repeat(64) + "=v\0")))
                .hasMessageContaining("64 bytes exceeds 63");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] b = {'A', '=', (byte) 0xC3, (byte) 0x28, 0};
        assertThatThrownBy(() -> TextCodec.decode(b)).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void decodesUtf8Values() throws Exception {
        assertThat(TextCodec.decode(ascii("InitiatorAlias=Zürich-ноутбук\0")))
                .containsExactly(KeyValue.of("InitiatorAlias", "Zürich-ноутбук"));
    }

    @Test
    void assemblesAPairSplitAcrossContinuedPdus() throws Exception {
        TextSegmentAssembler a = new TextSegmentAssembler();
        assertThat(a.append(ascii("MaxBurstLen"), true)).isEmpty();
        assertThat(a.inProgress()).isTrue();
        assertThat(a.append(ascii("gth=262144\0First"), true)).isEmpty();
        assertThat(a.append(ascii("BurstLength=65536\0"), false)).contains(List.of(
                KeyValue.of("MaxBurstLength", "262144"), KeyValue.of("FirstBurstLength", "65536")));
        assertThat(a.inProgress()).isFalse();
    }

    @Test
    void refusesContinuedTextBeyond64KiB() throws Exception {
        TextSegmentAssembler a = new TextSegmentAssembler();
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'a');
        for (int i = 0; i < 8; i++) {
            assertThat(a.append(chunk, true)).isEmpty();
        }
        assertThatThrownBy(() -> a.append(new byte[] {'b'}, true))
                .isInstanceOf(TextFormatException.class)
                .hasMessageContaining("65537 bytes").hasMessageContaining("limit of 65536 bytes");
        assertThat(a.pendingBytes()).isZero();
    }

    @Test
    void splitsTextIntoSegmentsOfAtMostTheLimit() {
        List<byte[]> parts = TextCodec.split(ascii("abcdefghij"), 4);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(2)).isEqualTo(ascii("ij"));
        assertThat(TextCodec.split(new byte[0], 4)).hasSize(1);
    }

    @Test
    void encodeThenDecodeIsIdentity() {
        qt().forAll(TextGenerators.pairLists()).checkAssert(pairs -> {
            try {
                assertThat(TextCodec.decode(TextCodec.encode(pairs))).isEqualTo(pairs);
            } catch (TextFormatException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void continuationAtArbitrarySplitPointsGivesTheSamePairs() {
        qt().forAll(TextGenerators.pairLists(), integers().between(1, 300)).checkAssert((pairs, segment) -> {
            byte[] text = TextCodec.encode(pairs);
            List<byte[]> parts = TextCodec.split(text, segment);
            TextSegmentAssembler a = new TextSegmentAssembler();
            List<Optional<List<KeyValue>>> results = new ArrayList<>();
            try {
                for (int i = 0; i < parts.size(); i++) {
                    results.add(a.append(parts.get(i), i < parts.size() - 1));
                }
            } catch (TextFormatException e) {
                throw new AssertionError(e);
            }
            assertThat(results.subList(0, results.size() - 1)).allMatch(Optional::isEmpty);
            assertThat(results.get(results.size() - 1)).contains(pairs);
        });
    }
}
