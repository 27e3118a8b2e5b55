package org.iscsilab.conformance.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.iscsilab.conformance.Area;
import org.iscsilab.conformance.Clause;
import org.iscsilab.conformance.ConformanceContext;
import org.iscsilab.conformance.Keys;
import org.iscsilab.conformance.Level;
import org.iscsilab.conformance.NotSupported;
import org.iscsilab.conformance.ProtocolArea;
import org.iscsilab.conformance.login.LoginFlow;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.pdu.LoginResponse;
import org.iscsilab.protocol.pdu.LoginStatus;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Rules across keys: unknown and extension keys, keys sent twice, FirstBurstLength against
 * MaxBurstLength, MaxRecvDataSegmentLength, the removed marker keys (RFC 7143 §6.2, §13.12-§13.14,
 * §13.22, §13.25).
 */
@Area(ProtocolArea.NEGOTIATION)
class NegotiationRulesTest {

  static Stream<Arguments> unknownKeys() {
    return Stream.of(Arguments.of("X-org.iscsilab.Probe", "private extension key (X-)"),
        Arguments.of("X#org.iscsilab.Probe", "unregistered public extension key (X#)"),
        Arguments.of("IscsilabUnknownKey", "key no RFC defines"));
  }

  @ParameterizedTest(name = "login: {0} ({1})")
  @MethodSource("unknownKeys")
  @Clause(value = "RFC 7143 §6.2", level = Level.MUST)
  void answersUnknownKeyInLoginWithNotUnderstood(String key, String what, ConformanceContext ctx) throws IOException {
    // "...the answer for a key not understood MUST be key=NotUnderstood."
    String answer;
    try {
      answer = LoginFlow.normal(ctx, List.of(KeyValue.of(key, "Yes"))).answers().get(key);
    } catch (LoginFlow.Refused e) {
      throw new AssertionFailedError("refused the login (" + e.response().status() + ") because it carried the "
          + what + " " + key + "=Yes; an unknown key must be answered NotUnderstood");
    }
    assertThat(answer).withFailMessage("answered %s=Yes (%s) with %s; expected %s=NotUnderstood", key, what,
        answer == null ? "nothing" : key + "=" + answer, key).isEqualTo(TextValues.NOT_UNDERSTOOD);
  }

  @ParameterizedTest(name = "full feature phase: {0} ({1})")
  @MethodSource("unknownKeys")
  @Clause(value = "RFC 7143 §6.2", level = Level.MUST)
  void answersUnknownKeyInTextRequestWithNotUnderstood(String key, String what, ConformanceContext ctx)
      throws IOException {
    LoginFlow.LoggedIn s = LoginFlow.normal(ctx, List.of());
    s.connection().send(s.text(0x7e58, List.of(KeyValue.of(key, "Yes"))));
    Pdu p = s.connection().receive();
    if (!(p instanceof TextResponse r)) {
      throw new AssertionFailedError("answered a Text Request carrying the " + what + " " + key + "=Yes with "
          + p.opcode() + "; expected a Text Response with " + key + "=NotUnderstood");
    }
    String answer = Keys.of(r).get(key);
    assertThat(answer).withFailMessage("answered %s=Yes (%s) in full feature phase with %s; expected "
        + "%s=NotUnderstood", key, what, answer == null ? "nothing" : key + "=" + answer, key)
        .isEqualTo(TextValues.NOT_UNDERSTOOD);
  }

  static Stream<Arguments> repeatedKeys() {
    return Stream.of(Arguments.of(IscsiKeys.MAX_BURST_LENGTH, "262144", "131072"),
        Arguments.of(IscsiKeys.IMMEDIATE_DATA, "Yes", "No"),
        Arguments.of(IscsiKeys.HEADER_DIGEST, "None", "CRC32C,None"));
  }

  private static void requireRefusedRepeat(ConformanceContext ctx, String key, String first, String second)
      throws IOException {
    LoginFlow.LoggedIn s;
    try {
      s = LoginFlow.normal(ctx, List.of(KeyValue.of(key, first), KeyValue.of(key, second)));
    } catch (LoginFlow.Refused e) {
      assertThat(e.response().status().statusClass()).withFailMessage("refused %s offered twice with %s; expected "
          + "Status-Class 0x02 (initiator error)", key, e.response().status())
          .isEqualTo(LoginStatus.INITIATOR_ERROR.statusClass());
      return;
    }
    // "An attempt to renegotiate/redeclare parameters not specifically allowed MUST be detected by
    // the initiator and target. If such an attempt is detected by the target, the target MUST
    // respond with Login reject (initiator error)."
    throw new AssertionFailedError("accepted a Login Request offering " + key + "=" + first + " and " + key + "="
        + second + " (answered " + key + "=" + s.answers().get(key) + "): a key negotiated twice must end the login "
        + "with an initiator error");
  }

  @ParameterizedTest(name = "{0}={1} then {0}={2}")
  @MethodSource("repeatedKeys")
  @Clause(value = "RFC 7143 §6.2", level = Level.MUST)
  void refusesKeyOfferedTwiceWithDifferentValues(String key, String first, String second, ConformanceContext ctx)
      throws IOException {
    requireRefusedRepeat(ctx, key, first, second);
  }

  @Test
  @Clause(value = "RFC 7143 §6.2", level = Level.MUST)
  void refusesKeyOfferedTwiceWithTheSameValue(ConformanceContext ctx) throws IOException {
    requireRefusedRepeat(ctx, IscsiKeys.MAX_BURST_LENGTH, "262144", "262144");
  }

  @Test
  @Clause(value = "RFC 7143 §13.14", level = Level.MUST)
  void neverAgreesFirstBurstLengthAboveMaxBurstLength(ConformanceContext ctx) throws IOException {
    Map<String, String> a;
    try {
      a = LoginFlow.normal(ctx, List.of(KeyValue.of("InitialR2T", "No"), KeyValue.of("ImmediateData", "Yes"),
          KeyValue.of("MaxBurstLength", "8192"), KeyValue.of("FirstBurstLength", "65536"))).answers();
    } catch (LoginFlow.Refused e) {
      return; // refusing an offer of FirstBurstLength > MaxBurstLength is legal
    }
    long mbl = number(a, "MaxBurstLength", 8192);
    String fbl = a.get("FirstBurstLength");
    if (fbl == null || TextValues.isReservedAnswer(fbl)) {
      return; // Reject or Irrelevant: FirstBurstLength keeps a value the target must keep legal
    }
    long f = TextValues.parseNumber(fbl).orElse(Long.MAX_VALUE);
    assertThat(f).withFailMessage("agreed FirstBurstLength=%s with MaxBurstLength=%d (offered 65536 and 8192): "
        + "FirstBurstLength MUST NOT exceed MaxBurstLength", fbl, mbl).isLessThanOrEqualTo(mbl);
  }

  private static long number(Map<String, String> a, String key, long offered) {
    String v = a.get(key);
    OptionalLong n = v == null ? OptionalLong.empty() : TextValues.parseNumber(v);
    return n.orElse(offered);
  }

  @Test
  @Clause(value = "RFC 7143 §13.12", level = Level.MUST)
  void declaresMaxRecvDataSegmentLengthWithinRange(ConformanceContext ctx) throws IOException {
    LoginFlow.LoggedIn s = LoginFlow.normal(ctx, List.of(KeyValue.of("MaxRecvDataSegmentLength", "65536")));
    String declared = null;
    for (LoginResponse r : s.responses()) {
      declared = Keys.of(r).getOrDefault("MaxRecvDataSegmentLength", declared);
    }
    NotSupported.unless(declared != null, "the target did not declare MaxRecvDataSegmentLength (the default 8192 "
        + "applies)");
    OptionalLong n = TextValues.parseNumber(declared);
    assertThat(n.isPresent() && n.getAsLong() >= 512 && n.getAsLong() <= IscsiKeys.MAX_24_BIT)
        .withFailMessage("declared MaxRecvDataSegmentLength=%s; the range is 512 to 2^24-1", declared).isTrue();
  }

  @Test
  @Clause(value = "RFC 7143 §13.12", level = Level.MUST)
  void doesNotAnswerMaxRecvDataSegmentLengthDeclarationWithANegotiatedValue(ConformanceContext ctx)
      throws IOException {
    LoginFlow.LoggedIn s = LoginFlow.normal(ctx, List.of(KeyValue.of("MaxRecvDataSegmentLength", "4096")));
    String answer = s.answers().get("MaxRecvDataSegmentLength");
    if (answer == null) {
      return;
    }
    // The target's own declaration is legal; a reserved answer treats a declaration as an offer.
    assertThat(TextValues.isReservedAnswer(answer)).withFailMessage("answered the declaration "
        + "MaxRecvDataSegmentLength=4096 with %s: the key is declarative, each side states its own limit", answer)
        .isFalse();
  }

  static Stream<Arguments> markerKeys() {
    return Stream.of(Arguments.of("OFMarker", "Yes"), Arguments.of("IFMarker", "Yes"),
        Arguments.of("OFMarkInt", "2048~8192"), Arguments.of("IFMarkInt", "2048~8192"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("markerKeys")
  @Clause(value = "RFC 7143 §13.25", level = Level.MUST)
  void answersRemovedMarkerKeyWithoutNotUnderstood(String key, String offer, ConformanceContext ctx)
      throws IOException {
    String answer;
    try {
      answer = LoginFlow.normal(ctx, List.of(KeyValue.of(key, offer))).answers().get(key);
    } catch (LoginFlow.Refused e) {
      throw new AssertionFailedError("refused the login (" + e.response().status() + ") because it offered the "
          + "removed key " + key + "=" + offer + "; expected " + key + "=Reject");
    }
    assertThat(answer).withFailMessage("did not answer %s=%s; RFC 7143 removed the marker keys but a responder "
        + "still answers them (Reject, or No / a value for the interval)", key, offer).isNotNull();
    assertThat(answer).withFailMessage("answered %s=NotUnderstood: the implementation MUST NOT respond with a "
        + "\"NotUnderstood\" value for the removed marker keys", key).isNotEqualTo(TextValues.NOT_UNDERSTOOD);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("markerKeys")
  @Clause(value = "RFC 7143 §13.25", level = Level.SHOULD)
  void answersRemovedMarkerKeyWithReject(String key, String offer, ConformanceContext ctx) throws IOException {
    String answer = LoginFlow.normal(ctx, List.of(KeyValue.of(key, offer))).answers().get(key);
    assertThat(answer).as("answer to the removed key %s=%s", key, offer).isEqualTo(TextValues.REJECT);
  }
}
