package org.iscsilab.protocol.scsi.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;

import org.iscsilab.testfixtures.scsi.CdbGenerators;
import org.junit.jupiter.api.Test;

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
}
