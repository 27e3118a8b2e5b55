package org.iscsilab.conformance.reject;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.RawPdu;
import org.iscsilab.protocol.pdu.Reject;
import org.junit.jupiter.api.Test;

/**
 * Valid PDUs with bytes of their header mutated at random: whatever the target makes of one
 * (Reject, an ordinary answer, silence while it waits for a data segment the mutated length
 * announced, or closing the connection), what it sends is well-formed, a Reject returns the
 * offending header, and a fresh session logs in and answers a ping afterwards (RFC 7143 §7.7,
 * §11.17). Mutations never touch a CDB and never make a Task Management or Logout Request, so
 * nothing on the LUN or in other sessions can change.
 */
@Area(ProtocolArea.REJECT)
class MalformedPduPropertyTest {

  private static final int EXAMPLES = 12;

  private static Duration settle(ConformanceContext ctx) {
    return ctx.responseTimeout().compareTo(Duration.ofMillis(300)) < 0 ? ctx.responseTimeout()
        : Duration.ofMillis(300);
  }

  private static RawPdu base(LoggedInConnection c, int which, int itt) {
    return which == 0 ? RawPdu.of(NopOut.ping(itt, c.currentCmdSN(), c.expStatSN(), DataSegment.of(new byte[12])))
        : RawPdu.of(c.command(new byte[6], itt).build()); // TEST UNIT READY
  }

  /** Opcodes a mutation must not produce: Task Management (0x02), Logout (0x06). */
  private static boolean harmless(RawPdu p) {
    int op = p.bhs()[0] & 0x3f;
    return op != 0x02 && op != 0x06;
  }

  @Test
  @Clause(value = "RFC 7143 §7.7", level = Level.MUST)
  void mutatedHeadersLeaveTheTargetAcceptingFreshSessions(ConformanceContext ctx) {
    qt().withExamples(EXAMPLES).withShrinkCycles(4)
        .forAll(integers().between(0, 1), integers().between(0, 31), integers().between(0, 255),
            integers().between(0, 31))
        .checkAssert((which, position, value, position2) -> {
          LoggedInConnection c = LoggedInConnection.open(ctx);
          int itt = c.itt();
          RawPdu p = base(c, which, itt).withByte(position, value).withByte(position2 ^ 0x10, value ^ 0x5a);
          if (!harmless(p)) {
            return;
          }
          c.send(p);
          List<String> seen = new ArrayList<>();
          while (true) {
            Optional<Pdu> q;
            try {
              q = c.poll(settle(ctx));
            } catch (RuntimeException closedOrMalformed) {
              assertThat(closedOrMalformed.getMessage()).as("after %s", PduSummary.of(p))
                  .doesNotContain("malformed PDU");
              break;
            }
            if (q.isEmpty()) {
              break;
            }
            seen.add(PduSummary.of(q.get()));
            if (q.get() instanceof Reject r) {
              assertThat(r.data().length()).as("header bytes returned by %s for %s", PduSummary.of(r), PduSummary.of(p))
                  .isGreaterThanOrEqualTo(48);
            }
          }
          LoggedInConnection fresh = LoggedInConnection.open(ctx);
          int ping = fresh.itt();
          fresh.send(NopOut.ping(ping, fresh.currentCmdSN(), fresh.expStatSN(), DataSegment.EMPTY));
          Pdu answer = fresh.nextFor(ping, "NOP-In on a fresh session after the target got " + PduSummary.of(p)
              + " (it answered " + seen + ")");
          assertThat(answer).as("answer to a ping on a fresh session").isInstanceOf(NopIn.class);
        });
  }

}
