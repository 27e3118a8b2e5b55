package org.iscsilab.conformance.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iscsilab.conformance.proof.LoginProofRuns.run;
import static org.iscsilab.conformance.proof.LoginProofRuns.test;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.negotiation.NegotiationProfile;
import org.iscsilab.protocol.pdu.Pdu;
import org.iscsilab.protocol.pdu.TextResponse;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextCodec;
import org.iscsilab.reports.CaseResult;
import org.iscsilab.reports.Verdict;
import org.iscsilab.target.quirk.Quirk;
import org.iscsilab.target.quirk.QuirkContext;
import org.iscsilab.target.quirk.Quirks;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;

/** The negotiation tests catch a reference target that breaks their rule, and pass it otherwise. */
class NegotiationQuirkProofTest {

  private static final DiscoverySelector LEGAL_OFFERS =
      test("negotiation.NegotiationKeyTest", "answersLegalOfferByTheKeysResultFunction", "String", "String", "ctx");
  private static final DiscoverySelector PROPERTY =
      test("negotiation.NegotiationPropertyTest", "answersRandomLegalOffersByTheirResultFunctions", "ctx");
  private static final DiscoverySelector UNKNOWN_KEY_IN_FFP =
      test("negotiation.NegotiationRulesTest", "answersUnknownKeyInTextRequestWithNotUnderstood", "String", "String",
          "ctx");
  private static final DiscoverySelector SAME_VALUE_TWICE =
      test("negotiation.NegotiationRulesTest", "refusesKeyOfferedTwiceWithTheSameValue", "ctx");

  /** Answers MaxBurstLength with the largest value, whatever was offered (a broken Minimum function). */
  private static final Quirk MAX_BURST_ABOVE_OFFER = new Quirk() {
    @Override
    public String name() {
      return "max-burst-length-above-offer";
    }

    @Override
    public NegotiationProfile negotiationProfile(QuirkContext ctx, NegotiationProfile p) {
      return p.answering("MaxBurstLength", "16777215");
    }
  };

  /** Full-feature-phase Text Responses leave unknown keys unanswered instead of NotUnderstood. */
  private static final Quirk SILENT_ON_UNKNOWN_KEYS = new Quirk() {
    @Override
    public String name() {
      return "text-drops-not-understood";
    }

    @Override
    public Pdu onSend(QuirkContext ctx, Pdu pdu) {
      if (pdu instanceof TextResponse r && !r.data().isEmpty()) {
        List<KeyValue> kept = new ArrayList<>();
        for (KeyValue kv : LoginProofRuns.keys(r.data())) {
          if (!kv.value().equals("NotUnderstood")) {
            kept.add(kv);
          }
        }
        return new TextResponse(r.finalFlag(), r.continueFlag(), r.lun(), r.initiatorTaskTag(),
            r.targetTransferTag(), r.statSN(), r.expCmdSN(), r.maxCmdSN(),
            org.iscsilab.protocol.pdu.DataSegment.wrap(TextCodec.encode(kept)));
      }
      return pdu;
    }
  };

  @Test
  void aBrokenMinimumFunctionFailsTheLegalOfferTestOfThatKeyOnly() throws Exception {
    assertThat(run(null, LEGAL_OFFERS)).hasSize(15)
        .allSatisfy(c -> assertThat(c.verdict()).as(c.name() + ": " + c.message()).isEqualTo(Verdict.PASS));
    List<CaseResult> rs = run(MAX_BURST_ABOVE_OFFER, LEGAL_OFFERS);
    assertThat(rs).filteredOn(c -> c.verdict() == Verdict.FAIL).singleElement().satisfies(c -> {
      assertThat(c.name()).contains("MaxBurstLength=131072");
      assertThat(c.message()).isEqualTo("answered MaxBurstLength=16777215 to the offer MaxBurstLength=131072: a key "
          + "whose result function is Minimum must not exceed the offer (RFC 7143 §13.13, RFC 7143 §6.2.2)");
    });
  }

  @Test
  void aBrokenMinimumFunctionFailsThePropertyWithAShrunkExample() throws Exception {
    CaseResult ok = run(null, PROPERTY).get(0);
    assertThat(ok.verdict()).as(ok.message()).isEqualTo(Verdict.PASS);
    CaseResult r = run(MAX_BURST_ABOVE_OFFER, PROPERTY).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.message()).contains("answered MaxBurstLength=16777215 to the offer MaxBurstLength=")
        .contains("QuickTheories seed").doesNotContain("\tat ");
  }

  @Test
  void droppingNotUnderstoodFailsTheUnknownKeyTest() throws Exception {
    assertThat(run(null, UNKNOWN_KEY_IN_FFP)).hasSize(3)
        .allSatisfy(c -> assertThat(c.verdict()).as(c.name() + ": " + c.message()).isEqualTo(Verdict.PASS));
    assertThat(run(SILENT_ON_UNKNOWN_KEYS, UNKNOWN_KEY_IN_FFP)).hasSize(3)
        .allSatisfy(c -> {
          assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
          assertThat(c.message()).contains("in full feature phase with nothing; expected");
        });
  }

  /**
   * RFC 7143 §6.2 makes a repeated key an initiator error even with the same value: the reference
   * target refuses it, and the tolerate-repeated-keys quirk (tgt's lenience for libiscsi, C10)
   * fails exactly this test.
   */
  @Test
  void toleratingIdenticalRepeatsFailsTheRepeatTest() throws Exception {
    assertThat(run(null, SAME_VALUE_TWICE).get(0).verdict()).isEqualTo(Verdict.PASS);
    CaseResult lenient = run(Quirks.create("tolerate-repeated-keys"), SAME_VALUE_TWICE).get(0);
    assertThat(lenient.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(lenient.message()).startsWith("accepted a Login Request offering MaxBurstLength=262144 and "
        + "MaxBurstLength=262144");
  }
}
