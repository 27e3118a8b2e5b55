package org.iscsilab.protocol.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arrays;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextValuesTest {

    @Test
    void parsesDecimalHexAndBase64Numbers() {
        assertThat(TextValues.parseNumber("8192")).hasValue(8192);
        assertThat(TextValues.parseNumber("0")).hasValue(0);
        assertThat(TextValues.parseNumber("0x2000")).hasValue(8192);
        assertThat(TextValues.parseNumber("0X2000")).hasValue(8192);
        assertThat(TextValues.parseNumber("0bIAA=")).hasValue(8192);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+5", "012", "1e3", "0x", "0xZZ", "0b", "0b!!", "12 ", "99999999999999999999"})
    void refusesMalformedNumbers(String v) {
        assertThat(TextValues.parseNumber(v)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void hexAndBase64RoundTrip() {
        qt().forAll(arrays().ofIntegers(integers().between(0, 255)).withLengthBetween(1, 1024)).checkAssert(ints -> {
            byte[] b = new byte[ints.length];
            for (int i = 0; i < ints.length; i++) {
                b[i] = (byte) ints[i].intValue();
            }
            assertThat(TextValues.parseBinary(TextValues.formatHex(b))).hasValueSatisfying(x -> assertThat(x).isEqualTo(b));
            assertThat(TextValues.parseBinary(TextValues.formatBase64(b))).hasValueSatisfying(x -> assertThat(x).isEqualTo(b));
        });
    }

    @Test
    void decimalNumbersRoundTrip() {
        qt().forAll(longs().between(0, Long.MAX_VALUE)).checkAssert(n ->
                assertThat(TextValues.parseNumber(Long.toString(n))).hasValue(n));
    }

    @Test
    void oddHexDigitCountImpliesLeadingZero() {
        assertThat(TextValues.parseBinary("0xabc")).hasValueSatisfying(b -> assertThat(b).containsExactly(0x0a, 0xbc));
    }

    @Test
    void booleansAreCaseSensitive() {
        assertThat(TextValues.parseBoolean("Yes")).contains(true);
        assertThat(TextValues.parseBoolean("No")).contains(false);
        assertThat(TextValues.parseBoolean("yes")).isEmpty();
    }

    @Test
    void textValueAlphabet() {
        assertThat(TextValues.isTextValue("CRC32C")).isTrue();
        assertThat(TextValues.isTextValue("a.b-c+d@e_f/g[h]:i")).isTrue();
        assertThat(TextValues.isTextValue("a b")).isFalse();
        assertThat(TextValues.exceedsSimpleValueLength("x".repeat(255))).isFalse();
        assertThat(TextValues.exceedsSimpleValueLength("x".repeat(256))).isTrue();
    }

    @Test
    void iscsiNameForms() {
        assertThat(IscsiName.isValid("iqn.2026-11.org.iscsilab:sim")).isTrue();
        assertThat(IscsiName.isValid("iqn.1994-05.com.redhat:185ce16b55ad")).isTrue();
        assertThat(IscsiName.isValid("eui.02004567A425678D")).isTrue();
        assertThat(IscsiName.isValid("naa.52004567BA64678D")).isTrue();
        assertThat(IscsiName.isValid("naa.62004567BA64678D0123456789ABCDEF")).isTrue();
        assertThat(IscsiName.problem("iqn.2026-13.org.x")).get().asString().contains("§4.2.7.4");
        assertThat(IscsiName.isValid("iqn.2000-01.com.synology:DiskStation.Target-1.abcdef")).isTrue();
        assertThat(IscsiName.isNormalized("iqn.2000-01.com.synology:DiskStation.Target-1.abcdef")).isFalse();
        assertThat(IscsiName.isNormalized("iqn.2026-11.org.iscsilab:sim")).isTrue();
        assertThat(IscsiName.problem("iqn.2026-11.org x")).isPresent();
        assertThat(IscsiName.problem("eui.0200")).get().asString().contains("16 hex digits");
        assertThat(IscsiName.problem("naa.1234")).isPresent();
        assertThat(IscsiName.problem("target0")).get().asString().contains("iqn., eui. or naa.");
        assertThat(IscsiName.problem("iqn.2026-11.org.x:" + "a".repeat(210))).get().asString().contains("223");
    }
}
