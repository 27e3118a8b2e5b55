package org.iscsilab.conformance.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.RawConnection;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.junit.jupiter.api.Test;

/**
 * The header fields of Login Responses: ISID, ITT, TSIH, Version-active, StatSN, ExpCmdSN and
 * MaxCmdSN (RFC 7143 §11.13).
 */
@Area(ProtocolArea.LOGIN)
class LoginIdentifiersTest {

  private static final int ITT = 0x1234abcd;
  private static final int CMD_SN = 0x00c0ffee;
  private static final int EXP_STAT_SN = 0x7000;

  @Test
  @Clause(value = "RFC 7143 §11.13", level = Level.MUST)
  void loginResponseEchoesIsid(ConformanceContext ctx) throws IOException {
    long isid = ConformanceContext.freshIsid();
    RawConnection c = ctx.connect();
    c.send(LoginFlow.firstRequest(ctx).isid(isid).build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.isid()).withFailMessage("the Login Response carries ISID 0x%012x; the request's was 0x%012x",
        r.isid(), isid).isEqualTo(isid);
  }

  @Test
  @Clause(value = "RFC 7143 §11.13", level = Level.MUST)
  void loginResponseEchoesInitiatorTaskTag(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(LoginFlow.firstRequest(ctx).initiatorTaskTag(ITT).build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.initiatorTaskTag()).withFailMessage(
        "the Login Response carries ITT 0x%08x; the request's was 0x%08x", r.initiatorTaskTag(), ITT).isEqualTo(ITT);
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.3", level = Level.MUST)
  void assignsNonZeroTsihOnlyInTheFinalLoginResponse(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn s = LoginFlow.normal(ctx, List.of());
    List<LoginResponse> rs = s.responses();
    for (int i = 0; i < rs.size() - 1; i++) {
      // "For a new session, the target MUST generate a non-zero TSIH and ONLY return it in the
      // Login Final-Response."
      assertThat(rs.get(i).tsih()).withFailMessage("Login Response %d of %d (not the final one) of a new session "
          + "carries TSIH 0x%04x; it must carry the initiator's TSIH 0 until the final response", i + 1, rs.size(),
          rs.get(i).tsih()).isZero();
    }
    assertThat(s.last().tsih()).withFailMessage("the final Login Response of a new session carries TSIH 0; the "
        + "target must assign a non-zero TSIH").isNotZero();
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.5", level = Level.MUST)
  void refusesUnknownTsih(ConformanceContext ctx) throws IOException {
    LoginResponse r = loginWithUnknownTsih(ctx);
    assertThat(r).withFailMessage("completed a login with TSIH 0x7ffe, which names no session: adding a connection "
        + "to a session that does not exist must be refused").isNotNull();
    assertThat(r.status().statusClass()).withFailMessage("answered a login with TSIH 0x7ffe (no such session) with "
        + "%s: adding a connection to a session that does not exist must be refused", r.status())
        .isEqualTo(LoginStatus.INITIATOR_ERROR.statusClass());
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.5", level = Level.SHOULD)
  void answersUnknownTsihWithSessionDoesNotExist(ConformanceContext ctx) throws IOException {
    LoginResponse r = loginWithUnknownTsih(ctx);
    org.iscsilab.conformance.NotSupported.unless(r != null, "the login was let in (judged by refusesUnknownTsih)");
    assertThat(r.status()).as("status of a login with a TSIH that names no session")
        .isEqualTo(LoginStatus.SESSION_DOES_NOT_EXIST);
  }

  /** A whole login (CHAP included) naming TSIH 0x7ffe, which no session has: the refusal, or null if let in. */
  private static LoginResponse loginWithUnknownTsih(ConformanceContext ctx) throws IOException {
    try {
      LoginFlow.login(ctx, ctx.connect(), LoginFlow.normalIdentity(ctx), List.of(), ConformanceContext.freshIsid(),
          0x7ffe, 1);
      return null;
    } catch (LoginFlow.Refused e) {
      return e.response();
    }
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.2", level = Level.MUST)
  void versionActiveIsWithinTheOfferedRange(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(LoginFlow.firstRequest(ctx).versionMax(0).versionMin(0).build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.status()).as("status of a valid first Login Request").isEqualTo(LoginStatus.SUCCESS);
    assertThat(r.versionActive()).withFailMessage("Version-active is 0x%02x for a Version-min/max of 0x00/0x00",
        r.versionActive()).isZero();
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.2", level = Level.MUST)
  void versionMaxIsAtLeastVersionActive(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(LoginFlow.firstRequest(ctx).build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.versionMax()).withFailMessage("Version-max 0x%02x is below Version-active 0x%02x",
        r.versionMax(), r.versionActive()).isGreaterThanOrEqualTo(r.versionActive());
  }

  @Test
  @Clause(value = "RFC 7143 §11.13", level = Level.MUST)
  void statSnAdvancesByOneAcrossLoginResponses(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn s = LoginFlow.normal(ctx, List.of());
    List<LoginResponse> rs = s.responses();
    for (int i = 1; i < rs.size(); i++) {
      // StatSN of the first Login Response starts the connection's numbering; each later
      // response carries the next number (RFC 7143 §11.13, "StatSN").
      assertThat(rs.get(i).statSN()).withFailMessage("Login Response %d carries StatSN %d after StatSN %d",
          i + 1, Integer.toUnsignedLong(rs.get(i).statSN()), Integer.toUnsignedLong(rs.get(i - 1).statSN()))
          .isEqualTo(rs.get(i - 1).statSN() + 1);
    }
  }

  @Test
  @Clause(value = "RFC 7143 §4.2.2.1", level = Level.MUST)
  void loginResponseExpectsTheLoginCmdSn(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(LoginFlow.firstRequest(ctx).cmdSN(CMD_SN).expStatSN(EXP_STAT_SN).build());
    LoginResponse r = c.expect(LoginResponse.class);
    assertThat(r.status()).as("status of a valid first Login Request").isEqualTo(LoginStatus.SUCCESS);
    // The Login Request is immediate and carries the session's first CmdSN: it is not consumed.
    assertThat(r.expCmdSN()).withFailMessage("the Login Response carries ExpCmdSN %d; the Login Request's CmdSN "
        + "was %d (the first command of the session must be able to use it)", Integer.toUnsignedLong(r.expCmdSN()),
        Integer.toUnsignedLong(CMD_SN)).isEqualTo(CMD_SN);
    assertThat(r.maxCmdSN() - r.expCmdSN()).withFailMessage("MaxCmdSN %d is more than one below ExpCmdSN %d: the "
        + "command window is invalid", Integer.toUnsignedLong(r.maxCmdSN()), Integer.toUnsignedLong(r.expCmdSN()))
        .isGreaterThanOrEqualTo(-1);
  }
}
