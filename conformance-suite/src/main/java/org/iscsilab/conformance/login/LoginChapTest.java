package org.iscsilab.conformance.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Keys;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.RawConnection;
import org.iscsilab.conformance.SuiteTags;
import org.iscsilab.conformance.TargetClosedConnection;
import org.iscsilab.protocol.auth.Chap;
import org.iscsilab.protocol.auth.ChapAlgorithm;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.pdu.Stage;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextValues;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * CHAP in the security stage (RFC 7143 §9.2.1, §12.1.3). Every test needs the CHAP credentials
 * in the URL ({@code iscsi://USER%SECRET@host/iqn/lun}); without them it is not-supported.
 */
@Area(ProtocolArea.LOGIN)
@Tag(SuiteTags.CHAP)
class LoginChapTest {

  /** An algorithm number no CHAP implementation defines. */
  private static final String UNKNOWN_ALGORITHM = "200";

  /** The security stage up to the target's CHAP challenge. */
  private record Challenge(RawConnection c, long isid, Map<String, String> keys, LoginResponse response) {
    String algorithm() {
      return keys.getOrDefault("CHAP_A", "");
    }
  }

  private static ChapCredentials credentials(ConformanceContext ctx) {
    return ctx.target().chap().orElseThrow(() -> new NotSupported(
        "the URL carries no CHAP credentials (iscsi://USER%SECRET@HOST/IQN/LUN); CHAP cannot be judged"));
  }

  /** AuthMethod=CHAP, then CHAP_A={@code algorithms}: the target's answer. */
  private static Challenge challenge(ConformanceContext ctx, String algorithms) throws IOException {
    credentials(ctx);
    RawConnection c = ctx.connect();
    long isid = ConformanceContext.freshIsid();
    List<KeyValue> first = new ArrayList<>(LoginFlow.normalIdentity(ctx));
    first.add(KeyValue.of("AuthMethod", "CHAP"));
    c.send(LoginFlow.request(isid, 0, 0, 0, Stage.SECURITY_NEGOTIATION, Stage.SECURITY_NEGOTIATION, first));
    LoginResponse r = c.expect(LoginResponse.class);
    NotSupported.unless(r.status().isSuccess() && "CHAP".equals(Keys.of(r).get("AuthMethod")),
        "the target did not agree to AuthMethod=CHAP (" + r.status() + ", " + Keys.of(r) + ")");
    c.send(LoginFlow.request(isid, 0, 0, 1, Stage.SECURITY_NEGOTIATION, Stage.SECURITY_NEGOTIATION,
        List.of(KeyValue.of("CHAP_A", algorithms))));
    try {
      r = c.expect(LoginResponse.class);
    } catch (TargetClosedConnection e) {
      return new Challenge(c, isid, Map.of(), null);
    }
    return new Challenge(c, isid, r.status().isSuccess() ? Keys.of(r) : Map.of(), r);
  }

  /** Sends CHAP_N and CHAP_R (plus {@code extra}) with T=1 and returns the answer, or null if the target closed. */
  private static LoginResponse respond(Challenge ch, String name, String chapR, List<KeyValue> extra)
      throws IOException {
    List<KeyValue> keys = new ArrayList<>(List.of(KeyValue.of("CHAP_N", name), KeyValue.of("CHAP_R", chapR)));
    keys.addAll(extra);
    ch.c().send(LoginFlow.request(ch.isid(), 0, 0, 2, Stage.SECURITY_NEGOTIATION,
        Stage.LOGIN_OPERATIONAL_NEGOTIATION, keys));
    try {
      return ch.c().expect(LoginResponse.class);
    } catch (TargetClosedConnection e) {
      return null;
    }
  }

  private static String correctResponse(Challenge ch, byte[] secret) {
    ChapAlgorithm a = new ChapAlgorithm(Integer.parseInt(ch.algorithm()));
    int id = Integer.parseInt(ch.keys().get("CHAP_I"));
    byte[] challenge = TextValues.parseBinary(ch.keys().get("CHAP_C")).orElseThrow(() -> new AssertionFailedError(
        "the target's CHAP_C=" + ch.keys().get("CHAP_C") + " is not a binary value (RFC 7143 §6.1)"));
    return TextValues.formatHex(Chap.response(a, id, secret, challenge));
  }

  private static Challenge md5Challenge(ConformanceContext ctx) throws IOException {
    Challenge ch = challenge(ctx, "5");
    if (ch.response() == null || !ch.response().status().isSuccess()) {
      throw new AssertionFailedError("the target refused CHAP_A=5 (MD5, which every implementation must support): "
          + (ch.response() == null ? "it closed the connection" : ch.response().status()));
    }
    assertThat(ch.algorithm()).as("CHAP_A answered to an offer of 5 (MD5)").isEqualTo("5");
    assertThat(ch.keys()).as("the target's CHAP challenge").containsKeys("CHAP_I", "CHAP_C");
    return ch;
  }

  /** The refusal a test requires: Status-Class 0x02, or the connection closed. */
  private static void requireRefused(LoginResponse r, String what) {
    if (r == null) {
      return;
    }
    assertThat(r.status().isSuccess()).withFailMessage("accepted %s (answered %s, T=%d)", what, r.status(),
        r.transit() ? 1 : 0).isFalse();
    assertThat(r.status().statusClass()).withFailMessage("refused %s with %s; expected Status-Class 0x02",
        what, r.status()).isEqualTo(LoginStatus.INITIATOR_ERROR.statusClass());
  }

  @Test
  @Clause(value = "RFC 7143 §12.1.3", level = Level.MUST)
  void acceptsCorrectMd5ChapResponse(ConformanceContext ctx) throws IOException {
    ChapCredentials cred = credentials(ctx);
    NotSupported.unless(ctx.target().mutualChap().isEmpty(), "mutual CHAP is configured; judged by the preflight");
    Challenge ch = md5Challenge(ctx);
    LoginResponse r = respond(ch, cred.name(), correctResponse(ch, cred.secret()), List.of());
    assertThat(r).withFailMessage("closed the connection after a correct MD5 CHAP_R for user %s", cred.name())
        .isNotNull();
    assertThat(r.status()).as("status after a correct MD5 CHAP response").isEqualTo(LoginStatus.SUCCESS);
  }

  private static LoginResponse wrongSecret(ConformanceContext ctx) throws IOException {
    ChapCredentials cred = credentials(ctx);
    Challenge ch = md5Challenge(ctx);
    return respond(ch, cred.name(), correctResponse(ch, "not-the-secret-at-all".getBytes()), List.of());
  }

  @Test
  @Clause(value = "RFC 7143 §12.1.3", level = Level.MUST)
  void refusesChapResponseComputedWithWrongSecret(ConformanceContext ctx) throws IOException {
    requireRefused(wrongSecret(ctx), "a CHAP_R computed with the wrong secret");
  }

  @Test
  @Clause(value = "RFC 7143 §11.13.5", level = Level.SHOULD)
  void answersWrongSecretWithAuthenticationFailure(ConformanceContext ctx) throws IOException {
    LoginResponse r = wrongSecret(ctx);
    NotSupported.unless(r != null, "the target closed the connection without a status");
    assertThat(r.status()).as("status after a wrong CHAP response").isEqualTo(LoginStatus.AUTHENTICATION_FAILURE);
  }

  @Test
  @Clause(value = "RFC 7143 §12.1.3", level = Level.MUST)
  void refusesChapResponseThatIsNotABinaryValue(ConformanceContext ctx) throws IOException {
    ChapCredentials cred = credentials(ctx);
    Challenge ch = md5Challenge(ctx);
    requireRefused(respond(ch, cred.name(), "0xZZ" + "0".repeat(30), List.of()), "CHAP_R=0xZZ00… (not hex)");
  }

  @Test
  @Clause(value = "RFC 7143 §12.1.3", level = Level.MUST)
  void refusesChapResponseOfUnknownUser(ConformanceContext ctx) throws IOException {
    ChapCredentials cred = credentials(ctx);
    Challenge ch = md5Challenge(ctx);
    requireRefused(respond(ch, cred.name() + "-nobody", correctResponse(ch, cred.secret()), List.of()),
        "a correct CHAP_R under a CHAP_N the target does not know");
  }

  @Test
  @Clause(value = "RFC 7143 §9.2.1", level = Level.MUST)
  void refusesReflectedChallenge(ConformanceContext ctx) throws IOException {
    ChapCredentials cred = credentials(ctx);
    NotSupported.unless(ctx.target().mutualChap().isPresent(),
        "no mutual CHAP credentials in the URL; a challenge to the target needs them");
    Challenge ch = md5Challenge(ctx);
    // "Originators MUST NOT reuse the CHAP challenge sent by the Responder for the other direction
    // of a bidirectional authentication. Responders MUST check for this condition and close the
    // iSCSI TCP connection if it occurs."
    LoginResponse r = respond(ch, cred.name(), correctResponse(ch, cred.secret()),
        List.of(KeyValue.of("CHAP_I", ch.keys().get("CHAP_I")), KeyValue.of("CHAP_C", ch.keys().get("CHAP_C"))));
    requireRefused(r, "a mutual-CHAP challenge identical to the target's own CHAP_C (a reflection)");
  }

  @Test
  @Clause(value = "RFC 7143 §12.1.3", level = Level.MUST)
  void refusesOversizedChallengeFromInitiator(ConformanceContext ctx) throws IOException {
    ChapCredentials cred = credentials(ctx);
    NotSupported.unless(ctx.target().mutualChap().isPresent(),
        "no mutual CHAP credentials in the URL; a challenge to the target needs them");
    Challenge ch = md5Challenge(ctx);
    byte[] huge = new byte[Chap.MAX_BINARY_LENGTH + 1];
    java.util.Arrays.fill(huge, (byte) 0x5a);
    LoginResponse r = respond(ch, cred.name(), correctResponse(ch, cred.secret()),
        List.of(KeyValue.of("CHAP_I", "7"), KeyValue.of("CHAP_C", TextValues.formatHex(huge))));
    requireRefused(r, "a CHAP_C of " + huge.length + " bytes (binary values are at most 1024 bytes)");
  }

  @Test
  @Clause(value = "RFC 7143 §12.1.3", level = Level.MUST)
  void rejectsChapAlgorithmListWithoutSupportedAlgorithm(ConformanceContext ctx) throws IOException {
    Challenge ch = challenge(ctx, UNKNOWN_ALGORITHM);
    if (ch.response() == null || !ch.response().status().isSuccess()) {
      requireRefused(ch.response(), "CHAP_A=" + UNKNOWN_ALGORITHM);
      return;
    }
    // A list negotiation: the answer is one of the offered values or Reject (RFC 7143 §6.2.1).
    assertThat(ch.algorithm()).withFailMessage("answered CHAP_A=%s to an offer of CHAP_A=%s only: the target must "
        + "answer Reject (or refuse the login), never an algorithm that was not offered", ch.algorithm(),
        UNKNOWN_ALGORITHM).isIn("Reject", UNKNOWN_ALGORITHM);
    assertThat(ch.keys()).withFailMessage("sent a CHAP challenge although no common algorithm exists: %s", ch.keys())
        .doesNotContainKey("CHAP_C");
  }

  @Test
  @Clause(value = "RFC 7143 §12.1.3", level = Level.MUST)
  void choosesFromChapAlgorithmList(ConformanceContext ctx) throws IOException {
    ChapCredentials cred = credentials(ctx);
    NotSupported.unless(ctx.target().mutualChap().isEmpty(), "mutual CHAP is configured");
    String offer = UNKNOWN_ALGORITHM + ",7,5";
    Challenge ch = challenge(ctx, offer);
    if (ch.response() == null || !ch.response().status().isSuccess()) {
      throw new AssertionFailedError("refused CHAP_A=" + offer + " ("
          + (ch.response() == null ? "closed the connection" : ch.response().status().toString())
          + "): a list of algorithms containing MD5 (5) must be answered with one of them (C11)");
    }
    assertThat(ch.algorithm()).withFailMessage("answered CHAP_A=%s to CHAP_A=%s; the answer must be an offered "
        + "algorithm it supports", ch.algorithm(), offer).isIn("7", "5");
    Optional<String> digest = new ChapAlgorithm(Integer.parseInt(ch.algorithm())).digestName();
    NotSupported.unless(digest.isPresent(), "the suite cannot compute CHAP algorithm " + ch.algorithm());
    LoginResponse r = respond(ch, cred.name(), correctResponse(ch, cred.secret()), List.of());
    assertThat(r).withFailMessage("closed the connection after a correct CHAP_R with algorithm %s", ch.algorithm())
        .isNotNull();
    assertThat(r.status()).withFailMessage("refused a correct CHAP_R computed with the algorithm it chose (%s): %s",
        ch.algorithm(), r.status()).isEqualTo(LoginStatus.SUCCESS);
  }
}
