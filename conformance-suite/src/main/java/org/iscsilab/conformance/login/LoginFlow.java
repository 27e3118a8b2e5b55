package org.iscsilab.conformance.login;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Keys;
import org.iscsilab.conformance.RawConnection;
import org.iscsilab.protocol.auth.AuthenticationException;
import org.iscsilab.protocol.auth.ChapInitiatorAuthenticator;
import org.iscsilab.protocol.auth.ChapPolicy;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.KeyDefinition;
import org.iscsilab.protocol.negotiation.KeyType;
import org.iscsilab.protocol.pdu.DataSegment;
import org.iscsilab.protocol.pdu.LoginRequest;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Stage;
import org.iscsilab.protocol.pdu.TextRequest;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextValues;
import org.opentest4j.AssertionFailedError;

/**
 * Hand-driven logins on a {@link RawConnection} for the login, negotiation and discovery tests:
 * the security stage (with the URL's CHAP credentials when it has them), an operational stage
 * carrying exactly the keys a test chooses, and the target's own offers answered with their
 * offered value (always a legal answer, RFC 7143 §6.2). Shared by the three areas' packages; not
 * a test class.
 */
public final class LoginFlow {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A Normal or Discovery session, logged in on one raw connection, in full feature phase. */
  public record LoggedIn(RawConnection connection, long isid, int tsih, int cid, LoginResponse last,
      List<LoginResponse> responses, Map<String, String> answers) {

    /** CmdSN of the next non-immediate command: the ExpCmdSN the target gave last. */
    public int cmdSN() {
      return last.expCmdSN();
    }

    /** ExpStatSN acknowledging everything so far. */
    public int expStatSN() {
      return last.statSN() + 1;
    }

    /** An immediate, final Text Request carrying {@code keys} (RFC 7143 §11.10). */
    public TextRequest text(int itt, List<KeyValue> keys) {
      return new TextRequest(true, true, false, 0, itt, Pdu.RESERVED_TAG, cmdSN(), expStatSN(), Keys.of(keys));
    }
  }

  private LoginFlow() {}

  /** The target refused a step of the login: the failing assertion carries its Login Response. */
  public static final class Refused extends AssertionFailedError {
    private final transient LoginResponse response;

    Refused(LoginResponse response, String message) {
      super(message);
      this.response = response;
    }

    public LoginResponse response() {
      return response;
    }
  }

  /** Whether the target of this run needs CHAP (the URL carries credentials). */
  public static boolean needsChap(ConformanceContext ctx) {
    return ctx.target().chap().isPresent();
  }

  /**
   * A valid first Login Request the target should answer with success: {@code ctx.firstLogin()},
   * or, when the URL carries CHAP credentials, AuthMethod=CHAP,None staying in the security stage
   * (T=0), so that a target requiring CHAP answers it with success too.
   */
  public static LoginRequest.Builder firstRequest(ConformanceContext ctx) {
    if (!needsChap(ctx)) {
      return ctx.firstLogin();
    }
    return ctx.firstLogin().stages(Stage.SECURITY_NEGOTIATION, Stage.SECURITY_NEGOTIATION)
        .data(Keys.of("InitiatorName", ctx.initiatorName(), "TargetName", ctx.target().targetName(),
            "SessionType", "Normal", "AuthMethod", "CHAP,None"));
  }

  /** The first-PDU keys of a Normal session, without AuthMethod. */
  public static List<KeyValue> normalIdentity(ConformanceContext ctx) {
    return List.of(KeyValue.of("InitiatorName", ctx.initiatorName()),
        KeyValue.of("TargetName", ctx.target().targetName()), KeyValue.of("SessionType", "Normal"));
  }

  /** The first-PDU keys of a Discovery session, without AuthMethod. */
  public static List<KeyValue> discoveryIdentity(ConformanceContext ctx) {
    return List.of(KeyValue.of("InitiatorName", ctx.initiatorName()), KeyValue.of("SessionType", "Discovery"));
  }

  /**
   * Logs in a Normal session and offers {@code operational} in the first operational-stage PDU.
   *
   * @throws AssertionFailedError naming the stage when the target refuses the login
   */
  public static LoggedIn normal(ConformanceContext ctx, List<KeyValue> operational) throws IOException {
    return login(ctx, ctx.connect(), normalIdentity(ctx), operational, ConformanceContext.freshIsid(), 0, 0);
  }

  /** Logs in a Discovery session (no TargetName), offering {@code operational}. */
  public static LoggedIn discovery(ConformanceContext ctx, List<KeyValue> operational) throws IOException {
    return login(ctx, ctx.connect(), discoveryIdentity(ctx), operational, ConformanceContext.freshIsid(), 0, 0);
  }

  /**
   * The whole login on {@code c}: security stage (CHAP when the URL has credentials, else
   * AuthMethod=None), then operational negotiation until the target transits to full feature
   * phase. The target is expected to let every step through; a refusal fails the test with the
   * status and the step.
   */
  public static LoggedIn login(ConformanceContext ctx, RawConnection c, List<KeyValue> identity,
      List<KeyValue> operational, long isid, int tsih, int cid) throws IOException {
    List<LoginResponse> responses = new ArrayList<>();
    int itt = 0;
    List<KeyValue> first = new ArrayList<>(identity);
    if (tsih != 0) {
      // SessionType is leading-only (RFC 7143 §13.21): a connection joining a session omits it.
      first.removeIf(kv -> kv.key().equals("SessionType"));
    }
    if (!needsChap(ctx)) {
      first.add(KeyValue.of("AuthMethod", "None"));
      c.send(request(isid, tsih, cid, itt++, Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, first));
      LoginResponse r = expectSuccess(c, responses, "the first Login Request (AuthMethod=None)");
      while (!(r.transit() && r.nextStage().equals(Stage.LOGIN_OPERATIONAL_NEGOTIATION))) {
        if (r.transit() && r.nextStage().equals(Stage.FULL_FEATURE_PHASE)) {
          return done(c, isid, cid, r, responses, Map.of());
        }
        c.send(request(isid, tsih, cid, itt++, Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION,
            answersTo(Keys.list(r), Map.of())));
        r = expectSuccess(c, responses, "a security-stage Login Request");
      }
    } else {
      chap(ctx, c, first, isid, tsih, cid, responses);
      itt = responses.size();
    }
    Map<String, String> answers = new LinkedHashMap<>();
    Map<String, String> offered = new LinkedHashMap<>();
    operational.forEach(kv -> offered.put(kv.key(), kv.value()));
    List<KeyValue> send = operational;
    for (int round = 0; round < 8; round++) {
      c.send(request(isid, tsih, cid, itt++, Stage.LOGIN_OPERATIONAL_NEGOTIATION, Stage.FULL_FEATURE_PHASE, send));
      LoginResponse r = expectSuccess(c, responses, "an operational-stage Login Request");
      List<KeyValue> got = Keys.list(r);
      got.stream().filter(kv -> offered.containsKey(kv.key())).forEach(kv -> answers.put(kv.key(), kv.value()));
      if (r.transit() && r.nextStage().equals(Stage.FULL_FEATURE_PHASE)) {
        return done(c, isid, cid, r, responses, answers);
      }
      send = answersTo(got, offered);
      send.forEach(kv -> offered.put(kv.key(), kv.value()));
    }
    throw new AssertionFailedError("the target did not finish the operational stage after 8 Login Requests");
  }

  private static LoggedIn done(RawConnection c, long isid, int cid, LoginResponse r, List<LoginResponse> responses,
      Map<String, String> answers) {
    return new LoggedIn(c, isid, r.tsih(), cid, r, List.copyOf(responses), answers);
  }

  private static void chap(ConformanceContext ctx, RawConnection c, List<KeyValue> identity, long isid, int tsih,
      int cid, List<LoginResponse> responses) throws IOException {
    List<KeyValue> first = new ArrayList<>(identity);
    first.removeIf(kv -> kv.key().equals("AuthMethod"));
    first.add(KeyValue.of("AuthMethod", "CHAP,None"));
    c.send(request(isid, tsih, cid, 0, Stage.SECURITY_NEGOTIATION, Stage.SECURITY_NEGOTIATION, first));
    LoginResponse r = expectSuccess(c, responses, "the first Login Request (AuthMethod=CHAP,None)");
    if (!"CHAP".equals(Keys.of(r).get("AuthMethod"))) {
      c.send(request(isid, tsih, cid, 1, Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, List.of()));
      expectSuccess(c, responses, "the security stage without CHAP");
      return;
    }
    ChapInitiatorAuthenticator auth = new ChapInitiatorAuthenticator(ChapPolicy.md5Only(), ctx.target().chap().get(),
        ctx.target().mutualChap(), RANDOM);
    try {
      c.send(request(isid, tsih, cid, 1, Stage.SECURITY_NEGOTIATION, Stage.SECURITY_NEGOTIATION, auth.start()));
      r = expectSuccess(c, responses, "CHAP_A");
      List<KeyValue> answer = auth.receive(Keys.list(r));
      c.send(request(isid, tsih, cid, 2, Stage.SECURITY_NEGOTIATION, Stage.LOGIN_OPERATIONAL_NEGOTIATION, answer));
      r = expectSuccess(c, responses, "CHAP_N/CHAP_R");
      if (ctx.target().mutualChap().isPresent()) {
        auth.receive(Keys.list(r));
      }
    } catch (AuthenticationException e) {
      throw new AssertionFailedError("CHAP with the URL's credentials failed: " + e.getMessage(), e);
    }
  }

  /** A Login Request: T set when {@code next} differs from {@code current}. */
  public static LoginRequest request(long isid, int tsih, int cid, int itt, Stage current, Stage next,
      List<KeyValue> keys) {
    return LoginRequest.builder().isid(isid).tsih(tsih).cid(cid).initiatorTaskTag(itt).stages(current, next)
        .data(keys.isEmpty() ? DataSegment.EMPTY : Keys.of(keys)).build();
  }

  private static LoginResponse expectSuccess(RawConnection c, List<LoginResponse> responses, String step)
      throws IOException {
    LoginResponse r = c.expect(LoginResponse.class);
    responses.add(r);
    if (!r.status().isSuccess()) {
      throw new Refused(r, "the target refused " + step + " with " + r.status()
          + "; the test needed a successful login to get this far");
    }
    return r;
  }

  /**
   * Answers to the keys the target offered on its own (not answers to {@code ours}): the offered
   * value itself, or the first value of a list — legal under every result function (RFC 7143
   * §6.2.1, §6.2.2). Declarations and reserved answers get no answer.
   */
  public static List<KeyValue> answersTo(List<KeyValue> fromTarget, Map<String, String> ours) {
    List<KeyValue> out = new ArrayList<>();
    for (KeyValue kv : fromTarget) {
      if (ours.containsKey(kv.key()) || TextValues.isReservedAnswer(kv.value())) {
        continue;
      }
      Optional<KeyDefinition> d = IscsiKeys.lookup(kv.key());
      if (d.isEmpty()) {
        out.add(KeyValue.of(kv.key(), TextValues.NOT_UNDERSTOOD));
        continue;
      }
      KeyType t = d.get().type();
      if (t == KeyType.DECLARATIVE || t == KeyType.AUTHENTICATION) {
        continue;
      }
      if (t == KeyType.OBSOLETE) {
        out.add(KeyValue.of(kv.key(), TextValues.REJECT));
      } else if (t == KeyType.LIST) {
        out.add(KeyValue.of(kv.key(), TextValues.parseList(kv.value()).get(0)));
      } else {
        out.add(kv);
      }
    }
    return out;
  }
}
