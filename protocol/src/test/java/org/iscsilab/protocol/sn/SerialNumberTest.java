package org.iscsilab.protocol.sn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.iscsilab.protocol.sn.SerialNumber.Order;
import org.junit.jupiter.api.Test;

class SerialNumberTest {

    @Test
    void comparesAcrossTheWrap() {
        assertThat(SerialNumber.lessThan(0xFFFFFFFF, 0)).isTrue();
        assertThat(SerialNumber.greaterThan(0, 0xFFFFFFFF)).isTrue();
        assertThat(SerialNumber.lessThan(0x7FFFFFFF, 0x80000000)).isTrue();
        assertThat(SerialNumber.compare(5, 5)).isEqualTo(Order.EQUAL);
    }

    @Test
    void leavesNumbersExactlyTwoToThe31ApartUndefined() {
        assertThat(SerialNumber.compare(0, 0x80000000)).isEqualTo(Order.UNDEFINED);
        assertThat(SerialNumber.compare(0x80000000, 0)).isEqualTo(Order.UNDEFINED);
        assertThat(SerialNumber.lessThan(0, 0x80000000)).isFalse();
        assertThat(SerialNumber.greaterThan(0, 0x80000000)).isFalse();
        assertThat(SerialNumber.lessOrEqual(0, 0x80000000)).isFalse();
    }

    @Test
    void refusesAdditionBeyondTwoToThe31MinusOne() {
        assertThat(SerialNumber.add(0xFFFFFFFF, 1)).isZero();
        assertThat(SerialNumber.add(0, SerialNumber.MAX_ADD)).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> SerialNumber.add(0, SerialNumber.MAX_ADD + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 1982 §3.1");
        assertThatThrownBy(() -> SerialNumber.add(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandWindowAcrossTheWrap() {
        assertThat(SerialNumber.inWindow(0xFFFFFFFE, 0xFFFFFFFE, 2)).isTrue();
        assertThat(SerialNumber.inWindow(0, 0xFFFFFFFE, 2)).isTrue();
        assertThat(SerialNumber.inWindow(2, 0xFFFFFFFE, 2)).isTrue();
        assertThat(SerialNumber.inWindow(3, 0xFFFFFFFE, 2)).isFalse();
        assertThat(SerialNumber.inWindow(0xFFFFFFFD, 0xFFFFFFFE, 2)).isFalse();
        assertThat(SerialNumber.windowSize(0xFFFFFFFE, 2)).isEqualTo(5);
    }

    @Test
    void emptyWindowWhenMaxCmdSNIsExpCmdSNMinusOne() {
        assertThat(SerialNumber.isWindowEmpty(10, 9)).isTrue();
        assertThat(SerialNumber.inWindow(10, 10, 9)).isFalse();
        assertThat(SerialNumber.windowSize(10, 9)).isZero();
        assertThat(SerialNumber.isWindowValid(10, 8)).isFalse();
        assertThat(SerialNumber.inWindow(10, 10, 8)).isFalse();
    }

    @Test
    void additionMovesForwardAndCompareIsAntisymmetric() {
        qt().forAll(integers().all(), longs().between(1, SerialNumber.MAX_ADD)).checkAssert((s, n) -> {
            int t = SerialNumber.add(s, n);
            assertThat(SerialNumber.lessThan(s, t)).isTrue();
            assertThat(SerialNumber.greaterThan(t, s)).isTrue();
            assertThat(SerialNumber.distance(s, t)).isEqualTo(n);
        });
        qt().forAll(integers().all(), integers().all()).checkAssert((a, b) -> {
            Order ab = SerialNumber.compare(a, b);
            Order ba = SerialNumber.compare(b, a);
            switch (ab) {
                case LESS -> assertThat(ba).isEqualTo(Order.GREATER);
                case GREATER -> assertThat(ba).isEqualTo(Order.LESS);
                case EQUAL -> assertThat(ba).isEqualTo(Order.EQUAL);
                case UNDEFINED -> {
                    assertThat(ba).isEqualTo(Order.UNDEFINED);
                    assertThat(b - a).isEqualTo(Integer.MIN_VALUE);
                }
            }
        });
    }

    @Test
    void everyNumberInAWindowIsInsideAndTheNextIsOutside() {
        qt().forAll(integers().all(), integers().between(1, 1000), integers().between(0, 999))
                .checkAssert((exp, size, offset) -> {
                    int max = exp + size - 1;
                    assertThat(SerialNumber.inWindow(exp + offset % size, exp, max)).isTrue();
                    assertThat(SerialNumber.inWindow(max + 1, exp, max)).isFalse();
                    assertThat(SerialNumber.inWindow(exp - 1, exp, max)).isFalse();
                });
    }
}
