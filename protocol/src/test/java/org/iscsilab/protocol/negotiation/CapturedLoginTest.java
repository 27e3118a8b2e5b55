package org.iscsilab.protocol.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextCodec;
import org.junit.jupiter.api.Test;

/**
 * Keys of a real discovery session between libiscsi 1.19 (iscsi-ls) and tgt 1.0.85, from
 * {@code captures/libiscsi-tgt-discovery.pcap} (tshark -T fields -e iscsi.keyvalue, frames 4, 6, 8, 9).
 */
class CapturedLoginTest {

    // Frame 4, Login Request (libiscsi).
    private static final List<KeyValue> LIBISCSI_REQUEST = pairs(
            "InitiatorName=iqn.2007-10.com.github:sahlberg:libiscsi:iscsi-ls", "SessionType=Discovery",
            "HeaderDigest=None", "DataDigest=None", "InitialR2T=No", "ImmediateData=Yes", "MaxBurstLength=262144",
            "FirstBurstLength=262144", "DefaultTime2Wait=2", "DefaultTime2Retain=0", "MaxOutstandingR2T=1",
            "ErrorRecoveryLevel=0", "IFMarker=No", "OFMarker=No", "MaxConnections=1",
            "MaxRecvDataSegmentLength=262144", "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes");

    // Frame 6, Login Response (tgt): answers even keys that are irrelevant in discovery.
    private static final List<KeyValue> TGT_RESPONSE = pairs(
            "TargetPortalGroupTag=1", "HeaderDigest=None", "DataDigest=None", "InitialR2T=Yes", "ImmediateData=Yes",
            "MaxBurstLength=262144", "FirstBurstLength=65536", "DefaultTime2Wait=2", "DefaultTime2Retain=0",
            "MaxOutstandingR2T=1", "ErrorRecoveryLevel=0", "IFMarker=No", "OFMarker=No", "MaxConnections=1",
            "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes");

    private static List<KeyValue> pairs(String... s) {
        List<KeyValue> l = new ArrayList<>();
        for (String p : s) {
            int eq = p.indexOf('=');
            l.add(KeyValue.of(p.substring(0, eq), p.substring(eq + 1)));
        }
        return l;
    }

    @Test
    void ourTargetAnswersLibiscsisDiscoveryLoginAsTheRfcSays() throws Exception {
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target(), SessionType.NORMAL,
                Stage.OPERATIONAL_NEGOTIATION, true);
        Step s = t.receive(TextCodec.decode(TextCodec.encode(LIBISCSI_REQUEST)));
        assertThat(t.sessionType()).isEqualTo(SessionType.DISCOVERY);
        assertThat(s.responses()).containsExactly(
                KeyValue.of("HeaderDigest", "None"), KeyValue.of("DataDigest", "None"),
                KeyValue.of("InitialR2T", "Irrelevant"), KeyValue.of("ImmediateData", "Irrelevant"),
                KeyValue.of("MaxBurstLength", "Irrelevant"), KeyValue.of("FirstBurstLength", "Irrelevant"),
                KeyValue.of("DefaultTime2Wait", "Irrelevant"), KeyValue.of("DefaultTime2Retain", "Irrelevant"),
                KeyValue.of("MaxOutstandingR2T", "Irrelevant"), KeyValue.of("ErrorRecoveryLevel", "Irrelevant"),
                KeyValue.of("IFMarker", "Reject"), KeyValue.of("OFMarker", "Reject"),
                KeyValue.of("MaxConnections", "Irrelevant"), KeyValue.of("DataPDUInOrder", "Irrelevant"),
                KeyValue.of("DataSequenceInOrder", "Irrelevant"));
        assertThat(t.offers()).containsExactly(KeyValue.of("TargetPortalGroupTag", "1"),
                KeyValue.of("MaxRecvDataSegmentLength", "262144"));
        assertThat(t.result().connection().initiatorMaxRecvDataSegmentLength()).isEqualTo(262144);
    }

    @Test
    void replayOfTgtsAnswersIsLegalForTheInitiator() throws Exception {
        Negotiator i = new Negotiator(Role.INITIATOR, NegotiationProfile.initiator("iqn.x"), SessionType.DISCOVERY,
                Stage.OPERATIONAL_NEGOTIATION, true);
        i.recordSent(LIBISCSI_REQUEST);
        Step s = i.receive(TGT_RESPONSE);
        assertThat(s.responses()).isEmpty();
        assertThat(i.pendingOffers()).isEmpty();
        NegotiationResult r = i.result();
        assertThat(r.session().targetPortalGroupTag().getAsInt()).isEqualTo(1);
        assertThat(r.session().initialR2T()).isTrue();
        assertThat(r.session().firstBurstLength()).isEqualTo(65536);
        assertThat(r.connection().targetMaxRecvDataSegmentLength()).isEqualTo(8192);
        assertThat(r.connection().initiatorMaxRecvDataSegmentLength()).isEqualTo(262144);
    }

    @Test
    void replayFlagsAnAnswerThatBreaksTheOrFunction() throws Exception {
        List<KeyValue> request = pairs("InitiatorName=iqn.2007-10.com.github:sahlberg:libiscsi:iscsi-ls",
                "SessionType=Normal", "TargetName=iqn.2001-04.com.example:tgt1", "InitialR2T=Yes");
        Negotiator i = new Negotiator(Role.INITIATOR, NegotiationProfile.initiator("iqn.x"), SessionType.NORMAL,
                Stage.OPERATIONAL_NEGOTIATION, true);
        i.recordSent(request);
        // C18: a target that answers InitialR2T with the opposite meaning.
        assertThatThrownBy(() -> i.receive(pairs("TargetPortalGroupTag=1", "InitialR2T=No")))
                .hasMessageContaining("No to an OR offer of Yes");
    }

    @Test
    void replayFlagsNotUnderstoodForARemovedMarkerKey() throws Exception {
        Negotiator i = new Negotiator(Role.INITIATOR, NegotiationProfile.initiator("iqn.x"), SessionType.DISCOVERY,
                Stage.OPERATIONAL_NEGOTIATION, true);
        i.recordSent(pairs("OFMarker=No"));
        assertThatThrownBy(() -> i.receive(pairs("OFMarker=NotUnderstood")))
                .hasMessageContaining("RFC 7143 §13.25");
    }

    @Test
    void sendTargetsExchangeOfTheCapture() throws Exception {
        Negotiator t = new Negotiator(Role.TARGET, NegotiationProfile.target(), SessionType.DISCOVERY,
                Stage.FULL_FEATURE_PHASE, true);
        assertThat(t.receive(pairs("SendTargets=All")).sendTargets()).contains("All");
        Negotiator i = new Negotiator(Role.INITIATOR, NegotiationProfile.initiator("iqn.x"), SessionType.DISCOVERY,
                Stage.FULL_FEATURE_PHASE, true);
        i.recordSent(pairs("SendTargets=All"));
        Step s = i.receive(pairs("TargetName=iqn.2001-04.com.example:tgt1", "TargetAddress=127.0.0.1:3261,1"));
        assertThat(s.declarations()).extracting(KeyValue::value)
                .containsExactly("iqn.2001-04.com.example:tgt1", "127.0.0.1:3261,1");
    }
}
