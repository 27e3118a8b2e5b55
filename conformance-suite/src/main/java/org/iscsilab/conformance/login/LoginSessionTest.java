package org.iscsilab.conformance.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Keys;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.RawConnection;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.pdu.NopIn;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Stage;
import org.junit.jupiter.api.Test;

/**
 * Sessions and connections across logins: reinstatement by ISID and CID, independent sessions,
 * text split over several Login Requests, and TargetPortalGroupTag (RFC 7143 §6.3.4, §6.3.5,
 * §11.12.2, §13.9).
 */
@Area(ProtocolArea.LOGIN)
class LoginSessionTest {

  @Test
  @Clause(value = "RFC 7143 §6.3.5", level = Level.MUST)
  void sessionReinstatementClosesTheOldSession(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn old = LoginFlow.normal(ctx, List.of());
    // Same initiator, same ISID, TSIH 0: a new session that replaces the old one.
    LoginFlow.LoggedIn fresh = LoginFlow.login(ctx, ctx.connect(), LoginFlow.normalIdentity(ctx), List.of(),
        old.isid(), 0, 0);
    assertThat(fresh.tsih()).as("TSIH of the reinstated session").isNotZero();
    assertThat(old.connection().awaitClose(ctx.responseTimeout())).withFailMessage("a new session with the same "
        + "InitiatorName and ISID 0x%012x (TSIH 0) logged in, but the old session's connection stayed open for %d s: "
        + "session reinstatement must close the old session", old.isid(), ctx.responseTimeout().toSeconds()).isTrue();
  }

  @Test
  @Clause(value = "RFC 7143 §6.3.4", level = Level.MUST)
  void connectionReinstatementReplacesTheOldConnection(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn old = LoginFlow.normal(ctx, List.of());
    LoginFlow.LoggedIn again;
    try {
      again = LoginFlow.login(ctx, ctx.connect(), LoginFlow.normalIdentity(ctx), List.of(), old.isid(), old.tsih(),
          old.cid());
    } catch (LoginFlow.Refused e) {
      throw new NotSupported("the target refused connection reinstatement (TSIH and CID of a live connection): "
          + e.response().status());
    }
    assertThat(again.tsih()).withFailMessage("the reinstated connection was given TSIH 0x%04x; it belongs to session "
        + "0x%04x", again.tsih(), old.tsih()).isEqualTo(old.tsih());
    // "...implicitly logging out the connection corresponding to the CID"
    assertThat(old.connection().awaitClose(ctx.responseTimeout())).withFailMessage("a login with the TSIH and CID of "
        + "a live connection succeeded, but the old connection stayed open for %d s",
        ctx.responseTimeout().toSeconds()).isTrue();
  }

  @Test
  @Clause(value = "RFC 7143 §4.4.1", level = Level.MUST)
  void sessionsWithDifferentIsidsCoexist(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn a = LoginFlow.normal(ctx, List.of());
    LoginFlow.LoggedIn b = LoginFlow.normal(ctx, List.of());
    assertThat(b.tsih()).withFailMessage("two sessions got the same TSIH 0x%04x", a.tsih()).isNotEqualTo(a.tsih());
    // The first session is still alive: it answers a ping.
    a.connection().send(NopOut.ping(0x51, a.cmdSN(), a.expStatSN(), DataSegment.EMPTY));
    NopIn in = a.connection().expect(NopIn.class);
    assertThat(in.initiatorTaskTag()).as("ITT of the NOP-In answering the first session's ping").isEqualTo(0x51);
  }

  @Test
  @Clause(value = "RFC 7143 §11.12.2", level = Level.MUST)
  void answersContinuedLoginRequestWithEmptyResponse(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    byte[][] halves = splitFirstLoginText(ctx);
    long isid = ConformanceContext.freshIsid();
    c.send(ctx.firstLogin().isid(isid).transit(false).nextStage(Stage.SECURITY_NEGOTIATION).continueFlag(true)
        .data(DataSegment.wrap(halves[0])).build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.status()).withFailMessage("refused a Login Request with C=1 carrying the first part of the keys "
        + "(%s): a key split over two PDUs is legal", r.status()).isEqualTo(LoginStatus.SUCCESS);
    assertThat(r.data().length()).withFailMessage("answered a Login Request with C=1 with %d bytes of text; the "
        + "target must answer partial text with an empty Login Response", r.data().length()).isZero();
    assertThat(r.transit()).as("T bit of the answer to a partial (C=1) Login Request").isFalse();
  }

  @Test
  @Clause(value = "RFC 7143 §6.1", level = Level.MUST)
  void assemblesKeysSplitAcrossLoginRequests(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    byte[][] halves = splitFirstLoginText(ctx);
    long isid = ConformanceContext.freshIsid();
    c.send(ctx.firstLogin().isid(isid).transit(false).nextStage(Stage.SECURITY_NEGOTIATION).continueFlag(true)
        .data(DataSegment.wrap(halves[0])).build());
    LoginResponse r = c.expect(LoginResponse.class);
    NotSupported.unless(r.status().isSuccess(), "refused the partial Login Request (judged elsewhere)");
    c.send(ctx.firstLogin().isid(isid).initiatorTaskTag(1).transit(false).nextStage(Stage.SECURITY_NEGOTIATION)
        .data(DataSegment.wrap(halves[1])).build());
    r = c.expect(LoginResponse.class);
    assertThat(r.status()).withFailMessage("refused the keys once their second part arrived (%s): the TargetName "
        + "split across the two PDUs was not reassembled", r.status()).isEqualTo(LoginStatus.SUCCESS);
    assertThat(Keys.of(r)).withFailMessage("the answer to the completed text has no AuthMethod: the split keys were "
        + "not taken as one text (got %s)", Keys.of(r)).containsKey("AuthMethod");
  }

  /** The first Login Request's text, cut in the middle of the TargetName value. */
  private static byte[][] splitFirstLoginText(ConformanceContext ctx) {
    String keys = "InitiatorName=" + ctx.initiatorName() + "\0TargetName=" + ctx.target().targetName()
        + "\0SessionType=Normal\0AuthMethod=" + (LoginFlow.needsChap(ctx) ? "CHAP" : "None") + "\0";
    byte[] all = keys.getBytes(StandardCharsets.UTF_8);
    int cut = keys.indexOf("TargetName=") + "TargetName=".length() + 5;
    return new byte[][] {java.util.Arrays.copyOfRange(all, 0, cut), java.util.Arrays.copyOfRange(all, cut, all.length)};
  }

  @Test
  @Clause(value = "RFC 7143 §13.9", level = Level.MUST)
  void firstLoginResponseWithoutTransitCarriesTargetPortalGroupTag(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(LoginFlow.firstRequest(ctx).stages(Stage.SECURITY_NEGOTIATION, Stage.SECURITY_NEGOTIATION).build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.status()).as("status of a first Login Request staying in the security stage (T=0)")
        .isEqualTo(LoginStatus.SUCCESS);
    // "The TargetPortalGroupTag key MUST also be returned by the target as a confirmation during
    // connection establishment when TargetName is given."
    assertThat(Keys.of(r)).withFailMessage("the first Login Response (to a request naming TargetName, T=0) has no "
        + "TargetPortalGroupTag; it carries %s", Keys.of(r)).containsKey("TargetPortalGroupTag");
  }

  @Test
  @Clause(value = "RFC 7143 §13.9", level = Level.MUST)
  void targetPortalGroupTagIsTheSameOnEveryLogin(ConformanceContext ctx) throws IOException {
    String first = tpgt(ctx);
    String second = tpgt(ctx);
    assertThat(second).withFailMessage("the same portal answered TargetPortalGroupTag=%s and then %s", first, second)
        .isEqualTo(first);
  }

  private static String tpgt(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(LoginFlow.firstRequest(ctx).build());
    LoginResponse r = c.expect(LoginResponse.class);
    NotSupported.unless(Keys.of(r).containsKey("TargetPortalGroupTag"), "no TargetPortalGroupTag (judged elsewhere)");
    return Keys.of(r).get("TargetPortalGroupTag");
  }
}
