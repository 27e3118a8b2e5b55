package org.iscsilab.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iscsilab.protocol.negotiation.NegotiationException;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextValues;
import org.junit.jupiter.api.Test;

class ChapTest {

    private static final byte[] SECRET = "secretsecret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] C16 = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");

    private static final ChapCredentials INITIATOR = ChapCredentials.of("alice", "alice-secret-12");
    private static final ChapCredentials TARGET = ChapCredentials.of("target", "target-secret-34");

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    // Vectors computed independently on this machine:
    //   printf '\x01secretsecret\x01...\x10' | openssl md5      -> fa56f1fd...
    //   python3 hashlib.new(alg, bytes([id]) + secret + challenge).hexdigest()
    @Test
    void md5ResponseMatchesKnownVector() {
        assertThat(Chap.response(ChapAlgorithm.MD5, 1, SECRET, C16))
                .isEqualTo(hex("fa56f1fd495b3f124996421bfddb4980"));
        assertThat(Chap.response(ChapAlgorithm.MD5, 0xAB, "abcdefghijklmnop".getBytes(StandardCharsets.US_ASCII),
                hex("ffffffffffffffffffffffffffffffff"))).isEqualTo(hex("6179e9c972e2f0c18a80e32a63d2360b"));
    }

    @Test
    void shaResponsesMatchKnownVectors() {
        assertThat(Chap.response(ChapAlgorithm.SHA1, 7, SECRET, C16))
                .isEqualTo(hex("3ef15fc74acf3ced6988cb56a1684a376128dbfa"));
        assertThat(Chap.response(ChapAlgorithm.SHA256, 7, SECRET, C16))
                .isEqualTo(hex("8553021b97266d305e570a913f8aa73b55e5cca0a29ccd2b706be51736076540"));
        assertThat(Chap.response(ChapAlgorithm.SHA3_256, 7, SECRET, C16))
                .isEqualTo(hex("973e8a49ad06e51937d074970786850b5c2cd75986c388d5cffe86fbec1d72c5"));
    }

    @Test
    void hashesALongChallengeWholeNotOnlyItsFirst255Bytes() throws Exception {
        // C10 (sahlberg/libiscsi#189): python3, 1000-byte challenge i % 256, id 42.
        byte[] big = new byte[1000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        byte[] parsed = Chap.parseBinary("CHAP_C", TextValues.formatHex(big), 1);
        assertThat(Chap.response(ChapAlgorithm.MD5, 42, SECRET, parsed))
                .isEqualTo(hex("7f5e3a43b8da0bdbf6c96d5e749d48db"))
                .isNotEqualTo(hex("42fb3b94001efa29c26f20b622e012ec"));
    }

    @Test
    void algorithmNumbersAsLinuxUsesThem() {
        assertThat(ChapAlgorithm.MD5.code()).isEqualTo(5);
        assertThat(ChapAlgorithm.SHA1.code()).isEqualTo(6);
        assertThat(ChapAlgorithm.SHA256.code()).isEqualTo(7);
        assertThat(ChapAlgorithm.SHA3_256.code()).isEqualTo(8);
        assertThat(new ChapAlgorithm(9).isSupported()).isFalse();
        assertThat(new ChapAlgorithm(9).toString()).contains("unknown");
    }

    @Test
    void parsesChallengeInHexAndBase64() throws Exception {
        assertThat(Chap.parseBinary("CHAP_C", "0x0102030405060708090a0b0c0d0e0f10", 1)).isEqualTo(C16);
        assertThat(Chap.parseBinary("CHAP_C", "0bAQIDBAUGBwgJCgsMDQ4PEA==", 1)).isEqualTo(C16);
    }

    @Test
    void refusesChallengeLongerThan1024BytesOrUnencoded() {
        assertThatThrownBy(() -> Chap.parseBinary("CHAP_C", TextValues.formatHex(new byte[1025]), 1))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("1025 bytes");
        assertThatThrownBy(() -> Chap.parseBinary("CHAP_C", "0102", 1)).hasMessageContaining("0x hex or 0b base64");
        assertThatThrownBy(() -> Chap.parseBinary("CHAP_C", "0x0102", 16)).hasMessageContaining("allowed 16..1024");
    }

    @Test
    void identifierMustBe0To255() throws Exception {
        assertThat(Chap.parseIdentifier("255")).isEqualTo(255);
        assertThat(Chap.parseIdentifier("0x10")).isEqualTo(16);
        assertThatThrownBy(() -> Chap.parseIdentifier("256")).hasMessageContaining("0..255");
        assertThatThrownBy(() -> Chap.parseIdentifier("-1")).hasMessageContaining("0..255");
    }

    @Test
    void secretShorterThan96BitsNeedsIpsec() throws Exception {
        assertThatThrownBy(() -> Chap.checkSecret("short".getBytes(StandardCharsets.US_ASCII), false))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("RFC 7143 §9.2.1");
        Chap.checkSecret("short".getBytes(StandardCharsets.US_ASCII), true);
        assertThatThrownBy(() -> Chap.checkSecret(new byte[0], true)).hasMessageContaining("RFC 1994");
        Chap.checkSecret(SECRET, false);
    }

    @Test
    void credentialsNeverPrintTheSecret() {
        assertThat(INITIATOR.toString()).doesNotContain("alice-secret").contains("***");
    }

    private static ChapTargetAuthenticator target(ChapPolicy policy, Optional<ChapCredentials> mine) {
        Map<String, ChapCredentials> db = Map.of(INITIATOR.name(), INITIATOR);
        return new ChapTargetAuthenticator(policy, n -> Optional.ofNullable(db.get(n)), mine, new SecureRandom());
    }

    @Test
    void oneWayChapSucceeds() throws Exception {
        ChapInitiatorAuthenticator ini = new ChapInitiatorAuthenticator(ChapPolicy.md5Only(), INITIATOR,
                Optional.empty(), new SecureRandom());
        ChapTargetAuthenticator tgt = target(ChapPolicy.md5Only(), Optional.empty());
        List<KeyValue> a = ini.start();
        assertThat(a).containsExactly(KeyValue.of("CHAP_A", "5"));
        List<KeyValue> challenge = tgt.receive(a);
        assertThat(challenge).extracting(KeyValue::key).containsExactly("CHAP_A", "CHAP_I", "CHAP_C");
        List<KeyValue> response = ini.receive(challenge);
        assertThat(ini.state()).isEqualTo(ChapState.SUCCEEDED);
        assertThat(tgt.receive(response)).isEmpty();
        assertThat(tgt.state()).isEqualTo(ChapState.SUCCEEDED);
        assertThat(tgt.authenticatedName()).contains("alice");
        assertThat(tgt.mutual()).isFalse();
    }

    @Test
    void mutualChapSucceedsBothWays() throws Exception {
        ChapInitiatorAuthenticator ini = new ChapInitiatorAuthenticator(ChapPolicy.linuxLike(), INITIATOR,
                Optional.of(TARGET), new SecureRandom());
        ChapTargetAuthenticator tgt = target(ChapPolicy.linuxLike(), Optional.of(TARGET));
        List<KeyValue> challenge = tgt.receive(ini.start());
        assertThat(challenge.get(0)).isEqualTo(KeyValue.of("CHAP_A", "8"));
        List<KeyValue> response = ini.receive(challenge);
        assertThat(response).extracting(KeyValue::key).containsExactly("CHAP_N", "CHAP_R", "CHAP_I", "CHAP_C");
        assertThat(ini.state()).isEqualTo(ChapState.AWAITING_TARGET_RESPONSE);
        List<KeyValue> targetResponse = tgt.receive(response);
        assertThat(targetResponse).extracting(KeyValue::key).containsExactly("CHAP_N", "CHAP_R");
        assertThat(tgt.mutual()).isTrue();
        assertThat(ini.receive(targetResponse)).isEmpty();
        assertThat(ini.state()).isEqualTo(ChapState.SUCCEEDED);
    }

    @Test
    void targetPicksFromAChapAListAsTheOldTargetsDidNot() throws Exception {
        // C11 (open-iscsi/open-iscsi#180): CHAP_A offered as a list.
        ChapTargetAuthenticator tgt = target(ChapPolicy.md5Only(), Optional.empty());
        List<KeyValue> out = tgt.receive(List.of(KeyValue.of("CHAP_A", "8,7,6,5")));
        assertThat(out.get(0)).isEqualTo(KeyValue.of("CHAP_A", "5"));
        assertThat(tgt.algorithm()).contains(ChapAlgorithm.MD5);
    }

    @Test
    void targetFailsWhenNoOfferedAlgorithmIsSupported() {
        ChapTargetAuthenticator tgt = target(ChapPolicy.md5Only(), Optional.empty());
        assertThatThrownBy(() -> tgt.receive(List.of(KeyValue.of("CHAP_A", "7,99"))))
                .isInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(((NegotiationException) e).status()).isEqualTo(0x0201))
                .hasMessageContaining("CHAP_A=Reject");
        assertThat(tgt.state()).isEqualTo(ChapState.FAILED);
    }

    @Test
    void wrongResponseIsRefusedWithAuthenticationFailure() throws Exception {
        ChapTargetAuthenticator tgt = target(ChapPolicy.md5Only(), Optional.empty());
        tgt.receive(List.of(KeyValue.of("CHAP_A", "5")));
        assertThatThrownBy(() -> tgt.receive(List.of(KeyValue.of("CHAP_N", "alice"),
                KeyValue.of("CHAP_R", "0x00000000000000000000000000000000"))))
                .isInstanceOf(AuthenticationException.class)
                .satisfies(e -> {
                    NegotiationException n = (NegotiationException) e;
                    assertThat(n.statusClass()).isEqualTo(2);
                    assertThat(n.statusDetail()).isEqualTo(1);
                })
                .hasMessageContaining("does not match");
    }

    @Test
    void unknownNameIsRefused() throws Exception {
        ChapTargetAuthenticator tgt = target(ChapPolicy.md5Only(), Optional.empty());
        tgt.receive(List.of(KeyValue.of("CHAP_A", "5")));
        assertThatThrownBy(() -> tgt.receive(List.of(KeyValue.of("CHAP_N", "mallory"), KeyValue.of("CHAP_R", "0x00"))))
                .hasMessageContaining("unknown CHAP name \"mallory\"");
    }

    @Test
    void targetRefusesItsOwnChallengeReflectedBack() throws Exception {
        ChapTargetAuthenticator tgt = target(ChapPolicy.md5Only(), Optional.of(TARGET));
        List<KeyValue> ch = tgt.receive(List.of(KeyValue.of("CHAP_A", "5")));
        int id = tgt.identifierSent();
        assertThat(ch.get(1).value()).isEqualTo(Integer.toString(id));
        byte[] c = tgt.challengeSent().orElseThrow();
        byte[] r = Chap.response(ChapAlgorithm.MD5, id, INITIATOR.secret(), c);
        assertThatThrownBy(() -> tgt.receive(List.of(KeyValue.of("CHAP_N", "alice"),
                KeyValue.of("CHAP_R", TextValues.formatHex(r)), KeyValue.of("CHAP_I", "9"),
                KeyValue.of("CHAP_C", ch.get(2).value()))))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("reflects")
                .hasMessageContaining("RFC 7143 §9.2.1");
    }

    @Test
    void targetRefusesMutualChapWithoutOwnCredentials() throws Exception {
        ChapTargetAuthenticator tgt = target(ChapPolicy.md5Only(), Optional.empty());
        List<KeyValue> ch = tgt.receive(List.of(KeyValue.of("CHAP_A", "5")));
        byte[] r = Chap.response(ChapAlgorithm.MD5, Integer.parseInt(ch.get(1).value()), INITIATOR.secret(),
                tgt.challengeSent().orElseThrow());
        assertThatThrownBy(() -> tgt.receive(List.of(KeyValue.of("CHAP_N", "alice"),
                KeyValue.of("CHAP_R", TextValues.formatBase64(r)), KeyValue.of("CHAP_I", "9"),
                KeyValue.of("CHAP_C", "0x00112233445566778899aabbccddeeff"))))
                .hasMessageContaining("has no CHAP credentials");
    }

    @Test
    void initiatorRefusesWrongTargetResponseAndWrongName() throws Exception {
        ChapInitiatorAuthenticator ini = new ChapInitiatorAuthenticator(ChapPolicy.md5Only(), INITIATOR,
                Optional.of(TARGET), new SecureRandom());
        ini.start();
        ini.receive(List.of(KeyValue.of("CHAP_A", "5"), KeyValue.of("CHAP_I", "1"),
                KeyValue.of("CHAP_C", "0x0102030405060708090a0b0c0d0e0f10")));
        assertThatThrownBy(() -> ini.receive(List.of(KeyValue.of("CHAP_N", "target"),
                KeyValue.of("CHAP_R", "0xffffffffffffffffffffffffffffffff"))))
                .hasMessageContaining("does not match the initiator's challenge");
        ChapInitiatorAuthenticator ini2 = new ChapInitiatorAuthenticator(ChapPolicy.md5Only(), INITIATOR,
                Optional.of(TARGET), new SecureRandom());
        ini2.start();
        ini2.receive(List.of(KeyValue.of("CHAP_A", "5"), KeyValue.of("CHAP_I", "1"),
                KeyValue.of("CHAP_C", "0x0102030405060708090a0b0c0d0e0f10")));
        assertThatThrownBy(() -> ini2.receive(List.of(KeyValue.of("CHAP_N", "impostor"),
                KeyValue.of("CHAP_R", "0xff")))).hasMessageContaining("not the expected \"target\"");
    }

    @Test
    void initiatorRefusesAnAlgorithmItDidNotOffer() {
        ChapInitiatorAuthenticator ini = new ChapInitiatorAuthenticator(ChapPolicy.md5Only(), INITIATOR,
                Optional.empty(), new SecureRandom());
        ini.start();
        assertThatThrownBy(() -> ini.receive(List.of(KeyValue.of("CHAP_A", "7"), KeyValue.of("CHAP_I", "1"),
                KeyValue.of("CHAP_C", "0x01")))).hasMessageContaining("not one of the offered");
        assertThat(ini.state()).isEqualTo(ChapState.FAILED);
    }

    @Test
    void initiatorRefusesToUseAShortSecretWithoutIpsec() {
        ChapInitiatorAuthenticator ini = new ChapInitiatorAuthenticator(ChapPolicy.md5Only(),
                ChapCredentials.of("alice", "short"), Optional.empty(), new SecureRandom());
        ini.start();
        assertThatThrownBy(() -> ini.receive(List.of(KeyValue.of("CHAP_A", "5"), KeyValue.of("CHAP_I", "1"),
                KeyValue.of("CHAP_C", "0x0102")))).hasMessageContaining("96 bits");
    }

    @Test
    void sameSecretInBothDirectionsIsRefused() throws Exception {
        ChapCredentials sameAsInitiator = new ChapCredentials("target", INITIATOR.secret());
        ChapTargetAuthenticator tgt = target(ChapPolicy.md5Only(), Optional.of(sameAsInitiator));
        ChapInitiatorAuthenticator ini = new ChapInitiatorAuthenticator(ChapPolicy.md5Only(), INITIATOR,
                Optional.of(sameAsInitiator), new SecureRandom());
        List<KeyValue> response = ini.receive(tgt.receive(ini.start()));
        assertThatThrownBy(() -> tgt.receive(response)).hasMessageContaining("same secret");
    }

    @Test
    void quirkTargetRefusingAnAlgorithmListFailsTheLinuxInitiator() {
        ChapTargetAuthenticator tgt = target(ChapPolicy.md5Only().withRefuseAlgorithmList(true), Optional.empty());
        ChapInitiatorAuthenticator ini = new ChapInitiatorAuthenticator(ChapPolicy.linuxLike(), INITIATOR,
                Optional.empty(), new SecureRandom());
        assertThatThrownBy(() -> tgt.receive(ini.start())).hasMessageContaining("because it is a list");
    }
}
