package org.iscsilab.protocol.auth;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.text.KeyValue;

/**
 * The target side of CHAP (RFC 7143 §12.1.3) after AuthMethod=CHAP was agreed: CHAP_A →
 * CHAP_A/CHAP_I/CHAP_C → verify CHAP_N/CHAP_R → answer the initiator's challenge when it asks for
 * mutual authentication. Feed it {@code Step.authentication()} from the negotiation engine.
 *
 * <p>Not thread-safe; one instance per login.
 */
public final class ChapTargetAuthenticator {

    private static final String CLAUSE = "RFC 7143 §12.1.3";

    private final ChapPolicy policy;
    private final Function<String, Optional<ChapCredentials>> initiatorSecrets;
    private final Optional<ChapCredentials> targetCredentials;
    private final SecureRandom random;

    private ChapState state = ChapState.START;
    private ChapAlgorithm algorithm;
    private int identifier;
    private byte[] challenge;
    private String authenticatedName;
    private boolean mutual;

    /**
     * @param policy            algorithms and lengths
     * @param initiatorSecrets  looks up the initiator's secret by CHAP_N
     * @param targetCredentials the target's own name and secret, for mutual CHAP
     * @param random            source of identifiers and challenges
     */
    public ChapTargetAuthenticator(ChapPolicy policy, Function<String, Optional<ChapCredentials>> initiatorSecrets,
                                   Optional<ChapCredentials> targetCredentials, SecureRandom random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.initiatorSecrets = Objects.requireNonNull(initiatorSecrets, "initiatorSecrets");
        this.targetCredentials = Objects.requireNonNull(targetCredentials, "targetCredentials");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Current state. */
    public ChapState state() {
        return state;
    }

    /** Whether the initiator asked to authenticate the target too. */
    public boolean mutual() {
        return mutual;
    }

    /** The algorithm picked, once CHAP_A was answered. */
    public Optional<ChapAlgorithm> algorithm() {
        return Optional.ofNullable(algorithm);
    }

    /** The CHAP_N of the initiator that authenticated. */
    public Optional<String> authenticatedName() {
        return Optional.ofNullable(authenticatedName);
    }

    /**
     * Processes the initiator's authentication keys and returns the keys to answer with.
     *
     * @throws AuthenticationException on any failure (status 0x0201); the state becomes FAILED
     */
    public List<KeyValue> receive(List<KeyValue> keys) throws AuthenticationException {
        try {
            return switch (state) {
                case START -> onAlgorithms(keys);
                case CHALLENGED -> onResponse(keys);
                default -> throw AuthenticationException.failure(CLAUSE, null, "CHAP keys after the exchange ended ("
                        + state + "): " + keys);
            };
        } catch (AuthenticationException e) {
            state = ChapState.FAILED;
            throw e;
        }
    }

    private List<KeyValue> onAlgorithms(List<KeyValue> keys) throws AuthenticationException {
        Map<String, String> m = toMap(keys);
        String offered = m.get(IscsiKeys.CHAP_A);
        if (offered == null) {
            throw AuthenticationException.failure(CLAUSE, IscsiKeys.CHAP_A, "expected CHAP_A, got " + keys);
        }
        // RFC 7143 §12.1.3: CHAP_A is a list; pick one the initiator proposed (C11: lists are legal).
        if (policy.refuseAlgorithmList() && offered.contains(",")) {
            throw AuthenticationException.failure(CLAUSE, IscsiKeys.CHAP_A, "quirk: refusing CHAP_A=" + offered
                    + " because it is a list");
        }
        ChapAlgorithm chosen = null;
        for (ChapAlgorithm a : Chap.parseAlgorithms(offered)) {
            if (a.isSupported() && policy.algorithms().contains(a)) {
                chosen = a;
                break;
            }
        }
        if (chosen == null) {
            throw AuthenticationException.failure(CLAUSE, IscsiKeys.CHAP_A, "none of the offered CHAP_A="
                    + offered + " is supported here (" + policy.algorithms() + "); answer CHAP_A=Reject");
        }
        algorithm = chosen;
        identifier = Chap.newIdentifier(random);
        challenge = Chap.newChallenge(random, policy.challengeLength());
        state = ChapState.CHALLENGED;
        return List.of(KeyValue.of(IscsiKeys.CHAP_A, Integer.toString(chosen.code())),
                KeyValue.of(IscsiKeys.CHAP_I, Integer.toString(identifier)),
                KeyValue.of(IscsiKeys.CHAP_C, policy.encode(challenge)));
    }

    private List<KeyValue> onResponse(List<KeyValue> keys) throws AuthenticationException {
        Map<String, String> m = toMap(keys);
        String name = m.get(IscsiKeys.CHAP_N);
        String r = m.get(IscsiKeys.CHAP_R);
        if (name == null || r == null) {
            throw AuthenticationException.failure(CLAUSE, name == null ? IscsiKeys.CHAP_N : IscsiKeys.CHAP_R,
                    "expected CHAP_N and CHAP_R, got " + keys);
        }
        ChapCredentials creds = initiatorSecrets.apply(name).orElseThrow(() -> AuthenticationException.failure(
                CLAUSE, IscsiKeys.CHAP_N, "unknown CHAP name \"" + name + "\""));
        byte[] secret = creds.secret();
        Chap.checkSecret(secret, policy.ipsecEncrypted());
        byte[] response = Chap.parseBinary(IscsiKeys.CHAP_R, r, 1);
        if (!Chap.same(response, Chap.response(algorithm, identifier, secret, challenge))) {
            throw AuthenticationException.failure(CLAUSE, IscsiKeys.CHAP_R, "CHAP_R from \"" + name
                    + "\" does not match the challenge");
        }
        authenticatedName = name;
        String ci = m.get(IscsiKeys.CHAP_I);
        String cc = m.get(IscsiKeys.CHAP_C);
        if (ci == null && cc == null) {
            state = ChapState.SUCCEEDED;
            return List.of();
        }
        if (ci == null || cc == null) {
            throw AuthenticationException.failure(CLAUSE, ci == null ? IscsiKeys.CHAP_I : IscsiKeys.CHAP_C,
                    "mutual CHAP needs both CHAP_I and CHAP_C");
        }
        mutual = true;
        ChapCredentials mine = targetCredentials.orElseThrow(() -> AuthenticationException.failure(CLAUSE,
                IscsiKeys.CHAP_C, "the initiator asks for mutual CHAP but this target has no CHAP credentials"));
        byte[] targetSecret = mine.secret();
        Chap.checkSecret(targetSecret, policy.ipsecEncrypted());
        int peerId = Chap.parseIdentifier(ci);
        byte[] peerChallenge = Chap.parseBinary(IscsiKeys.CHAP_C, cc, policy.minChallengeLength());
        if (Chap.same(peerChallenge, challenge)) {
            // RFC 7143 §9.2.1: a reflected challenge must close the connection.
            throw AuthenticationException.failure("RFC 7143 §9.2.1", IscsiKeys.CHAP_C,
                    "the initiator's CHAP_C reflects the target's own challenge");
        }
        if (Chap.same(response, Chap.response(algorithm, identifier, targetSecret, challenge))) {
            // RFC 7143 §9.2.1: the same secret must not serve both directions.
            throw AuthenticationException.failure("RFC 7143 §9.2.1", IscsiKeys.CHAP_R,
                    "the initiator's response equals the target's own; the same secret is used both ways");
        }
        byte[] answer = Chap.response(algorithm, peerId, targetSecret, peerChallenge);
        state = ChapState.SUCCEEDED;
        return List.of(KeyValue.of(IscsiKeys.CHAP_N, mine.name()),
                KeyValue.of(IscsiKeys.CHAP_R, policy.encode(answer)));
    }

    static Map<String, String> toMap(List<KeyValue> keys) {
        Map<String, String> m = new HashMap<>();
        for (KeyValue kv : keys) {
            m.put(kv.key(), kv.value());
        }
        return m;
    }

    /** For tests and the capture analyser: the challenge sent, if any. */
    public Optional<byte[]> challengeSent() {
        return Optional.ofNullable(challenge).map(byte[]::clone);
    }

    /** For tests and the capture analyser: the identifier sent. */
    public int identifierSent() {
        return identifier;
    }
}
