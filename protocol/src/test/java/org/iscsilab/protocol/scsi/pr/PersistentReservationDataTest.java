package org.iscsilab.protocol.scsi.pr;

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

class PersistentReservationDataTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void readKeysFromTgtCapture() {
        // 00000110 = PRGENERATION 0x110 | 00000000 = no keys
        ReadKeysData d = ReadKeysData.parse(hex("00000110 00000000"));
        assertThat(d.prGeneration()).isEqualTo(0x110);
        assertThat(d.keys()).isEmpty();
    }

    @Test
    void readKeysRoundTripAndTruncation() {
        ReadKeysData d = new ReadKeysData(3, List.of(0x1234L, -1L));
        assertThat(ReadKeysData.parse(d.toBytes())).isEqualTo(d);
        assertThat(ReadKeysData.parse(java.util.Arrays.copyOf(d.toBytes(), 20)).keys()).containsExactly(0x1234L);
    }

    @Test
    void readReservationWithAndWithoutAHolder() {
        ReadReservationData none = new ReadReservationData(1, Optional.empty());
        assertThat(none.toBytes()).isEqualTo(hex("00000001 00000000"));
        ReadReservationData held = new ReadReservationData(2,
                Optional.of(new ReadReservationData.Reservation(0xABCDL, 0, ReservationType.WRITE_EXCLUSIVE)));
        byte[] b = held.toBytes();
        assertThat(b).hasSize(24);
        assertThat(b[21]).isEqualTo((byte) 0x01);
        assertThat(ReadReservationData.parse(b)).isEqualTo(held);
    }

    @Test
    void reportCapabilitiesTypeMask() {
        ReportCapabilitiesData d = new ReportCapabilitiesData(false, true, false, false, true, true, 0, false,
                ReportCapabilitiesData.allTypesMask());
        // 0008 | 11 = CRH PTPL_C | 80 = TMV | ea01 = all six types | 0000
        assertThat(d.toBytes()).isEqualTo(hex("0008 11 80 ea01 0000"));
        assertThat(d.supports(ReservationType.EXCLUSIVE_ACCESS_ALL_REGISTRANTS)).isTrue();
        assertThat(d.supports(new ReservationType(2))).isFalse();
        assertThat(ReportCapabilitiesData.parse(d.toBytes())).isEqualTo(d);
    }

    @Test
    void readFullStatusWithIscsiTransportIds() {
        ReadFullStatusData d = new ReadFullStatusData(7, List.of(
                new FullStatusDescriptor(0x11, false, true, 0, ReservationType.EXCLUSIVE_ACCESS, 1,
                        TransportId.iscsiPort("iqn.1994-05.com.redhat:a", 0x23D000000001L)),
                new FullStatusDescriptor(0x22, true, false, 0, ReservationType.EXCLUSIVE_ACCESS, 1,
                        TransportId.iscsi("iqn.b"))));
        ReadFullStatusData parsed = ReadFullStatusData.parse(d.toBytes());
        assertThat(parsed).isEqualTo(d);
        assertThat(parsed.descriptors().get(0).transportId().iscsiName())
                .isEqualTo("iqn.1994-05.com.redhat:a,i,0x23d000000001");
    }

    @Test
    void prOutBasicListIs24Bytes() {
        PrOutParameterList l = PrOutParameterList.of(0x1111, 0x2222);
        // key | service action key | obsolete | flags 00 | reserved | obsolete
        assertThat(l.toBytes()).isEqualTo(hex("0000000000001111 0000000000002222 00000000 00 00 0000"));
        assertThat(PrOutParameterList.parse(l.toBytes())).isEqualTo(l);
    }

    @Test
    void prOutWithSpecIPtCarriesTransportIds() {
        PrOutParameterList l = new PrOutParameterList(0, 0x99, true, false, true,
                List.of(TransportId.iscsi("iqn.x"), TransportId.iscsi("iqn.yy")));
        byte[] b = l.toBytes();
        assertThat(b[20]).isEqualTo((byte) 0x09); // SPEC_I_PT | APTPL
        assertThat(PrOutParameterList.parse(b)).isEqualTo(l);
    }

    @Test
    void prOutWrongLengthWithoutSpecIPtIsAParameterListLengthError() {
        assertThatThrownBy(() -> PrOutParameterList.parse(new byte[28]))
                .isInstanceOfSatisfying(InvalidParameterListException.class,
                        e -> assertThat(e.additionalSense().asc()).isEqualTo(0x1A));
    }

    @Test
    void prOutReservedFlagBitIsInvalidFieldAtByte20() {
        byte[] b = new byte[24];
        b[20] = 0x02;
        assertThatThrownBy(() -> PrOutParameterList.parse(b)).isInstanceOfSatisfying(
                InvalidParameterListException.class, e -> assertThat(e.fieldPointer().byteOffset()).isEqualTo(20));
    }

    @Test
    void registerAndMoveRoundTrip() {
        RegisterAndMoveParameterList l = new RegisterAndMoveParameterList(1, 2, true, false, 3,
                TransportId.iscsi("iqn.2026-11.org.iscsilab:init"));
        assertThat(RegisterAndMoveParameterList.parse(l.toBytes())).isEqualTo(l);
    }

    @Test
    void reservationTypesAreOpenAndNamed() {
        assertThat(new ReservationType(6)).hasToString("EXCLUSIVE ACCESS - REGISTRANTS ONLY");
        assertThat(new ReservationType(2)).hasToString("TYPE 0x2");
        assertThat(PrOutServiceAction.PREEMPT_AND_ABORT).hasToString("PREEMPT AND ABORT");
        assertThat(new PrInServiceAction(9).isKnown()).isFalse();
    }

    @Test
    void arbitraryBytesParseOrFailTyped() {
        qt().withExamples(5000).forAll(ScsiDataGenerators.bytes(0, 80)).checkAssert(b -> {
            for (java.util.function.Consumer<byte[]> parser : List.<java.util.function.Consumer<byte[]>>of(
                    ReadKeysData::parse, ReadReservationData::parse, ReportCapabilitiesData::parse,
                    ReadFullStatusData::parse, PrOutParameterList::parse, RegisterAndMoveParameterList::parse)) {
                try {
                    parser.accept(b);
                } catch (ScsiFormatException e) {
                    assertThat(e.fieldPointer().commandData()).isFalse();
                }
            }
        });
    }
}
