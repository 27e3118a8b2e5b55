package org.iscsilab.conformance.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Keys;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.RawConnection;
import org.iscsilab.conformance.SuiteTags;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.text.KeyValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The status of every login refusal the suite can provoke (RFC 7143 §11.13.5, §13.4, §13.21). */
@Area(ProtocolArea.LOGIN)
class LoginRefusalTest {

  private static final String NO_SUCH_TARGET = "iqn.2026-11.org.iscsilab:no-such-target";

  /** A first Login Request with {@code keys}; AuthMethod=None becomes CHAP,None (T=0) when the URL has CHAP credentials. */
  private static LoginResponse firstLogin(ConformanceContext ctx, String... keys) throws IOException {
    if (LoginFlow.needsChap(ctx)) {
      for (int i = 0; i + 1 < keys.length; i += 2) {
        if (keys[i].equals("AuthMethod")) {
          keys[i + 1] = "CHAP,None";
        }
      }
    }
    RawConnection c = ctx.connect();
    c.send(LoginFlow.firstRequest(ctx).data(Keys.of(keys)).build());
    return c.expect(LoginResponse.class);
  }

  private static LoginResponse loginToUnknownTarget(ConformanceContext ctx) throws IOException {
    return firstLogin(ctx, "InitiatorName", ctx.initiatorName(), "TargetName", NO_SUCH_TARGET, "SessionType",
        "Normal", "AuthMethod", "None");
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.5", level = Level.MUST)
  void refusesUnknownTargetName(ConformanceContext ctx) throws IOException {
    LoginResponse r = loginToUnknownTarget(ctx);
    assertThat(r.status().statusClass()).withFailMessage("answered a login to %s (no such target) with %s",
        NO_SUCH_TARGET, r.status()).isEqualTo(LoginStatus.INITIATOR_ERROR.statusClass());
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.5", level = Level.SHOULD)
  void answersUnknownTargetNameWithNotFound(ConformanceContext ctx) throws IOException {
    assertThat(loginToUnknownTarget(ctx).status()).as("status of a login to a target name that does not exist")
        .isEqualTo(LoginStatus.NOT_FOUND);
  }

  private static LoginResponse normalLoginWithoutTargetName(ConformanceContext ctx) throws IOException {
    return firstLogin(ctx, "InitiatorName", ctx.initiatorName(), "SessionType", "Normal", "AuthMethod", "None");
  }

  @Test
  @Clause(value = "RFC 7143 §13.4", level = Level.MUST)
  void refusesNormalSessionWithoutTargetName(ConformanceContext ctx) throws IOException {
    // "TargetName ... MUST be provided by the initiator in the first Login Request of a Normal session."
    LoginResponse r = normalLoginWithoutTargetName(ctx);
    assertThat(r.status().statusClass()).withFailMessage("answered a Normal-session login without TargetName with "
        + "%s; it names no target and must be refused", r.status())
        .isEqualTo(LoginStatus.INITIATOR_ERROR.statusClass());
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.5", level = Level.SHOULD)
  void answersMissingTargetNameWithMissingParameter(ConformanceContext ctx) throws IOException {
    assertThat(normalLoginWithoutTargetName(ctx).status())
        .as("status of a Normal-session login without TargetName (\"Missing parameter (e.g., iSCSI Initiator Name "
            + "and/or Target Name)\")")
        .isEqualTo(LoginStatus.MISSING_PARAMETER);
  }

  @Test
  @Clause(value = "RFC 7143 §13.21", level = Level.MUST)
  void refusesUnknownSessionType(ConformanceContext ctx) throws IOException {
    LoginResponse r = firstLogin(ctx, "InitiatorName", ctx.initiatorName(), "TargetName", ctx.target().targetName(),
        "SessionType", "Bogus", "AuthMethod", "None");
    assertThat(r.status().statusClass()).withFailMessage("answered SessionType=Bogus with %s; only Discovery and "
        + "Normal exist", r.status()).isIn(LoginStatus.INITIATOR_ERROR.statusClass());
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.5", level = Level.MUST)
  void closesConnectionAfterRefusingUnknownTsih(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(ctx.firstLogin().tsih(0x7ffd).cid(3).data(Keys.of("InitiatorName", ctx.initiatorName(), "TargetName",
        ctx.target().targetName(), "AuthMethod", LoginFlow.needsChap(ctx) ? "CHAP" : "None")).build());
    LoginResponse r = c.expect(LoginResponse.class);
    NotSupported.unless(!r.status().isSuccess(), "the target let a login with an unknown TSIH through (judged by "
        + "refusesUnknownTsih)");
    // "If the Status-Class is not 0, the initiator and target MUST close the TCP connection."
    assertThat(c.awaitClose(ctx.responseTimeout())).withFailMessage("the target kept the connection open for %d s "
        + "after refusing the login with %s", ctx.responseTimeout().toSeconds(), r.status()).isTrue();
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.5", level = Level.MUST)
  void failedLoginResponseCarriesNoTransit(ConformanceContext ctx) throws IOException {
    LoginResponse r = loginToUnknownTarget(ctx);
    NotSupported.unless(!r.status().isSuccess(), "the target accepted a login to an unknown target");
    assertThat(r.transit()).withFailMessage("a Login Response with %s has T=1 (NSG %s): a refusal cannot move the "
        + "login to another stage", r.status(), r.nextStage()).isFalse();
  }

  /** A second connection (CID 1) into {@code s}: the refusing Login Response, or null if it was let in. */
  private static LoginResponse secondConnection(ConformanceContext ctx, LoginFlow.LoggedIn s) throws IOException {
    try {
      LoginFlow.login(ctx, ctx.connect(), LoginFlow.normalIdentity(ctx), List.of(), s.isid(), s.tsih(), 1);
      return null;
    } catch (LoginFlow.Refused e) {
      return e.response();
    }
  }

  private static LoginFlow.LoggedIn sessionWithOneConnection(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn s = LoginFlow.normal(ctx, List.of(KeyValue.of("MaxConnections", "1")));
    String mc = s.answers().get("MaxConnections");
    NotSupported.unless("1".equals(mc), "MaxConnections=1 was answered " + mc);
    return s;
  }

  @Test
  @Tag(SuiteTags.MULTI_CONNECTION)
  @Clause(value = "RFC 7143 §13.2", level = Level.MUST)
  void refusesSecondConnectionBeyondMaxConnectionsOne(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn s = sessionWithOneConnection(ctx);
    LoginResponse r = secondConnection(ctx, s);
    assertThat(r).withFailMessage("let a second connection (CID 1) into session TSIH 0x%04x whose negotiated "
        + "MaxConnections is 1", s.tsih()).isNotNull();
    assertThat(r.status().statusClass()).withFailMessage("refused the connection beyond MaxConnections=1 with %s",
        r.status()).isEqualTo(LoginStatus.INITIATOR_ERROR.statusClass());
  }

  @Test
  @Tag(SuiteTags.MULTI_CONNECTION)
  @Clause(value = "RFC 7143 §11.13.5", level = Level.MAY)
  void answersTooManyConnectionsWithItsStatus(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn s = sessionWithOneConnection(ctx);
    LoginResponse r = secondConnection(ctx, s);
    NotSupported.unless(r != null, "the target let the connection in (judged by refusesSecondConnection…)");
    assertThat(r.status()).as("status of a connection beyond MaxConnections").isEqualTo(LoginStatus.TOO_MANY_CONNECTIONS);
  }
}
