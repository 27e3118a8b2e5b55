package org.iscsilab.target.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iscsilab.protocol.scsi.FieldPointer;
import org.iscsilab.protocol.scsi.ScsiStatus;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveIn;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveOut;
import org.iscsilab.protocol.scsi.cdb.Write;
import org.iscsilab.protocol.scsi.pr.FullStatusDescriptor;
import org.iscsilab.protocol.scsi.pr.PrInServiceAction;
import org.iscsilab.protocol.scsi.pr.PrOutParameterList;
import org.iscsilab.protocol.scsi.pr.PrOutServiceAction;
import org.iscsilab.protocol.scsi.pr.ReadFullStatusData;
import org.iscsilab.protocol.scsi.pr.ReadKeysData;
import org.iscsilab.protocol.scsi.pr.ReadReservationData;
import org.iscsilab.protocol.scsi.pr.RegisterAndMoveParameterList;
import org.iscsilab.protocol.scsi.pr.ReportCapabilitiesData;
import org.iscsilab.protocol.scsi.pr.ReservationType;
import org.iscsilab.protocol.scsi.pr.TransportId;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.iscsilab.target.backend.SparseMemoryBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PERSISTENT RESERVE OUT beyond the basics: SPEC_I_PT, ALL_TG_PT, REGISTER AND MOVE and the unit
 * attentions of SPC-4 §5.12.
 */
class PersistentReservationTest {
  static final Nexus A = new Nexus("iqn.2026-11.org.iscsilab:a", 1, 1);
  static final Nexus B = new Nexus("iqn.2026-11.org.iscsilab:b", 2, 1);
  static final Nexus C = new Nexus("iqn.2026-11.org.iscsilab:c", 3, 1);

  private final LogicalUnit lu = new LogicalUnit(0, new SparseMemoryBackend(1 << 24, false), "iqn.2026-11.x:t", false);

  @BeforeEach
  void attach() {
    lu.attach(A);
    lu.attach(B);
    lu.attach(C);
  }

  private ScsiResult out(Nexus n, PrOutServiceAction sa, ReservationType type, byte[] params) {
    byte[] cdb = new PersistentReserveOut(sa, 0, type, params.length, 0).toBytes();
    return lu.execute(new ScsiRequest(n, cdb, params.length, params));
  }

  private ScsiResult out(Nexus n, PrOutServiceAction sa, ReservationType type, long key, long saKey) {
    return out(n, sa, type, PrOutParameterList.of(key, saKey).toBytes());
  }

  private byte[] in(Nexus n, PrInServiceAction sa) {
    ScsiResult r = lu.execute(new ScsiRequest(n, new PersistentReserveIn(sa, 4096, 0).toBytes(), 4096,
        ScsiRequest.NO_DATA));
    assertThat(r.good()).as("%s", r).isTrue();
    return java.util.Arrays.copyOf(r.data(), r.dataLength());
  }

  private static final ReservationType WE = ReservationType.WRITE_EXCLUSIVE;

  private static void invalidParameter(ScsiResult r, FieldPointer where) {
    assertThat(r.status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
    assertThat(r.sense().senseKey()).isEqualTo(SenseKey.ILLEGAL_REQUEST);
    assertThat(r.sense().additionalSense()).isEqualTo(AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
    assertThat(r.sense().fieldPointer()).contains(where);
  }

  private void nextAttention(Nexus n, AdditionalSense expected) {
    ScsiResult r = lu.execute(new ScsiRequest(n, new byte[6], 0, ScsiRequest.NO_DATA));
    assertThat(r.status()).as("TEST UNIT READY from %s", n).isEqualTo(ScsiStatus.CHECK_CONDITION);
    assertThat(r.sense().senseKey()).isEqualTo(SenseKey.UNIT_ATTENTION);
    assertThat(r.sense().additionalSense()).isEqualTo(expected);
  }

  private void noAttention(Nexus n) {
    assertThat(lu.execute(new ScsiRequest(n, new byte[6], 0, ScsiRequest.NO_DATA)).good()).as("%s", n).isTrue();
  }

  @Test
  void reportCapabilitiesAdvertisesExactlyWhatIsImplemented() {
    ReportCapabilitiesData c = ReportCapabilitiesData.parse(in(A, PrInServiceAction.REPORT_CAPABILITIES));
    assertThat(c.sipC()).isTrue();
    assertThat(c.atpC()).isTrue();
    assertThat(c.ptplC()).isFalse();
    assertThat(c.ptplA()).isFalse();
    assertThat(c.crh()).isTrue();
    assertThat(c.tmv()).isTrue();
    for (int t : new int[] {1, 3, 5, 6, 7, 8}) {
      assertThat(c.supports(new ReservationType(t))).as("type %d", t).isTrue();
    }
  }

  @Test
  void reportSupportedOperationCodesListsRegisterAndMove() {
    byte[] cdb = org.iscsilab.protocol.scsi.cdb.ReportSupportedOperationCodes.one(0x5F, 7, false, 64).toBytes();
    ScsiResult r = lu.execute(new ScsiRequest(A, cdb, 64, ScsiRequest.NO_DATA));
    assertThat(r.good()).isTrue();
    assertThat(r.data()[1] & 0x07).as("SUPPORT: supported as described").isEqualTo(3);
  }

  @Test
  void specIPtRegistersTheSenderAndEveryNamedInitiatorPort() {
    byte[] p = new PrOutParameterList(0, 0x77, true, false, false,
        List.of(TransportId.iscsiPort(B.initiatorName(), B.isid()), TransportId.iscsiPort(C.initiatorName(), C.isid())))
        .toBytes();
    assertThat(out(A, PrOutServiceAction.REGISTER, WE, p).good()).isTrue();
    ReadKeysData keys = ReadKeysData.parse(in(A, PrInServiceAction.READ_KEYS));
    assertThat(keys.keys()).containsExactly(0x77L, 0x77L, 0x77L);
    List<String> ports = ReadFullStatusData.parse(in(A, PrInServiceAction.READ_FULL_STATUS)).descriptors().stream()
        .map(d -> d.transportId().iscsiName()).toList();
    assertThat(ports).containsExactlyInAnyOrder(A.initiatorPortName(), B.initiatorPortName(), C.initiatorPortName());
    // B was registered on A's behalf: it can reserve with that key.
    assertThat(out(B, PrOutServiceAction.RESERVE, WE, 0x77, 0).good()).isTrue();
  }

  @Test
  void specIPtIsRefusedWithAPointerWhereTheListIsWrong() {
    // a device-name TransportID (format 00b) names no single initiator port
    byte[] deviceName = new PrOutParameterList(0, 0x77, true, false, false,
        List.of(TransportId.iscsiPort(C.initiatorName(), C.isid()), TransportId.iscsi(B.initiatorName()))).toBytes();
    int second = 28 + TransportId.iscsiPort(C.initiatorName(), C.isid()).length();
    invalidParameter(out(A, PrOutServiceAction.REGISTER, WE, deviceName), FieldPointer.parameter(second));
    assertThat(ReadKeysData.parse(in(A, PrInServiceAction.READ_KEYS)).keys()).as("nothing registered").isEmpty();
    // SPEC_I_PT with any service action but REGISTER
    byte[] withTid = new PrOutParameterList(0, 0x77, true, false, false,
        List.of(TransportId.iscsiPort(B.initiatorName(), B.isid()))).toBytes();
    invalidParameter(out(A, PrOutServiceAction.REGISTER_AND_IGNORE_EXISTING_KEY, WE, withTid),
        FieldPointer.parameter(20, 3));
    // SPEC_I_PT from a nexus that is registered already
    assertThat(out(A, PrOutServiceAction.REGISTER, WE, 0, 0x10).good()).isTrue();
    byte[] again = new PrOutParameterList(0x10, 0x11, true, false, false,
        List.of(TransportId.iscsiPort(B.initiatorName(), B.isid()))).toBytes();
    invalidParameter(out(A, PrOutServiceAction.REGISTER, WE, again), FieldPointer.parameter(20, 3));
    // a named nexus that is registered already
    byte[] dup = new PrOutParameterList(0, 0x12, true, false, false,
        List.of(TransportId.iscsiPort(A.initiatorName(), A.isid()))).toBytes();
    invalidParameter(out(B, PrOutServiceAction.REGISTER, WE, dup), FieldPointer.parameter(28));
    // APTPL is not offered (PTPL_C = 0)
    byte[] aptpl = new PrOutParameterList(0, 0x13, false, false, true, List.of()).toBytes();
    invalidParameter(out(C, PrOutServiceAction.REGISTER, WE, aptpl), FieldPointer.parameter(20, 0));
    assertThat(ReadKeysData.parse(in(A, PrInServiceAction.READ_KEYS)).keys()).containsExactly(0x10L);
  }

  @Test
  void allTgPtIsAcceptedAndReportedInFullStatus() {
    byte[] p = new PrOutParameterList(0, 0x21, false, true, false, List.of()).toBytes();
    assertThat(out(A, PrOutServiceAction.REGISTER, WE, p).good()).isTrue();
    assertThat(out(B, PrOutServiceAction.REGISTER, WE, 0, 0x22).good()).isTrue();
    List<FullStatusDescriptor> ds = ReadFullStatusData.parse(in(A, PrInServiceAction.READ_FULL_STATUS))
        .descriptors();
    assertThat(ds).hasSize(2);
    for (FullStatusDescriptor d : ds) {
      assertThat(d.allTgPt()).as("%s", d).isEqualTo(d.reservationKey() == 0x21);
      assertThat(d.relativeTargetPortId()).isEqualTo(1);
    }
  }

  @Test
  void registerAndMoveHandsTheReservationToTheNamedPort() {
    assertThat(out(A, PrOutServiceAction.REGISTER, WE, 0, 0xA).good()).isTrue();
    assertThat(out(A, PrOutServiceAction.RESERVE, WE, 0xA, 0).good()).isTrue();
    byte[] move = new RegisterAndMoveParameterList(0xA, 0xB, true, false, 1,
        TransportId.iscsiPort(B.initiatorName(), B.isid())).toBytes();
    assertThat(out(A, PrOutServiceAction.REGISTER_AND_MOVE, ReservationType.EXCLUSIVE_ACCESS, move).good()).isTrue();
    ReadReservationData r = ReadReservationData.parse(in(A, PrInServiceAction.READ_RESERVATION));
    assertThat(r.reservation().orElseThrow().key()).isEqualTo(0xB);
    assertThat(r.reservation().orElseThrow().type()).as("type kept").isEqualTo(WE);
    assertThat(ReadKeysData.parse(in(A, PrInServiceAction.READ_KEYS)).keys()).as("UNREG").containsExactly(0xBL);
    byte[] w = Write.of10(0, 1).toBytes();
    assertThat(lu.execute(new ScsiRequest(B, w, 512, new byte[512])).good()).isTrue();
    assertThat(lu.execute(new ScsiRequest(A, w, 512, new byte[512])).status())
        .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
  }

  @Test
  void registerAndMoveRefusals() {
    assertThat(out(A, PrOutServiceAction.REGISTER, WE, 0, 0xA).good()).isTrue();
    assertThat(out(B, PrOutServiceAction.REGISTER, WE, 0, 0xB).good()).isTrue();
    TransportId toC = TransportId.iscsiPort(C.initiatorName(), C.isid());
    // no reservation yet
    assertThat(out(A, PrOutServiceAction.REGISTER_AND_MOVE, WE,
        new RegisterAndMoveParameterList(0xA, 0xC, false, false, 1, toC).toBytes()).status())
        .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    assertThat(out(A, PrOutServiceAction.RESERVE, WE, 0xA, 0).good()).isTrue();
    // not the holder
    assertThat(out(B, PrOutServiceAction.REGISTER_AND_MOVE, WE,
        new RegisterAndMoveParameterList(0xB, 0xC, false, false, 1, toC).toBytes()).status())
        .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    // zero service action key, a foreign target port, a device-name TransportID, the sender itself
    invalidParameter(out(A, PrOutServiceAction.REGISTER_AND_MOVE, WE,
        new RegisterAndMoveParameterList(0xA, 0, false, false, 1, toC).toBytes()), FieldPointer.parameter(8));
    invalidParameter(out(A, PrOutServiceAction.REGISTER_AND_MOVE, WE,
        new RegisterAndMoveParameterList(0xA, 0xC, false, false, 9, toC).toBytes()), FieldPointer.parameter(18));
    invalidParameter(out(A, PrOutServiceAction.REGISTER_AND_MOVE, WE,
        new RegisterAndMoveParameterList(0xA, 0xC, false, false, 1, TransportId.iscsi(C.initiatorName())).toBytes()),
        FieldPointer.parameter(24));
    invalidParameter(out(A, PrOutServiceAction.REGISTER_AND_MOVE, WE,
        new RegisterAndMoveParameterList(0xA, 0xC, false, false, 1,
            TransportId.iscsiPort(A.initiatorName(), A.isid())).toBytes()), FieldPointer.parameter(24));
    ReadReservationData r = ReadReservationData.parse(in(A, PrInServiceAction.READ_RESERVATION));
    assertThat(r.reservation().orElseThrow().key()).as("still A's").isEqualTo(0xA);
  }

  @Test
  void preemptAttentionsRegistrationsPreemptedAndReservationsReleasedOnTypeChange() {
    assertThat(out(A, PrOutServiceAction.REGISTER, WE, 0, 0xA).good()).isTrue();
    assertThat(out(B, PrOutServiceAction.REGISTER, WE, 0, 0xB).good()).isTrue();
    assertThat(out(C, PrOutServiceAction.REGISTER, WE, 0, 0xC).good()).isTrue();
    assertThat(out(B, PrOutServiceAction.RESERVE, WE, 0xB, 0).good()).isTrue();
    // A preempts B's reservation with another type: B loses its registration, C sees the release
    assertThat(out(A, PrOutServiceAction.PREEMPT, ReservationType.EXCLUSIVE_ACCESS, 0xA, 0xB).good()).isTrue();
    nextAttention(B, AdditionalSense.REGISTRATIONS_PREEMPTED);
    nextAttention(C, AdditionalSense.RESERVATIONS_RELEASED);
    noAttention(A);
    noAttention(B);
    // same type preempt: no RESERVATIONS RELEASED for the registrants left
    assertThat(out(B, PrOutServiceAction.REGISTER, WE, 0, 0xB).good()).isTrue();
    assertThat(out(C, PrOutServiceAction.PREEMPT, ReservationType.EXCLUSIVE_ACCESS, 0xC, 0xA).good()).isTrue();
    nextAttention(A, AdditionalSense.REGISTRATIONS_PREEMPTED);
    noAttention(B);
  }

  @Test
  void releaseAndClearAttentions() {
    ReservationType weRo = ReservationType.WRITE_EXCLUSIVE_REGISTRANTS_ONLY;
    assertThat(out(A, PrOutServiceAction.REGISTER, weRo, 0, 0xA).good()).isTrue();
    assertThat(out(B, PrOutServiceAction.REGISTER, weRo, 0, 0xB).good()).isTrue();
    assertThat(out(A, PrOutServiceAction.RESERVE, weRo, 0xA, 0).good()).isTrue();
    assertThat(out(A, PrOutServiceAction.RELEASE, weRo, 0xA, 0).good()).isTrue();
    nextAttention(B, AdditionalSense.RESERVATIONS_RELEASED);
    noAttention(A);
    noAttention(C); // not registered: no attention
    // a plain write exclusive release tells nobody
    assertThat(out(A, PrOutServiceAction.RESERVE, WE, 0xA, 0).good()).isTrue();
    assertThat(out(A, PrOutServiceAction.RELEASE, WE, 0xA, 0).good()).isTrue();
    noAttention(B);
    assertThat(out(A, PrOutServiceAction.RESERVE, WE, 0xA, 0).good()).isTrue();
    assertThat(out(B, PrOutServiceAction.CLEAR, WE, 0xB, 0).good()).isTrue();
    nextAttention(A, AdditionalSense.RESERVATIONS_PREEMPTED);
    noAttention(B);
    assertThat(ReadKeysData.parse(in(A, PrInServiceAction.READ_KEYS)).keys()).isEmpty();
  }

  @Test
  void preemptAndAbortNamesThePreemptedNexusesAndPreemptNamesNone() {
    assertThat(out(A, PrOutServiceAction.REGISTER, WE, 0, 0xA).good()).isTrue();
    assertThat(out(B, PrOutServiceAction.REGISTER, WE, 0, 0xB).good()).isTrue();
    assertThat(out(C, PrOutServiceAction.REGISTER, WE, 0, 0xB).good()).isTrue();
    assertThat(out(B, PrOutServiceAction.RESERVE, WE, 0xB, 0).good()).isTrue();
    // preempting the holder's key takes every nexus registered with it (B and C), not the sender
    ScsiResult r = out(A, PrOutServiceAction.PREEMPT_AND_ABORT, WE, 0xA, 0xB);
    assertThat(r.good()).isTrue();
    assertThat(r.abortTasksOf()).containsExactlyInAnyOrder(B.initiatorPortName(), C.initiatorPortName());
    nextAttention(B, AdditionalSense.REGISTRATIONS_PREEMPTED);
    nextAttention(C, AdditionalSense.REGISTRATIONS_PREEMPTED);
    // PREEMPT removes the same way but aborts nothing
    assertThat(out(B, PrOutServiceAction.REGISTER, WE, 0, 0xB).good()).isTrue();
    ScsiResult p = out(A, PrOutServiceAction.PREEMPT, WE, 0xA, 0xB);
    assertThat(p.good()).isTrue();
    assertThat(p.abortTasksOf()).isEmpty();
    // a key nobody holds: RESERVATION CONFLICT, nothing aborted
    ScsiResult none = out(A, PrOutServiceAction.PREEMPT_AND_ABORT, WE, 0xA, 0x77);
    assertThat(none.status()).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    assertThat(none.abortTasksOf()).isEmpty();
  }

  @Test
  void preemptingItsOwnNonHolderKeyRemovesTheSendersRegistrationWithoutAUnitAttention() {
    assertThat(out(A, PrOutServiceAction.REGISTER, WE, 0, 0xA).good()).isTrue();
    assertThat(out(B, PrOutServiceAction.REGISTER, WE, 0, 0xB).good()).isTrue();
    assertThat(out(C, PrOutServiceAction.REGISTER, WE, 0, 0xB).good()).isTrue();
    assertThat(out(A, PrOutServiceAction.RESERVE, WE, 0xA, 0).good()).isTrue();
    // SPC-4 §5.12.11.4.4: RESERVATION KEY = SERVICE ACTION RESERVATION KEY is not an error; the
    // registration goes, the sender's included, and the sender gets no unit attention
    ScsiResult r = out(B, PrOutServiceAction.PREEMPT_AND_ABORT, WE, 0xB, 0xB);
    assertThat(r.good()).isTrue();
    assertThat(r.abortTasksOf()).containsExactlyInAnyOrder(B.initiatorPortName(), C.initiatorPortName());
    assertThat(ReadKeysData.parse(in(A, PrInServiceAction.READ_KEYS)).keys()).containsExactly(0xAL);
    noAttention(B);
    nextAttention(C, AdditionalSense.REGISTRATIONS_PREEMPTED);
    noAttention(A);
  }

  @Test
  void preemptAndAbortOfAnAllRegistrantsReservationWithKeyZeroAbortsEveryRegisteredNexus() {
    ReservationType weAr = ReservationType.WRITE_EXCLUSIVE_ALL_REGISTRANTS;
    assertThat(out(A, PrOutServiceAction.REGISTER, weAr, 0, 0xA).good()).isTrue();
    assertThat(out(B, PrOutServiceAction.REGISTER, weAr, 0, 0xB).good()).isTrue();
    assertThat(out(A, PrOutServiceAction.RESERVE, weAr, 0xA, 0).good()).isTrue();
    ScsiResult r = out(A, PrOutServiceAction.PREEMPT_AND_ABORT, WE, 0xA, 0);
    assertThat(r.good()).isTrue();
    assertThat(r.abortTasksOf()).containsExactlyInAnyOrder(A.initiatorPortName(), B.initiatorPortName());
    nextAttention(B, AdditionalSense.REGISTRATIONS_PREEMPTED);
  }

  @Test
  void anAllRegistrantsReservationOutlivesTheRegistrantThatMadeIt() {
    ReservationType eaAr = ReservationType.EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    assertThat(out(A, PrOutServiceAction.REGISTER, eaAr, 0, 0xA).good()).isTrue();
    assertThat(out(B, PrOutServiceAction.REGISTER, eaAr, 0, 0xB).good()).isTrue();
    assertThat(out(A, PrOutServiceAction.RESERVE, eaAr, 0xA, 0).good()).isTrue();
    assertThat(out(A, PrOutServiceAction.REGISTER, eaAr, 0xA, 0).good()).as("A unregisters").isTrue();
    // SPC-4 §5.12.11.1: released only when the last registrant goes (libiscsi's ProutReserve.OwnershipEAAR)
    assertThat(ReadReservationData.parse(in(B, PrInServiceAction.READ_RESERVATION)).reservation())
        .map(ReadReservationData.Reservation::type).contains(eaAr);
    assertThat(out(C, PrOutServiceAction.RESERVE, eaAr, 0, 0).status()).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    assertThat(out(B, PrOutServiceAction.REGISTER, eaAr, 0xB, 0).good()).as("B, the last, unregisters").isTrue();
    assertThat(ReadReservationData.parse(in(A, PrInServiceAction.READ_RESERVATION)).reservation()).isEmpty();
  }
}
