package org.iscsilab.conformance.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.SuiteTags;
import org.iscsilab.initiator.IscsiSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** More than one connection in a session, as far as MaxConnections allows (RFC 7143 §13.2). */
@Area(ProtocolArea.LOGIN)
class MultipleConnectionsTest {

  @Test
  @Tag(SuiteTags.MULTI_CONNECTION)
  @Clause(value = "RFC 7143 §13.2", level = Level.SHOULD)
  void acceptsASecondConnectionWhenMaxConnectionsAllowsIt(ConformanceContext ctx) {
    IscsiSession s = ctx.session(c -> c.withConnections(2));
    int max = s.negotiated().session().maxConnections();
    NotSupported.unless(max > 1, "the target negotiated MaxConnections=" + max + " (one connection per session)");
    assertThat(s.connectionCount())
        .withFailMessage("the target negotiated MaxConnections=%d but did not let a second connection join the session "
            + "(see the PDU exchange of connection CID 1)", max)
        .isEqualTo(2);
  }
}
