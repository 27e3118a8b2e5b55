package org.iscsilab.conformance.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Keys;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.RawConnection;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.junit.jupiter.api.Test;

/** Keys the first Login Request and Response must carry (RFC 7143 §6.3, §13.5, §13.9). */
@Area(ProtocolArea.LOGIN)
class LoginParametersTest {

  @Test
  @Clause(value = "RFC 7143 §13.9", level = Level.MUST)
  void firstLoginResponseCarriesTargetPortalGroupTag(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(ctx.firstLogin().build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.status()).as("status of a valid first Login Request").isEqualTo(LoginStatus.SUCCESS);
    assertThat(Keys.of(r)).as("keys of the first Login Response").containsKey("TargetPortalGroupTag");
    assertThat(Keys.of(r).get("TargetPortalGroupTag")).as("TargetPortalGroupTag (16-bit binary value)")
        .matches("(0[xX][0-9a-fA-F]{1,4}|[0-9]{1,5})");
  }

  private static LoginResponse loginWithoutInitiatorName(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(ctx.firstLogin()
        .data(Keys.of("TargetName", ctx.target().targetName(), "SessionType", "Normal", "AuthMethod", "None"))
        .build());
    return c.expect(LoginResponse.class);
  }

  @Test
  @Clause(value = "RFC 7143 §6.3", level = Level.MUST)
  void refusesLoginWithoutInitiatorName(ConformanceContext ctx) throws IOException {
    LoginResponse r = loginWithoutInitiatorName(ctx);
    assertThat(r.status().statusClass())
        .as("Status-Class of the answer to a first Login Request without InitiatorName (got %s)", r.status())
        .isEqualTo(LoginStatus.INITIATOR_ERROR.statusClass());
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.5", level = Level.SHOULD)
  void answersMissingInitiatorNameWithMissingParameterStatus(ConformanceContext ctx) throws IOException {
    LoginResponse r = loginWithoutInitiatorName(ctx);
    assertThat(r.status()).as("status of the answer to a login without InitiatorName").isEqualTo(LoginStatus.MISSING_PARAMETER);
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.5", level = Level.MUST)
  void closesConnectionAfterRejectingLogin(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(ctx.firstLogin()
        .data(Keys.of("InitiatorName", ctx.initiatorName(), "TargetName", "iqn.2026-11.org.iscsilab:no-such-target",
            "SessionType", "Normal", "AuthMethod", "None"))
        .build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.status().isSuccess()).as("login to a target name that does not exist succeeded").isFalse();
    // "If the Status-Class is not 0, the initiator and target MUST close the TCP connection."
    assertThat(c.awaitClose(ctx.responseTimeout()))
        .withFailMessage("the target kept the connection open for %d s after answering the login with %s",
            ctx.responseTimeout().toSeconds(), r.status())
        .isTrue();
  }
}
