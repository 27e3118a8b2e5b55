package org.iscsilab.protocol.negotiation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one side supports and wants. Every value is configurable, including non-conforming ones
 * for quirk profiles; the engine never "fixes" a profile's own offers.
 *
 * <p>Meaning of {@code values} by key type: list keys — supported values in order of preference
 * ({@code CRC32C,None}); numerical keys — this side's limit; boolean keys — this side's wish;
 * declarative keys — the value to declare.
 *
 * @param values                     key → local value
 * @param offers                     keys this side sends on its own initiative, in order (the
 *                                   engine sends each only where the RFC allows it)
 * @param answerIrrelevantInDiscovery answer "Irrelevant" to keys irrelevant in a discovery session
 *                                   (RFC 7143 §6.2); false answers them normally
 * @param markerAnswer               answer to OFMarker/IFMarker (RFC 7143 §13.25: SHOULD Reject, MAY No)
 * @param markIntAnswer              answer to OFMarkInt/IFMarkInt (RFC 7143 §13.25: MUST Reject)
 * @param extensionAnswers           answers to extension (X-, X#) keys this side understands
 * @param strictStages               refuse operational keys in the security stage as Linux LIO does
 * @param requireTargetPortalGroupTag an initiator requires TPGT in the first Login Response of a
 *                                   Normal session's leading connection (RFC 7143 §13.9)
 * @param answerOverrides            quirk seam: fixed answers sent for these keys whatever the rules
 *                                   say (e.g. InitialR2T answered with the opposite meaning, C18)
 */
public record NegotiationProfile(Map<String, String> values, List<String> offers,
                                 boolean answerIrrelevantInDiscovery, String markerAnswer, String markIntAnswer,
                                 Map<String, String> extensionAnswers, boolean strictStages,
                                 boolean requireTargetPortalGroupTag, Map<String, String> answerOverrides) {

    /** Copies the collections. */
    public NegotiationProfile {
        values = Map.copyOf(values);
        offers = List.copyOf(offers);
        Objects.requireNonNull(markerAnswer, "markerAnswer");
        Objects.requireNonNull(markIntAnswer, "markIntAnswer");
        extensionAnswers = Map.copyOf(extensionAnswers);
        answerOverrides = Map.copyOf(answerOverrides);
    }

    private static final List<String> INITIATOR_OFFERS = List.of(
            IscsiKeys.INITIATOR_NAME, IscsiKeys.INITIATOR_ALIAS, IscsiKeys.SESSION_TYPE, IscsiKeys.TARGET_NAME,
            IscsiKeys.AUTH_METHOD, IscsiKeys.HEADER_DIGEST, IscsiKeys.DATA_DIGEST,
            IscsiKeys.MAX_CONNECTIONS, IscsiKeys.INITIAL_R2T, IscsiKeys.IMMEDIATE_DATA,
            IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH, IscsiKeys.MAX_BURST_LENGTH, IscsiKeys.FIRST_BURST_LENGTH,
            IscsiKeys.DEFAULT_TIME2WAIT, IscsiKeys.DEFAULT_TIME2RETAIN, IscsiKeys.MAX_OUTSTANDING_R2T,
            IscsiKeys.DATA_PDU_IN_ORDER, IscsiKeys.DATA_SEQUENCE_IN_ORDER, IscsiKeys.ERROR_RECOVERY_LEVEL);

    private static final List<String> TARGET_OFFERS = List.of(
            IscsiKeys.TARGET_PORTAL_GROUP_TAG, IscsiKeys.TARGET_ALIAS, IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH);

    /** RFC defaults for every negotiated key plus MaxRecvDataSegmentLength. */
    public static Map<String, String> rfcDefaults() {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeyDefinition d : IscsiKeys.all()) {
            if (d.isNegotiated() || d.name().equals(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH)) {
                d.defaultValue().ifPresent(v -> m.put(d.name(), v));
            }
        }
        m.put(IscsiKeys.HEADER_DIGEST, "None");
        m.put(IscsiKeys.DATA_DIGEST, "None");
        m.put(IscsiKeys.AUTH_METHOD, "None");
        m.put(IscsiKeys.TASK_REPORTING, "RFC3720");
        return m;
    }

    /**
     * A conforming initiator: RFC defaults, MaxRecvDataSegmentLength 262144, offers all operational
     * keys. Add TargetName for a Normal session with {@link #with}.
     */
    public static NegotiationProfile initiator(String initiatorName) {
        Map<String, String> v = rfcDefaults();
        v.put(IscsiKeys.INITIATOR_NAME, initiatorName);
        v.put(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH, "262144");
        return new NegotiationProfile(v, INITIATOR_OFFERS, true, "Reject", "Reject", Map.of(), true, true, Map.of());
    }

    /** A conforming target: RFC defaults, portal group tag 1, accepts CRC32C or None digests. */
    public static NegotiationProfile target() {
        Map<String, String> v = rfcDefaults();
        v.put(IscsiKeys.HEADER_DIGEST, "None,CRC32C");
        v.put(IscsiKeys.DATA_DIGEST, "None,CRC32C");
        v.put(IscsiKeys.TARGET_PORTAL_GROUP_TAG, "1");
        v.put(IscsiKeys.MAX_RECV_DATA_SEGMENT_LENGTH, "262144");
        return new NegotiationProfile(v, TARGET_OFFERS, true, "Reject", "Reject", Map.of(), true, true, Map.of());
    }

    /** This side's value for {@code key}, if any. */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A copy with {@code key} set to {@code value}. */
    public NegotiationProfile with(String key, String value) {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.put(key, value);
        return new NegotiationProfile(v, offers, answerIrrelevantInDiscovery, markerAnswer, markIntAnswer,
                extensionAnswers, strictStages, requireTargetPortalGroupTag, answerOverrides);
    }

    /** A copy without a value for {@code key} (and not offering it). */
    public NegotiationProfile without(String key) {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.remove(key);
        List<String> o = new ArrayList<>(offers);
        o.remove(key);
        return new NegotiationProfile(v, o, answerIrrelevantInDiscovery, markerAnswer, markIntAnswer,
                extensionAnswers, strictStages, requireTargetPortalGroupTag, answerOverrides);
    }

    /** A copy that offers exactly {@code keys}, in that order. */
    public NegotiationProfile offering(List<String> keys) {
        return new NegotiationProfile(values, keys, answerIrrelevantInDiscovery, markerAnswer, markIntAnswer,
                extensionAnswers, strictStages, requireTargetPortalGroupTag, answerOverrides);
    }

    /** A copy that also offers {@code key} (appended). */
    public NegotiationProfile alsoOffering(String key) {
        List<String> o = new ArrayList<>(offers);
        if (!o.contains(key)) {
            o.add(key);
        }
        return offering(o);
    }

    /** A copy with other answers to the removed marker keys (quirks). */
    public NegotiationProfile withMarkerAnswers(String marker, String markInt) {
        return new NegotiationProfile(values, offers, answerIrrelevantInDiscovery, marker, markInt,
                extensionAnswers, strictStages, requireTargetPortalGroupTag, answerOverrides);
    }

    /** A copy that understands extension key {@code key} and answers it with {@code answer}. */
    public NegotiationProfile understanding(String key, String answer) {
        Map<String, String> e = new LinkedHashMap<>(extensionAnswers);
        e.put(key, answer);
        return new NegotiationProfile(values, offers, answerIrrelevantInDiscovery, markerAnswer, markIntAnswer, e,
                strictStages, requireTargetPortalGroupTag, answerOverrides);
    }

    /** A copy with the switches set. */
    public NegotiationProfile withSwitches(boolean answerIrrelevantInDiscovery, boolean strictStages,
                                           boolean requireTargetPortalGroupTag) {
        return new NegotiationProfile(values, offers, answerIrrelevantInDiscovery, markerAnswer, markIntAnswer,
                extensionAnswers, strictStages, requireTargetPortalGroupTag, answerOverrides);
    }

    /** A copy that always answers {@code key} with {@code answer}, right or wrong (quirks). */
    public NegotiationProfile answering(String key, String answer) {
        Map<String, String> o = new LinkedHashMap<>(answerOverrides);
        o.put(key, answer);
        return new NegotiationProfile(values, offers, answerIrrelevantInDiscovery, markerAnswer, markIntAnswer,
                extensionAnswers, strictStages, requireTargetPortalGroupTag, o);
    }
}
