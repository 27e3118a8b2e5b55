package org.iscsilab.protocol.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.iscsilab.protocol.text.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key of RFC 7143 §12/§13 offered to the engine, on the target side and on the initiator
 * side. Where the RFC forbids the peer to send a key (Senders), the expectation becomes a protocol
 * error automatically.
 */
class KeyTableTest {

    private static final Stage SEC = Stage.SECURITY_NEGOTIATION;
    private static final Stage OP = Stage.OPERATIONAL_NEGOTIATION;
    private static final Stage FFP = Stage.FULL_FEATURE_PHASE;
    private static final SessionType N = SessionType.NORMAL;
    private static final SessionType D = SessionType.DISCOVERY;

    /** What the engine should do with one received key. */
    sealed interface Expect permits Answer, Declared, Auth, Error, BySender {
    }

    /** Different expectations when the initiator or the target sends the key. */
    record BySender(Expect fromInitiator, Expect fromTarget) implements Expect {
    }

    record Answer(String value) implements Expect {
    }

    record Declared() implements Expect {
    }

    record Auth() implements Expect {
    }

    record Error(int status, String fragment) implements Expect {
    }

    record Case(String key, String value, Stage stage, SessionType type, boolean leading, Expect expect) {
        @Override
        public String toString() {
            String v = value.length() > 40 ? value.substring(0, 40) + "…" : value;
            return key + "=" + v + " in " + stage + "/" + type + (leading ? "" : "/non-leading") + " → " + expect;
        }
    }

    private static Case c(String key, String value, Expect e) {
        return new Case(key, value, OP, N, true, e);
    }

    private static Case c(String key, String value, Stage stage, SessionType type, boolean leading, Expect e) {
        return new Case(key, value, stage, type, leading, e);
    }

    private static Answer answer(String v) {
        return new Answer(v);
    }

    private static final Answer REJECT = new Answer("Reject");
    private static final Answer IRRELEVANT = new Answer("Irrelevant");
    private static final Answer NOT_UNDERSTOOD = new Answer("NotUnderstood");
    private static final Declared DECLARED = new Declared();
    private static final Auth AUTH = new Auth();

    private static Error error(String fragment) {
        return new Error(0x0200, fragment);
    }

    static List<Case> cases() {
        String long300 = "a".repeat(300);
        List<Case> l = new ArrayList<>();
        // §13.1 HeaderDigest / DataDigest: list, IO, connection scope; relevant in discovery (C9).
        for (String k : List.of("HeaderDigest", "DataDigest")) {
            l.add(c(k, "CRC32C,None", answer("CRC32C")));
            l.add(c(k, "None,CRC32C", answer("None")));
            l.add(c(k, "None", answer("None")));
            l.add(c(k, "MD5", REJECT));
            l.add(c(k, "CRC32C,not a text value", REJECT));
            l.add(c(k, "CRC32C,", REJECT));
            l.add(c(k, "CRC32C,None", OP, D, true, answer("CRC32C")));
            l.add(c(k, "CRC32C", OP, N, false, answer("CRC32C")));
            l.add(c(k, "CRC32C", FFP, N, true, error("only allowed during login")));
            l.add(c(k, "CRC32C", SEC, N, true, error("not allowed in the security negotiation stage")));
            l.add(c(k, long300, REJECT));
        }
        // §13.2 MaxConnections: numerical min, LO, irrelevant in discovery.
        l.add(c("MaxConnections", "4", answer("1")));
        l.add(c("MaxConnections", "1", answer("1")));
        l.add(c("MaxConnections", "0", REJECT));
        l.add(c("MaxConnections", "65536", REJECT));
        l.add(c("MaxConnections", "four", REJECT));
        l.add(c("MaxConnections", "4", OP, D, true, IRRELEVANT));
        l.add(c("MaxConnections", "4", OP, N, false, error("leading-only")));
        l.add(c("MaxConnections", "4", FFP, N, true, error("only allowed during login")));
        // §13.3 SendTargets: initiator only, full feature phase only.
        l.add(c("SendTargets", "All", FFP, D, true, DECLARED));
        l.add(c("SendTargets", "", FFP, N, true, DECLARED));
        l.add(c("SendTargets", "iqn.2026-11.org.iscsilab:sim", FFP, D, true, DECLARED));
        l.add(c("SendTargets", "everything", FFP, D, true, error("bad declaration")));
        l.add(c("SendTargets", "All", OP, D, true, error("only allowed in full feature phase")));
        // §13.4 TargetName: declarative, any stage.
        // "IO by initiator, FFPO by target": the expectation depends on who sends it.
        l.add(c("TargetName", "iqn.2026-11.org.iscsilab:sim", new BySender(DECLARED,
                error("only allowed in full feature phase (FFPO)"))));
        l.add(c("TargetName", "iqn.2026-11.org.iscsilab:sim", SEC, N, true, new BySender(DECLARED,
                error("only allowed in full feature phase (FFPO)"))));
        l.add(c("TargetName", "iqn.2026-11.org.iscsilab:sim", FFP, D, true, new BySender(
                error("only allowed during login (IO)"), DECLARED)));
        l.add(c("TargetName", "not-a-name", new BySender(error("bad declaration"), error("FFPO"))));
        // §13.5 InitiatorName: initiator only, IO.
        l.add(c("InitiatorName", "iqn.1994-05.com.redhat:185ce16b55ad", DECLARED));
        l.add(c("InitiatorName", "iqn.1994-05.com.redhat:185ce16b55ad", SEC, N, true, DECLARED));
        l.add(c("InitiatorName", "eui.02004567A425678D", OP, N, false, DECLARED));
        l.add(c("InitiatorName", "Bob's laptop", error("bad declaration")));
        l.add(c("InitiatorName", "iqn.1994-05.com.redhat:x", FFP, N, true, error("only allowed during login")));
        // §13.6 TargetAlias / §13.7 InitiatorAlias: declarative, ALL.
        l.add(c("TargetAlias", "Storage Box 1", DECLARED));
        l.add(c("TargetAlias", "Storage Box 1", FFP, N, true, DECLARED));
        l.add(c("TargetAlias", long300, error("longer than 255 bytes")));
        l.add(c("InitiatorAlias", "Zürich laptop", DECLARED));
        l.add(c("InitiatorAlias", long300, error("longer than 255 bytes")));
        // §13.8 TargetAddress: target only, ALL, repeatable.
        l.add(c("TargetAddress", "10.0.0.1:3260,1", FFP, D, true, DECLARED));
        l.add(c("TargetAddress", "[fe80::1]:3260,1", DECLARED));
        l.add(c("TargetAddress", "nas.example.com", DECLARED));
        l.add(c("TargetAddress", "10.0.0.1 3260", error("is not domainname[:port][,portal-group-tag]")));
        // §13.9 TargetPortalGroupTag: target only, IO, 16-bit.
        l.add(c("TargetPortalGroupTag", "1", DECLARED));
        l.add(c("TargetPortalGroupTag", "65535", SEC, D, true, DECLARED));
        l.add(c("TargetPortalGroupTag", "65536", error("not a number in 0..65535")));
        l.add(c("TargetPortalGroupTag", "-1", error("not a number in 0..65535")));
        l.add(c("TargetPortalGroupTag", "1", FFP, N, true, error("only allowed during login")));
        // §13.10 InitialR2T: OR; §13.11 ImmediateData: AND; both LO, irrelevant in discovery.
        l.add(c("InitialR2T", "No", answer("Yes")));
        l.add(c("InitialR2T", "Yes", answer("Yes")));
        l.add(c("InitialR2T", "yes", REJECT));
        l.add(c("InitialR2T", long300, REJECT));
        l.add(c("InitialR2T", "No", OP, D, true, IRRELEVANT));
        l.add(c("InitialR2T", "No", OP, N, false, error("leading-only")));
        l.add(c("ImmediateData", "Yes", answer("Yes")));
        l.add(c("ImmediateData", "No", answer("No")));
        l.add(c("ImmediateData", "Maybe", REJECT));
        l.add(c("ImmediateData", "Yes", OP, D, true, IRRELEVANT));
        l.add(c("ImmediateData", "Yes", FFP, N, true, error("only allowed during login")));
        // §13.12 MaxRecvDataSegmentLength: declarative per direction, ALL, 512..2^24-1.
        l.add(c("MaxRecvDataSegmentLength", "8192", DECLARED));
        l.add(c("MaxRecvDataSegmentLength", "0x2000", DECLARED));
        l.add(c("MaxRecvDataSegmentLength", "16777215", DECLARED));
        l.add(c("MaxRecvDataSegmentLength", "65536", FFP, N, true, DECLARED));
        l.add(c("MaxRecvDataSegmentLength", "8192", OP, D, true, DECLARED));
        l.add(c("MaxRecvDataSegmentLength", "511", error("not a number in 512..16777215")));
        l.add(c("MaxRecvDataSegmentLength", "16777216", error("not a number in 512..16777215")));
        l.add(c("MaxRecvDataSegmentLength", "8192", SEC, N, true, error("operational key")));
        // §13.13 MaxBurstLength, §13.14 FirstBurstLength: min, 512..2^24-1, irrelevant in discovery.
        l.add(c("MaxBurstLength", "1048576", answer("262144")));
        l.add(c("MaxBurstLength", "512", answer("512")));
        l.add(c("MaxBurstLength", "0x100000", answer("262144")));
        l.add(c("MaxBurstLength", "511", REJECT));
        l.add(c("MaxBurstLength", "16777216", REJECT));
        l.add(c("MaxBurstLength", "1048576", OP, D, true, IRRELEVANT));
        l.add(c("MaxBurstLength", "1048576", OP, N, false, error("leading-only")));
        l.add(c("FirstBurstLength", "65536", answer("65536")));
        l.add(c("FirstBurstLength", "1048576", answer("65536")));
        l.add(c("FirstBurstLength", "4096", answer("4096")));
        l.add(c("FirstBurstLength", "100", REJECT));
        l.add(c("FirstBurstLength", "65536", OP, D, true, IRRELEVANT));
        // §13.15 DefaultTime2Wait: max; §13.16 DefaultTime2Retain: min; 0..3600.
        l.add(c("DefaultTime2Wait", "0", answer("2")));
        l.add(c("DefaultTime2Wait", "3600", answer("3600")));
        l.add(c("DefaultTime2Wait", "3601", REJECT));
        l.add(c("DefaultTime2Wait", "5", OP, D, true, IRRELEVANT));
        l.add(c("DefaultTime2Retain", "0", answer("0")));
        l.add(c("DefaultTime2Retain", "3600", answer("20")));
        l.add(c("DefaultTime2Retain", "-1", REJECT));
        l.add(c("DefaultTime2Retain", "5", OP, N, false, error("leading-only")));
        // §13.17 MaxOutstandingR2T: min 1..65535.
        l.add(c("MaxOutstandingR2T", "8", answer("1")));
        l.add(c("MaxOutstandingR2T", "0", REJECT));
        l.add(c("MaxOutstandingR2T", "65536", REJECT));
        l.add(c("MaxOutstandingR2T", "8", OP, D, true, IRRELEVANT));
        // §13.18 DataPDUInOrder, §13.19 DataSequenceInOrder: OR.
        l.add(c("DataPDUInOrder", "No", answer("Yes")));
        l.add(c("DataPDUInOrder", "NO", REJECT));
        l.add(c("DataPDUInOrder", "No", OP, D, true, IRRELEVANT));
        l.add(c("DataSequenceInOrder", "No", answer("Yes")));
        l.add(c("DataSequenceInOrder", "Yes", answer("Yes")));
        l.add(c("DataSequenceInOrder", "1", REJECT));
        // §13.20 ErrorRecoveryLevel: min 0..2.
        l.add(c("ErrorRecoveryLevel", "2", answer("0")));
        l.add(c("ErrorRecoveryLevel", "0", answer("0")));
        l.add(c("ErrorRecoveryLevel", "3", REJECT));
        l.add(c("ErrorRecoveryLevel", "1", FFP, N, true, error("only allowed during login")));
        // §13.21 SessionType: initiator only, LO, any stage.
        l.add(c("SessionType", "Discovery", DECLARED));
        l.add(c("SessionType", "Normal", SEC, N, true, DECLARED));
        l.add(c("SessionType", "Bogus", new Error(0x0209, "not one of [Discovery, Normal]")));
        l.add(c("SessionType", "Normal", OP, N, false, error("leading-only")));
        // §12.1 AuthMethod: list, security stage only.
        l.add(c("AuthMethod", "CHAP,None", SEC, N, true, answer("CHAP")));
        l.add(c("AuthMethod", "KRB5,None", SEC, N, true, answer("None")));
        l.add(c("AuthMethod", "SRP", SEC, N, true, REJECT));
        l.add(c("AuthMethod", "None", OP, N, true, error("only allowed in the security negotiation stage")));
        // §13.23 TaskReporting: list, LO, irrelevant in discovery.
        l.add(c("TaskReporting", "ResponseFence,RFC3720", answer("RFC3720")));
        l.add(c("TaskReporting", "FastAbort", REJECT));
        l.add(c("TaskReporting", "RFC3720", OP, D, true, IRRELEVANT));
        // §13.24 iSCSIProtocolLevel (RFC 7144): min 0..31.
        l.add(c("iSCSIProtocolLevel", "2", answer("1")));
        l.add(c("iSCSIProtocolLevel", "0", answer("0")));
        l.add(c("iSCSIProtocolLevel", "32", REJECT));
        // §13.26 X#NodeArchitecture: declarative.
        l.add(c("X#NodeArchitecture", "ExampleOS/v1234,ExampleInc_SW_Initiator/1.05a", DECLARED));
        // §13.25 removed marker keys: Reject, never NotUnderstood.
        l.add(c("OFMarker", "No", REJECT));
        l.add(c("IFMarker", "Yes", REJECT));
        l.add(c("OFMarkInt", "1~65535", REJECT));
        l.add(c("IFMarkInt", "2048~8192", REJECT));
        // §12.1.3 CHAP keys: passed to the authentication state machine, security stage only.
        l.add(c("CHAP_A", "7,5", SEC, N, true, AUTH));
        l.add(c("CHAP_I", "1", SEC, N, true, AUTH));
        l.add(c("CHAP_C", "0x0102", SEC, N, true, AUTH));
        l.add(c("CHAP_N", "alice", SEC, N, true, AUTH));
        l.add(c("CHAP_R", "0x0102", SEC, N, true, AUTH));
        l.add(c("CHAP_A", "5", OP, N, true, error("only allowed in the security negotiation stage")));
        // §6.2 unknown and extension keys.
        l.add(c("X-com.example.Foo", "bar", NOT_UNDERSTOOD));
        l.add(c("X#com.example.Bar", "1", NOT_UNDERSTOOD));
        l.add(c("FancyNewKey", "1", NOT_UNDERSTOOD));
        l.add(c("FancyNewKey", "1", FFP, N, true, NOT_UNDERSTOOD));
        // §6.2 a reserved answer sent as if it were an offer.
        l.add(c("MaxBurstLength", "Reject", error("offered no MaxBurstLength")));
        l.add(c("HeaderDigest", "Irrelevant", error("offered no HeaderDigest")));
        return l;
    }

    static Stream<Arguments> casesOnBothSides() {
        return cases().stream().flatMap(k -> Stream.of(Arguments.of(Role.TARGET, k), Arguments.of(Role.INITIATOR, k)));
    }

    static NegotiationProfile responderProfile(Role role) {
        NegotiationProfile p = role == Role.TARGET ? NegotiationProfile.target()
                : NegotiationProfile.initiator("iqn.1994-05.com.redhat:185ce16b55ad");
        return p.with("HeaderDigest", "CRC32C,None").with("DataDigest", "CRC32C,None")
                .with("AuthMethod", "CHAP,None").with("MaxRecvDataSegmentLength", "262144").offering(List.of());
    }

    /** The keys a peer must put in its first login PDU, so the case under test is judged alone. */
    private static List<KeyValue> mandatoryFirst(Role responder, Case k) {
        List<KeyValue> l = new ArrayList<>();
        if (!k.stage().isLogin()) {
            return l;
        }
        if (responder == Role.TARGET) {
            if (!k.key().equals("InitiatorName")) {
                l.add(KeyValue.of("InitiatorName", "iqn.1994-05.com.redhat:185ce16b55ad"));
            }
            if (k.type() == SessionType.NORMAL && !k.key().equals("TargetName")) {
                l.add(KeyValue.of("TargetName", "iqn.2026-11.org.iscsilab:sim"));
            }
            if (k.type() == SessionType.DISCOVERY && !k.key().equals("SessionType") && k.leading()) {
                l.add(KeyValue.of("SessionType", "Discovery"));
            }
        } else if (k.type() == SessionType.NORMAL && k.leading() && !k.key().equals("TargetPortalGroupTag")) {
            l.add(KeyValue.of("TargetPortalGroupTag", "1"));
        }
        if (k.key().startsWith("CHAP_") && k.stage() == SEC) {
            // The authentication keys follow an agreed AuthMethod=CHAP (RFC 7143 §12.1.3).
            l.add(KeyValue.of("AuthMethod", "CHAP"));
        }
        return l;
    }

    @ParameterizedTest(name = "{0} receives {1}")
    @MethodSource("casesOnBothSides")
    void everyKeyOnBothSides(Role responder, Case k) throws Exception {
        SessionType start = responder == Role.TARGET ? SessionType.NORMAL : k.type();
        Negotiator n = new Negotiator(responder, responderProfile(responder), start, k.stage(), k.leading());
        if (responder == Role.INITIATOR && k.key().startsWith("CHAP_")) {
            n.recordSent(List.of(KeyValue.of("AuthMethod", "CHAP,None")));
        }
        List<KeyValue> batch = new ArrayList<>(mandatoryFirst(responder, k));
        batch.add(KeyValue.of(k.key(), k.value()));
        KeyDefinition def = IscsiKeys.lookup(k.key()).orElse(null);
        Expect e = k.expect();
        if (e instanceof BySender b) {
            e = responder == Role.TARGET ? b.fromInitiator() : b.fromTarget();
        }
        if (def != null && !def.senders().allows(responder.peer())) {
            e = error("must not send " + k.key());
        }
        if (e instanceof Error err) {
            assertThatThrownBy(() -> n.receive(batch))
                    .isInstanceOf(NegotiationException.class)
                    .hasMessageContaining(err.fragment())
                    .hasMessageContaining("RFC 7143")
                    .satisfies(x -> assertThat(((NegotiationException) x).status()).isEqualTo(err.status()));
            return;
        }
        Step step = n.receive(batch);
        List<KeyValue> mine = step.responses().stream().filter(kv -> kv.key().equals(k.key())).toList();
        if (e instanceof Answer a) {
            assertThat(mine).containsExactly(KeyValue.of(k.key(), a.value()));
        } else if (e instanceof Declared) {
            assertThat(mine).isEmpty();
            assertThat(step.declarations()).contains(KeyValue.of(k.key(), k.value()));
        } else {
            assertThat(mine).isEmpty();
            assertThat(step.authentication()).containsExactly(KeyValue.of(k.key(), k.value()));
        }
    }

    static Stream<Arguments> negotiatedKeysOnBothSides() {
        return IscsiKeys.all().stream().filter(d -> d.isNegotiated() || d.type() == KeyType.DECLARATIVE)
                .filter(d -> !d.repeatable())
                .flatMap(d -> Stream.of(Role.TARGET, Role.INITIATOR)
                        .filter(r -> d.senders().allows(r.peer())) // the others are in everyKeyOnBothSides
                        .map(r -> Arguments.of(r, d.name())));
    }

    @ParameterizedTest(name = "{0} refuses {1} twice")
    @MethodSource("negotiatedKeysOnBothSides")
    void refusesAKeySentTwiceInOneNegotiation(Role responder, String key) throws Exception {
        KeyDefinition d = IscsiKeys.definition(key);
        Stage stage = d.use() == KeyUse.SECURITY ? SEC : d.use() == KeyUse.FFPO ? FFP : OP;
        Negotiator n = new Negotiator(responder, responderProfile(responder).withSwitches(true, true, false),
                SessionType.NORMAL, stage, true);
        String value = d.defaultValue().orElse(switch (d.syntax()) {
            case ISCSI_NAME -> "iqn.2026-11.org.iscsilab:sim";
            case NUMBER -> "1";
            case SEND_TARGETS -> "All";
            default -> "x";
        });
        List<KeyValue> first = new ArrayList<>();
        if (responder == Role.TARGET && stage.isLogin()) {
            first.add(KeyValue.of("InitiatorName", "iqn.1994-05.com.redhat:185ce16b55ad"));
            first.add(KeyValue.of("TargetName", "iqn.2026-11.org.iscsilab:sim"));
        }
        if (!first.stream().anyMatch(kv -> kv.key().equals(key))) {
            first.add(KeyValue.of(key, value));
        }
        n.receive(first);
        assertThatThrownBy(() -> n.receive(List.of(KeyValue.of(key, value))))
                .isInstanceOf(NegotiationException.class)
                .hasMessageContaining("more than once").hasMessageContaining("RFC 7143 §6.2")
                .satisfies(x -> assertThat(((NegotiationException) x).status()).isEqualTo(0x0200));
    }

    @Test
    void refusesADuplicateWithinOneBatch() {
        Negotiator n = new Negotiator(Role.TARGET, responderProfile(Role.TARGET), N, OP, true);
        assertThatThrownBy(() -> n.receive(List.of(KeyValue.of("InitiatorName", "iqn.1994-05.com.redhat:x"),
                KeyValue.of("TargetName", "iqn.2026-11.org.iscsilab:sim"),
                KeyValue.of("MaxBurstLength", "8192"), KeyValue.of("MaxBurstLength", "8192"))))
                .hasMessageContaining("MaxBurstLength was sent more than once");
    }

    @Test
    void allowsTargetAddressAndTargetNameRepeatedInASendTargetsResponse() throws Exception {
        Negotiator n = new Negotiator(Role.INITIATOR, responderProfile(Role.INITIATOR), D, FFP, true);
        Step s = n.receive(List.of(KeyValue.of("TargetName", "iqn.2026-11.org.iscsilab:a"),
                KeyValue.of("TargetAddress", "10.0.0.1:3260,1"), KeyValue.of("TargetAddress", "10.0.0.2:3260,2"),
                KeyValue.of("TargetName", "iqn.2026-11.org.iscsilab:b")));
        assertThat(s.declarations()).hasSize(4);
        assertThat(s.responses()).isEmpty();
    }
}
