package org.iscsilab.protocol.scsi.cdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.iscsilab.protocol.scsi.DataDirection;
import org.iscsilab.protocol.scsi.pr.PrInServiceAction;
import org.iscsilab.protocol.scsi.pr.PrOutServiceAction;
import org.iscsilab.protocol.scsi.pr.ReservationType;
import org.junit.jupiter.api.Test;

class MiscCdbTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void testUnitReadyFromCapture() {
        assertThat(Cdb.parse(hex("00 00000000 00 00000000000000000000"))).isEqualTo(TestUnitReady.of());
        assertThatThrownBy(() -> Cdb.parse(hex("00 00 01 00 00 00")))
                .isInstanceOfSatisfying(InvalidCdbException.class,
                        e -> assertThat(e.fieldPointer()).hasToString("field pointer byte 2 bit 0"));
    }

    @Test
    void requestSenseWithDesc() {
        RequestSense r = (RequestSense) Cdb.parse(hex("03 01 0000 fc 00"));
        assertThat(r.descriptorFormat()).isTrue();
        assertThat(r.allocationLength()).isEqualTo(252);
    }

    @Test
    void reportLuns() {
        // a0 | 00 | 00 = select report | 000000 | 00001000 = alloc 4096 | 00 | 00
        ReportLuns r = (ReportLuns) Cdb.parse(hex("a0 00 00 000000 00001000 00 00"));
        assertThat(r).isEqualTo(ReportLuns.of(4096));
        assertThat(r.describe()).isEqualTo("REPORT LUNS select 0 alloc 4096");
    }

    @Test
    void startStopUnitFromCapture() {
        // 1b | 00 | 00 | 00 | 01 = START | 00
        assertThat(Cdb.parse(hex("1b 00 00 00 01 00"))).isEqualTo(StartStopUnit.of(true));
        StartStopUnit eject = (StartStopUnit) Cdb.parse(hex("1b 01 00 00 02 00"));
        assertThat(eject.describe()).isEqualTo("START STOP UNIT STOP LOEJ IMMED");
    }

    @Test
    void preventAllowMediumRemovalFromCapture() {
        assertThat(Cdb.parse(hex("1e 00 00 00 01 00"))).isEqualTo(new PreventAllowMediumRemoval(1, 0));
        assertThatThrownBy(() -> Cdb.parse(hex("1e 00 00 00 04 00"))).isInstanceOf(InvalidCdbException.class);
    }

    @Test
    void persistentReserveInReadKeysFromCapture() {
        // 5e | 00 = READ KEYS | 0000000000 | 4000 = alloc 16384 | 00
        PersistentReserveIn p = (PersistentReserveIn) Cdb.parse(hex("5e 00 0000000000 4000 00"));
        assertThat(p.serviceAction()).isEqualTo(PrInServiceAction.READ_KEYS);
        assertThat(p.allocationLength()).isEqualTo(16384);
        assertThat(p.describe()).isEqualTo("PERSISTENT RESERVE IN READ KEYS alloc 16384");
    }

    @Test
    void persistentReserveInUnknownServiceActionIsInvalidAtByte1() {
        assertThatThrownBy(() -> Cdb.parse(hex("5e 07 0000000000 4000 00")))
                .isInstanceOfSatisfying(InvalidCdbException.class,
                        e -> assertThat(e.fieldPointer().byteOffset()).isEqualTo(1));
    }

    @Test
    void persistentReserveOutReserveExclusiveAccess() {
        // 5f | 01 = RESERVE | 03 = LU_SCOPE, EXCLUSIVE ACCESS | 0000 | 00000018 = 24 | 00
        PersistentReserveOut p = (PersistentReserveOut) Cdb.parse(hex("5f 01 03 0000 00000018 00"));
        assertThat(p).isEqualTo(PersistentReserveOut.of(PrOutServiceAction.RESERVE, ReservationType.EXCLUSIVE_ACCESS));
        assertThat(p.dataDirection()).isEqualTo(DataDirection.WRITE);
        assertThat(p.describe()).isEqualTo("PERSISTENT RESERVE OUT RESERVE type EXCLUSIVE ACCESS parameter list 24 bytes");
    }

    @Test
    void everyPrOutServiceActionAndTypeRoundTrips() {
        for (int sa = 0; sa <= 7; sa++) {
            for (int type : new int[] {0, 1, 3, 5, 6, 7, 8}) {
                PersistentReserveOut p = new PersistentReserveOut(new PrOutServiceAction(sa), 0,
                        new ReservationType(type), 24, 0);
                assertThat(Cdb.parse(p.toBytes())).isEqualTo(p);
            }
        }
    }

    @Test
    void reserve6AndRelease6() {
        assertThat(Cdb.parse(hex("16 00 00 00 00 00"))).isEqualTo(new Reserve6(0));
        assertThat(Cdb.parse(hex("17 00 00 00 00 00")).name()).isEqualTo("RELEASE(6)");
        // third-party reservation (byte 1 bit 4) is not supported
        assertThatThrownBy(() -> Cdb.parse(hex("16 10 00 00 00 00"))).isInstanceOf(InvalidCdbException.class);
    }

    @Test
    void unknownOpcodeIsAValueNotAnException() {
        Cdb c = Cdb.parse(hex("c5 01 02 03 04 05"));
        assertThat(c).isInstanceOf(UnknownCdb.class);
        assertThat(c.name()).isEqualTo("OPCODE 0xC5");
        assertThat(c.describe()).isEqualTo("OPCODE 0xC5 [c50102030405]");
        assertThat(Cdb.parse(hex("04 00 00 00 00 00")).name()).isEqualTo("FORMAT UNIT");
    }

    @Test
    void emptyCdbIsInvalid() {
        assertThatThrownBy(() -> Cdb.parse(new byte[0])).isInstanceOf(InvalidCdbException.class);
    }

    @Test
    void describeNamesMalformedCdbsForThePcapAnalyser() {
        assertThat(Cdb.describe(hex("12 00 01 0100 00"))).startsWith("INQUIRY (malformed: ");
        assertThat(Cdb.nameOf(hex("9e 10"))).isEqualTo("READ CAPACITY(16)");
        assertThat(Cdb.nameOf(hex("5f 07"))).isEqualTo("PERSISTENT RESERVE OUT/REGISTER AND MOVE");
        assertThat(Cdb.describe(hex("88 00 0000000000000000 00000000 00 00"))).isEqualTo("READ(16) LBA 0 blocks 0");
    }

    @Test
    void opcodesAreOpenWithGroupCodeLengths() {
        assertThat(Opcode.of(0x88)).hasToString("READ(16) (0x88)");
        assertThat(Opcode.of(0xC0).cdbLength()).isEqualTo(-1);
        assertThat(Opcode.of(0x7F).cdbLength()).isEqualTo(-1);
        assertThat(Opcode.of(0xA0).cdbLength()).isEqualTo(12);
        assertThat(Opcode.of(0x55).cdbLength()).isEqualTo(10);
        assertThat(ServiceAction.GET_LBA_STATUS.name()).isEqualTo("GET LBA STATUS");
    }

    @Test
    void builderProducesBrokenCdbsOnPurpose() {
        byte[] b = CdbBuilder.from(Read.of10(0, 1)).setBits(6, 7, 5, 7).length(16).build();
        assertThat(b).hasSize(16);
        assertThatThrownBy(() -> Cdb.parse(b)).isInstanceOfSatisfying(InvalidCdbException.class,
                e -> assertThat(e.fieldPointer()).hasToString("field pointer byte 6 bit 7"));
        byte[] truncated = CdbBuilder.from(Read.of16(0, 1)).length(10).build();
        assertThatThrownBy(() -> Cdb.parse(truncated)).isInstanceOf(InvalidCdbException.class);
        byte[] raw = CdbBuilder.raw((byte) 0x28).set32(2, 5).set16(7, 1).length(10).build();
        assertThat(Cdb.parse(raw)).isEqualTo(Read.of10(5, 1));
    }

    @Test
    void unknownOpcodeAnswersInvalidCommandOperationCodeAtByte0() {
        UnknownCdb c = (UnknownCdb) Cdb.parse(hex("c5 00 00 00 00 00"));
        assertThat(c.unsupportedSense().describe())
                .isEqualTo("ILLEGAL REQUEST: INVALID COMMAND OPERATION CODE (20/00), field pointer byte 0");
    }

    @Test
    void unsupportedServiceActionAnswersInvalidFieldAtTheServiceActionField() {
        UnknownCdb c = (UnknownCdb) Cdb.parse(hex("a3 0f 00 00 0000 00000200 00 00")); // REPORT TIMESTAMP
        assertThat(c.unsupportedSense().describe())
                .isEqualTo("ILLEGAL REQUEST: INVALID FIELD IN CDB (24/00), field pointer byte 1 bit 4");
    }

    @Test
    void commandsThatChangeTheMediumAreMarkedForWriteProtect() {
        assertThat(Write.of10(0, 1).writesMedium()).isTrue();
        assertThat(WriteSame.unmap16(0, 1).writesMedium()).isTrue();
        assertThat(new Unmap(false, 0, 24, 0).writesMedium()).isTrue();
        assertThat(CompareAndWrite.of(0, 1).writesMedium()).isTrue();
        assertThat(Read.of10(0, 1).writesMedium()).isFalse();
        assertThat(SynchronizeCache.wholeMedium(10, false).writesMedium()).isFalse();
    }
}
