package org.iscsilab.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.iscsilab.protocol.pdu.DataOut;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponse;
import org.iscsilab.protocol.pdu.TaskManagementResponseCode;
import org.iscsilab.protocol.scsi.sense.IscsiSense;
import org.iscsilab.protocol.scsi.sense.SenseKey;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(org.iscsilab.testfixtures.pdu.NettyLeakDetection.class)
class TaskManagementTest {

  private static TaskManagementResponse tmf(TestInitiator i, TaskManagementFunction f, int ref, int refCmdSN) {
    i.send(new TaskManagementRequest(true, f, 0, i.nextItt(), ref, i.cmdSN, i.expStatSN, refCmdSN, 0));
    TaskManagementResponse r = i.receive(TaskManagementResponse.class);
    i.expStatSN = r.statSN() + 1;
    return r;
  }

  @Test
  void abortTaskWaitingForDataOutCleansItUpAndDropsItsLateData() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login(new TestInitiator.Login().op("InitialR2T", "Yes").op("ImmediateData", "No"));
      ScsiCommand w = i.command(TargetFixture.write10(0, 8)).write(true).expectedDataTransferLength(4096).build();
      i.send(w);
      ReadyToTransfer r2t = i.receive(ReadyToTransfer.class);
      assertThat(tmf(i, TaskManagementFunction.ABORT_TASK, w.initiatorTaskTag(), w.cmdSN()).response())
          .isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
      i.send(new DataOut(true, 0, w.initiatorTaskTag(), r2t.targetTransferTag(), i.expStatSN, 0, 0,
          DataSegment.of(new byte[4096])));
      i.send(new NopOut(true, 0, 0x77, Pdu.RESERVED_TAG, i.cmdSN, i.expStatSN, DataSegment.EMPTY));
      assertThat(i.receive()).as("no Reject and no status for the aborted task").isInstanceOf(NopIn.class);
    }
  }

  @Test
  void abortOfATaskNeverSeenOutsideTheWindowIsTaskDoesNotExist() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      assertThat(tmf(i, TaskManagementFunction.ABORT_TASK, 0x5555, i.cmdSN + 5000).response())
          .isEqualTo(TaskManagementResponseCode.TASK_DOES_NOT_EXIST);
    }
  }

  @Test
  void logicalUnitResetRaisesAUnitAttention() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      assertThat(tmf(i, TaskManagementFunction.LOGICAL_UNIT_RESET, -1, 0).response())
          .isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
      TestInitiator.Result r = i.read(new byte[6], 0);
      assertThat(r.status()).isEqualTo(2);
      assertThat(IscsiSense.decode(r.response().data().toByteArray()).orElseThrow().senseKey())
          .isEqualTo(SenseKey.UNIT_ATTENTION);
      assertThat(i.read(new byte[6], 0).status()).isZero();
    }
  }

  @Test
  void taskReassignAtErrorRecoveryLevelZeroIsRefused() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      assertThat(tmf(i, TaskManagementFunction.TASK_REASSIGN, 0x10, 0).response())
          .isEqualTo(TaskManagementResponseCode.TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED);
    }
  }

  @Test
  void resetOfALunThatDoesNotExistSaysSo() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      i.send(new TaskManagementRequest(true, TaskManagementFunction.LOGICAL_UNIT_RESET, 0x0007000000000000L,
          i.nextItt(), -1, i.cmdSN, i.expStatSN, 0, 0));
      assertThat(i.receive(TaskManagementResponse.class).response())
          .isEqualTo(TaskManagementResponseCode.LUN_DOES_NOT_EXIST);
    }
  }

  @Test
  void abortTaskSetWaitsForMissingLowerCmdSNsAndAbortsThemOnArrival() {
    try (IscsiTarget t = TargetFixture.builder().start(); TestInitiator i = TestInitiator.connect(t.address())) {
      i.login();
      int sn = i.cmdSN;
      // CmdSN sn is still on its way when the immediate ABORT TASK SET (CmdSN sn+1) arrives.
      i.send(new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK_SET, 0, 0x91, -1, sn + 1,
          i.expStatSN, 0, 0));
      i.send(new NopOut(true, 0, 0x92, Pdu.RESERVED_TAG, sn, i.expStatSN, DataSegment.EMPTY));
      assertThat(i.receive()).as("no TMF response while CmdSN %d is missing", sn).isInstanceOf(NopIn.class);
      i.send(ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(0x93).cmdSN(sn).build());
      TaskManagementResponse r = i.receive(TaskManagementResponse.class);
      assertThat(r.response()).isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
      assertThat(r.expCmdSN()).isEqualTo(sn + 1);
      // The late command was aborted: the next PDU answers a new command, not ITT 0x93.
      i.send(ScsiCommand.builder().cdb(new byte[6]).initiatorTaskTag(0x94).cmdSN(sn + 1).build());
      assertThat(i.receive().initiatorTaskTag()).isEqualTo(0x94);
    }
  }
}
