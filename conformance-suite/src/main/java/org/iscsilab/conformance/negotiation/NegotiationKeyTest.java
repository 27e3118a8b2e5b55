package org.iscsilab.conformance.negotiation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.login.LoginFlow;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.KeyDefinition;
import org.iscsilab.protocol.negotiation.KeyType;
import org.iscsilab.protocol.negotiation.ValueSyntax;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Every negotiated key of RFC 7143 §13 offered in the operational stage, legally and illegally,
 * the cases generated from the key registry ({@link IscsiKeys}).
 */
@Area(ProtocolArea.NEGOTIATION)
class NegotiationKeyTest {

  static Stream<Arguments> legalOffers() {
    return Answers.negotiatedLoginKeys().stream().map(d -> Arguments.of(d.name(), Answers.legalOffer(d)));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("legalOffers")
  @Clause(value = "RFC 7143 §6.2", level = Level.MUST)
  void answersLegalOfferByTheKeysResultFunction(String key, String offer, ConformanceContext ctx) throws IOException {
    KeyDefinition d = IscsiKeys.definition(key);
    LoginFlow.LoggedIn s;
    try {
      s = LoginFlow.normal(ctx, List.of(KeyValue.of(key, offer)));
    } catch (LoginFlow.Refused e) {
      throw new AssertionFailedError("refused the login (" + e.response().status() + ") because of the legal offer "
          + key + "=" + offer + " (" + d.clause() + ")");
    }
    Optional<String> problem = Answers.problemWithAnswerToLegalOffer(d, offer, s.answers().get(key));
    if (problem.isPresent()) {
      throw new AssertionFailedError(problem.get());
    }
  }

  /** Offers no conforming target may adopt: out of range, not a number, not Yes/No, no known list value. */
  static Stream<Arguments> illegalOffers() {
    List<Arguments> out = new ArrayList<>();
    for (KeyDefinition d : Answers.negotiatedLoginKeys()) {
      if (d.syntax() == ValueSyntax.NUMBER) {
        out.add(Arguments.of(d.name(), Long.toString(d.max() + 1), "above the range " + d.min() + ".." + d.max()));
        if (d.min() > 0) {
          out.add(Arguments.of(d.name(), Long.toString(d.min() - 1), "below the range " + d.min() + ".." + d.max()));
        }
        out.add(Arguments.of(d.name(), "lots", "not a numerical value"));
      } else if (d.syntax() == ValueSyntax.BOOLEAN) {
        out.add(Arguments.of(d.name(), "Maybe", "not Yes or No"));
      } else if (d.type() == KeyType.LIST) {
        out.add(Arguments.of(d.name(), "Bogus", "no value the RFC defines"));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}={1} ({2})")
  @MethodSource("illegalOffers")
  @Clause(value = "RFC 7143 §6.2", level = Level.MUST)
  void doesNotAdoptIllegalOffer(String key, String offer, String why, ConformanceContext ctx) throws IOException {
    KeyDefinition d = IscsiKeys.definition(key);
    String answer;
    try {
      answer = LoginFlow.normal(ctx, List.of(KeyValue.of(key, offer))).answers().get(key);
    } catch (LoginFlow.Refused e) {
      if (e.response().status().statusClass() != LoginStatus.INITIATOR_ERROR.statusClass()) {
        throw new AssertionFailedError("refused " + key + "=" + offer + " (" + why + ") with " + e.response().status()
            + "; an illegal offer is an initiator error (Status-Class 0x02)");
      }
      return; // refusing the login is a legal way to end the negotiation
    }
    String to = " to the illegal offer " + key + "=" + offer + " (" + why + ", " + d.clause() + ")";
    if (answer == null) {
      throw new AssertionFailedError("did not answer" + to + "; expected " + key + "=Reject or a refused login");
    }
    if (answer.equals(TextValues.REJECT)
        || (key.equals(IscsiKeys.ISCSI_PROTOCOL_LEVEL) && answer.equals(TextValues.NOT_UNDERSTOOD))) {
      return;
    }
    if (d.syntax() == ValueSyntax.NUMBER) {
      // A value inside the range, chosen by the responder, leaves the session legal.
      OptionalLong a = TextValues.parseNumber(answer);
      if (a.isPresent() && a.getAsLong() >= d.min() && a.getAsLong() <= d.max() && !answer.equals(offer)) {
        return;
      }
    }
    throw new AssertionFailedError("answered " + key + "=" + answer + to + "; expected " + key
        + "=Reject or a refused login");
  }

  static Stream<Arguments> digestOffers() {
    List<Arguments> out = new ArrayList<>();
    for (String key : List.of(IscsiKeys.HEADER_DIGEST, IscsiKeys.DATA_DIGEST)) {
      for (String offer : List.of("CRC32C,None", "None,CRC32C", "None", "Bogus,None")) {
        out.add(Arguments.of(key, offer));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("digestOffers")
  @Clause(value = "RFC 7143 §6.2.1", level = Level.MUST)
  void answersDigestOfferWithAnOfferedDigest(String key, String offer, ConformanceContext ctx) throws IOException {
    String answer;
    try {
      answer = LoginFlow.normal(ctx, List.of(KeyValue.of(key, offer))).answers().get(key);
    } catch (LoginFlow.Refused e) {
      throw new AssertionFailedError("refused the login (" + e.response().status() + ") for the offer " + key + "="
          + offer);
    }
    List<String> known = TextValues.parseList(offer).stream().filter(v -> !v.equals("Bogus")).toList();
    if (answer == null || !(known.contains(answer) || answer.equals(TextValues.REJECT))) {
      throw new AssertionFailedError("answered " + key + "=" + answer + " to " + key + "=" + offer + ": the answer "
          + "must be the first offered value the target supports (unknown values are skipped), or Reject "
          + "(RFC 7143 §6.2.1)");
    }
  }
}
