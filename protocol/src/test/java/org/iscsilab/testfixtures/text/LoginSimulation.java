package org.iscsilab.testfixtures.text;

import java.util.ArrayList;
import java.util.List;
import org.iscsilab.protocol.negotiation.NegotiationException;
import org.iscsilab.protocol.negotiation.NegotiationProfile;
import org.iscsilab.protocol.negotiation.NegotiationResult;
import org.iscsilab.protocol.negotiation.Negotiator;
import org.iscsilab.protocol.negotiation.Role;
import org.iscsilab.protocol.negotiation.SessionType;
import org.iscsilab.protocol.negotiation.Stage;
import org.iscsilab.protocol.negotiation.Step;
import org.iscsilab.protocol.text.KeyValue;

/**
 * Drives two engines through a login without PDUs: request keys from the initiator, response keys
 * from the target, stage by stage, until neither side has anything left to say. Records the
 * exchanged batches so tests (and other modules) can look at them.
 */
public final class LoginSimulation {

    /** One request/response round. */
    public record Round(Stage stage, List<KeyValue> request, List<KeyValue> response) {
    }

    /** Both sides' outcome and the rounds. */
    public record Outcome(NegotiationResult initiator, NegotiationResult target, List<Round> rounds) {
    }

    private LoginSimulation() {
    }

    /**
     * Runs a login (operational stage only; no authentication) for {@code type}.
     *
     * @throws NegotiationException when either side refuses
     */
    public static Outcome run(NegotiationProfile initiatorProfile, NegotiationProfile targetProfile,
                              SessionType type) throws NegotiationException {
        Stage stage = Stage.OPERATIONAL_NEGOTIATION;
        Negotiator ini = new Negotiator(Role.INITIATOR, initiatorProfile, type, stage, true);
        Negotiator tgt = new Negotiator(Role.TARGET, targetProfile, SessionType.NORMAL, stage, true);
        List<Round> rounds = new ArrayList<>();
        List<KeyValue> answersFromInitiator = List.of();
        for (int i = 0; i < 16; i++) {
            List<KeyValue> request = new ArrayList<>(answersFromInitiator);
            request.addAll(ini.offers());
            Step t = tgt.receive(request);
            List<KeyValue> response = new ArrayList<>(t.responses());
            response.addAll(tgt.offers());
            rounds.add(new Round(stage, List.copyOf(request), List.copyOf(response)));
            Step s = ini.receive(response);
            answersFromInitiator = s.responses();
            if (answersFromInitiator.isEmpty() && ini.pendingOffers().isEmpty() && tgt.pendingOffers().isEmpty()
                    && ini.offers().isEmpty()) {
                break;
            }
        }
        ini.enterStage(Stage.FULL_FEATURE_PHASE);
        tgt.enterStage(Stage.FULL_FEATURE_PHASE);
        return new Outcome(ini.result(), tgt.result(), List.copyOf(rounds));
    }
}
