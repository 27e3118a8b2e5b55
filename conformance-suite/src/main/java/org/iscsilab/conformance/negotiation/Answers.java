package org.iscsilab.conformance.negotiation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.negotiation.KeyDefinition;
import org.iscsilab.protocol.negotiation.KeyType;
import org.iscsilab.protocol.text.TextValues;

/**
 * Whether an answer to an offer obeys the key's result function (RFC 7143 §6.2.1, §6.2.2), in
 * words a diagnosis can use.
 */
final class Answers {

  private Answers() {}

  /** The negotiated keys an initiator offers during login, in RFC order. */
  static List<KeyDefinition> negotiatedLoginKeys() {
    return IscsiKeys.all().stream()
        .filter(KeyDefinition::isNegotiated)
        .filter(d -> d.type() != KeyType.OBSOLETE && d.use() != org.iscsilab.protocol.negotiation.KeyUse.SECURITY)
        .toList();
  }

  /** Whether the RFC lets the responder leave {@code offer} unanswered (§6.2.2: the offer decides the result). */
  static boolean answerOptional(KeyDefinition d, String offer) {
    return (d.type() == KeyType.BOOLEAN_AND && offer.equals("No"))
        || (d.type() == KeyType.BOOLEAN_OR && offer.equals("Yes"));
  }

  /**
   * What is wrong with answering {@code answer} (null: no answer) to the legal offer
   * {@code d.name()=offer}, or empty.
   */
  static Optional<String> problemWithAnswerToLegalOffer(KeyDefinition d, String offer, String answer) {
    String k = d.name();
    String to = " to the offer " + k + "=" + offer;
    if (answer == null) {
      return answerOptional(d, offer) ? Optional.empty()
          : Optional.of("did not answer" + to + " (" + d.clause() + "): the responder must answer a negotiated key");
    }
    if (answer.equals(TextValues.NOT_UNDERSTOOD)) {
      return k.equals(IscsiKeys.ISCSI_PROTOCOL_LEVEL) ? Optional.empty() // RFC 7144 §2.1: an older target
          : Optional.of("answered " + k + "=NotUnderstood: " + k + " is defined by " + d.clause());
    }
    if (answer.equals(TextValues.IRRELEVANT)) {
      // FirstBurstLength is irrelevant when InitialR2T=Yes and ImmediateData=No (RFC 7143 §13.14).
      return k.equals(IscsiKeys.FIRST_BURST_LENGTH) ? Optional.empty()
          : Optional.of("answered " + k + "=Irrelevant" + to + " in a Normal session");
    }
    switch (d.type()) {
      case LIST -> {
        List<String> offered = TextValues.parseList(offer);
        if (answer.equals(TextValues.REJECT) || offered.contains(answer)) {
          return Optional.empty();
        }
        return Optional.of("answered " + k + "=" + answer + to + ": a list negotiation must choose one of the "
            + "offered values (RFC 7143 §6.2.1)");
      }
      case NUMERICAL_MIN, NUMERICAL_MAX -> {
        OptionalLong a = TextValues.parseNumber(answer);
        long o = TextValues.parseNumber(offer).orElseThrow();
        if (a.isEmpty()) {
          return Optional.of("answered " + k + "=" + answer + to + ": not a numerical value (RFC 7143 §6.1)");
        }
        long v = a.getAsLong();
        if (v < d.min() || v > d.max()) {
          return Optional.of("answered " + k + "=" + answer + to + ": outside the key's range " + d.min() + ".."
              + d.max() + " (" + d.clause() + ")");
        }
        if (d.type() == KeyType.NUMERICAL_MIN && v > o) {
          return Optional.of("answered " + k + "=" + answer + to + ": a key whose result function is Minimum must "
              + "not exceed the offer (" + d.clause() + ", RFC 7143 §6.2.2)");
        }
        if (d.type() == KeyType.NUMERICAL_MAX && v < o) {
          return Optional.of("answered " + k + "=" + answer + to + ": a key whose result function is Maximum must "
              + "not be below the offer (" + d.clause() + ", RFC 7143 §6.2.2)");
        }
        return Optional.empty();
      }
      case BOOLEAN_AND, BOOLEAN_OR -> {
        Optional<Boolean> a = TextValues.parseBoolean(answer);
        if (a.isEmpty()) {
          return Optional.of("answered " + k + "=" + answer + to + ": a Boolean key is answered Yes or No");
        }
        if (d.type() == KeyType.BOOLEAN_AND && offer.equals("No") && a.get()) {
          return Optional.of("answered " + k + "=Yes" + to + ": the result function is AND, so an offer of No "
              + "decides No (" + d.clause() + ", RFC 7143 §6.2.2)");
        }
        if (d.type() == KeyType.BOOLEAN_OR && offer.equals("Yes") && !a.get()) {
          return Optional.of("answered " + k + "=No" + to + ": the result function is OR, so an offer of Yes "
              + "decides Yes (" + d.clause() + ", RFC 7143 §6.2.2)");
        }
        return Optional.empty();
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /** A legal offer of {@code d} that is not its default where possible, to make the function visible. */
  static String legalOffer(KeyDefinition d) {
    return switch (d.name()) {
      case IscsiKeys.HEADER_DIGEST, IscsiKeys.DATA_DIGEST -> "CRC32C,None";
      case IscsiKeys.MAX_CONNECTIONS -> "4";
      case IscsiKeys.INITIAL_R2T -> "No";
      case IscsiKeys.IMMEDIATE_DATA -> "Yes";
      case IscsiKeys.MAX_BURST_LENGTH -> "131072";
      case IscsiKeys.FIRST_BURST_LENGTH -> "32768";
      case IscsiKeys.DEFAULT_TIME2WAIT -> "1";
      case IscsiKeys.DEFAULT_TIME2RETAIN -> "10";
      case IscsiKeys.MAX_OUTSTANDING_R2T -> "4";
      case IscsiKeys.DATA_PDU_IN_ORDER, IscsiKeys.DATA_SEQUENCE_IN_ORDER -> "No";
      case IscsiKeys.ERROR_RECOVERY_LEVEL -> "2";
      case IscsiKeys.TASK_REPORTING -> "ResponseFence,RFC3720";
      case IscsiKeys.ISCSI_PROTOCOL_LEVEL -> "1";
      default -> d.defaultValue().orElseThrow();
    };
  }
}
