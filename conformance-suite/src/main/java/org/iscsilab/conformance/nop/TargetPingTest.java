package org.iscsilab.conformance.nop;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.junit.jupiter.api.Test;

/**
 * A NOP-In ping from the target (valid TTT, ITT 0xffffffff) during a bounded idle wait: its fields,
 * and that the target accepts the NOP-Out answer (RFC 7143 §11.19). A target that sends none
 * within the wait is not-supported for this test, never a failure.
 */
@Area(ProtocolArea.NOP)
class TargetPingTest {

  /** How long to stay idle for a ping: the response timeout, at most 3 s (the suite must stay fast). */
  private static Duration idle(ConformanceContext ctx) {
    return ctx.responseTimeout().compareTo(Duration.ofSeconds(3)) > 0 ? Duration.ofSeconds(3) : ctx.responseTimeout();
  }

  private static NopIn awaitPing(ConformanceContext ctx, LoggedInConnection c) {
    long end = System.nanoTime() + idle(ctx).toNanos();
    while (true) {
      long left = end - System.nanoTime();
      Optional<Pdu> p = left > 0 ? c.poll(Duration.ofNanos(left)) : Optional.empty();
      if (p.isEmpty()) {
        throw new NotSupported("the target sent no NOP-In ping during " + LoggedInConnection.seconds(idle(ctx))
            + " of idleness");
      }
      if (p.get() instanceof NopIn n && n.targetTransferTag() != Pdu.RESERVED_TAG) {
        return n;
      }
    }
  }

  @Test
  @Clause(value = "RFC 7143 §11.19", level = Level.MUST)
  void targetPingCarriesReservedIttAndStatSNNotAdvanced(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int before = c.run(new byte[6], 0).statSN();
    NopIn ping = awaitPing(ctx, c);
    assertThat(String.format("0x%08x", ping.initiatorTaskTag())).as("ITT of a NOP-In ping from the target (%s)",
        PduSummary.of(ping)).isEqualTo("0xffffffff");
    assertThat(Integer.toUnsignedString(ping.statSN())).as("StatSN of the ping: the next StatSN, not advanced")
        .isEqualTo(Integer.toUnsignedString(before + 1));
    c.send(NopOut.answer(ping, c.currentCmdSN(), c.expStatSN()));
    int after = c.run(new byte[6], 0).statSN();
    assertThat(Integer.toUnsignedString(after)).as("StatSN of the status after the ping")
        .isEqualTo(Integer.toUnsignedString(before + 1));
  }

  @Test
  @Clause(value = "RFC 7143 §11.18.2", level = Level.MUST)
  void targetAcceptsTheAnswerToItsPing(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    NopIn ping = awaitPing(ctx, c);
    c.send(NopOut.answer(ping, c.currentCmdSN(), c.expStatSN()));
    int itt = c.itt();
    c.send(NopOut.ping(itt, c.currentCmdSN(), c.expStatSN(), DataSegment.EMPTY));
    Pdu p;
    do {
      p = c.next("NOP-In answering the suite's ping after it answered the target's ping");
    } while (p.initiatorTaskTag() != itt);
    assertThat(p).as("answer to the suite's ping after the target's ping was answered").isInstanceOf(NopIn.class);
  }
}
