package org.iscsilab.conformance.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Keys;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.RawConnection;
import org.iscsilab.conformance.TargetClosedConnection;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.pdu.Stage;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Login stages, the T and C bits and CSG/NSG (RFC 7143 §6.3, §11.12.1-§11.12.3, §11.13.6). */
@Area(ProtocolArea.LOGIN)
class LoginStageTest {

  /**
   * Sends {@code bad} as the first Login Request and requires a refusal: a Login Response with
   * Status-Class 0x02 (initiator error), or the connection closed without one.
   */
  static void requireRefusal(ConformanceContext ctx, LoginRequest bad, String what) throws IOException {
    RawConnection c = ctx.connect();
    c.send(bad);
    LoginResponse r;
    try {
      r = c.expect(LoginResponse.class);
    } catch (TargetClosedConnection e) {
      return; // dropping the connection also refuses the login
    }
    if (r.status().isSuccess()) {
      throw new AssertionFailedError("accepted " + what + " (answered " + r.status() + ", T=" + (r.transit() ? 1 : 0)
          + ", NSG=" + r.nextStage() + "): the target must refuse it with Status-Class 0x02 (initiator error)");
    }
    assertThat(r.status().statusClass())
        .withFailMessage("answered %s with %s; a malformed login is an initiator error (Status-Class 0x02)", what,
            r.status())
        .isEqualTo(LoginStatus.INITIATOR_ERROR.statusClass());
  }

  @Test
  @Clause(value = "RFC 7143 §11.12.2", level = Level.MUST)
  void refusesLoginRequestWithBothTransitAndContinue(ConformanceContext ctx) throws IOException {
    // "A Login Request with the C bit set to 1 MUST have the T bit set to 0."
    requireRefusal(ctx, LoginFlow.firstRequest(ctx).transit(true).continueFlag(true).build(),
        "a Login Request with T=1 and C=1");
  }

  @Test
  @Clause(value = "RFC 7143 §11.12.3", level = Level.MUST)
  void refusesReservedCurrentStage(ConformanceContext ctx) throws IOException {
    requireRefusal(ctx, LoginFlow.firstRequest(ctx).currentStage(new Stage(2)).nextStage(Stage.FULL_FEATURE_PHASE).build(),
        "a first Login Request with the reserved CSG 2");
  }

  @Test
  @Clause(value = "RFC 7143 §11.12.3", level = Level.MUST)
  void refusesTransitToReservedNextStage(ConformanceContext ctx) throws IOException {
    // With CHAP the target legitimately stays in the security stage (T=0) and never acts on NSG.
    NotSupported.unless(!LoginFlow.needsChap(ctx), "the target requires CHAP; it cannot transit before authenticating");
    requireRefusal(ctx, LoginFlow.firstRequest(ctx).transit(true).nextStage(new Stage(2)).build(),
        "a Login Request with T=1 and the reserved NSG 2");
  }

  @Test
  @Clause(value = "RFC 7143 §6.3", level = Level.MUST)
  void refusesTransitToALowerStage(ConformanceContext ctx) throws IOException {
    NotSupported.unless(!LoginFlow.needsChap(ctx), "the target requires CHAP; the operational stage cannot come first");
    requireRefusal(ctx, ctx.firstLogin().currentStage(Stage.LOGIN_OPERATIONAL_NEGOTIATION)
        .nextStage(Stage.SECURITY_NEGOTIATION).transit(true)
        .data(Keys.of("InitiatorName", ctx.initiatorName(), "TargetName", ctx.target().targetName(),
            "SessionType", "Normal"))
        .build(),
        "a transit from operational negotiation (CSG 1) back to security negotiation (NSG 0)");
  }

  @Test
  @Clause(value = "RFC 7143 §6.3", level = Level.MUST)
  void acceptsLoginThatSkipsTheSecurityStage(ConformanceContext ctx) throws IOException {
    NotSupported.unless(!LoginFlow.needsChap(ctx), "the target requires CHAP; the security stage cannot be skipped");
    RawConnection c = ctx.connect();
    c.send(ctx.firstLogin().stages(Stage.LOGIN_OPERATIONAL_NEGOTIATION, Stage.FULL_FEATURE_PHASE)
        .data(Keys.of("InitiatorName", ctx.initiatorName(), "TargetName", ctx.target().targetName(),
            "SessionType", "Normal"))
        .build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.status())
        .as("status of a first Login Request in the operational stage (CSG 1) to a target without authentication")
        .isEqualTo(LoginStatus.SUCCESS);
    assertThat(r.currentStage()).as("CSG of the answer to a Login Request whose CSG is 1")
        .isEqualTo(Stage.LOGIN_OPERATIONAL_NEGOTIATION);
  }

  @Test
  @Clause(value = "RFC 7143 §6.3", level = Level.MUST)
  void acceptsTransitFromSecurityStraightToFullFeaturePhase(ConformanceContext ctx) throws IOException {
    NotSupported.unless(!LoginFlow.needsChap(ctx), "the target requires CHAP");
    RawConnection c = ctx.connect();
    c.send(ctx.firstLogin().stages(Stage.SECURITY_NEGOTIATION, Stage.FULL_FEATURE_PHASE).build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.status()).as("status of AuthMethod=None with T=1, NSG=3 (no operational stage)")
        .isEqualTo(LoginStatus.SUCCESS);
    if (r.transit()) {
      assertThat(r.nextStage().code())
          .withFailMessage("answered T=1 with NSG %s to a request for NSG 3", r.nextStage())
          .isLessThanOrEqualTo(Stage.FULL_FEATURE_PHASE.code());
    }
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.6", level = Level.MUST)
  void doesNotTransitWhenTheInitiatorDidNot(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(LoginFlow.firstRequest(ctx).stages(Stage.SECURITY_NEGOTIATION, Stage.SECURITY_NEGOTIATION).build());
    LoginResponse r = c.expect(LoginResponse.class);
    NotSupported.unless(r.status().isSuccess(), "the target refused AuthMethod=None: " + r.status());
    // "The T bit MUST NOT be set to 1 if the T bit in the request was set to 0."
    assertThat(r.transit())
        .withFailMessage("answered T=1 (NSG %s) to a Login Request with T=0: a target may only transit when the "
            + "initiator asked to", r.nextStage())
        .isFalse();
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.6", level = Level.MUST)
  void neverTransitsBeyondTheRequestedNextStage(ConformanceContext ctx) throws IOException {
    NotSupported.unless(!LoginFlow.needsChap(ctx), "the target requires CHAP");
    RawConnection c = ctx.connect();
    c.send(ctx.firstLogin().stages(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION).build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.status()).as("status of a valid first Login Request").isEqualTo(LoginStatus.SUCCESS);
    if (r.transit()) {
      assertThat(r.nextStage())
          .withFailMessage("answered T=1 with NSG %s to a request for NSG 1: the target's NSG must not exceed the "
              + "initiator's", r.nextStage())
          .isEqualTo(Stage.LOGIN_OPERATIONAL_NEGOTIATION);
    }
  }

  @Test
  @Clause(value = "RFC 7143 §11.13", level = Level.MUST)
  void loginResponseEchoesCurrentStage(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(LoginFlow.firstRequest(ctx).build());
    LoginResponse r = c.expect(LoginResponse.class);
    NotSupported.unless(r.status().isSuccess(), "the target refused the first Login Request: " + r.status());
    assertThat(r.currentStage()).as("CSG of the Login Response to a request in the security stage")
        .isEqualTo(Stage.SECURITY_NEGOTIATION);
  }
}
