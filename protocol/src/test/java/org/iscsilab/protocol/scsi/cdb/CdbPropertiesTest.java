package org.iscsilab.protocol.scsi.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;

import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;
import org.iscsilab.testfixtures.scsi.CdbGenerators;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class CdbPropertiesTest {

    @Test
    void buildThenParseGivesTheSameRecord() {
        qt().withExamples(5000).forAll(CdbGenerators.cdbs())
                .checkAssert(cdb -> assertThat(Cdb.parse(cdb.toBytes())).isEqualTo(cdb));
    }

    @Test
    void parseThenBuildGivesTheSameBytesForValidCdbs() {
        qt().withExamples(5000).forAll(CdbGenerators.cdbs()).checkAssert(cdb -> {
            byte[] bytes = cdb.toBytes();
            assertThat(Cdb.parse(bytes).toBytes()).isEqualTo(bytes);
        });
    }

    @Test
    void builtCdbHasTheLengthItsGroupCodeImplies() {
        qt().forAll(CdbGenerators.cdbs())
                .checkAssert(cdb -> assertThat(cdb.toBytes()).hasSize(cdb.opcode().cdbLength()));
    }

    @Test
    void arbitraryBytesGiveARecordOrAnInvalidCdbExceptionAndNothingElse() {
        qt().withExamples(20000).forAll(CdbGenerators.arbitraryCdbBytes()).checkAssert(bytes -> {
            try {
                Cdb cdb = Cdb.parse(bytes);
                assertThat(cdb).isNotNull();
                assertThat(cdb.describe()).isNotBlank();
                if (!(cdb instanceof UnknownCdb)) {
                    // a parsed record rebuilds the bytes it came from, padding aside
                    byte[] rebuilt = cdb.toBytes();
                    assertThat(java.util.Arrays.copyOf(bytes, rebuilt.length)).isEqualTo(rebuilt);
                }
            } catch (InvalidCdbException e) {
                assertThat(e.fieldPointer().commandData()).isTrue();
                assertThat(e.fieldPointer().byteOffset()).isLessThan(Math.max(1, bytes.length));
            }
        });
    }

    @Test
    void describeAndDirectionNeverFail() {
        qt().forAll(CdbGenerators.cdbs()).checkAssert(cdb -> assertThatCode(() -> {
            cdb.describe();
            cdb.dataDirection();
            cdb.expectedDataTransferLength(512);
            cdb.lbaRange();
        }).doesNotThrowAnyException());
    }

    @Test
    void mutatedValidCdbsParseOrFailWithInvalidCdbException() {
        qt().withExamples(20000).forAll(CdbGenerators.cdbs(), Generate.range(0, 15), Generate.range(0, 7))
                .checkAssert((cdb, index, bit) -> {
                    byte[] b = cdb.toBytes();
                    b[index % b.length] ^= (byte) (1 << bit);
                    try {
                        Cdb parsed = Cdb.parse(b);
                        if (!(parsed instanceof UnknownCdb)) {
                            // a flipped opcode bit may select a shorter CDB; the rest is then padding
                            byte[] rebuilt = parsed.toBytes();
                            assertThat(rebuilt).isEqualTo(java.util.Arrays.copyOf(b, rebuilt.length));
                        }
                    } catch (InvalidCdbException e) {
                        assertThat(e.fieldPointer().byteOffset()).isBetween(0, b.length - 1);
                        assertThat(e.additionalSense()).isEqualTo(AdditionalSense.INVALID_FIELD_IN_CDB);
                    }
                });
    }

    @Test
    void aCommandThatTransfersBytesHasADirection() {
        qt().forAll(CdbGenerators.cdbs(), Generate.pick(java.util.List.of(512, 4096))).checkAssert((cdb, bs) -> {
            if (cdb.expectedDataTransferLength(bs) > 0) {
                assertThat(cdb.dataDirection()).isNotEqualTo(DataDirection.NONE);
            }
        });
    }

    @Test
    void everyReservedBitIsRejectedWithItsOwnFieldPointer() {
        qt().withExamples(2000).forAll(CdbGenerators.reservedBitViolations()).checkAssert(c -> {
            try {
                Cdb.parse(c.cdb());
                throw new AssertionError("accepted " + c);
            } catch (InvalidCdbException e) {
                assertThat(e.fieldPointer().byteOffset()).as(c.toString()).isEqualTo(c.byteOffset());
                assertThat(e.fieldPointer().bit()).as(c.toString()).hasValue(c.bit());
            }
        });
    }
}
