package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
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
import org.iscsilab.protocol.scsi.sense.IscsiSense;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.junit.jupiter.api.Test;

/**
 * Task management in a session with two connections (RFC 7143 §4.2.3.3, §11.5, §11.6): a function
 * on one connection reaches tasks allegiant to the other.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class MultiConnectionTaskManagementTest {
  private static final int RESERVED = Pdu.RESERVED_TAG;
  private static final Duration QUIET = Duration.ofMillis(200);

  /** Two connections of one session; a's CmdSN counter is the session's. */
  private record Pair(TestInitiator a, TestInitiator b) implements AutoCloseable {
    @Override
    public void close() {
      a.close();
      b.close();
    }
  }

  private static IscsiTarget start() {
    return TargetFixture.builder().limits(SessionLimits.DEFAULTS.withMaxConnections(2)).start();
  }

  private static TestInitiator.Login ops() {
    return new TestInitiator.Login().op("MaxConnections", "2").op("InitialR2T", "Yes").op("ImmediateData", "No");
  }

  private static Pair pair(IscsiTarget t) {
    TestInitiator a = TestInitiator.connect(t.address());
    TestInitiator b = TestInitiator.connect(t.address());
    assertThat(a.login(ops()).status().isSuccess()).isTrue();
    b.tsih = a.tsih;
    b.isid = a.isid;
    b.cmdSN = a.cmdSN;
    b.cid = 1;
    assertThat(b.login(new TestInitiator.Login()).status().isSuccess()).isTrue();
    return new Pair(a, b);
  }

  private static ScsiCommand write(TestInitiator on, int cmdSN) {
    ScsiCommand w = ScsiCommand.builder().cdb(TargetFixture.write10(0, 8)).write(true).expectedDataTransferLength(4096)
        .initiatorTaskTag(on.nextItt()).cmdSN(cmdSN).expStatSN(on.expStatSN).build();
    on.send(w);
    return w;
  }

  private static void assertDataOutDroppedQuietly(TestInitiator on, ScsiCommand w, ReadyToTransfer r2t, int cmdSN) {
    on.send(new DataOut(true, 0, w.initiatorTaskTag(), r2t.targetTransferTag(), on.expStatSN, 0, 0,
        DataSegment.of(new byte[4096])));
    on.send(new NopOut(true, 0, 0x7777, RESERVED, cmdSN, on.expStatSN, DataSegment.EMPTY));
    Pdu p = on.receive();
    assertThat(p).as("no Reject and no status for the aborted task").isInstanceOf(NopIn.class);
    assertThat(p.initiatorTaskTag()).isEqualTo(0x7777);
  }

  @Test
  void abortTaskSetOnTheSecondConnectionWaitsForTheOutstandingR2TAndTheAcknowledgementsOnTheFirst() {
    try (IscsiTarget t = start(); Pair p = pair(t)) {
      TestInitiator a = p.a();
      TestInitiator b = p.b();
      int sn = a.cmdSN;
      // a status on connection a that a does not acknowledge yet
      a.send(ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(a.nextItt()).cmdSN(sn++).expStatSN(a.expStatSN)
          .build());
      ScsiResponse tur = a.receive(ScsiResponse.class);
      ScsiCommand w = write(a, sn++);
      ReadyToTransfer r2t = a.receive(ReadyToTransfer.class);
      b.send(new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK_SET, 0, 0x51, RESERVED, sn,
          b.expStatSN, 0, 0));
      // step a: the R2T's TTT stays valid until its Data-Out has come
      assertThat(b.poll(QUIET)).as("no TMF response while R2T TTT 0x%s is unanswered",
          Integer.toHexString(r2t.targetTransferTag())).isEmpty();
      assertThat(a.poll(Duration.ZERO)).isEmpty();
      a.send(new DataOut(true, 0, w.initiatorTaskTag(), r2t.targetTransferTag(), a.expStatSN, 0, 0,
          DataSegment.of(new byte[4096])));
      // step e: then the target asks connection a for its acknowledgement before it answers on b
      NopIn solicit = a.receive(NopIn.class);
      assertThat(solicit.targetTransferTag()).isNotEqualTo(RESERVED);
      assertThat(b.poll(QUIET)).as("no TMF response while a's StatSN %d is unacknowledged", tur.statSN()).isEmpty();
      a.send(new NopOut(true, 0, RESERVED, solicit.targetTransferTag(), sn, tur.statSN() + 1, DataSegment.EMPTY));
      TaskManagementResponse r = b.receive(TaskManagementResponse.class);
      assertThat(r.response()).isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
      assertThat(r.initiatorTaskTag()).isEqualTo(0x51);
      a.expStatSN = tur.statSN() + 1;
      // the write never completes: no status for it, only the answer to this ping
      a.send(new NopOut(true, 0, 0x7777, RESERVED, sn, a.expStatSN, DataSegment.EMPTY));
      assertThat(a.receive().initiatorTaskTag()).isEqualTo(0x7777);
      assertThat(t.unacknowledgedStatusCount()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void onOneConnectionAbortTaskSetAnswersOnceTheOutstandingR2TIsAnswered() {
    try (IscsiTarget t = start(); TestInitiator a = TestInitiator.connect(t.address())) {
      a.login(ops());
      ScsiCommand w = write(a, a.cmdSN++);
      ReadyToTransfer r2t = a.receive(ReadyToTransfer.class);
      a.send(new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK_SET, 0, 0x55, RESERVED, a.cmdSN,
          a.expStatSN, 0, 0));
      assertThat(a.poll(QUIET)).as("the R2T's TTT is still valid: no response yet").isEmpty();
      // the burst in two PDUs: only its final one ends the wait
      a.send(new DataOut(false, 0, w.initiatorTaskTag(), r2t.targetTransferTag(), a.expStatSN, 0, 0,
          DataSegment.of(new byte[2048])));
      assertThat(a.poll(QUIET)).isEmpty();
      a.send(new DataOut(true, 0, w.initiatorTaskTag(), r2t.targetTransferTag(), a.expStatSN, 1, 2048,
          DataSegment.of(new byte[2048])));
      TaskManagementResponse r = a.receive(TaskManagementResponse.class);
      assertThat(r.response()).isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
      a.expStatSN = r.statSN() + 1;
      assertDataOutDroppedQuietly(a, w, r2t, a.cmdSN);
    }
  }

  @Test
  void abortTaskOnTheSecondConnectionFindsTheTaskOnTheFirst() {
    try (IscsiTarget t = start(); Pair p = pair(t)) {
      TestInitiator a = p.a();
      TestInitiator b = p.b();
      int sn = a.cmdSN;
      ScsiCommand w = write(a, sn++);
      ReadyToTransfer r2t = a.receive(ReadyToTransfer.class);
      b.send(new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK, 0, 0x52, w.initiatorTaskTag(), sn,
          b.expStatSN, w.cmdSN(), 0));
      assertThat(b.receive(TaskManagementResponse.class).response())
          .isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
      assertDataOutDroppedQuietly(a, w, r2t, sn);
      // a task that is nowhere, with a RefCmdSN already behind the window: does not exist
      b.send(new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK, 0, 0x53, 0x4444, sn, b.expStatSN,
          sn - 1, 0));
      assertThat(b.receive(TaskManagementResponse.class).response())
          .isEqualTo(TaskManagementResponseCode.TASK_DOES_NOT_EXIST);
    }
  }

  @Test
  void aCommandBeforeTheFunctionThatArrivesLaterOnTheOtherConnectionIsAborted() {
    try (IscsiTarget t = start(); Pair p = pair(t)) {
      TestInitiator a = p.a();
      TestInitiator b = p.b();
      int sn = a.cmdSN;
      // CmdSN sn is still on its way (on connection a) when the ABORT TASK SET (CmdSN sn+1) reaches b
      b.send(new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK_SET, 0, 0x61, RESERVED, sn + 1,
          b.expStatSN, 0, 0));
      assertThat(b.poll(QUIET)).as("no answer while CmdSN %d is missing", sn).isEmpty();
      a.send(ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(0x62).cmdSN(sn).expStatSN(a.expStatSN).build());
      TaskManagementResponse r = b.receive(TaskManagementResponse.class);
      assertThat(r.response()).isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
      assertThat(r.expCmdSN()).isEqualTo(sn + 1);
      // the late command was aborted: a's next PDU answers a new command, not ITT 0x62
      a.send(ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(0x63).cmdSN(sn + 1).expStatSN(a.expStatSN)
          .build());
      assertThat(a.receive().initiatorTaskTag()).isEqualTo(0x63);
    }
  }

  @Test
  void logicalUnitResetFromAnotherSessionAbortsAWriteWaitingForData() {
    try (IscsiTarget t = start(); TestInitiator a = TestInitiator.connect(t.address());
         TestInitiator c = TestInitiator.connect(t.address())) {
      a.login(ops());
      c.isid = 0x400001370099L;
      c.login();
      ScsiCommand w = write(a, a.cmdSN++);
      ReadyToTransfer r2t = a.receive(ReadyToTransfer.class);
      c.send(new TaskManagementRequest(true, TaskManagementFunction.LOGICAL_UNIT_RESET, 0, 0x71, RESERVED, c.cmdSN,
          c.expStatSN, 0, 0));
      assertThat(c.receive(TaskManagementResponse.class).response())
          .isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
      assertDataOutDroppedQuietly(a, w, r2t, a.cmdSN);
      TestInitiator.Result ua = a.read(new byte[6], 0);
      assertThat(IscsiSense.decode(ua.response().data().toByteArray()).orElseThrow().senseKey())
          .isEqualTo(SenseKey.UNIT_ATTENTION);
    }
  }
}
