package org.iscsilab.protocol.auth;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.iscsilab.protocol.negotiation.IscsiKeys;
import org.iscsilab.protocol.text.KeyValue;

/**
 * The initiator side of CHAP (RFC 7143 §12.1.3), the mirror of {@link ChapTargetAuthenticator}:
 * offer CHAP_A → answer CHAP_I/CHAP_C with CHAP_N/CHAP_R (plus CHAP_I/CHAP_C of its own for mutual
 * CHAP) → verify the target's CHAP_N/CHAP_R.
 *
 * <p>Not thread-safe; one instance per login.
 */
public final class ChapInitiatorAuthenticator {

    private static final String CLAUSE = "RFC 7143 §12.1.3";

    private final ChapPolicy policy;
    private final ChapCredentials credentials;
    private final Optional<ChapCredentials> expectedTarget;
    private final SecureRandom random;

    private ChapState state = ChapState.START;
    private ChapAlgorithm algorithm;
    private byte[] targetChallenge;
    private int identifier;
    private byte[] challenge;

    /**
     * @param policy         algorithms (offered in this order) and lengths
     * @param credentials    this initiator's CHAP name and secret
     * @param expectedTarget the target's name and secret: present means mutual CHAP
     * @param random         source of identifiers and challenges
     */
    public ChapInitiatorAuthenticator(ChapPolicy policy, ChapCredentials credentials,
                                      Optional<ChapCredentials> expectedTarget, SecureRandom random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.expectedTarget = Objects.requireNonNull(expectedTarget, "expectedTarget");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Current state. */
    public ChapState state() {
        return state;
    }

    /** The algorithm the target picked. */
    public Optional<ChapAlgorithm> algorithm() {
        return Optional.ofNullable(algorithm);
    }

    /**
     * The first step: CHAP_A with the policy's algorithms as a list (RFC 7143 §12.1.3; MD5
     * must be among them for interoperability, which is the caller's choice here so that
     * quirks can leave it out).
     */
    public List<KeyValue> start() {
        if (state != ChapState.START) {
            throw new IllegalStateException("CHAP already started: " + state);
        }
        state = ChapState.CHALLENGED;
        return List.of(KeyValue.of(IscsiKeys.CHAP_A, policy.algorithms().stream()
                .map(a -> Integer.toString(a.code())).collect(Collectors.joining(","))));
    }

    /**
     * Processes the target's authentication keys and returns the keys to send.
     *
     * @throws AuthenticationException on any failure; the state becomes FAILED
     */
    public List<KeyValue> receive(List<KeyValue> keys) throws AuthenticationException {
        try {
            return switch (state) {
                case CHALLENGED -> onChallenge(keys);
                case AWAITING_TARGET_RESPONSE -> onTargetResponse(keys);
                default -> throw AuthenticationException.failure(CLAUSE, null, "unexpected CHAP keys in state "
                        + state + ": " + keys);
            };
        } catch (AuthenticationException e) {
            state = ChapState.FAILED;
            throw e;
        }
    }

    private List<KeyValue> onChallenge(List<KeyValue> keys) throws AuthenticationException {
        Map<String, String> m = ChapTargetAuthenticator.toMap(keys);
        String a = m.get(IscsiKeys.CHAP_A);
        String i = m.get(IscsiKeys.CHAP_I);
        String c = m.get(IscsiKeys.CHAP_C);
        if (a == null || i == null || c == null) {
            throw AuthenticationException.failure(CLAUSE, a == null ? IscsiKeys.CHAP_A
                    : i == null ? IscsiKeys.CHAP_I : IscsiKeys.CHAP_C, "expected CHAP_A, CHAP_I and CHAP_C, got "
                    + keys);
        }
        List<ChapAlgorithm> chosen = Chap.parseAlgorithms(a);
        if (chosen.size() != 1 || !policy.algorithms().contains(chosen.get(0))) {
            throw AuthenticationException.failure(CLAUSE, IscsiKeys.CHAP_A, "the target answered CHAP_A=" + a
                    + ", which is not one of the offered " + policy.algorithms());
        }
        algorithm = chosen.get(0);
        int id = Chap.parseIdentifier(i);
        // C10: challenges up to 1024 bytes are hashed whole, never truncated.
        targetChallenge = Chap.parseBinary(IscsiKeys.CHAP_C, c, policy.minChallengeLength());
        byte[] secret = credentials.secret();
        Chap.checkSecret(secret, policy.ipsecEncrypted());
        byte[] response = Chap.response(algorithm, id, secret, targetChallenge);
        List<KeyValue> out = new ArrayList<>();
        out.add(KeyValue.of(IscsiKeys.CHAP_N, credentials.name()));
        out.add(KeyValue.of(IscsiKeys.CHAP_R, policy.encode(response)));
        if (expectedTarget.isEmpty()) {
            state = ChapState.SUCCEEDED;
            return List.copyOf(out);
        }
        identifier = Chap.newIdentifier(random);
        do {
            // RFC 7143 §9.2.1: never reuse the target's challenge for the other direction.
            challenge = Chap.newChallenge(random, policy.challengeLength());
        } while (Chap.same(challenge, targetChallenge));
        out.add(KeyValue.of(IscsiKeys.CHAP_I, Integer.toString(identifier)));
        out.add(KeyValue.of(IscsiKeys.CHAP_C, policy.encode(challenge)));
        state = ChapState.AWAITING_TARGET_RESPONSE;
        return List.copyOf(out);
    }

    private List<KeyValue> onTargetResponse(List<KeyValue> keys) throws AuthenticationException {
        Map<String, String> m = ChapTargetAuthenticator.toMap(keys);
        String n = m.get(IscsiKeys.CHAP_N);
        String r = m.get(IscsiKeys.CHAP_R);
        if (n == null || r == null) {
            throw AuthenticationException.failure(CLAUSE, n == null ? IscsiKeys.CHAP_N : IscsiKeys.CHAP_R,
                    "expected the target's CHAP_N and CHAP_R, got " + keys);
        }
        ChapCredentials target = expectedTarget.orElseThrow();
        if (!target.name().equals(n)) {
            throw AuthenticationException.failure(CLAUSE, IscsiKeys.CHAP_N, "the target's CHAP_N \"" + n
                    + "\" is not the expected \"" + target.name() + "\"");
        }
        byte[] secret = target.secret();
        Chap.checkSecret(secret, policy.ipsecEncrypted());
        byte[] response = Chap.parseBinary(IscsiKeys.CHAP_R, r, 1);
        if (Chap.same(response, Chap.response(algorithm, identifier, credentials.secret(), challenge))) {
            // RFC 7143 §9.2.1: a response equal to our own means one secret serves both directions.
            throw AuthenticationException.failure("RFC 7143 §9.2.1", IscsiKeys.CHAP_R,
                    "the target's response equals the initiator's own; the same secret is used both ways");
        }
        if (!Chap.same(response, Chap.response(algorithm, identifier, secret, challenge))) {
            throw AuthenticationException.failure(CLAUSE, IscsiKeys.CHAP_R,
                    "the target's CHAP_R does not match the initiator's challenge");
        }
        state = ChapState.SUCCEEDED;
        return List.of();
    }
}
