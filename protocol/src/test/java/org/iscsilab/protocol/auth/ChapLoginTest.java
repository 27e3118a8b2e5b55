package org.iscsilab.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iscsilab.protocol.negotiation.NegotiationProfile;
import org.iscsilab.protocol.negotiation.Negotiator;
import org.iscsilab.protocol.negotiation.Role;
import org.iscsilab.protocol.negotiation.SessionType;
import org.iscsilab.protocol.negotiation.Stage;
import org.iscsilab.protocol.negotiation.Step;
import org.iscsilab.protocol.text.KeyValue;
import org.junit.jupiter.api.Test;

/** The security stage as target and initiator wire it: engine for AuthMethod, authenticators for CHAP. */
class ChapLoginTest {

    private static final String INI = "iqn.1994-05.com.redhat:185ce16b55ad";
    private static final String TGT = "iqn.2026-11.org.iscsilab:sim";
    private static final ChapCredentials ALICE = ChapCredentials.of("alice", "alice-secret-12");
    private static final ChapCredentials TARGET = ChapCredentials.of("sim", "target-secret-34");

    private record Sides(Negotiator ini, Negotiator tgt) {
    }

    private static Sides agreeOnChap() throws Exception {
        Negotiator ini = new Negotiator(Role.INITIATOR, NegotiationProfile.initiator(INI).with("TargetName", TGT)
                .with("AuthMethod", "CHAP,None"), SessionType.NORMAL, Stage.SECURITY_NEGOTIATION, true);
        Negotiator tgt = new Negotiator(Role.TARGET, NegotiationProfile.target().with("AuthMethod", "CHAP"),
                SessionType.NORMAL, Stage.SECURITY_NEGOTIATION, true);
        Step t = tgt.receive(ini.offers());
        List<KeyValue> response = new ArrayList<>(t.responses());
        response.addAll(tgt.offers());
        ini.receive(response);
        return new Sides(ini, tgt);
    }

    @Test
    void mutualChapThroughTheEngineOnBothSides() throws Exception {
        Sides s = agreeOnChap();
        ChapInitiatorAuthenticator ia = new ChapInitiatorAuthenticator(ChapPolicy.linuxLike(), ALICE,
                Optional.of(TARGET), new SecureRandom());
        ChapTargetAuthenticator ta = new ChapTargetAuthenticator(ChapPolicy.md5Only(),
                n -> n.equals("alice") ? Optional.of(ALICE) : Optional.empty(), Optional.of(TARGET), new SecureRandom());

        Step t1 = s.tgt().receive(ia.start());
        List<KeyValue> challenge = ta.receive(t1.authentication());
        Step i1 = s.ini().receive(challenge);
        List<KeyValue> answer = ia.receive(i1.authentication());
        Step t2 = s.tgt().receive(answer);
        List<KeyValue> targetAnswer = ta.receive(t2.authentication());
        Step i2 = s.ini().receive(targetAnswer);
        assertThat(ia.receive(i2.authentication())).isEmpty();

        assertThat(ta.state()).isEqualTo(ChapState.SUCCEEDED);
        assertThat(ia.state()).isEqualTo(ChapState.SUCCEEDED);
        assertThat(ia.algorithm()).contains(ChapAlgorithm.MD5); // the Linux-like list 8,7,6,5 met an MD5-only target
        assertThat(s.ini().result().connection().authMethod()).isEqualTo("CHAP");
    }

    @Test
    void wrongSecretFailsWithStatus0201() throws Exception {
        Sides s = agreeOnChap();
        ChapInitiatorAuthenticator ia = new ChapInitiatorAuthenticator(ChapPolicy.md5Only(),
                ChapCredentials.of("alice", "not-the-secret"), Optional.empty(), new SecureRandom());
        ChapTargetAuthenticator ta = new ChapTargetAuthenticator(ChapPolicy.md5Only(),
                n -> Optional.of(ALICE), Optional.empty(), new SecureRandom());
        List<KeyValue> challenge = ta.receive(s.tgt().receive(ia.start()).authentication());
        List<KeyValue> answer = ia.receive(s.ini().receive(challenge).authentication());
        List<KeyValue> auth = s.tgt().receive(answer).authentication();
        assertThatThrownBy(() -> ta.receive(auth)).isInstanceOfSatisfying(AuthenticationException.class,
                e -> assertThat(e.status()).isEqualTo(0x0201));
    }
}
