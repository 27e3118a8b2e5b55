package org.iscsilab.protocol.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;

import java.util.List;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextValues;
import org.iscsilab.testfixtures.text.LoginSimulation;
import org.iscsilab.testfixtures.text.NegotiationGenerators;
import org.junit.jupiter.api.Test;

class NegotiationPropertiesTest {

    private static final String INI = "iqn.1994-05.com.redhat:185ce16b55ad";
    private static final String TGT = "iqn.2026-11.org.iscsilab:sim";

    private static Step offerToTarget(NegotiationProfile target, KeyValue offer) throws NegotiationException {
        Negotiator t = new Negotiator(Role.TARGET, target, SessionType.NORMAL, Stage.OPERATIONAL_NEGOTIATION, true);
        return t.receive(List.of(KeyValue.of("InitiatorName", INI), KeyValue.of("TargetName", TGT), offer));
    }

    @Test
    void numericalAnswersFollowMinimumAndMaximum() {
        qt().forAll(NegotiationGenerators.numericalKeys()
                        .flatMap(d -> NegotiationGenerators.inRange(d).zip(NegotiationGenerators.inRange(d),
                                (o, l) -> new Object[] {d, o, l})),
                booleans().all())
                .checkAssert((x, hex) -> {
                    KeyDefinition d = (KeyDefinition) x[0];
                    long offered = (Long) x[1];
                    long local = (Long) x[2];
                    String text = hex ? "0x" + Long.toHexString(offered) : Long.toString(offered);
                    try {
                        Step s = offerToTarget(NegotiationProfile.target().with(d.name(), Long.toString(local)),
                                KeyValue.of(d.name(), text));
                        long a = TextValues.parseNumber(s.responses().get(0).value()).orElseThrow();
                        if (d.type() == KeyType.NUMERICAL_MIN) {
                            assertThat(a).isLessThanOrEqualTo(offered).isLessThanOrEqualTo(local)
                                    .isEqualTo(Math.min(offered, local));
                        } else {
                            assertThat(a).isGreaterThanOrEqualTo(offered).isGreaterThanOrEqualTo(local)
                                    .isEqualTo(Math.max(offered, local));
                        }
                        assertThat(a).isBetween(d.min(), d.max());
                    } catch (NegotiationException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void booleanAnswersFollowAndOr() {
        qt().forAll(NegotiationGenerators.booleanKeys(), booleans().all(), booleans().all())
                .checkAssert((d, offered, local) -> {
                    try {
                        Step s = offerToTarget(NegotiationProfile.target().with(d.name(),
                                TextValues.formatBoolean(local)), KeyValue.of(d.name(), TextValues.formatBoolean(offered)));
                        boolean a = TextValues.parseBoolean(s.responses().get(0).value()).orElseThrow();
                        assertThat(a).isEqualTo(d.type() == KeyType.BOOLEAN_AND ? offered && local : offered || local);
                    } catch (NegotiationException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void listAnswerIsTheFirstOfferedValueTheResponderSupports() {
        List<String> all = List.of("RFC3720", "ResponseFence", "FastAbort");
        qt().forAll(NegotiationGenerators.subsetOrder(all), NegotiationGenerators.subsetOrder(all))
                .checkAssert((offered, supported) -> {
                    try {
                        Step s = offerToTarget(NegotiationProfile.target().with("TaskReporting",
                                String.join(",", supported)), KeyValue.of("TaskReporting", String.join(",", offered)));
                        String a = s.responses().get(0).value();
                        String expected = offered.stream().filter(supported::contains).findFirst().orElse("Reject");
                        assertThat(a).isEqualTo(expected);
                        if (!a.equals("Reject")) {
                            assertThat(offered).contains(a);
                        }
                    } catch (NegotiationException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void bothSidesAgreeOnEveryRandomLogin() {
        qt().forAll(NegotiationGenerators.inRange(IscsiKeys.definition("MaxBurstLength")),
                        NegotiationGenerators.inRange(IscsiKeys.definition("MaxBurstLength")),
                        NegotiationGenerators.inRange(IscsiKeys.definition("MaxOutstandingR2T")),
                        booleans().all())
                .checkAssert((iniMbl, tgtMbl, r2t, immediate) -> {
                    NegotiationProfile ini = NegotiationProfile.initiator(INI).with("TargetName", TGT)
                            .with("MaxBurstLength", Long.toString(iniMbl))
                            .with("FirstBurstLength", Long.toString(Math.min(iniMbl, 65536)))
                            .with("MaxOutstandingR2T", Long.toString(r2t))
                            .with("ImmediateData", TextValues.formatBoolean(immediate));
                    NegotiationProfile tgt = NegotiationProfile.target().with("MaxBurstLength", Long.toString(tgtMbl))
                            .with("MaxOutstandingR2T", "16");
                    try {
                        LoginSimulation.Outcome o = LoginSimulation.run(ini, tgt, SessionType.NORMAL);
                        assertThat(o.initiator().session()).isEqualTo(o.target().session());
                        assertThat(o.initiator().connection()).isEqualTo(o.target().connection());
                        SessionParameters s = o.target().session();
                        assertThat(s.maxBurstLength()).isEqualTo(Math.min(iniMbl, tgtMbl));
                        assertThat(s.maxOutstandingR2T()).isEqualTo(Math.min(r2t, 16));
                        if (s.firstBurstLengthRelevant()) {
                            assertThat(s.firstBurstLength()).isLessThanOrEqualTo(s.maxBurstLength());
                        }
                    } catch (NegotiationException e) {
                        throw new AssertionError(e);
                    }
                });
    }
}
