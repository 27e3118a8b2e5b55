package org.iscsilab.conformance.logout;

import org.iscsilab.conformance.LoggedInConnection;
import static org.assertj.core.api.Assertions.assertThat;

import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.initiator.PduSummary;
import org.iscsilab.protocol.pdu.LogoutReason;
import org.iscsilab.protocol.pdu.LogoutRequest;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.LogoutResponseCode;
import org.iscsilab.protocol.pdu.Pdu;
import org.junit.jupiter.api.Test;

/** Logout Requests of each reason and what follows them (RFC 7143 §11.14, §11.15). */
@Area(ProtocolArea.LOGOUT)
class LogoutResponseTest {

  static LogoutResponse logout(LoggedInConnection c, LogoutReason reason, int cid) {
    int itt = c.itt();
    LogoutRequest req = new LogoutRequest(true, reason, itt, cid, c.currentCmdSN(), c.expStatSN());
    c.send(req);
    while (true) {
      Pdu p = c.next("Logout Response to " + PduSummary.of(req));
      if (p instanceof LogoutResponse r) {
        assertThat(String.format("0x%08x", r.initiatorTaskTag())).as("ITT of the Logout Response")
            .isEqualTo(String.format("0x%08x", itt));
        return r;
      }
      if (p.initiatorTaskTag() == itt) {
        throw new org.opentest4j.AssertionFailedError("the target answered " + PduSummary.of(req) + " with "
            + PduSummary.of(p));
      }
    }
  }

  @Test
  @Clause(value = "RFC 7143 §11.15", level = Level.MUST)
  void connectionIsClosedAfterClosingTheSession(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    c.run(new byte[6], 0);
    LogoutResponse r = logout(c, LogoutReason.CLOSE_SESSION, c.login().cid());
    assertThat(r.response()).as("response to 'close the session'").isEqualTo(LogoutResponseCode.CLOSED_SUCCESSFULLY);
    assertThat(c.awaitClose(ctx.responseTimeout()))
        .withFailMessage("the target kept the TCP connection open for %s after a successful session logout "
            + "(\"After Logout, the TCP connection referred by the CID MUST be closed at both ends\")",
            LoggedInConnection.seconds(ctx.responseTimeout()))
        .isTrue();
  }

  @Test
  @Clause(value = "RFC 7143 §11.15", level = Level.MUST)
  void connectionIsClosedAfterClosingTheConnection(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    c.run(new byte[6], 0);
    LogoutResponse r = logout(c, LogoutReason.CLOSE_CONNECTION, c.login().cid());
    assertThat(r.response()).as("response to 'close the connection' for the connection's own CID %d",
        c.login().cid()).isEqualTo(LogoutResponseCode.CLOSED_SUCCESSFULLY);
    assertThat(c.awaitClose(ctx.responseTimeout()))
        .withFailMessage("the target kept the TCP connection open for %s after a successful connection logout",
            LoggedInConnection.seconds(ctx.responseTimeout()))
        .isTrue();
  }

  @Test
  @Clause(value = "RFC 7143 §11.15.1", level = Level.MUST)
  void closingAnUnknownConnectionAnswersCidNotFound(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int unknown = c.login().cid() + 0x1234;
    LogoutResponse r = logout(c, LogoutReason.CLOSE_CONNECTION, unknown);
    assertThat(r.response()).as("response to 'close the connection' for CID %d, which the session does not have",
        unknown).isEqualTo(LogoutResponseCode.CID_NOT_FOUND);
  }

  @Test
  @Clause(value = "RFC 7143 §11.15.1", level = Level.MUST)
  void removingAConnectionForRecoveryAtErrorRecoveryLevelZeroIsRefused(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    NotSupported.unless(c.negotiated().session().errorRecoveryLevel() == 0,
        "the session negotiated ErrorRecoveryLevel " + c.negotiated().session().errorRecoveryLevel());
    LogoutResponse r = logout(c, LogoutReason.REMOVE_CONNECTION_FOR_RECOVERY, c.login().cid());
    assertThat(r.response()).as("response to 'remove the connection for recovery' at ErrorRecoveryLevel 0")
        .isEqualTo(LogoutResponseCode.RECOVERY_NOT_SUPPORTED);
  }

  @Test
  @Clause(value = "RFC 7143 §4.2.2.2", level = Level.MUST)
  void logoutResponseCarriesTheNextStatSN(ConformanceContext ctx) {
    LoggedInConnection c = LoggedInConnection.open(ctx);
    int before = c.run(new byte[6], 0).statSN();
    LogoutResponse r = logout(c, LogoutReason.CLOSE_SESSION, c.login().cid());
    assertThat(Integer.toUnsignedString(r.statSN())).as("StatSN of the Logout Response after the status with StatSN %s",
        Integer.toUnsignedString(before)).isEqualTo(Integer.toUnsignedString(before + 1));
  }
}
