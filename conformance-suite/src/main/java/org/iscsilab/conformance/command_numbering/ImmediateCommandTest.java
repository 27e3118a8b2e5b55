package org.iscsilab.conformance.command_numbering;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.conformance.LoggedInConnection.u;

import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NoResponse;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.TargetPdu;
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

/**
 * An immediate command carries the next CmdSN without consuming it (RFC 7143 §4.2.2.1): the
 * target must not advance ExpCmdSN for it, or the next non-immediate command, which carries the
 * same CmdSN, looks like a duplicate and is dropped (C22, istgt).
 */
@Area(ProtocolArea.COMMAND_NUMBERING)
class ImmediateCommandTest {

  enum Immediate {
    SCSI_COMMAND, NOP_OUT, TASK_MANAGEMENT
  }

  @ParameterizedTest(name = "immediate {0}")
  @EnumSource(Immediate.class)
  @Clause(value = "RFC 7143 §4.2.2.1", level = Level.MUST)
  void immediateCommandDoesNotAdvanceExpCmdSN(Immediate kind, ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int sn = c.currentCmdSN();
    int itt = c.itt();
    Pdu sent = switch (kind) {
      case SCSI_COMMAND -> ScsiCommand.builder().immediate(true).finalFlag(true).lun(c.lun()).initiatorTaskTag(itt)
          .cmdSN(sn).expStatSN(c.expStatSN()).cdb(CommandWindowTest.TEST_UNIT_READY).build();
      case NOP_OUT -> NopOut.ping(itt, sn, c.expStatSN(), DataSegment.EMPTY);
      // ABORT TASK of a task that never existed, RefCmdSN outside the window: harmless.
      case TASK_MANAGEMENT -> new TaskManagementRequest(true, TaskManagementFunction.ABORT_TASK, c.lun(), itt,
          0x7eadbeef, sn, c.expStatSN(), sn - 1000, 0);
    };
    c.send(sent);
    Pdu answer;
    do {
      answer = c.next("answer to " + PduSummary.of(sent));
    } while (answer.initiatorTaskTag() != itt);
    TargetPdu t = (TargetPdu) answer;
    assertThat(u(t.expCmdSN())).as("ExpCmdSN in the answer to %s, which carried CmdSN %s marked immediate (%s); "
        + "an immediate command consumes no CmdSN", PduSummary.of(sent), u(sn), PduSummary.of(answer))
        .isEqualTo(u(sn));
    // The next non-immediate command legitimately carries the same CmdSN and must be executed.
    int next = c.itt();
    ScsiCommand tur = c.command(CommandWindowTest.TEST_UNIT_READY, next).build();
    c.send(tur);
    try {
      c.collect(tur, next);
    } catch (NoResponse e) {
      throw new AssertionFailedError("the non-immediate TEST UNIT READY with CmdSN " + u(sn)
          + " that followed the immediate command was never answered: the target counted the immediate command's "
          + "CmdSN as used (" + e.getMessage() + ")");
    }
  }
}
