package org.iscsilab.conformance.async;

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
import org.iscsilab.conformance.SuiteTags;
import org.iscsilab.initiator.IscsiConnection;
import org.iscsilab.initiator.LoginOutcome;
import org.iscsilab.initiator.LoginSpec;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.pdu.AsyncEvent;
import org.iscsilab.protocol.pdu.AsyncMessage;
import org.iscsilab.protocol.pdu.Pdu;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous Messages cannot be asked for; one that a target may send on demand is the
 * "connection dropped" event (AsyncEvent 2) on a surviving connection when another connection of
 * the session goes away. The test drops a second connection and judges the message if one comes
 * within a bounded wait; a target that announces nothing (or allows one connection) is
 * not-supported here.
 */
@Area(ProtocolArea.ASYNC)
@Tag(SuiteTags.MULTI_CONNECTION)
class ConnectionDroppedEventTest {

  private static Duration wait(ConformanceContext ctx) {
    return ctx.responseTimeout().compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : ctx.responseTimeout();
  }

  /** The event and the ExpStatSN the first connection expected when it came. */
  private record Event(AsyncMessage message, int expectedStatSN, int droppedCid) {}

  private static Event dropSecondConnection(ConformanceContext ctx) {
    LoggedInConnection first = LoggedInConnection.open(ctx, s -> s.withKey(IscsiKeys.MAX_CONNECTIONS, "2"));
    NotSupported.unless(first.negotiated().session().maxConnections() >= 2,
        "the target negotiated MaxConnections=" + first.negotiated().session().maxConnections());
    first.run(new byte[6], 0);
    LoginOutcome lo = first.login();
    var target = ctx.target();
    IscsiConnection second = ctx.closeAtEnd(IscsiConnection.connect(target.url().host(), target.url().port(),
        ctx.responseTimeout(), null, true));
    LoginSpec spec = LoginSpec.normal(ctx.initiatorName(), target.targetName()).withTimeout(ctx.responseTimeout())
        .withKey(IscsiKeys.MAX_CONNECTIONS, "2");
    if (target.chap().isPresent()) {
      spec = spec.withChap(target.chap().get());
    }
    int cid = lo.cid() + 1;
    spec = spec.withIds(lo.isid(), lo.tsih(), cid, 0x77, first.currentCmdSN(), 0, false);
    second.login(spec);
    int expected = first.expStatSN();
    second.close(); // dropped without Logout
    long end = System.nanoTime() + wait(ctx).toNanos();
    while (true) {
      long left = end - System.nanoTime();
      Optional<Pdu> p = left > 0 ? first.poll(Duration.ofNanos(left)) : Optional.empty();
      if (p.isEmpty()) {
        throw new NotSupported("the target sent no Asynchronous Message within " + LoggedInConnection.seconds(wait(ctx))
            + " after the session's second connection (CID " + cid + ") dropped");
      }
      if (p.get() instanceof AsyncMessage a) {
        return new Event(a, expected, cid);
      }
    }
  }

  @Test
  @Clause(value = "RFC 7143 §11.9", level = Level.MUST)
  void asyncMessageCarriesTheReservedInitiatorTaskTag(ConformanceContext ctx) {
    Event e = dropSecondConnection(ctx);
    assertThat(String.format("0x%08x", e.message().initiatorTaskTag())).as("ITT of %s",
        PduSummary.of(e.message())).isEqualTo("0xffffffff");
  }

  @Test
  @Clause(value = "RFC 7143 §11.9.1", level = Level.MUST)
  void connectionDroppedEventNamesTheDroppedConnection(ConformanceContext ctx) {
    Event e = dropSecondConnection(ctx);
    NotSupported.unless(e.message().asyncEvent().equals(AsyncEvent.CONNECTION_DROPPED),
        "the target announced event " + e.message().asyncEvent() + ", not 'connection dropped'");
    assertThat(e.message().parameter1()).as("Parameter1 (CID of the dropped connection) of %s",
        PduSummary.of(e.message())).isEqualTo(e.droppedCid());
  }

  @Test
  @Clause(value = "RFC 7143 §4.2.2.2", level = Level.MUST)
  void asyncMessageCarriesTheNextStatSN(ConformanceContext ctx) {
    Event e = dropSecondConnection(ctx);
    assertThat(Integer.toUnsignedString(e.message().statSN())).as("StatSN of %s on the surviving connection",
        PduSummary.of(e.message())).isEqualTo(Integer.toUnsignedString(e.expectedStatSN()));
  }
}
