package org.iscsilab.conformance.command_numbering;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.conformance.LoggedInConnection.u;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.TargetClosedConnection;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.TargetPdu;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The command window: ExpCmdSN, MaxCmdSN and commands outside it (RFC 7143 §4.2.2.1). */
@Area(ProtocolArea.COMMAND_NUMBERING)
class CommandWindowTest {

  static final byte[] TEST_UNIT_READY = new byte[6];

  /** How long the target gets to show it ignored a command, after a later command was answered. */
  static Duration silence(ConformanceContext ctx) {
    return ctx.responseTimeout().compareTo(Duration.ofMillis(500)) < 0 ? ctx.responseTimeout() : Duration.ofMillis(500);
  }

  @Test
  @Clause(value = "RFC 7143 §4.2.2.1", level = Level.MUST)
  void maxCmdSNIsNeverBelowExpCmdSNMinusOne(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    List<String> bad = new ArrayList<>();
    var login = c.login();
    if (login.maxCmdSN() - (login.expCmdSN() - 1) < 0) {
      bad.add("final Login Response: ExpCmdSN " + u(login.expCmdSN()) + ", MaxCmdSN " + u(login.maxCmdSN()));
    }
    for (int i = 0; i < 4; i++) {
      c.run(TEST_UNIT_READY, 0);
    }
    int itt = c.itt();
    c.send(NopOut.ping(itt, c.currentCmdSN(), c.expStatSN(), DataSegment.EMPTY));
    c.expect(NopIn.class, "NOP-In answering the ping");
    for (Pdu p : c.received()) {
      if (p instanceof TargetPdu t && t.maxCmdSN() - (t.expCmdSN() - 1) < 0) {
        bad.add(PduSummary.of(p));
      }
    }
    assertThat(bad).as("PDUs whose MaxCmdSN is less than ExpCmdSN - 1 (serial arithmetic); "
        + "\"The target MUST NOT transmit a MaxCmdSN that is less than ExpCmdSN - 1\"").isEmpty();
  }

  @Test
  @Clause(value = "RFC 7143 §4.2.2.1", level = Level.MUST)
  void expCmdSNAcknowledgesEachNonImmediateCommand(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    for (int i = 0; i < 3; i++) {
      int sn = c.currentCmdSN();
      LoggedInConnection.Exchange e = c.run(TEST_UNIT_READY, 0);
      TargetPdu last = (TargetPdu) e.pdus().get(e.pdus().size() - 1);
      assertThat(u(last.expCmdSN()))
          .as("ExpCmdSN in the answer to the TEST UNIT READY with CmdSN %s: every command up to it is received, "
              + "the next is expected (%s)", u(sn), PduSummary.of(last))
          .isEqualTo(u(sn + 1));
    }
  }

  @Test
  @Clause(value = "RFC 7143 §4.2.2.1", level = Level.MUST)
  void nonImmediateNopOutConsumesACmdSN(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int sn = c.nextCmdSN();
    int itt = c.itt();
    c.send(new NopOut(false, 0, itt, Pdu.RESERVED_TAG, sn, c.expStatSN(), DataSegment.EMPTY));
    NopIn in = c.expect(NopIn.class, "NOP-In answering a non-immediate NOP-Out ping with CmdSN " + u(sn));
    assertThat(u(in.expCmdSN())).as("ExpCmdSN after a non-immediate NOP-Out with CmdSN %s (%s)", u(sn),
        PduSummary.of(in)).isEqualTo(u(sn + 1));
  }

  /** A command the target must drop: its answer must never come, a later in-window command still works. */
  private static void assertIgnored(ConformanceContext ctx, LoggedInConnection c, int outsideCmdSN, String where) {
    int ignoredItt = c.itt();
    c.send(ScsiCommand.builder().finalFlag(true).lun(c.lun()).initiatorTaskTag(ignoredItt).cmdSN(outsideCmdSN)
        .expStatSN(c.expStatSN()).cdb(TEST_UNIT_READY).build());
    int sn = c.currentCmdSN();
    LoggedInConnection.Exchange e;
    try {
      e = c.run(TEST_UNIT_READY, 0);
    } catch (TargetClosedConnection closed) {
      throw new AssertionFailedError("the target dropped the connection after a TEST UNIT READY with CmdSN "
          + u(outsideCmdSN) + " " + where + ", instead of ignoring that command silently (" + closed.diagnosis() + ")");
    }
    c.poll(silence(ctx));
    List<String> answers = c.received().stream().filter(p -> p.initiatorTaskTag() == ignoredItt)
        .map(PduSummary::of).toList();
    assertThat(answers).as("answers to a TEST UNIT READY with CmdSN %s %s; \"The target MUST silently ignore any "
        + "non-immediate command outside of this range\"", u(outsideCmdSN), where).isEmpty();
    TargetPdu last = (TargetPdu) e.pdus().get(e.pdus().size() - 1);
    assertThat(u(last.expCmdSN())).as("ExpCmdSN after the in-window command with CmdSN %s that followed the "
        + "ignored one (an ignored command consumes no CmdSN)", u(sn)).isEqualTo(u(sn + 1));
  }

  @Test
  @Clause(value = "RFC 7143 §4.2.2.1", level = Level.MUST)
  void commandBeyondMaxCmdSNIsSilentlyIgnored(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    LoggedInConnection.Exchange first = c.run(TEST_UNIT_READY, 0);
    TargetPdu last = (TargetPdu) first.pdus().get(first.pdus().size() - 1);
    assertIgnored(ctx, c, last.maxCmdSN() + 1,
        "beyond MaxCmdSN " + u(last.maxCmdSN()));
  }

  @Test
  @Clause(value = "RFC 7143 §4.2.2.1", level = Level.MUST)
  void commandBelowExpCmdSNIsSilentlyIgnored(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    LoggedInConnection.Exchange first = c.run(TEST_UNIT_READY, 0);
    TargetPdu last = (TargetPdu) first.pdus().get(first.pdus().size() - 1);
    assertIgnored(ctx, c, last.expCmdSN() - 1, "below ExpCmdSN " + u(last.expCmdSN()) + " (a CmdSN already used)");
  }
}
