package org.iscsilab.conformance.command_numbering;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.conformance.LoggedInConnection.u;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.TargetPdu;
import org.junit.jupiter.api.Test;

/** Commands inside the window are taken, and in CmdSN order (RFC 7143 §4.2.2.1). */
@Area(ProtocolArea.COMMAND_NUMBERING)
class CommandOrderingTest {

  @Test
  @Clause(value = "RFC 7143 §4.2.2.1", level = Level.MUST)
  void everyCommandUpToMaxCmdSNIsAccepted(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    LoggedInConnection.Exchange first = c.run(CommandWindowTest.TEST_UNIT_READY, 0);
    TargetPdu last = (TargetPdu) first.pdus().get(first.pdus().size() - 1);
    int window = last.maxCmdSN() - c.currentCmdSN() + 1;
    int n = Math.max(1, Math.min(window, 32));
    List<ScsiCommand> sent = new ArrayList<>();
    List<Integer> itts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int itt = c.itt();
      ScsiCommand cmd = c.command(CommandWindowTest.TEST_UNIT_READY, itt).build();
      c.send(cmd);
      sent.add(cmd);
      itts.add(itt);
    }
    for (int i = 0; i < n; i++) {
      LoggedInConnection.Exchange e = c.collect(sent.get(i), itts.get(i));
      assertThat(e.response()).as("iSCSI response to %s, command %d of %d sent at once inside the window "
          + "(MaxCmdSN %s)", PduSummary.of(sent.get(i)), i + 1, n, u(last.maxCmdSN())).isZero();
    }
  }

  @Test
  @Clause(value = "RFC 7143 §4.2.2.1", level = Level.MUST)
  void commandAfterAGapWaitsUntilTheGapIsFilled(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    c.run(CommandWindowTest.TEST_UNIT_READY, 0);
    int gap = c.nextCmdSN();
    int laterItt = c.itt();
    ScsiCommand later = c.command(CommandWindowTest.TEST_UNIT_READY, laterItt).build();
    c.send(later);
    c.poll(CommandWindowTest.silence(ctx));
    List<String> early = c.received().stream().filter(p -> p.initiatorTaskTag() == laterItt).map(PduSummary::of)
        .toList();
    assertThat(early).as("answers to %s while CmdSN %s before it had not arrived (commands are delivered in "
        + "CmdSN order)", PduSummary.of(later), u(gap)).isEmpty();
    int fillItt = c.itt();
    ScsiCommand fill = ScsiCommand.builder().finalFlag(true).lun(c.lun()).initiatorTaskTag(fillItt).cmdSN(gap)
        .expStatSN(c.expStatSN()).cdb(CommandWindowTest.TEST_UNIT_READY).build();
    c.send(fill);
    LoggedInConnection.Exchange filled = c.collect(fill, fillItt);
    LoggedInConnection.Exchange held = c.collect(later, laterItt);
    assertThat(filled.response()).as("iSCSI response to the command that filled the gap").isZero();
    TargetPdu after = (TargetPdu) held.pdus().get(held.pdus().size() - 1);
    assertThat(u(after.expCmdSN())).as("ExpCmdSN once both commands were received").isEqualTo(u(gap + 2));
  }
}
