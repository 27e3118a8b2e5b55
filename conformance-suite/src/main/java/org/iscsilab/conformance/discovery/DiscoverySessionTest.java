package org.iscsilab.conformance.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Keys;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.RawConnection;
import org.iscsilab.conformance.TargetClosedConnection;
import org.iscsilab.conformance.login.LoginFlow;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.pdu.LogoutReason;
import org.iscsilab.protocol.pdu.LogoutRequest;
import org.iscsilab.protocol.pdu.LogoutResponse;
import org.iscsilab.protocol.pdu.LogoutResponseCode;
import org.iscsilab.protocol.pdu.NopOut;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.ScsiCommand;
import org.iscsilab.protocol.pdu.Stage;
import org.iscsilab.protocol.pdu.TaskManagementFunction;
import org.iscsilab.protocol.pdu.TaskManagementRequest;
import org.iscsilab.protocol.text.IscsiName;
import org.iscsilab.protocol.text.KeyValue;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Discovery sessions and SendTargets (RFC 7143 §4.3, §13.3, §13.8, Appendix C). */
@Area(ProtocolArea.DISCOVERY)
class DiscoverySessionTest {

  /** RFC 7143 §13.8: domainname[:port][,portal-group-tag]; an IPv6 address in brackets. */
  private static final Pattern TARGET_ADDRESS =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^,:\\[\\]]+)(:[0-9]{1,5})?(,([0-9]{1,5}))?");

  private static LoginFlow.LoggedIn discovery(ConformanceContext ctx) throws IOException {
    try {
      return LoginFlow.discovery(ctx, List.of());
    } catch (LoginFlow.Refused e) {
      throw new AssertionFailedError("refused a Discovery-session login (" + e.response().status() + "); a target "
          + "MUST support discovery sessions on each of its portals (RFC 7143 Appendix C)");
    }
  }

  @Test
  @Clause(value = "RFC 7143 §13.4", level = Level.MUST)
  void acceptsDiscoveryLoginWithoutTargetName(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn s = discovery(ctx);
    assertThat(s.tsih()).as("TSIH of the discovery session").isNotZero();
  }

  @Test
  @Clause(value = "RFC 7143 §13.5", level = Level.MUST)
  void refusesDiscoveryLoginWithoutInitiatorName(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(ctx.firstLogin().data(Keys.of("SessionType", "Discovery", "AuthMethod", "None")).build());
    LoginResponse r;
    try {
      r = c.expect(LoginResponse.class);
    } catch (TargetClosedConnection e) {
      return;
    }
    assertThat(r.status().statusClass()).withFailMessage("answered a Discovery login without InitiatorName with %s; "
        + "InitiatorName MUST be sent in the first Login Request of every connection", r.status())
        .isEqualTo(LoginStatus.INITIATOR_ERROR.statusClass());
  }

  @Test
  @Clause(value = "RFC 7143 §13.8", level = Level.MUST)
  void sendTargetsAllGivesEveryTargetAnAddressWithPortalGroupTag(ConformanceContext ctx) throws IOException {
    List<SendTargetsExchange.Listed> listed = SendTargetsExchange.group(SendTargetsExchange.ask(discovery(ctx), "All"));
    assertThat(listed).withFailMessage("SendTargets=All in a discovery session listed no target").isNotEmpty();
    for (SendTargetsExchange.Listed t : listed) {
      assertThat(t.addresses()).withFailMessage("SendTargets=All lists %s without any TargetAddress: a discovery "
          + "session MUST return all path information (address, port and portal group tag)", t.name()).isNotEmpty();
      for (String a : t.addresses()) {
        Matcher m = TARGET_ADDRESS.matcher(a);
        assertThat(m.matches() && m.group(4) != null).withFailMessage("TargetAddress=%s of %s has no portal group tag;"
            + " in a SendTargets answer it is domainname[:port],portal-group-tag", a, t.name()).isTrue();
        assertThat(Integer.parseInt(m.group(4))).withFailMessage("TargetAddress=%s carries portal group tag %s, "
            + "outside 0..65535", a, m.group(4)).isBetween(0, 65535);
      }
    }
  }

  @Test
  @Clause(value = "RFC 7143 §13.3", level = Level.MUST)
  void sendTargetsAllListsTheTargetUnderTest(ConformanceContext ctx) throws IOException {
    List<SendTargetsExchange.Listed> listed = SendTargetsExchange.group(SendTargetsExchange.ask(discovery(ctx), "All"));
    assertThat(listed.stream().map(SendTargetsExchange.Listed::name))
        .withFailMessage("SendTargets=All did not list %s, the target this run logs in to (listed: %s)",
            ctx.target().targetName(), listed.stream().map(SendTargetsExchange.Listed::name).toList())
        .contains(ctx.target().targetName());
  }

  @Test
  @Clause(value = "RFC 7143 §13.4", level = Level.MUST)
  void sendTargetsNamesAreValidIscsiNames(ConformanceContext ctx) throws IOException {
    for (SendTargetsExchange.Listed t : SendTargetsExchange.group(SendTargetsExchange.ask(discovery(ctx), "All"))) {
      Optional<String> problem = IscsiName.problem(t.name());
      assertThat(problem).withFailMessage("SendTargets listed TargetName=%s, which is not an iSCSI name: %s", t.name(),
          problem.orElse("")).isEmpty();
    }
  }

  @Test
  @Clause(value = "RFC 7143 §13.3", level = Level.MUST)
  void sendTargetsWithANameListsThatTargetOnly(ConformanceContext ctx) throws IOException {
    String name = ctx.target().targetName();
    List<SendTargetsExchange.Listed> listed = SendTargetsExchange.group(SendTargetsExchange.ask(discovery(ctx), name));
    assertThat(listed.stream().map(SendTargetsExchange.Listed::name).toList())
        .withFailMessage("SendTargets=%s listed %s; expected exactly that target", name,
            listed.stream().map(SendTargetsExchange.Listed::name).toList())
        .containsExactly(name);
  }

  @Test
  @Clause(value = "RFC 7143 §13.3", level = Level.SHOULD)
  void sendTargetsWithAnUnknownNameListsNothing(ConformanceContext ctx) throws IOException {
    String unknown = "iqn.2026-11.org.iscsilab:no-such-target";
    List<KeyValue> answer = SendTargetsExchange.ask(discovery(ctx), unknown);
    assertThat(SendTargetsExchange.group(answer)).withFailMessage("SendTargets=%s (no such target) was answered %s",
        unknown, answer).isEmpty();
  }

  @Test
  @Clause(value = "RFC 7143 §13.3", level = Level.MUST)
  void sendTargetsInNormalSessionReportsTheCurrentTarget(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn s = LoginFlow.normal(ctx, List.of());
    List<KeyValue> answer = SendTargetsExchange.ask(s, "");
    List<SendTargetsExchange.Listed> listed = SendTargetsExchange.group(answer);
    // "A target MUST support the SendTargets command on operational sessions; these will only
    // return path information about the target to which the session is connected."
    assertThat(listed.stream().map(SendTargetsExchange.Listed::name).toList())
        .withFailMessage("SendTargets= (empty: the current target) in a Normal session to %s was answered %s",
            ctx.target().targetName(), answer)
        .containsExactly(ctx.target().targetName());
  }

  /** What the target does with {@code pdu} in a discovery session: a Reject, a close, or something else. */
  private static void requireRejected(ConformanceContext ctx, String what, java.util.function.Function<
      LoginFlow.LoggedIn, Pdu> pdu) throws IOException {
    LoginFlow.LoggedIn s = discovery(ctx);
    Pdu sent = pdu.apply(s);
    s.connection().send(sent);
    Pdu p;
    try {
      p = s.connection().receive();
    } catch (TargetClosedConnection e) {
      return;
    }
    // "The target MUST ONLY accept Text Requests with the SendTargets key and a Logout Request with
    // the reason 'close the session'. All other requests MUST be rejected."
    if (!(p instanceof Reject)) {
      throw new AssertionFailedError("answered " + what + " in a discovery session with " + p.opcode() + "; a "
          + "discovery session takes only SendTargets and Logout, everything else must be rejected");
    }
  }

  @Test
  @Clause(value = "RFC 7143 §4.3", level = Level.MUST)
  void discoverySessionRejectsScsiCommand(ConformanceContext ctx) throws IOException {
    requireRejected(ctx, "a SCSI Command (TEST UNIT READY)", s -> ScsiCommand.builder().finalFlag(true)
        .initiatorTaskTag(0x10).cmdSN(s.cmdSN()).expStatSN(s.expStatSN()).cdb(new byte[6]).build());
  }

  @Test
  @Clause(value = "RFC 7143 §4.3", level = Level.MUST)
  void discoverySessionRejectsNopOut(ConformanceContext ctx) throws IOException {
    requireRejected(ctx, "a NOP-Out ping", s -> NopOut.ping(0x11, s.cmdSN(), s.expStatSN(), DataSegment.EMPTY));
  }

  @Test
  @Clause(value = "RFC 7143 §4.3", level = Level.MUST)
  void discoverySessionRejectsTaskManagement(ConformanceContext ctx) throws IOException {
    requireRejected(ctx, "a Task Management Function Request (LOGICAL UNIT RESET)", s -> new TaskManagementRequest(
        true, TaskManagementFunction.LOGICAL_UNIT_RESET, 0, 0x12, Pdu.RESERVED_TAG, s.cmdSN(), s.expStatSN(), 0, 0));
  }

  @Test
  @Clause(value = "RFC 7143 §4.3", level = Level.MUST)
  void discoverySessionAcceptsLogoutToCloseTheSession(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn s = discovery(ctx);
    s.connection().send(new LogoutRequest(true, LogoutReason.CLOSE_SESSION, 0x13, s.cid(), s.cmdSN(), s.expStatSN()));
    LogoutResponse r = s.connection().expect(LogoutResponse.class);
    assertThat(r.response()).as("Response of the Logout Response closing a discovery session")
        .isEqualTo(LogoutResponseCode.CLOSED_SUCCESSFULLY);
  }

  @Test
  @Clause(value = "RFC 7143 §6.2.1", level = Level.SHOULD)
  void discoverySessionChoosesNoDigestWhenOfferedFirst(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn s;
    try {
      s = LoginFlow.discovery(ctx, List.of(KeyValue.of("HeaderDigest", "None,CRC32C"),
          KeyValue.of("DataDigest", "None,CRC32C")));
    } catch (LoginFlow.Refused e) {
      throw new AssertionFailedError("refused a discovery login offering HeaderDigest/DataDigest=None,CRC32C: "
          + e.response().status());
    }
    // C9: a digest chosen in a discovery session where the initiator preferred None.
    assertThat(s.answers().get("HeaderDigest")).withFailMessage("answered HeaderDigest=%s to None,CRC32C in a "
        + "discovery session: the responder picks the first offered value it supports, and initiators that "
        + "prefer None there cannot verify digests (C9)", s.answers().get("HeaderDigest")).isEqualTo("None");
    assertThat(s.answers().get("DataDigest")).withFailMessage("answered DataDigest=%s to None,CRC32C in a "
        + "discovery session (C9)", s.answers().get("DataDigest")).isEqualTo("None");
  }

  @Test
  @Clause(value = "RFC 7143 §13.9", level = Level.MUST)
  void discoveryLoginTargetPortalGroupTagIsANumberWhenSent(ConformanceContext ctx) throws IOException {
    RawConnection c = ctx.connect();
    c.send(ctx.firstLogin().stages(Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION)
        .data(Keys.of("InitiatorName", ctx.initiatorName(), "SessionType", "Discovery", "AuthMethod",
            LoginFlow.needsChap(ctx) ? "CHAP,None" : "None")).build());
    LoginResponse r = c.expect(LoginResponse.class);
    NotSupported.unless(r.status().isSuccess(), "the target refused the discovery login: " + r.status());
    String tpgt = Keys.of(r).get("TargetPortalGroupTag");
    if (tpgt != null) {
      assertThat(tpgt).withFailMessage("TargetPortalGroupTag=%s in a discovery login is not a 16-bit number", tpgt)
          .matches("(0[xX][0-9a-fA-F]{1,4}|[0-9]{1,5})");
    }
  }
}
