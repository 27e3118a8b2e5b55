package org.iscsilab.conformance.nop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.IscsiSession;
import org.junit.jupiter.api.Test;

/** A NOP-Out with a valid ITT asks for a NOP-In (RFC 7143 §11.18.1). */
@Area(ProtocolArea.NOP)
class NopPingTest {

  @Test
  @Clause(value = "RFC 7143 §11.18", level = Level.MUST)
  void answersNopOutPingWithNopIn(ConformanceContext ctx) {
    IscsiSession s = ctx.session();
    Duration rtt = IscsiSession.await(s.ping(ctx.responseTimeout()));
    assertThat(rtt).as("round trip of a NOP-Out ping").isLessThanOrEqualTo(ctx.responseTimeout());
  }
}
