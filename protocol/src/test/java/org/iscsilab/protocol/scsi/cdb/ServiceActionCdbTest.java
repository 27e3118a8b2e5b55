package org.iscsilab.protocol.scsi.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Optional;
import org.iscsilab.protocol.scsi.LbaRange;
import org.junit.jupiter.api.Test;

class ServiceActionCdbTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void readCapacity16FromCapture() {
        // 9e = SERVICE ACTION IN(16) | 10 = READ CAPACITY(16) | LBA 0 | 00000020 = alloc 32 | 00 = PMI 0 | 00
        Cdb cdb = Cdb.parse(hex("9e 10 0000000000000000 00000020 00 00"));
        assertThat(cdb).isEqualTo(ReadCapacity16.of());
        assertThat(cdb.name()).isEqualTo("READ CAPACITY(16)");
        assertThat(Cdb.parse(hex("9e 10 0000000000000000 00000060 00 00")).expectedDataTransferLength(512))
                .isEqualTo(96);
    }

    @Test
    void readCapacity10FromCaptureAndLbaWithoutPmi() {
        assertThat(Cdb.parse(hex("25 00 00000000 0000 00 00 000000000000"))).isEqualTo(ReadCapacity10.of());
        assertThatThrownBy(() -> Cdb.parse(hex("25 00 00000001 0000 00 00")))
                .isInstanceOfSatisfying(InvalidCdbException.class,
                        e -> assertThat(e.fieldPointer().byteOffset()).isEqualTo(2));
    }

    @Test
    void getLbaStatus() {
        // 9e | 12 = GET LBA STATUS | LBA 0x100 | alloc 24 | 00 | 00
        GetLbaStatus g = (GetLbaStatus) Cdb.parse(hex("9e 12 0000000000000100 00000018 00 00"));
        assertThat(g.lba()).isEqualTo(0x100);
        assertThat(g.allocationLength()).isEqualTo(24);
        assertThat(g.lbaRange()).contains(new LbaRange(0x100, 0));
    }

    @Test
    void unknownServiceActionInIsUnknownNotInvalid() {
        Cdb cdb = Cdb.parse(hex("9e 1f 0000000000000000 00000000 00 00"));
        assertThat(cdb).isInstanceOf(UnknownCdb.class);
        assertThat(cdb.name()).isEqualTo("SERVICE ACTION IN(16)/SA 0x1F");
    }

    @Test
    void reportSupportedOperationCodesAllWithRctdFromCapture() {
        // a3 = MAINTENANCE IN | 0c = RSOC | 80 = RCTD, options 0 | 00 = opcode | 0000 = SA | 0000ffff | 00 | 00
        ReportSupportedOperationCodes r = (ReportSupportedOperationCodes) Cdb.parse(hex("a3 0c 80 00 0000 0000ffff 00 00"));
        assertThat(r).isEqualTo(ReportSupportedOperationCodes.all(true, 0xFFFF));
        assertThat(r.describe()).isEqualTo("REPORT SUPPORTED OPERATION CODES all RCTD alloc 65535");
    }

    @Test
    void reportSupportedOperationCodesOneCommandWithServiceAction() {
        ReportSupportedOperationCodes r = ReportSupportedOperationCodes.one(0x9E, 0x10, false, 512);
        assertThat(r.toBytes()).isEqualTo(hex("a3 0c 02 9e 0010 00000200 00 00"));
        assertThat(Cdb.parse(r.toBytes())).isEqualTo(r);
    }

    @Test
    void reservedReportingOptionsAreInvalid() {
        assertThatThrownBy(() -> Cdb.parse(hex("a3 0c 05 00 0000 00000200 00 00")))
                .isInstanceOfSatisfying(InvalidCdbException.class,
                        e -> assertThat(e.fieldPointer().byteOffset()).isEqualTo(2));
    }

    @Test
    void otherMaintenanceInIsUnknown() {
        assertThat(Cdb.parse(hex("a3 0a 00 00 0000 00000200 00 00")).name()).isEqualTo("REPORT TARGET PORT GROUPS");
    }

    @Test
    void supportedOperationCodesDataFromTgtCapture() {
        // first three descriptors of tgt's all-commands answer with RCTD
        String data = "000003e8"
                + "00 00 0000 00 02 0006" + "000a 00 00 00000000 00000000" // TEST UNIT READY, CTDP, 6 bytes
                + "5e 00 0001 00 03 000a" + "000a 00 00 00000000 00000000" // PR IN/READ RESERVATION, CTDP SERVACTV
                + "9e 00 0010 00 03 0010" + "000a 00 00 00000000 00000000"; // READ CAPACITY(16)
        SupportedOperationCodesData d = SupportedOperationCodesData.parse(hex(data));
        assertThat(d.commands()).hasSize(3);
        assertThat(d.commands().get(0).name()).isEqualTo("TEST UNIT READY");
        assertThat(d.commands().get(0).timeouts()).contains(new CommandTimeouts(0, 0, 0));
        assertThat(d.commands().get(1).name()).isEqualTo("PERSISTENT RESERVE IN/READ RESERVATION");
        assertThat(d.commands().get(2).name()).isEqualTo("READ CAPACITY(16)");
        assertThat(d.commands().get(2).cdbLength()).isEqualTo(16);
    }

    @Test
    void supportedOperationCodesDataRoundTrip() {
        SupportedOperationCodesData d = new SupportedOperationCodesData(java.util.List.of(
                CommandDescriptor.of(Read.of16(0, 1), Optional.of(new CommandTimeouts(0, 30, 60))),
                CommandDescriptor.of(ReadCapacity16.of(), Optional.empty())));
        assertThat(d.commands().get(1).servactv()).isTrue();
        assertThat(d.commands().get(1).serviceAction()).isEqualTo(0x10);
        assertThat(SupportedOperationCodesData.parse(d.toBytes())).isEqualTo(d);
    }

    @Test
    void oneCommandDataWithCdbUsage() {
        OneCommandData d = OneCommandData.supported(0x00, new byte[] {0, 0, 0, 0, 0x07}, Optional.empty());
        // 00 | 03 = supported | 0006 = CDB size | 00 00 00 00 00 07
        assertThat(d.toBytes()).isEqualTo(hex("00 03 0006 000000000007"));
        assertThat(OneCommandData.parse(d.toBytes())).isEqualTo(d);
    }

    @Test
    void cdbUsageDataIsDerivedFromTheParser() {
        // READ(10): RDPROTECT DPO FUA FUA_NV | LBA | group 4-0 | length | control
        assertThat(OneCommandData.forCommand(Read.of10(0, 1), Optional.empty()).cdbUsageData().toString())
                .isEqualTo("28faffffffff1fffffff");
        // INQUIRY: EVPD | PAGE CODE (only with EVPD, found in the second pass) | allocation length | control
        assertThat(OneCommandData.forCommand(Inquiry.standard(36), Optional.empty()).cdbUsageData().toString())
                .isEqualTo("1201ffffffff");
        // READ CAPACITY(16): the service action stands in byte 1, not a mask
        assertThat(OneCommandData.forCommand(ReadCapacity16.of(), Optional.empty()).cdbUsageData().toString())
                .isEqualTo("9e10ffffffffffffffffffffffff01ff");
        // WRITE SAME(10): ANCHOR counts once UNMAP is set
        assertThat(OneCommandData.forCommand(new WriteSame(10, 0, false, false, false, 0, 1, 0, 0), Optional.empty())
                .cdbUsageData().get(1)).isEqualTo(0xF8);
    }
}
