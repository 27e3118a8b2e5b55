package org.iscsilab.protocol.scsi.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every distinct CDB libiscsi's test tool sent to tgt 1.0.85 in
 * {@code captures/libiscsi-tgt-mixed.pcap} (the 16-byte iSCSI CDB field, padding included), with
 * the description the pcap analyser prints. The 250-odd INQUIRY allocation-length sweep is
 * represented by its edges.
 */
class CapturedCdbsTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "00000000000000000000000000000000, TEST UNIT READY",
            "12000000600000000000000000000000, INQUIRY standard alloc 96",
            "12000000ff0000000000000000000000, INQUIRY standard alloc 255",
            "12000001040000000000000000000000, INQUIRY standard alloc 260",
            "12000001ff0000000000000000000000, INQUIRY standard alloc 511",
            "12000002000000000000000000000000, INQUIRY standard alloc 512",
            "12010000ff0000000000000000000000, INQUIRY VPD page 0x00 alloc 255",
            "12018000ff0000000000000000000000, INQUIRY VPD page 0x80 alloc 255",
            "12018300ff0000000000000000000000, INQUIRY VPD page 0x83 alloc 255",
            "1201b000400000000000000000000000, INQUIRY VPD page 0xB0 alloc 64",
            "1201b000ff0000000000000000000000, INQUIRY VPD page 0xB0 alloc 255",
            "1201b100ff0000000000000000000000, INQUIRY VPD page 0xB1 alloc 255",
            "1201b200ff0000000000000000000000, INQUIRY VPD page 0xB2 alloc 255",
            "15100000100000000000000000000000, MODE SELECT(6) PF parameter list 16 bytes",
            "1a000a00ff0000000000000000000000, MODE SENSE(6) page 0x0A PC current alloc 255",
            "1a003f00040000000000000000000000, MODE SENSE(6) page 0x3F PC current alloc 4",
            "1a003f00ff0000000000000000000000, MODE SENSE(6) page 0x3F PC current alloc 255",
            "1a080a00ff0000000000000000000000, MODE SENSE(6) page 0x0A PC current DBD alloc 255",
            "1a084a00ff0000000000000000000000, MODE SENSE(6) page 0x0A PC changeable DBD alloc 255",
            "25000000000000000000000000000000, READ CAPACITY(10)",
            "28000000000000000100000000000000, READ(10) LBA 0 blocks 1",
            "28000000000000000200000000000000, READ(10) LBA 0 blocks 2",
            "2a000000000000000100000000000000, WRITE(10) LBA 0 blocks 1",
            "2a000000000000000200000000000000, WRITE(10) LBA 0 blocks 2",
            "2a000000000000000800000000000000, WRITE(10) LBA 0 blocks 8",
            "2e000000000000000000000000000000, WRITE AND VERIFY(10) LBA 0 blocks 0",
            "2e020000000000000100000000000000, WRITE AND VERIFY(10) LBA 0 blocks 1 BYTCHK",
            "2e020000000000000200000000000000, WRITE AND VERIFY(10) LBA 0 blocks 2 BYTCHK",
            "5e000000000000400000000000000000, PERSISTENT RESERVE IN READ KEYS alloc 16384",
            "88000000000000000000000000010000, READ(16) LBA 0 blocks 1",
            "88000000000000000000000000020000, READ(16) LBA 0 blocks 2",
            "8800ffffffffffffffff000000010000, READ(16) LBA 18446744073709551615 blocks 1",
            "8a000000000000000000000000010000, WRITE(16) LBA 0 blocks 1",
            "8a000000000000000000000000020000, WRITE(16) LBA 0 blocks 2",
            "8e000000000000000000000000010000, WRITE AND VERIFY(16) LBA 0 blocks 1",
            "8e000000000000000000000000020000, WRITE AND VERIFY(16) LBA 0 blocks 2",
            "8e020000000000000000000000000000, WRITE AND VERIFY(16) LBA 0 blocks 0 BYTCHK",
            "9e100000000000000000000000200000, READ CAPACITY(16) alloc 32",
            "9e100000000000000000000000600000, READ CAPACITY(16) alloc 96",
            "a30c800000000000ffff000000000000, REPORT SUPPORTED OPERATION CODES all RCTD alloc 65535",
            "a8000000000000000001000000000000, READ(12) LBA 0 blocks 1",
            "a8000000000000000002000000000000, READ(12) LBA 0 blocks 2",
            "aa000000000000000001000000000000, WRITE(12) LBA 0 blocks 1",
            "aa000000000000000002000000000000, WRITE(12) LBA 0 blocks 2",
            "ae000000000000000000000000000000, WRITE AND VERIFY(12) LBA 0 blocks 0",
            "ae000000000000000001000000000000, WRITE AND VERIFY(12) LBA 0 blocks 1",
            "ae000000000000000002000000000000, WRITE AND VERIFY(12) LBA 0 blocks 2"
    })
    void capturedCdbParsesRebuildsAndDescribesItself(String hex, String description) {
        byte[] field = HexFormat.of().parseHex(hex);
        Cdb cdb = Cdb.parse(field);
        assertThat(cdb).isNotInstanceOf(UnknownCdb.class);
        byte[] rebuilt = cdb.toBytes();
        assertThat(rebuilt).isEqualTo(Arrays.copyOf(field, rebuilt.length));
        assertThat(cdb.describe()).isEqualTo(description);
        assertThat(Cdb.describe(field)).isEqualTo(description);
    }

    @ParameterizedTest
    @CsvSource({
        // tgt answered CHECK CONDITION, ILLEGAL REQUEST, INVALID FIELD IN CDB (24/00)
        "12000101000000000000000000000000, 2",
    })
    void cdbsTgtRejectedAsInvalidFieldAreInvalidHere(String hex, int fieldPointerByte) {
        assertThatThrownBy(() -> Cdb.parse(HexFormat.of().parseHex(hex)))
                .isInstanceOfSatisfying(InvalidCdbException.class,
                        e -> assertThat(e.fieldPointer().byteOffset()).isEqualTo(fieldPointerByte));
    }
}
