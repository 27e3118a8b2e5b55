package org.iscsilab.conformance.negotiation;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Keys;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.TargetClosedConnection;
import org.iscsilab.conformance.login.LoginFlow;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.KeyDefinition;
import org.iscsilab.protocol.negotiation.KeyType;
import org.iscsilab.protocol.negotiation.KeyUse;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.Reject;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Keys where they do not belong: login-only keys in a full-feature-phase Text Request, and
 * Normal-session keys in a Discovery session (RFC 7143 §13 "Use" and "Irrelevant when").
 */
@Area(ProtocolArea.NEGOTIATION)
class NegotiationPhaseTest {

  /** Negotiated keys whose Use is LO or IO: login only. */
  static Stream<Arguments> loginOnlyKeys() {
    return Answers.negotiatedLoginKeys().stream().filter(d -> d.use() == KeyUse.LO || d.use() == KeyUse.IO)
        .map(d -> Arguments.of(d.name(), d.use().name(), Answers.legalOffer(d)));
  }

  /** What the target sent back to a Text Request: the answer keys, or empty for a Reject PDU or a close. */
  private static Optional<Map<String, String>> textExchange(ConformanceContext ctx, List<KeyValue> keys)
      throws IOException {
    LoginFlow.LoggedIn s = LoginFlow.normal(ctx, List.of());
    s.connection().send(s.text(0x7e57, keys));
    Pdu p;
    try {
      p = s.connection().receive();
    } catch (TargetClosedConnection e) {
      return Optional.empty();
    }
    if (p instanceof Reject) {
      return Optional.empty();
    }
    if (!(p instanceof TextResponse r)) {
      throw new AssertionFailedError("answered a Text Request with " + p.opcode() + "; expected a Text Response "
          + "or a Reject (RFC 7143 §11.11)");
    }
    return Optional.of(Keys.of(r));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("loginOnlyKeys")
  @Clause(value = "RFC 7143 §13", level = Level.MUST)
  void refusesLoginOnlyKeyInFullFeaturePhase(String key, String use, String offer, ConformanceContext ctx)
      throws IOException {
    Optional<Map<String, String>> answer = textExchange(ctx, List.of(KeyValue.of(key, offer)));
    if (answer.isEmpty()) {
      return; // a Reject PDU (or a dropped connection) refuses the whole Text Request
    }
    String a = answer.get().get(key);
    if (a == null || TextValues.isReservedAnswer(a)) {
      return; // not renegotiated (an unanswered offer is judged by the negotiation tests, not here)
    }
    throw new AssertionFailedError("answered " + key + "=" + a + " to the offer "
        + key + "=" + offer + " in a full-feature-phase Text Request: " + key + " is " + use + " (usable during "
        + "login only, " + IscsiKeys.definition(key).clause() + "), so the target renegotiated a login-only "
        + "parameter; expected " + key + "=Reject or a Reject PDU");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("loginOnlyDeclarations")
  @Clause(value = "RFC 7143 §13", level = Level.SHOULD)
  void refusesLoginOnlyDeclarationInFullFeaturePhase(String key, String value, ConformanceContext ctx)
      throws IOException {
    Optional<Map<String, String>> answer = textExchange(ctx, List.of(KeyValue.of(key, value)));
    if (answer.isEmpty() || TextValues.REJECT.equals(answer.get().get(key))) {
      return;
    }
    throw new AssertionFailedError("took " + key + "=" + value + " in a full-feature-phase Text Request without "
        + "objection (answered " + answer.get() + "): " + key + " may be sent during login only ("
        + IscsiKeys.definition(key).clause() + ")");
  }

  static Stream<Arguments> loginOnlyDeclarations() {
    return Stream.of(Arguments.of(IscsiKeys.INITIATOR_NAME, "iqn.2026-11.org.iscsilab:someone-else"),
        Arguments.of(IscsiKeys.SESSION_TYPE, "Discovery"),
        Arguments.of(IscsiKeys.TARGET_NAME, "iqn.2026-11.org.iscsilab:another-target"));
  }

  /** Keys the RFC marks "Irrelevant when: SessionType=Discovery" (and what the registry adds). */
  static Stream<Arguments> irrelevantInDiscovery() {
    return IscsiKeys.all().stream().filter(KeyDefinition::irrelevantInDiscovery)
        .filter(d -> d.type() != KeyType.LIST)
        .map(d -> Arguments.of(d.name(), Answers.legalOffer(d)));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("irrelevantInDiscovery")
  @Clause(value = "RFC 7143 §6.2", level = Level.SHOULD)
  void answersNormalSessionKeyInDiscoveryWithIrrelevantOrLegalValue(String key, String offer, ConformanceContext ctx)
      throws IOException {
    String answer;
    try {
      answer = LoginFlow.discovery(ctx, List.of(KeyValue.of(key, offer))).answers().get(key);
    } catch (LoginFlow.Refused e) {
      throw new AssertionFailedError("refused a Discovery login (" + e.response().status() + ") because it offered "
          + key + "=" + offer + "; the key is irrelevant there and should be answered Irrelevant, not fail the login");
    }
    if (TextValues.IRRELEVANT.equals(answer)) {
      return;
    }
    Optional<String> problem = Answers.problemWithAnswerToLegalOffer(IscsiKeys.definition(key), offer, answer);
    if (problem.isPresent()) {
      throw new AssertionFailedError("in a Discovery session " + problem.get() + " (expected " + key
          + "=Irrelevant or a legal answer)");
    }
  }
}
