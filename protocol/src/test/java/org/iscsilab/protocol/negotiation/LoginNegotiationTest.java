package org.iscsilab.protocol.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.testfixtures.text.LoginSimulation;
import org.iscsilab.testfixtures.text.LoginSimulation.Outcome;
import org.junit.jupiter.api.Test;

class LoginNegotiationTest {

    private static final String INI = "iqn.1994-05.com.redhat:185ce16b55ad";
    private static final String TGT = "iqn.2026-11.org.iscsilab:sim";

    private static NegotiationProfile initiator() {
        return NegotiationProfile.initiator(INI).with("TargetName", TGT);
    }

    @Test
    void normalLoginGivesTheSameResultOnBothSides() throws Exception {
        NegotiationProfile ini = initiator()
                .with("HeaderDigest", "CRC32C,None").with("DataDigest", "None")
                .with("MaxBurstLength", "1048576").with("FirstBurstLength", "131072")
                .with("InitialR2T", "No").with("ImmediateData", "Yes").with("MaxOutstandingR2T", "4")
                .with("ErrorRecoveryLevel", "1").with("DefaultTime2Wait", "0").with("DefaultTime2Retain", "0")
                .with("MaxRecvDataSegmentLength", "65536");
        NegotiationProfile tgt = NegotiationProfile.target().with("MaxBurstLength", "262144")
                .with("FirstBurstLength", "65536").with("InitialR2T", "No").with("MaxOutstandingR2T", "8")
                .with("ErrorRecoveryLevel", "2").with("MaxRecvDataSegmentLength", "131072")
                .with("TargetAlias", "sim").alsoOffering("TargetAlias");
        Outcome o = LoginSimulation.run(ini, tgt, SessionType.NORMAL);
        assertThat(o.initiator().session()).isEqualTo(o.target().session());
        assertThat(o.initiator().connection()).isEqualTo(o.target().connection());
        SessionParameters s = o.target().session();
        assertThat(s.initiatorName()).contains(INI);
        assertThat(s.targetName()).contains(TGT);
        assertThat(s.targetAlias()).contains("sim");
        assertThat(s.targetPortalGroupTag().getAsInt()).isEqualTo(1);
        assertThat(s.maxBurstLength()).isEqualTo(262144);
        assertThat(s.firstBurstLength()).isEqualTo(65536);
        assertThat(s.initialR2T()).isFalse();
        assertThat(s.immediateData()).isTrue();
        assertThat(s.maxOutstandingR2T()).isEqualTo(4);
        assertThat(s.errorRecoveryLevel()).isEqualTo(1);
        assertThat(s.defaultTime2Wait()).isEqualTo(2);
        assertThat(s.defaultTime2Retain()).isZero();
        ConnectionParameters c = o.initiator().connection();
        assertThat(c.headerDigest()).isEqualTo(Digest.CRC32C);
        assertThat(c.dataDigest()).isEqualTo(Digest.NONE);
        assertThat(c.initiatorMaxRecvDataSegmentLength()).isEqualTo(65536);
        assertThat(c.targetMaxRecvDataSegmentLength()).isEqualTo(131072);
        assertThat(c.maxSendDataSegmentLength(Role.TARGET)).isEqualTo(65536);
        assertThat(c.maxSendDataSegmentLength(Role.INITIATOR)).isEqualTo(131072);
        assertThat(o.rounds().get(0).response()).contains(KeyValue.of("TargetPortalGroupTag", "1"));
    }

    @Test
    void discoveryLoginSkipsIrrelevantKeysAndKeepsDefaults() throws Exception {
        Outcome o = LoginSimulation.run(NegotiationProfile.initiator(INI), NegotiationProfile.target(),
                SessionType.DISCOVERY);
        assertThat(o.target().session().sessionType()).isEqualTo(SessionType.DISCOVERY);
        assertThat(o.initiator().session()).isEqualTo(o.target().session());
        List<KeyValue> firstRequest = o.rounds().get(0).request();
        assertThat(firstRequest).extracting(KeyValue::key)
                .contains("InitiatorName", "SessionType", "HeaderDigest")
                .doesNotContain("TargetName", "MaxBurstLength", "InitialR2T", "MaxConnections");
        assertThat(firstRequest).contains(KeyValue.of("SessionType", "Discovery"));
    }

    @Test
    void discoveryTargetMayPickCrc32cWhenTheInitiatorOffersIt() throws Exception {
        // C9: legal per RFC 7143 §13.1; the initiator must then verify digests.
        Outcome o = LoginSimulation.run(NegotiationProfile.initiator(INI).with("HeaderDigest", "CRC32C,None"),
                NegotiationProfile.target().with("HeaderDigest", "CRC32C,None"), SessionType.DISCOVERY);
        assertThat(o.initiator().connection().headerDigest()).isEqualTo(Digest.CRC32C);
    }

    @Test
    void rejectsFirstBurstLengthAboveMaxBurstLength() throws Exception {
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target(), SessionType.NORMAL,
                Stage.OPERATIONAL_NEGOTIATION, true);
        Step s = t.receive(List.of(KeyValue.of("InitiatorName", INI), KeyValue.of("TargetName", TGT),
                KeyValue.of("FirstBurstLength", "131072"), KeyValue.of("MaxBurstLength", "65536")));
        assertThat(s.responses()).containsExactly(KeyValue.of("FirstBurstLength", "Reject"),
                KeyValue.of("MaxBurstLength", "65536"));
        assertThat(t.result().session().firstBurstLength()).isEqualTo(65536);
    }

    @Test
    void capsFirstBurstLengthAtTheNegotiatedMaxBurstLength() throws Exception {
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target().with("MaxBurstLength", "16384")
                .with("FirstBurstLength", "262144"), SessionType.NORMAL, Stage.OPERATIONAL_NEGOTIATION, true);
        Step s = t.receive(List.of(KeyValue.of("InitiatorName", INI), KeyValue.of("TargetName", TGT),
                KeyValue.of("MaxBurstLength", "262144"), KeyValue.of("FirstBurstLength", "65536")));
        assertThat(s.responses()).containsExactly(KeyValue.of("MaxBurstLength", "16384"),
                KeyValue.of("FirstBurstLength", "16384"));
    }

    @Test
    void answersFirstBurstLengthIrrelevantWhenInitialR2TYesAndImmediateDataNo() throws Exception {
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target(), SessionType.NORMAL,
                Stage.OPERATIONAL_NEGOTIATION, true);
        Step s = t.receive(List.of(KeyValue.of("InitiatorName", INI), KeyValue.of("TargetName", TGT),
                KeyValue.of("FirstBurstLength", "65536"), KeyValue.of("InitialR2T", "Yes"),
                KeyValue.of("ImmediateData", "No")));
        assertThat(s.responses()).containsExactly(KeyValue.of("FirstBurstLength", "Irrelevant"),
                KeyValue.of("InitialR2T", "Yes"), KeyValue.of("ImmediateData", "No"));
        assertThat(t.result().session().firstBurstLengthRelevant()).isFalse();
    }

    @Test
    void refusesANegotiatedFirstBurstLengthAboveMaxBurstLengthInTheResult() throws Exception {
        // A non-conforming target (quirk) answers MaxBurstLength low but leaves FirstBurstLength high.
        Negotiator i = new Negotiator(Role.INITIATOR, initiator().offering(List.of("MaxBurstLength",
                "FirstBurstLength")), SessionType.NORMAL, Stage.OPERATIONAL_NEGOTIATION, true);
        i.offers();
        i.receive(List.of(KeyValue.of("TargetPortalGroupTag", "1"), KeyValue.of("MaxBurstLength", "4096"),
                KeyValue.of("FirstBurstLength", "65536")));
        assertThatThrownBy(i::result).isInstanceOf(NegotiationException.class)
                .hasMessageContaining("FirstBurstLength 65536 exceeds MaxBurstLength 4096")
                .hasMessageContaining("RFC 7143 §13.14");
    }

    @Test
    void targetRefusesALoginWithoutInitiatorName() {
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target(), SessionType.NORMAL,
                Stage.SECURITY_NEGOTIATION, true);
        assertThatThrownBy(() -> t.receive(List.of(KeyValue.of("TargetName", TGT))))
                .isInstanceOf(NegotiationException.class).hasMessageContaining("no InitiatorName")
                .satisfies(e -> assertThat(((NegotiationException) e).status()).isEqualTo(0x0207));
    }

    @Test
    void targetRefusesANormalLoginWithoutTargetNameEvenWhenSessionTypeIsOmitted() {
        // C7: SessionType defaults to Normal (RFC 7143 §13.21), so TargetName is required (§13.4).
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target(), SessionType.NORMAL,
                Stage.SECURITY_NEGOTIATION, true);
        assertThatThrownBy(() -> t.receive(List.of(KeyValue.of("InitiatorName", INI))))
                .hasMessageContaining("no TargetName").hasMessageContaining("RFC 7143 §13.4");
    }

    @Test
    void initiatorRefusesAFirstLoginResponseWithoutTargetPortalGroupTag() {
        // C19 (TalAloni/iSCSIConsole#1).
        Negotiator i = new Negotiator(Role.INITIATOR, initiator(), SessionType.NORMAL,
                Stage.OPERATIONAL_NEGOTIATION, true);
        i.offers();
        assertThatThrownBy(() -> i.receive(List.of(KeyValue.of("HeaderDigest", "None"))))
                .hasMessageContaining("no TargetPortalGroupTag").hasMessageContaining("RFC 7143 §13.9");
        Negotiator lenient = new Negotiator(Role.INITIATOR, initiator().withSwitches(true, true, false),
                SessionType.NORMAL, Stage.OPERATIONAL_NEGOTIATION, true);
        lenient.offers();
        org.assertj.core.api.Assertions.assertThatCode(() -> lenient.receive(List.of(KeyValue.of("HeaderDigest",
                "None")))).doesNotThrowAnyException();
    }

    @Test
    void offererRefusesAnAnswerOutsideTheRules() throws Exception {
        Map<String, String> illegal = Map.of(
                "HeaderDigest", "CRC32C", // not offered
                "MaxBurstLength", "1048576", // above the offer (Minimum)
                "DefaultTime2Wait", "1", // below the offer (Maximum)
                "ImmediateData", "Yes", // Yes to AND offer of No
                "InitialR2T", "No", // No to OR offer of Yes
                "MaxConnections", "0", // out of range
                "ErrorRecoveryLevel", "zero");
        for (Map.Entry<String, String> e : illegal.entrySet()) {
            NegotiationProfile p = initiator().with("HeaderDigest", "None").with("ImmediateData", "No")
                    .with("InitialR2T", "Yes").with("DefaultTime2Wait", "2").offering(List.of(e.getKey()));
            Negotiator i = new Negotiator(Role.INITIATOR, p, SessionType.NORMAL, Stage.OPERATIONAL_NEGOTIATION, true);
            assertThat(i.offers()).hasSize(1);
            assertThatThrownBy(() -> i.receive(List.of(KeyValue.of("TargetPortalGroupTag", "1"),
                    KeyValue.of(e.getKey(), e.getValue()))))
                    .as(e.getKey() + "=" + e.getValue())
                    .isInstanceOf(NegotiationException.class).hasMessageContaining("is illegal")
                    .hasMessageContaining("RFC 7143 §6.2");
        }
    }

    @Test
    void rejectIrrelevantAndNotUnderstoodLeaveTheDefault() throws Exception {
        for (String reply : List.of("Reject", "Irrelevant", "NotUnderstood")) {
            Negotiator i = new Negotiator(Role.INITIATOR, initiator().with("MaxBurstLength", "4096")
                    .offering(List.of("MaxBurstLength")), SessionType.NORMAL, Stage.OPERATIONAL_NEGOTIATION, true);
            i.offers();
            i.receive(List.of(KeyValue.of("TargetPortalGroupTag", "1"), KeyValue.of("MaxBurstLength", reply)));
            assertThat(i.result().session().maxBurstLength()).isEqualTo(262144);
            assertThat(i.pendingOffers()).isEmpty();
        }
    }

    @Test
    void markerKeysCanBeAnsweredNoWhenAProfileSaysSo() throws Exception {
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target().withMarkerAnswers("No", "Reject"),
                SessionType.NORMAL, Stage.OPERATIONAL_NEGOTIATION, true);
        Step s = t.receive(List.of(KeyValue.of("InitiatorName", INI), KeyValue.of("TargetName", TGT),
                KeyValue.of("OFMarker", "Yes"), KeyValue.of("OFMarkInt", "2048")));
        assertThat(s.responses()).containsExactly(KeyValue.of("OFMarker", "No"), KeyValue.of("OFMarkInt", "Reject"));
    }

    @Test
    void understoodExtensionKeyGetsTheProfilesAnswer() throws Exception {
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target().understanding("X-org.iscsilab.Probe",
                "Yes"), SessionType.NORMAL, Stage.OPERATIONAL_NEGOTIATION, true);
        Step s = t.receive(List.of(KeyValue.of("InitiatorName", INI), KeyValue.of("TargetName", TGT),
                KeyValue.of("X-org.iscsilab.Probe", "1"), KeyValue.of("X-other", "1")));
        assertThat(s.responses()).containsExactly(KeyValue.of("X-org.iscsilab.Probe", "Yes"),
                KeyValue.of("X-other", "NotUnderstood"));
    }

    @Test
    void fullFeaturePhaseAllowsARenegotiationOfMaxRecvDataSegmentLength() throws Exception {
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target(), SessionType.NORMAL,
                Stage.OPERATIONAL_NEGOTIATION, true);
        t.receive(List.of(KeyValue.of("InitiatorName", INI), KeyValue.of("TargetName", TGT),
                KeyValue.of("MaxRecvDataSegmentLength", "8192")));
        t.enterStage(Stage.FULL_FEATURE_PHASE);
        Step s = t.receive(List.of(KeyValue.of("MaxRecvDataSegmentLength", "65536"), KeyValue.of("SendTargets", "All")));
        assertThat(s.sendTargets()).contains("All");
        assertThat(t.result().connection().initiatorMaxRecvDataSegmentLength()).isEqualTo(65536);
    }

    @Test
    void securityStageNegotiatesAuthMethodThenOperationalStageTheRest() throws Exception {
        Negotiator i = new Negotiator(Role.INITIATOR, initiator().with("AuthMethod", "CHAP,None"),
                SessionType.NORMAL, Stage.SECURITY_NEGOTIATION, true);
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target().with("AuthMethod", "CHAP"),
                SessionType.NORMAL, Stage.SECURITY_NEGOTIATION, true);
        List<KeyValue> req = i.offers();
        assertThat(req).extracting(KeyValue::key).containsExactly("InitiatorName", "SessionType", "TargetName",
                "AuthMethod");
        Step ts = t.receive(req);
        List<KeyValue> resp = new java.util.ArrayList<>(ts.responses());
        resp.addAll(t.offers());
        assertThat(resp).contains(KeyValue.of("AuthMethod", "CHAP"), KeyValue.of("TargetPortalGroupTag", "1"));
        i.receive(resp);
        assertThat(i.result().connection().authMethod()).isEqualTo("CHAP");
        i.enterStage(Stage.OPERATIONAL_NEGOTIATION);
        t.enterStage(Stage.OPERATIONAL_NEGOTIATION);
        assertThat(i.offers()).extracting(KeyValue::key).contains("HeaderDigest", "MaxRecvDataSegmentLength")
                .doesNotContain("AuthMethod", "InitiatorName");
    }

    @Test
    void omittedAnswerToAndNoOrOrYesTakesTheOfferedValue() throws Exception {
        // RFC 7143 §6.2.2: responses are optional for AND offered No and OR offered Yes.
        Negotiator i = new Negotiator(Role.INITIATOR, initiator().with("ImmediateData", "No").with("InitialR2T", "Yes")
                .with("MaxBurstLength", "8192").offering(List.of("ImmediateData", "InitialR2T", "MaxBurstLength")),
                SessionType.NORMAL, Stage.OPERATIONAL_NEGOTIATION, true);
        i.offers();
        i.receive(List.of(KeyValue.of("TargetPortalGroupTag", "1")));
        assertThat(i.unansweredOffers()).containsOnlyKeys("MaxBurstLength");
        i.enterStage(Stage.FULL_FEATURE_PHASE);
        SessionParameters s = i.result().session();
        assertThat(s.immediateData()).isFalse();
        assertThat(s.initialR2T()).isTrue();
        assertThat(s.maxBurstLength()).isEqualTo(262144);
    }

    @Test
    void refusesChapKeysWhenAuthMethodChapWasNotNegotiated() throws Exception {
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target(), SessionType.NORMAL,
                Stage.SECURITY_NEGOTIATION, true);
        t.receive(List.of(KeyValue.of("InitiatorName", INI), KeyValue.of("TargetName", TGT),
                KeyValue.of("AuthMethod", "None")));
        assertThatThrownBy(() -> t.receive(List.of(KeyValue.of("CHAP_A", "5"))))
                .hasMessageContaining("AuthMethod=CHAP was not negotiated");
    }

    @Test
    void sessionTypeAfterOtherKeysStillMakesThemIrrelevant() throws Exception {
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target(), SessionType.NORMAL,
                Stage.OPERATIONAL_NEGOTIATION, true);
        Step s = t.receive(List.of(KeyValue.of("InitiatorName", INI), KeyValue.of("MaxBurstLength", "8192"),
                KeyValue.of("SessionType", "Discovery")));
        assertThat(s.responses()).containsExactly(KeyValue.of("MaxBurstLength", "Irrelevant"));
    }

    @Test
    void acceptsNotUnderstoodAsTheAnswerToOurDeclaration() throws Exception {
        Negotiator i = new Negotiator(Role.INITIATOR, initiator().with("X#NodeArchitecture", "iscsi-lab/0.1")
                .offering(List.of("X#NodeArchitecture", "InitiatorAlias")).with("InitiatorAlias", "lab"),
                SessionType.NORMAL, Stage.OPERATIONAL_NEGOTIATION, true);
        assertThat(i.offers()).hasSize(2);
        Step s = i.receive(List.of(KeyValue.of("TargetPortalGroupTag", "1"),
                KeyValue.of("X#NodeArchitecture", "NotUnderstood"), KeyValue.of("InitiatorAlias", "Irrelevant")));
        assertThat(s.responses()).isEmpty();
        assertThat(s.declarations()).containsExactly(KeyValue.of("TargetPortalGroupTag", "1"));
    }

    @Test
    void quirkTargetAnsweringInitialR2TBackwardsIsCaughtByOurInitiator() throws Exception {
        // C18: a target answered ImmediateData/InitialR2T with swapped meaning.
        NegotiationProfile quirky = NegotiationProfile.target().answering("InitialR2T", "No");
        assertThatThrownBy(() -> LoginSimulation.run(initiator().with("InitialR2T", "Yes"), quirky,
                SessionType.NORMAL)).isInstanceOf(NegotiationException.class)
                .hasMessageContaining("No to an OR offer of Yes");
    }

    @Test
    void unsolicitedAndImmediateDataLimitsFollowTheNegotiatedKeys() throws Exception {
        Outcome o = LoginSimulation.run(initiator().with("InitialR2T", "No").with("FirstBurstLength", "65536"),
                NegotiationProfile.target().with("InitialR2T", "No").with("MaxRecvDataSegmentLength", "8192"),
                SessionType.NORMAL);
        SessionParameters s = o.initiator().session();
        ConnectionParameters c = o.initiator().connection();
        assertThat(s.unsolicitedDataOutAllowed()).isTrue();
        assertThat(s.unsolicitedDataLimit()).isEqualTo(65536);
        assertThat(c.maxImmediateData(s)).isEqualTo(8192);
        assertThat(c.fitsDataSegment(Role.INITIATOR, 8192)).isTrue();
        assertThat(c.fitsDataSegment(Role.INITIATOR, 8193)).isFalse();

        Outcome none = LoginSimulation.run(initiator().with("ImmediateData", "No"), NegotiationProfile.target(),
                SessionType.NORMAL);
        assertThat(none.target().session().unsolicitedDataLimit()).isZero();
        assertThat(none.target().connection().maxImmediateData(none.target().session())).isZero();
    }
}
