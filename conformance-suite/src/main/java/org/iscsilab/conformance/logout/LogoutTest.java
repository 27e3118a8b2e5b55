package org.iscsilab.conformance.logout;

import static org.assertj.core.api.Assertions.assertThat;

import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.IscsiSession;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.LogoutResponseCode;
import org.junit.jupiter.api.Test;

/** Closing a session cleanly (RFC 7143 §11.14, §11.15.1). */
@Area(ProtocolArea.LOGOUT)
class LogoutTest {

  @Test
  @Clause(value = "RFC 7143 §11.15.1", level = Level.MUST)
  void answersCloseSessionLogoutWithClosedSuccessfully(ConformanceContext ctx) {
    IscsiSession s = ctx.session();
    LogoutResponse r = IscsiSession.await(s.logout(ctx.responseTimeout()));
    assertThat(r.response()).as("Response of the Logout Response to 'close the session'")
        .isEqualTo(LogoutResponseCode.CLOSED_SUCCESSFULLY);
  }
}
