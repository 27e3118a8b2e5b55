package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LogoutReason;
import org.iscsilab.protocol.pdu.LogoutRequest;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.LogoutResponseCode;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponse;
import org.iscsilab.protocol.pdu.TaskManagementResponseCode;
import org.iscsilab.protocol.scsi.cdb.PersistentReserveOut;
import org.iscsilab.protocol.scsi.pr.PrOutParameterList;
import org.iscsilab.protocol.scsi.pr.PrOutServiceAction;
import org.iscsilab.protocol.scsi.pr.ReservationType;
import org.iscsilab.protocol.scsi.sense.AdditionalSense;
import org.iscsilab.protocol.scsi.sense.IscsiSense;
import org.iscsilab.protocol.scsi.sense.SenseData;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.junit.jupiter.api.Test;

/**
 * Commands of one initiator aborted by another: PERSISTENT RESERVE OUT with PREEMPT AND ABORT
 * (SPC-4 §5.12.11.4.5) and CLEAR TASK SET (SAM-5 §7.4). The Control mode page has TAS zero, so the
 * aborted commands end without status and the victim learns it from a unit attention.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class ThirdPartyAbortTest {
  private static final long ISID_A = 0x400001370001L;
  private static final long ISID_B = 0x400001370002L;
  private static final long KEY_A = 0xAAAA;
  private static final long KEY_B = 0xBBBB;
  private static final ReservationType WE = ReservationType.WRITE_EXCLUSIVE;

  /** A session of its own (its own I_T nexus): writes are solicited by R2T unless data comes with them. */
  private static TestInitiator session(IscsiTarget t, long isid) {
    TestInitiator i = TestInitiator.connect(t.address());
    i.isid = isid;
    assertThat(i.login(new TestInitiator.Login().op("InitialR2T", "Yes").op("ImmediateData", "Yes")).status()
        .isSuccess()).isTrue();
    return i;
  }

  private static int prOut(TestInitiator i, PrOutServiceAction sa, ReservationType type, long key, long saKey) {
    byte[] params = PrOutParameterList.of(key, saKey).toBytes();
    byte[] cdb = new PersistentReserveOut(sa, 0, type, params.length, 0).toBytes();
    ScsiCommand c = i.command(cdb).write(true).expectedDataTransferLength(params.length)
        .data(DataSegment.of(params)).build();
    i.send(c);
    return i.collect(c.initiatorTaskTag()).status();
  }

  /** A write the target has sent its R2T for, and the R2T's Target Transfer Tag. */
  private record PendingWrite(ScsiCommand command, int ttt) {}

  /** A WRITE(10) of 8 blocks at LBA 0 without data: the target answers with an R2T and waits. */
  private static PendingWrite pendingWrite(TestInitiator i) {
    ScsiCommand w = i.command(TargetFixture.write10(0, 8)).write(true).expectedDataTransferLength(4096).build();
    i.send(w);
    ReadyToTransfer r2t = i.receive(ReadyToTransfer.class);
    assertThat(r2t.initiatorTaskTag()).isEqualTo(w.initiatorTaskTag());
    return new PendingWrite(w, r2t.targetTransferTag());
  }

  /**
   * Sends the write's data late, then pings; returns every PDU before the ping's answer (the
   * target's own NOP-In pings, which carry a TTT, are answered on the way).
   */
  private static List<Pdu> lateDataThenPing(TestInitiator i, PendingWrite w) {
    byte[] pattern = new byte[4096];
    Arrays.fill(pattern, (byte) 0xAB);
    i.send(new DataOut(true, 0, w.command().initiatorTaskTag(), w.ttt(), i.expStatSN, 0, 0,
        DataSegment.of(pattern)));
    i.send(new NopOut(true, 0, 0x77, Pdu.RESERVED_TAG, i.cmdSN, i.expStatSN, DataSegment.EMPTY));
    List<Pdu> seen = new ArrayList<>();
    while (true) {
      Pdu p = i.receive();
      if (p instanceof NopIn n && n.initiatorTaskTag() == 0x77) {
        return seen;
      }
      if (p instanceof NopIn n && n.targetTransferTag() != Pdu.RESERVED_TAG) {
        i.send(new NopOut(true, 0, Pdu.RESERVED_TAG, n.targetTransferTag(), i.cmdSN, n.statSN() + 1,
            DataSegment.EMPTY));
        continue;
      }
      if (p instanceof ScsiResponse r) {
        i.expStatSN = r.statSN() + 1;
      }
      seen.add(p);
    }
  }

  private static SenseData unitAttention(TestInitiator i) {
    TestInitiator.Result r = i.read(new byte[6], 0); // TEST UNIT READY
    assertThat(r.status()).as("TEST UNIT READY status").isEqualTo(2);
    SenseData s = IscsiSense.decode(r.response().data().toByteArray()).orElseThrow();
    assertThat(s.senseKey()).isEqualTo(SenseKey.UNIT_ATTENTION);
    return s;
  }

  private static byte[] readLba0(TestInitiator i) {
    TestInitiator.Result r = i.read(TargetFixture.read10(0, 8), 4096);
    assertThat(r.status()).isZero();
    return r.data();
  }

  /** A registers and holds a Write Exclusive reservation, B registers, and A starts a write. */
  private static PendingWrite reservedByAWithAWritePending(TestInitiator a, TestInitiator b) {
    assertThat(prOut(a, PrOutServiceAction.REGISTER, WE, 0, KEY_A)).isZero();
    assertThat(prOut(a, PrOutServiceAction.RESERVE, WE, KEY_A, 0)).isZero();
    assertThat(prOut(b, PrOutServiceAction.REGISTER, WE, 0, KEY_B)).isZero();
    return pendingWrite(a);
  }

  @Test
  void preemptAndAbortDropsThePreemptedInitiatorsPendingWriteWithoutStatus() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator a = session(t, ISID_A);
        TestInitiator b = session(t, ISID_B)) {
      PendingWrite w = reservedByAWithAWritePending(a, b);

      assertThat(prOut(b, PrOutServiceAction.PREEMPT_AND_ABORT, WE, KEY_B, KEY_A)).as("PREEMPT AND ABORT").isZero();

      assertThat(lateDataThenPing(a, w)).as("no status and no Reject for the aborted write").isEmpty();
      assertThat(unitAttention(a).additionalSense()).isEqualTo(AdditionalSense.REGISTRATIONS_PREEMPTED);
      assertThat(readLba0(b)).as("the aborted write's late data did not reach the medium").containsOnly(0);
    }
  }

  @Test
  void preemptWithoutAbortLetsThePendingWriteFinishWithAStatus() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator a = session(t, ISID_A);
        TestInitiator b = session(t, ISID_B)) {
      PendingWrite w = reservedByAWithAWritePending(a, b);

      assertThat(prOut(b, PrOutServiceAction.PREEMPT, WE, KEY_B, KEY_A)).as("PREEMPT").isZero();

      // The write was not aborted: its data completes it, and the preempting reservation decides.
      List<Pdu> seen = lateDataThenPing(a, w);
      assertThat(seen).singleElement().isInstanceOfSatisfying(ScsiResponse.class,
          r -> assertThat(r.initiatorTaskTag()).isEqualTo(w.command().initiatorTaskTag()));
    }
  }

  @Test
  void clearTaskSetFromAnotherInitiatorTellsTheVictimWhyItsCommandVanished() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator a = session(t, ISID_A);
        TestInitiator b = session(t, ISID_B)) {
      PendingWrite w = pendingWrite(a);

      b.send(new TaskManagementRequest(true, TaskManagementFunction.CLEAR_TASK_SET, 0, b.nextItt(), -1, b.cmdSN,
          b.expStatSN, 0, 0));
      TaskManagementResponse tmf = b.receive(TaskManagementResponse.class);
      b.expStatSN = tmf.statSN() + 1;
      assertThat(tmf.response()).isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);

      assertThat(lateDataThenPing(a, w)).as("no status for the cleared write").isEmpty();
      assertThat(unitAttention(a).additionalSense())
          .isEqualTo(AdditionalSense.COMMANDS_CLEARED_BY_ANOTHER_INITIATOR);
      assertThat(b.read(new byte[6], 0).status()).as("the issuing initiator gets no unit attention").isZero();
      assertThat(readLba0(b)).containsOnly(0);
    }
  }

  @Test
  void clearTaskSetRaisesNoUnitAttentionForAnInitiatorWithNothingOutstanding() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator a = session(t, ISID_A);
        TestInitiator b = session(t, ISID_B)) {
      // A is attached to the LU since its login (it would see a unit attention) and has no command.
      b.send(new TaskManagementRequest(true, TaskManagementFunction.CLEAR_TASK_SET, 0, b.nextItt(), -1, b.cmdSN,
          b.expStatSN, 0, 0));
      assertThat(b.receive(TaskManagementResponse.class).response())
          .isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
      assertThat(a.read(new byte[6], 0).status()).isZero();
    }
  }


  /** libiscsi's Reserve6.Logout: the RESERVE(6) of a session that logged out is gone with it. */
  @Test
  void aReserve6EndsWhenItsSessionLogsOut() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator a = session(t, ISID_A);
        TestInitiator b = session(t, ISID_B)) {
      assertThat(a.read(new byte[] {0x16, 0, 0, 0, 0, 0}, 0).status()).as("RESERVE(6) from A").isZero();
      assertThat(b.read(new byte[] {0x16, 0, 0, 0, 0, 0}, 0).status()).as("RESERVE(6) from B")
          .isEqualTo(0x18); // RESERVATION CONFLICT
      a.send(new LogoutRequest(true, LogoutReason.CLOSE_SESSION, 0x31, 0, a.cmdSN, a.expStatSN));
      assertThat(a.receive(LogoutResponse.class).response()).isEqualTo(LogoutResponseCode.CLOSED_SUCCESSFULLY);
      assertThat(b.read(new byte[] {0x16, 0, 0, 0, 0, 0}, 0).status()).as("RESERVE(6) from B after A's logout")
          .isZero();
    }
  }
}
