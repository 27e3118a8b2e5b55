package org.iscsilab.conformance.task_management;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.SuiteTags;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ReadyToTransfer;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.ScsiResponse;
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.pdu.TaskManagementResponse;
import org.iscsilab.protocol.pdu.TaskManagementResponseCode;
import org.iscsilab.protocol.scsi.Lun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Task management functions and their responses (RFC 7143 §11.5.1, §11.6.1; SAM-5 §7). */
@Area(ProtocolArea.TASK_MANAGEMENT)
class TaskManagementTest {

  private static final byte[] TEST_UNIT_READY = new byte[6];

  /** Sends an immediate TMF request and returns its response. */
  static TaskManagementResponse tmf(LoggedInConnection c, TaskManagementFunction f, long lun, int referencedItt,
      int refCmdSN) {
    int itt = c.itt();
    TaskManagementRequest req = new TaskManagementRequest(true, f, lun, itt, referencedItt, c.currentCmdSN(),
        c.expStatSN(), refCmdSN, 0);
    c.send(req);
    Pdu p = c.nextFor(itt, "Task Management Function Response to " + PduSummary.of(req));
    if (p instanceof TaskManagementResponse r) {
      return r;
    }
    throw new org.opentest4j.AssertionFailedError("the target answered " + PduSummary.of(req) + " with "
        + PduSummary.of(p));
  }

  private static void unlessSupported(TaskManagementResponse r, String function) {
    NotSupported.unless(!r.response().equals(TaskManagementResponseCode.FUNCTION_NOT_SUPPORTED),
        "the target does not support " + function + " (Task Management response 5, Function not supported)");
  }

  @Test
  @Clause(value = "RFC 7143 §11.6.1", level = Level.MUST)
  void abortOfAnUnknownTaskOutsideTheWindowAnswersTaskDoesNotExist(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    c.run(TEST_UNIT_READY, 0);
    c.run(TEST_UNIT_READY, 0);
    // RefCmdSN of a command long acknowledged: outside the window, and no task has this tag.
    TaskManagementResponse r = tmf(c, TaskManagementFunction.ABORT_TASK, c.lun(), 0x7eadbeef, c.currentCmdSN() - 2);
    assertThat(r.response()).as("response to ABORT TASK of ITT 0x7eadbeef, which names no task, with RefCmdSN "
        + "outside the command window").isEqualTo(TaskManagementResponseCode.TASK_DOES_NOT_EXIST);
  }

  @Test
  @Clause(value = "RFC 7143 §11.6.1", level = Level.MUST)
  void abortOfALostCommandConsidersItsCmdSNReceived(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    c.run(TEST_UNIT_READY, 0);
    int lost = c.nextCmdSN(); // never sent: the "lost" command
    int itt = c.itt();
    ScsiCommand later = c.command(TEST_UNIT_READY, itt).build();
    c.send(later);
    TaskManagementResponse r = tmf(c, TaskManagementFunction.ABORT_TASK, c.lun(), 0x7eadbeef, lost);
    assertThat(r.response()).as("response to ABORT TASK of a task never received whose RefCmdSN %s is inside the "
        + "window and below the request's CmdSN (the target must consider it received)",
        Integer.toUnsignedString(lost)).isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
    LoggedInConnection.Exchange e = c.collect(later, itt);
    assertThat(e.response()).as("the TEST UNIT READY queued behind the lost CmdSN ran once the hole was closed")
        .isZero();
  }

  @Test
  @Clause(value = "SAM-5 §7.7", level = Level.MUST)
  void logicalUnitResetCompletesAndRaisesAUnitAttention(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    c.clearUnitAttentions();
    TaskManagementResponse r = tmf(c, TaskManagementFunction.LOGICAL_UNIT_RESET, c.lun(), Pdu.RESERVED_TAG,
        c.currentCmdSN());
    unlessSupported(r, "LOGICAL UNIT RESET");
    assertThat(r.response()).as("response to LOGICAL UNIT RESET of the LUN under test")
        .isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
    LoggedInConnection.Exchange first = c.run(TEST_UNIT_READY, 0);
    assertThat(first.describe()).as("the first command after a LOGICAL UNIT RESET: CHECK CONDITION, UNIT ATTENTION, "
        + "29h/xxh (POWER ON, RESET, OR BUS DEVICE RESET OCCURRED)").matches("status 0x02, sense UNIT ATTENTION.*\\(29/.*");
    c.clearUnitAttentions();
    assertThat(c.run(TEST_UNIT_READY, 0).describe()).as("TEST UNIT READY once the unit attention was reported")
        .isEqualTo("status 0x00");
  }

  @Test
  @Clause(value = "SAM-5 §7.3", level = Level.MUST)
  void abortTaskSetWithNoTasksCompletes(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    TaskManagementResponse r = tmf(c, TaskManagementFunction.ABORT_TASK_SET, c.lun(), Pdu.RESERVED_TAG,
        c.currentCmdSN());
    unlessSupported(r, "ABORT TASK SET");
    assertThat(r.response()).as("response to ABORT TASK SET on the LUN under test")
        .isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
    assertThat(c.run(TEST_UNIT_READY, 0).response()).as("iSCSI response to a command after ABORT TASK SET").isZero();
  }

  @Test
  @Clause(value = "SAM-5 §7.5", level = Level.MUST)
  void clearTaskSetWithNoTasksCompletes(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    TaskManagementResponse r = tmf(c, TaskManagementFunction.CLEAR_TASK_SET, c.lun(), Pdu.RESERVED_TAG,
        c.currentCmdSN());
    unlessSupported(r, "CLEAR TASK SET");
    assertThat(r.response()).as("response to CLEAR TASK SET on the LUN under test")
        .isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
  }

  private static TaskManagementResponse reassign(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    NotSupported.unless(c.negotiated().session().errorRecoveryLevel() == 0,
        "the session negotiated ErrorRecoveryLevel " + c.negotiated().session().errorRecoveryLevel());
    c.run(TEST_UNIT_READY, 0);
    return tmf(c, TaskManagementFunction.TASK_REASSIGN, c.lun(), 0x7eadbeef, c.currentCmdSN() - 1);
  }

  @Test
  @Clause(value = "RFC 7143 §11.5.1", level = Level.MUST)
  void taskReassignAtErrorRecoveryLevelZeroIsNotPerformed(ConformanceContext ctx) {
    assertThat(reassign(ctx).response()).as("response to TASK REASSIGN at ErrorRecoveryLevel 0 (reassignment needs "
        + "ERL 2)").isNotEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
  }

  @Test
  @Clause(value = "RFC 7143 §11.6.1", level = Level.SHOULD)
  void taskReassignAtErrorRecoveryLevelZeroAnswersReassignmentNotSupported(ConformanceContext ctx) {
    assertThat(reassign(ctx).response()).as("response to TASK REASSIGN at ErrorRecoveryLevel 0 (reassignment needs "
        + "ERL 2)").isEqualTo(TaskManagementResponseCode.TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED);
  }

  @Test
  @Clause(value = "RFC 7143 §11.6.1", level = Level.MUST)
  void taskManagementForALunThatDoesNotExistAnswersLunDoesNotExist(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    c.clearUnitAttentions();
    LoggedInConnection.Exchange luns = c.run(new byte[] {(byte) 0xA0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0}, 4096);
    NotSupported.unless(luns.good(), "REPORT LUNS failed: " + luns.describe());
    List<Long> present = new java.util.ArrayList<>();
    byte[] d = luns.data();
    for (int i = 8; i + 8 <= d.length; i += 8) {
      present.add(java.nio.ByteBuffer.wrap(d, i, 8).getLong());
    }
    int missing = 200;
    while (present.contains(Lun.of(missing).toLong())) {
      missing++;
    }
    TaskManagementResponse r = tmf(c, TaskManagementFunction.ABORT_TASK_SET, Lun.of(missing).toLong(),
        Pdu.RESERVED_TAG, c.currentCmdSN());
    unlessSupported(r, "ABORT TASK SET");
    assertThat(r.response()).as("response to ABORT TASK SET on LUN %d, which REPORT LUNS does not list", missing)
        .isEqualTo(TaskManagementResponseCode.LUN_DOES_NOT_EXIST);
  }

  @Test
  @Tag(SuiteTags.DESTRUCTIVE)
  @Clause(value = "RFC 7143 §11.6.1", level = Level.MUST)
  void abortOfAWriteAwaitingDataCompletes(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx, s -> s
        .withKey("InitialR2T", "Yes").withKey("ImmediateData", "No"));
    c.clearUnitAttentions();
    int bs = c.blockSize();
    int itt = c.itt();
    int sn = c.currentCmdSN();
    // A WRITE(10) of 8 blocks whose data the suite never sends: the task waits in the target.
    ScsiCommand write = c.command(new byte[] {0x2A, 0, 0, 0, 0, 0, 0, 0, 8, 0}, itt).write(true)
        .expectedDataTransferLength(8 * bs).build();
    c.send(write);
    Pdu first = c.next("R2T for " + PduSummary.of(write));
    NotSupported.unless(first instanceof ReadyToTransfer, "the target answered the write at once: "
        + PduSummary.of(first));
    TaskManagementResponse r = tmf(c, TaskManagementFunction.ABORT_TASK, c.lun(), itt, sn);
    assertThat(r.response()).as("response to ABORT TASK of a WRITE waiting for its Data-Out")
        .isEqualTo(TaskManagementResponseCode.FUNCTION_COMPLETE);
    List<String> late = c.received().stream().filter(p -> p instanceof ScsiResponse s && s.initiatorTaskTag() == itt
        && s.status() == 0).map(PduSummary::of).toList();
    assertThat(late).as("GOOD status for the aborted write, whose data never came").isEmpty();
  }
}
