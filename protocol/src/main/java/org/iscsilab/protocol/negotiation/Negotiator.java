package org.iscsilab.protocol.negotiation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.iscsilab.protocol.text.IscsiName;
import org.iscsilab.protocol.text.KeyValue;
import org.iscsilab.protocol.text.TextValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one negotiation engine of RFC 7143 §6 and §13, used by the target, the initiator and the
 * capture analyser alike. Pure: no I/O; the caller moves keys in and out of Login/Text PDUs.
 *
 * <p>One instance follows one connection's login (and later Text negotiations). Typical use on
 * either side: {@link #offers()} gives the keys to send on this side's initiative;
 * {@link #receive(List)} takes the peer's keys — answers to our offers are checked, offers and
 * declarations from the peer are answered in {@link Step#responses()}; {@link #enterStage} follows
 * CSG/NSG transitions; {@link #result()} gives the outcome.
 *
 * <p>Not thread-safe.
 */
public final class Negotiator {

    private static final Logger LOG = LoggerFactory.getLogger(Negotiator.class);
    private static final String SEC6_2 = "RFC 7143 §6.2";
    // RFC 7143 §13.8: domainname[:port][,portal-group-tag]; IPv6 in brackets.
    private static final Pattern TARGET_ADDRESS = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]+(%[^\\]]+)?\\]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?(,[0-9]{1,5})?");

    private final Role role;
    private final NegotiationProfile profile;
    private final boolean leadingConnection;
    private SessionType sessionType;
    private Stage stage;

    /** Our offers still waiting for an answer: key → offered value. */
    private final Map<String, String> pending = new LinkedHashMap<>();
    /** Keys we sent (offers, declarations, answers) in this negotiation sequence. */
    private final Set<String> sent = new HashSet<>();
    /** Keys the peer sent in this negotiation sequence. */
    private final Set<String> received = new HashSet<>();
    /** Outcome of negotiated keys. */
    private final Map<String, String> outcome = new LinkedHashMap<>();
    /** Declarations by role. */
    private final Map<Role, Map<String, String>> declared = new HashMap<>();
    private boolean firstReceive = true;

    /**
     * @param role              this side
     * @param profile           this side's values
     * @param sessionType       the session type (a target learns it from the SessionType key and
     *                          may start with NORMAL, the default)
     * @param stage             the stage the login starts in
     * @param leadingConnection whether this is the session's first connection (LO keys allowed)
     */
    public Negotiator(Role role, NegotiationProfile profile, SessionType sessionType, Stage stage,
                      boolean leadingConnection) {
        this.role = Objects.requireNonNull(role, "role");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.sessionType = Objects.requireNonNull(sessionType, "sessionType");
        this.stage = Objects.requireNonNull(stage, "stage");
        this.leadingConnection = leadingConnection;
        declared.put(Role.INITIATOR, new LinkedHashMap<>());
        declared.put(Role.TARGET, new LinkedHashMap<>());
    }

    /** This side. */
    public Role role() {
        return role;
    }

    /** Current stage. */
    public Stage stage() {
        return stage;
    }

    /** Session type as known now. */
    public SessionType sessionType() {
        return sessionType;
    }

    /** Offers still unanswered, key → offered value. */
    public Map<String, String> pendingOffers() {
        return Map.copyOf(pending);
    }

    /**
     * Offers that still need an answer: {@link #pendingOffers()} without the Boolean offers whose
     * answer is optional (RFC 7143 §6.2.2: AND offered No, OR offered Yes).
     */
    public Map<String, String> unansweredOffers() {
        Map<String, String> m = new LinkedHashMap<>(pending);
        m.keySet().removeIf(this::answerOptional);
        return Map.copyOf(m);
    }

    private boolean answerOptional(String key) {
        Optional<KeyDefinition> d = IscsiKeys.lookup(key);
        String v = pending.get(key);
        return d.isPresent() && ((d.get().type() == KeyType.BOOLEAN_AND && TextValues.NO.equals(v))
                || (d.get().type() == KeyType.BOOLEAN_OR && TextValues.YES.equals(v)));
    }

    /** RFC 7143 §6.2.2: an omitted optional answer means the offered value is the outcome. */
    private void settleOptionalAnswers() {
        for (String key : List.copyOf(pending.keySet())) {
            if (answerOptional(key)) {
                outcome.put(key, pending.remove(key));
            }
        }
    }

    /**
     * Moves to another stage (after a Login response with T=1, or into full feature phase).
     * Boolean offers whose answer is optional and was omitted take the offered value (RFC 7143
     * §6.2.2). Entering full feature phase starts a fresh negotiation sequence for Text requests.
     */
    public void enterStage(Stage next) {
        Objects.requireNonNull(next, "next");
        settleOptionalAnswers();
        if (next == Stage.FULL_FEATURE_PHASE && stage != Stage.FULL_FEATURE_PHASE) {
            startTextNegotiation();
        }
        stage = next;
    }

    /**
     * Starts a new Text negotiation sequence in full feature phase: keys may be used again
     * (RFC 7143 §6.2 forbids repeats only within one negotiation).
     */
    public void startTextNegotiation() {
        sent.clear();
        received.clear();
        pending.clear();
    }

    /**
     * The keys this side sends on its own initiative now: the profile's offers that this role may
     * send in this stage, session type and connection, each at most once per negotiation.
     * Offers of negotiated keys become pending until answered.
     */
    public List<KeyValue> offers() {
        List<KeyValue> out = new ArrayList<>();
        for (String key : profile.offers()) {
            Optional<KeyDefinition> def = IscsiKeys.lookup(key);
            boolean declarative = def.map(d -> d.type() == KeyType.DECLARATIVE).orElse(false);
            // A key the peer offered was answered already; a declaration is each side's own.
            if (sent.contains(key) || (received.contains(key) && !declarative)) {
                continue;
            }
            Optional<String> value = profile.value(key);
            if (key.equals(IscsiKeys.SESSION_TYPE) && role == Role.INITIATOR) {
                value = Optional.of(sessionType.wire());
            }
            if (value.isEmpty()) {
                continue;
            }
            if (def.isPresent()) {
                KeyDefinition d = def.get();
                if (!d.senders().allows(role) || placementProblem(d, role).isPresent()) {
                    continue;
                }
                if (d.irrelevantInDiscovery() && sessionType == SessionType.DISCOVERY) {
                    continue;
                }
                if (d.name().equals(IscsiKeys.TARGET_NAME) && role == Role.INITIATOR
                        && sessionType == SessionType.DISCOVERY) {
                    continue;
                }
                if (d.isNegotiated()) {
                    pending.put(key, value.get());
                } else if (d.type() == KeyType.DECLARATIVE) {
                    declared.get(role).put(key, value.get());
                }
            } else {
                pending.put(key, value.get());
            }
            sent.add(key);
            out.add(KeyValue.of(key, value.get()));
        }
        return List.copyOf(out);
    }

    /**
     * Tells the engine that this side sent {@code keys} as they are, without consulting the
     * profile or the placement rules: for the capture analyser replaying a recorded login and for
     * raw-PDU tests that send keys by hand. Offers of negotiated (and removed marker) keys become
     * pending so that the peer's answers are checked; declarations are recorded.
     */
    public void recordSent(List<KeyValue> keys) {
        for (KeyValue kv : keys) {
            Optional<KeyDefinition> def = IscsiKeys.lookup(kv.key());
            sent.add(kv.key());
            if (def.isPresent() && def.get().type() == KeyType.DECLARATIVE) {
                declared.get(role).put(kv.key(), kv.value());
                if (kv.key().equals(IscsiKeys.SESSION_TYPE)) {
                    SessionType.fromWire(kv.value()).ifPresent(t -> sessionType = t);
                }
            } else if (def.isEmpty() || def.get().type() != KeyType.AUTHENTICATION) {
                pending.put(kv.key(), kv.value());
            }
        }
    }

    /**
     * Takes one batch of keys from the peer (one reassembled Login or Text PDU sequence). Call
     * {@link #enterStage} with the PDU's CSG first if the stage changed.
     *
     * @return answers to send and what the peer declared
     * @throws NegotiationException on a protocol error: a key sent twice, a key in the wrong stage,
     *                              by the wrong side or on a non-leading connection, an illegal
     *                              answer, a missing mandatory key
     */
    public Step receive(List<KeyValue> batch) throws NegotiationException {
        if (firstReceive && stage.isLogin()) {
            checkFirstLoginBatch(batch);
        }
        firstReceive = false;
        if (role == Role.TARGET && stage.isLogin()) {
            // SessionType decides relevance of the other keys, wherever it sits in the batch.
            batch.stream().filter(kv -> kv.key().equals(IscsiKeys.SESSION_TYPE)).findFirst()
                    .flatMap(kv -> SessionType.fromWire(kv.value())).ifPresent(t -> sessionType = t);
        }
        Map<Integer, KeyValue> responses = new TreeMap<>();
        List<KeyValue> auth = new ArrayList<>();
        List<KeyValue> declarations = new ArrayList<>();
        Optional<String> sendTargets = Optional.empty();
        List<Integer> deferred = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();

        for (int i = 0; i < batch.size(); i++) {
            KeyValue kv = batch.get(i);
            String key = kv.key();
            Optional<KeyDefinition> def = IscsiKeys.lookup(key);
            boolean repeatable = def.map(KeyDefinition::repeatable).orElse(false);
            if (!repeatable && (received.contains(key) || inBatch.contains(key))) {
                throw NegotiationException.protocolError(SEC6_2, key, "key " + key
                        + " was sent more than once in one negotiation");
            }
            inBatch.add(key);
            if (pending.containsKey(key)) {
                acceptAnswer(def, kv);
                received.add(key);
                continue;
            }
            if (def.isEmpty()) {
                responses.put(i, answerUnknown(kv));
                received.add(key);
                sent.add(key);
                continue;
            }
            KeyDefinition d = def.get();
            if (sent.contains(key) && d.type() == KeyType.DECLARATIVE && TextValues.isReservedAnswer(kv.value())) {
                // The peer answered one of our declarations, e.g. X#NodeArchitecture=NotUnderstood.
                LOG.debug("{} answered our declaration with {}={}", role.peer(), key, kv.value());
                received.add(key);
                continue;
            }
            checkSenderAndPlacement(d);
            received.add(key);
            switch (d.type()) {
                case AUTHENTICATION -> {
                    if (!"CHAP".equals(current(IscsiKeys.AUTH_METHOD))) {
                        throw NegotiationException.protocolError(d.clause(), key, key
                                + " arrived but AuthMethod=CHAP was not negotiated");
                    }
                    auth.add(kv);
                }
                case DECLARATIVE -> {
                    acceptDeclaration(d, kv);
                    declarations.add(kv);
                    if (d.name().equals(IscsiKeys.SEND_TARGETS)) {
                        sendTargets = Optional.of(kv.value());
                    }
                }
                case OBSOLETE -> {
                    // RFC 7143 §13.25: Reject (or No for the marker switches), never NotUnderstood.
                    boolean markInt = key.endsWith("MarkInt");
                    responses.put(i, KeyValue.of(key, markInt ? profile.markIntAnswer() : profile.markerAnswer()));
                    sent.add(key);
                }
                default -> {
                    if (key.equals(IscsiKeys.FIRST_BURST_LENGTH)) {
                        deferred.add(i); // after MaxBurstLength, InitialR2T and ImmediateData
                    } else {
                        responses.put(i, KeyValue.of(key, answerOffer(d, kv.value(), batch)));
                        sent.add(key);
                    }
                }
            }
        }
        for (int i : deferred) {
            KeyValue kv = batch.get(i);
            responses.put(i, KeyValue.of(kv.key(), answerOffer(IscsiKeys.definition(kv.key()), kv.value(), batch)));
            sent.add(kv.key());
        }
        return new Step(new ArrayList<>(responses.values()), auth, declarations, sendTargets);
    }

    /**
     * The outcome so far: negotiated values, defaults for the rest, and both sides'
     * declarations. Boolean offers with an optional, omitted answer settle to the offered value.
     *
     * @throws NegotiationException when the outcome breaks a cross-key rule, e.g.
     *                              FirstBurstLength above MaxBurstLength (RFC 7143 §13.14)
     */
    public NegotiationResult result() throws NegotiationException {
        settleOptionalAnswers();
        int mbl = (int) number(IscsiKeys.MAX_BURST_LENGTH);
        int fbl = (int) number(IscsiKeys.FIRST_BURST_LENGTH);
        boolean initialR2T = bool(IscsiKeys.INITIAL_R2T);
        boolean immediateData = bool(IscsiKeys.IMMEDIATE_DATA);
        if (sessionType == SessionType.NORMAL && !(initialR2T && !immediateData) && fbl > mbl) {
            throw NegotiationException.protocolError("RFC 7143 §13.14", IscsiKeys.FIRST_BURST_LENGTH,
                    "negotiated FirstBurstLength " + fbl + " exceeds MaxBurstLength " + mbl);
        }
        Map<String, String> ini = declared.get(Role.INITIATOR);
        Map<String, String> tgt = declared.get(Role.TARGET);
        OptionalInt tpgt = tgt.containsKey(IscsiKeys.TARGET_PORTAL_GROUP_TAG)
                ? OptionalInt.of((int) TextValues.parseNumber(tgt.get(IscsiKeys.TARGET_PORTAL_GROUP_TAG)).orElse(-1))
                : OptionalInt.empty();
        SessionParameters session = new SessionParameters(sessionType,
                Optional.ofNullable(ini.get(IscsiKeys.INITIATOR_NAME)),
                Optional.ofNullable(ini.get(IscsiKeys.TARGET_NAME)),
                Optional.ofNullable(ini.get(IscsiKeys.INITIATOR_ALIAS)),
                Optional.ofNullable(tgt.get(IscsiKeys.TARGET_ALIAS)), tpgt,
                (int) number(IscsiKeys.MAX_CONNECTIONS), initialR2T, immediateData, mbl, fbl,
                (int) number(IscsiKeys.DEFAULT_TIME2WAIT), (int) number(IscsiKeys.DEFAULT_TIME2RETAIN),
                (int) number(IscsiKeys.MAX_OUTSTANDING_R2T), bool(IscsiKeys.DATA_PDU_IN_ORDER),
                bool(IscsiKeys.DATA_SEQUENCE_IN_ORDER), (int) number(IscsiKeys.ERROR_RECOVERY_LEVEL),
                current(IscsiKeys.TASK_REPORTING), (int) number(IscsiKeys.ISCSI_PROTOCOL_LEVEL));
        ConnectionParameters connection = new ConnectionParameters(
                Digest.fromWire(current(IscsiKeys.HEADER_DIGEST)), Digest.fromWire(current(IscsiKeys.DATA_DIGEST)),
                mrdsl(Role.INITIATOR), mrdsl(Role.TARGET), current(IscsiKeys.AUTH_METHOD));
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyDefinition d : IscsiKeys.all()) {
            if (d.isNegotiated()) {
                values.put(d.name(), current(d.name()));
            }
        }
        tgt.forEach(values::put);
        ini.forEach(values::put);
        values.put(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH, Integer.toString(mrdsl(role)));
        outcome.forEach(values::putIfAbsent);
        return new NegotiationResult(session, connection, values);
    }

    /** The current outcome of a negotiated key: the negotiated value or the RFC default. */
    public String current(String key) {
        String v = outcome.get(key);
        if (v != null) {
            return v;
        }
        return IscsiKeys.lookup(key).flatMap(KeyDefinition::defaultValue).orElse("");
    }

    // ---- receiving answers to our offers ----

    private void acceptAnswer(Optional<KeyDefinition> def, KeyValue kv) throws NegotiationException {
        String key = kv.key();
        String offered = pending.remove(key);
        String answer = kv.value();
        if (def.isEmpty()) {
            // An extension key we offered: any answer is recorded as is.
            if (!TextValues.isReservedAnswer(answer)) {
                outcome.put(key, answer);
            }
            return;
        }
        KeyDefinition d = def.get();
        if (d.type() == KeyType.OBSOLETE) {
            if (TextValues.NOT_UNDERSTOOD.equals(answer)) {
                // RFC 7143 §13.25: "MUST NOT respond with a NotUnderstood value" for the marker keys.
                throw illegalAnswer(d.clause(), key, offered, answer, "NotUnderstood is forbidden for removed keys");
            }
            return;
        }
        if (TextValues.REJECT.equals(answer) || TextValues.IRRELEVANT.equals(answer)
                || TextValues.NOT_UNDERSTOOD.equals(answer)) {
            // RFC 7143 §6.2: the key keeps its current (default) value.
            LOG.debug("{} answered {} for {}={}", role.peer(), answer, key, offered);
            return;
        }
        String clause = d.clause() + ", RFC 7143 §6.2";
        switch (d.type()) {
            case LIST -> {
                if (!TextValues.parseList(offered).contains(answer)) {
                    throw illegalAnswer(clause, key, offered, answer, "not one of the offered values");
                }
            }
            case NUMERICAL_MIN, NUMERICAL_MAX -> {
                OptionalLong a = TextValues.parseNumber(answer);
                OptionalLong o = TextValues.parseNumber(offered);
                if (a.isEmpty() || a.getAsLong() < d.min() || a.getAsLong() > d.max()) {
                    throw illegalAnswer(clause, key, offered, answer, "not a number in " + d.min() + ".." + d.max());
                }
                if (o.isPresent()) {
                    boolean ok = d.type() == KeyType.NUMERICAL_MIN ? a.getAsLong() <= o.getAsLong()
                            : a.getAsLong() >= o.getAsLong();
                    if (!ok) {
                        throw illegalAnswer(clause, key, offered, answer, d.type() == KeyType.NUMERICAL_MIN
                                ? "above the offered value (result function Minimum)"
                                : "below the offered value (result function Maximum)");
                    }
                }
                answer = Long.toString(a.getAsLong());
            }
            case BOOLEAN_AND, BOOLEAN_OR -> {
                Optional<Boolean> a = TextValues.parseBoolean(answer);
                if (a.isEmpty()) {
                    throw illegalAnswer(clause, key, offered, answer, "not Yes or No");
                }
                Optional<Boolean> o = TextValues.parseBoolean(offered);
                if (o.isPresent()) {
                    if (d.type() == KeyType.BOOLEAN_AND && !o.get() && a.get()) {
                        throw illegalAnswer(clause, key, offered, answer, "Yes to an AND offer of No");
                    }
                    if (d.type() == KeyType.BOOLEAN_OR && o.get() && !a.get()) {
                        throw illegalAnswer(clause, key, offered, answer, "No to an OR offer of Yes");
                    }
                }
            }
            default -> throw illegalAnswer(clause, key, offered, answer, "an answer to a key that takes none");
        }
        outcome.put(key, answer);
    }

    private NegotiationException illegalAnswer(String clause, String key, String offered, String answer,
                                               String why) {
        return NegotiationException.protocolError(clause, key, "answer " + key + "=" + answer + " to the offer "
                + key + "=" + offered + " is illegal: " + why);
    }

    // ---- answering the peer's offers ----

    private KeyValue answerUnknown(KeyValue kv) {
        String key = kv.key();
        String known = profile.extensionAnswers().get(key);
        if (known != null) {
            outcome.put(key, known);
            return KeyValue.of(key, known);
        }
        // RFC 7143 §6.2: keys not understood (including unknown X- keys, §13.22).
        LOG.debug("answering NotUnderstood to unknown {}key {}", IscsiKeys.isExtensionKey(key) ? "extension " : "", key);
        return KeyValue.of(key, TextValues.NOT_UNDERSTOOD);
    }

    private String answerOffer(KeyDefinition d, String offer, List<KeyValue> batch) throws NegotiationException {
        String key = d.name();
        String forced = profile.answerOverrides().get(key);
        if (forced != null) {
            // Quirk seam: the profile answers this key its own way, legal or not.
            if (!TextValues.isReservedAnswer(forced)) {
                outcome.put(key, forced);
            }
            return forced;
        }
        if (TextValues.isReservedAnswer(offer)) {
            throw NegotiationException.protocolError(SEC6_2, key, "got " + key + "=" + offer
                    + " although this side offered no " + key);
        }
        if (d.irrelevantInDiscovery() && sessionType == SessionType.DISCOVERY
                && profile.answerIrrelevantInDiscovery()) {
            return TextValues.IRRELEVANT; // RFC 7143 §6.2, "Irrelevant when: SessionType=Discovery"
        }
        // RFC 7143 §6.1: simple values (each value of a list) are at most 255 bytes.
        boolean tooLong = d.type() == KeyType.LIST
                ? TextValues.parseList(offer).stream().anyMatch(TextValues::exceedsSimpleValueLength)
                : TextValues.exceedsSimpleValueLength(offer);
        if (tooLong) {
            return TextValues.REJECT;
        }
        Optional<String> local = profile.value(key);
        String answer;
        switch (d.type()) {
            case LIST -> {
                List<String> offered = TextValues.parseList(offer);
                if (offered.stream().anyMatch(v -> v.isEmpty() || !TextValues.isTextValue(v))) {
                    return TextValues.REJECT;
                }
                List<String> supported = TextValues.parseList(local.orElse(d.defaultValue().orElse("")));
                // RFC 7143 §6.2.1: the first offered value the responder supports.
                answer = offered.stream().filter(supported::contains).findFirst().orElse(TextValues.REJECT);
            }
            case NUMERICAL_MIN, NUMERICAL_MAX -> {
                OptionalLong o = TextValues.parseNumber(offer);
                if (o.isEmpty() || o.getAsLong() < d.min() || o.getAsLong() > d.max()) {
                    return TextValues.REJECT; // RFC 7143 §6.2.2: not admissible
                }
                long mine = TextValues.parseNumber(local.orElse(d.defaultValue().orElse("0")))
                        .orElse(o.getAsLong());
                long a = d.type() == KeyType.NUMERICAL_MIN ? Math.min(o.getAsLong(), mine)
                        : Math.max(o.getAsLong(), mine);
                if (key.equals(IscsiKeys.FIRST_BURST_LENGTH)) {
                    Optional<String> fblAnswer = firstBurstLength(o.getAsLong(), batch);
                    if (fblAnswer.isPresent()) {
                        return fblAnswer.get();
                    }
                    a = Math.min(a, number(IscsiKeys.MAX_BURST_LENGTH));
                }
                answer = Long.toString(a);
            }
            case BOOLEAN_AND, BOOLEAN_OR -> {
                Optional<Boolean> o = TextValues.parseBoolean(offer);
                if (o.isEmpty()) {
                    return TextValues.REJECT;
                }
                boolean mine = TextValues.parseBoolean(local.orElse(d.defaultValue().orElse("No"))).orElse(o.get());
                answer = TextValues.formatBoolean(d.type() == KeyType.BOOLEAN_AND ? o.get() && mine : o.get() || mine);
            }
            default -> throw new IllegalStateException("not a negotiated key: " + key);
        }
        if (!TextValues.REJECT.equals(answer)) {
            outcome.put(key, answer);
        }
        return answer;
    }

    /** RFC 7143 §13.14 rules; empty means answer by the Minimum function. */
    private Optional<String> firstBurstLength(long offered, List<KeyValue> batch) {
        if (bool(IscsiKeys.INITIAL_R2T) && !bool(IscsiKeys.IMMEDIATE_DATA)) {
            return Optional.of(TextValues.IRRELEVANT);
        }
        // The offerer's own MaxBurstLength in this batch: FirstBurstLength must not exceed it.
        for (KeyValue kv : batch) {
            if (kv.key().equals(IscsiKeys.MAX_BURST_LENGTH)) {
                OptionalLong mbl = TextValues.parseNumber(kv.value());
                if (mbl.isPresent() && offered > mbl.getAsLong()) {
                    return Optional.of(TextValues.REJECT);
                }
            }
        }
        return Optional.empty();
    }

    // ---- declarations ----

    private void acceptDeclaration(KeyDefinition d, KeyValue kv) throws NegotiationException {
        String key = d.name();
        String v = kv.value();
        String problem = switch (d.syntax()) {
            case ISCSI_NAME -> IscsiName.problem(v).orElse(null);
            case NUMBER -> {
                OptionalLong n = TextValues.parseNumber(v);
                yield n.isEmpty() || n.getAsLong() < d.min() || n.getAsLong() > d.max()
                        ? "\"" + v + "\" is not a number in " + d.min() + ".." + d.max() : null;
            }
            case ADDRESS -> TARGET_ADDRESS.matcher(v).matches() ? null
                    : "\"" + v + "\" is not domainname[:port][,portal-group-tag]";
            case LOCAL_NAME, TEXT_LIST -> v.getBytes(StandardCharsets.UTF_8).length
                    > TextValues.MAX_SIMPLE_VALUE_BYTES ? "value longer than 255 bytes" : null;
            case SEND_TARGETS -> v.isEmpty() || v.equals("All") ? null : IscsiName.problem(v).orElse(null);
            case TEXT -> d.values().isEmpty() || d.values().contains(v) ? null
                    : "\"" + v + "\" is not one of " + d.values();
            default -> null;
        };
        if (problem != null) {
            int status = key.equals(IscsiKeys.SESSION_TYPE) ? NegotiationException.SESSION_TYPE_NOT_SUPPORTED
                    : NegotiationException.INITIATOR_ERROR;
            throw new NegotiationException(status, d.clause(), key, "bad declaration " + key + "=" + v + ": "
                    + problem);
        }
        declared.get(role.peer()).put(key, v);
        if (key.equals(IscsiKeys.SESSION_TYPE)) {
            sessionType = SessionType.fromWire(v).orElseThrow();
        }
    }

    // ---- placement rules ----

    private void checkSenderAndPlacement(KeyDefinition d) throws NegotiationException {
        if (!d.senders().allows(role.peer())) {
            throw NegotiationException.protocolError(d.clause(), d.name(), "the " + role.peer().name().toLowerCase()
                    + " must not send " + d.name() + " (Senders: " + d.senders().name().toLowerCase() + ")");
        }
        Optional<String> problem = placementProblem(d, role.peer());
        if (problem.isPresent()) {
            throw NegotiationException.protocolError(d.clause(), d.name(), problem.get());
        }
    }

    /** Why {@code d} may not be sent by {@code sender} here and now, if it may not. */
    private Optional<String> placementProblem(KeyDefinition d, Role sender) {
        if (d.name().equals(IscsiKeys.TARGET_NAME)) {
            // RFC 7143 §13.4: "IO by initiator, FFPO by target" (only in SendTargets responses).
            if (sender == Role.INITIATOR && !stage.isLogin()) {
                return Optional.of("TargetName from the initiator is only allowed during login (IO)");
            }
            if (sender == Role.TARGET && stage.isLogin()) {
                return Optional.of("TargetName from the target is only allowed in full feature phase (FFPO),"
                        + " in a SendTargets response");
            }
        }
        boolean anyStage = d.type() == KeyType.DECLARATIVE && !d.name().equals(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH);
        String where = stage.name().toLowerCase().replace('_', ' ');
        switch (d.use()) {
            case SECURITY -> {
                if (stage != Stage.SECURITY_NEGOTIATION) {
                    return Optional.of(d.name() + " is only allowed in the security negotiation stage, not in "
                            + where);
                }
            }
            case FFPO -> {
                if (stage.isLogin()) {
                    return Optional.of(d.name() + " is only allowed in full feature phase (FFPO), not in " + where);
                }
            }
            case IO, LO -> {
                if (!stage.isLogin()) {
                    return Optional.of(d.name() + " is only allowed during login (" + d.use() + "), not in "
                            + where);
                }
                if (d.use() == KeyUse.LO && !leadingConnection) {
                    return Optional.of(d.name() + " is leading-only (LO) and this is not the leading connection");
                }
            }
            case ALL -> {
            }
            default -> {
            }
        }
        if (stage == Stage.SECURITY_NEGOTIATION && d.use() != KeyUse.SECURITY && !anyStage
                && d.type() != KeyType.OBSOLETE && profile.strictStages()) {
            return Optional.of(d.name() + " is an operational key and not allowed in the security negotiation stage");
        }
        return Optional.empty();
    }

    private void checkFirstLoginBatch(List<KeyValue> batch) throws NegotiationException {
        Set<String> keys = new HashSet<>();
        batch.forEach(kv -> keys.add(kv.key()));
        if (role == Role.TARGET) {
            if (!keys.contains(IscsiKeys.INITIATOR_NAME)) {
                throw new NegotiationException(NegotiationException.MISSING_PARAMETER, "RFC 7143 §13.5",
                        IscsiKeys.INITIATOR_NAME, "the first Login Request has no InitiatorName");
            }
            String type = batch.stream().filter(kv -> kv.key().equals(IscsiKeys.SESSION_TYPE))
                    .map(KeyValue::value).findFirst().orElse(SessionType.NORMAL.wire());
            if (SessionType.NORMAL.wire().equals(type) && !keys.contains(IscsiKeys.TARGET_NAME)) {
                throw new NegotiationException(NegotiationException.MISSING_PARAMETER, "RFC 7143 §13.4",
                        IscsiKeys.TARGET_NAME, "the first Login Request of a Normal session has no TargetName");
            }
        } else if (profile.requireTargetPortalGroupTag() && leadingConnection
                && sessionType == SessionType.NORMAL && !keys.contains(IscsiKeys.TARGET_PORTAL_GROUP_TAG)) {
            throw NegotiationException.protocolError("RFC 7143 §13.9", IscsiKeys.TARGET_PORTAL_GROUP_TAG,
                    "the first Login Response of a Normal session has no TargetPortalGroupTag");
        }
    }

    // ---- values ----

    private long number(String key) {
        return TextValues.parseNumber(current(key)).orElse(0);
    }

    private boolean bool(String key) {
        return TextValues.parseBoolean(current(key)).orElse(false);
    }

    private int mrdsl(Role r) {
        String v = declared.get(r).get(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH);
        return (int) TextValues.parseNumber(v == null ? "8192" : v).orElse(8192);
    }
}
