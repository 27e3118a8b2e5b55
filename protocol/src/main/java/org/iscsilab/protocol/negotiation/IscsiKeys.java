package org.iscsilab.protocol.negotiation;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every key of RFC 7143 §12.1 and §13, RFC 7144's iSCSIProtocolLevel, and X#NodeArchitecture. */
public final class IscsiKeys {

    public static final String HEADER_DIGEST = "HeaderDigest";
    public static final String DATA_DIGEST = "DataDigest";
    public static final String MAX_CONNECTIONS = "MaxConnections";
    public static final String SEND_TARGETS = "SendTargets";
    public static final String TARGET_NAME = "TargetName";
    public static final String INITIATOR_NAME = "InitiatorName";
    public static final String TARGET_ALIAS = "TargetAlias";
    public static final String INITIATOR_ALIAS = "InitiatorAlias";
    public static final String TARGET_ADDRESS = "TargetAddress";
    public static final String TARGET_PORTAL_GROUP_TAG = "TargetPortalGroupTag";
    public static final String INITIAL_R2T = "InitialR2T";
    public static final String IMMEDIATE_DATA = "ImmediateData";
    public static final String MAX_RECV_DATA_SEGMENT_LENGTH = "MaxRecvDataSegmentLength";
    public static final String MAX_BURST_LENGTH = "MaxBurstLength";
    public static final String FIRST_BURST_LENGTH = "FirstBurstLength";
    public static final String DEFAULT_TIME2WAIT = "DefaultTime2Wait";
    public static final String DEFAULT_TIME2RETAIN = "DefaultTime2Retain";
    public static final String MAX_OUTSTANDING_R2T = "MaxOutstandingR2T";
    public static final String DATA_PDU_IN_ORDER = "DataPDUInOrder";
    public static final String DATA_SEQUENCE_IN_ORDER = "DataSequenceInOrder";
    public static final String ERROR_RECOVERY_LEVEL = "ErrorRecoveryLevel";
    public static final String SESSION_TYPE = "SessionType";
    public static final String TASK_REPORTING = "TaskReporting";
    public static final String ISCSI_PROTOCOL_LEVEL = "iSCSIProtocolLevel";
    public static final String NODE_ARCHITECTURE = "X#NodeArchitecture";
    public static final String AUTH_METHOD = "AuthMethod";
    public static final String OF_MARKER = "OFMarker";
    public static final String IF_MARKER = "IFMarker";
    public static final String OF_MARK_INT = "OFMarkInt";
    public static final String IF_MARK_INT = "IFMarkInt";
    public static final String CHAP_A = "CHAP_A";
    public static final String CHAP_I = "CHAP_I";
    public static final String CHAP_C = "CHAP_C";
    public static final String CHAP_N = "CHAP_N";
    public static final String CHAP_R = "CHAP_R";

    /** 2^24 - 1, the upper bound of the data-length keys (RFC 7143 §13.12-§13.14). */
    public static final long MAX_24_BIT = (1L << 24) - 1;

    private static final Map<String, KeyDefinition> KEYS = new LinkedHashMap<>();

    // Irrelevant in discovery as Linux LIO's iscsi_set_keys_irrelevant_for_discovery() does:
    // RFC 7143 names MaxConnections..DataSequenceInOrder; LIO adds DefaultTime2Wait/Retain and
    // ErrorRecoveryLevel, which have no use in a discovery session either.
    static {
        list(HEADER_DIGEST, KeyUse.IO, false, List.of("CRC32C", "None"), "None", false, "RFC 7143 §13.1");
        list(DATA_DIGEST, KeyUse.IO, false, List.of("CRC32C", "None"), "None", false, "RFC 7143 §13.1");
        num(MAX_CONNECTIONS, KeyType.NUMERICAL_MIN, 1, 65535, 1, true, "RFC 7143 §13.2");
        put(new KeyDefinition(SEND_TARGETS, KeyType.DECLARATIVE, KeyUse.FFPO, Senders.INITIATOR, true,
                ValueSyntax.SEND_TARGETS, 0, 0, List.of(), Optional.empty(), false, false, "RFC 7143 §13.3"));
        put(new KeyDefinition(TARGET_NAME, KeyType.DECLARATIVE, KeyUse.ALL, Senders.BOTH, true,
                ValueSyntax.ISCSI_NAME, 0, 0, List.of(), Optional.empty(), false, true, "RFC 7143 §13.4"));
        put(new KeyDefinition(INITIATOR_NAME, KeyType.DECLARATIVE, KeyUse.IO, Senders.INITIATOR, true,
                ValueSyntax.ISCSI_NAME, 0, 0, List.of(), Optional.empty(), false, false, "RFC 7143 §13.5"));
        put(new KeyDefinition(TARGET_ALIAS, KeyType.DECLARATIVE, KeyUse.ALL, Senders.TARGET, true,
                ValueSyntax.LOCAL_NAME, 0, 0, List.of(), Optional.empty(), false, false, "RFC 7143 §13.6"));
        put(new KeyDefinition(INITIATOR_ALIAS, KeyType.DECLARATIVE, KeyUse.ALL, Senders.INITIATOR, true,
                ValueSyntax.LOCAL_NAME, 0, 0, List.of(), Optional.empty(), false, false, "RFC 7143 §13.7"));
        put(new KeyDefinition(TARGET_ADDRESS, KeyType.DECLARATIVE, KeyUse.ALL, Senders.TARGET, true,
                ValueSyntax.ADDRESS, 0, 0, List.of(), Optional.empty(), false, true, "RFC 7143 §13.8"));
        put(new KeyDefinition(TARGET_PORTAL_GROUP_TAG, KeyType.DECLARATIVE, KeyUse.IO, Senders.TARGET, true,
                ValueSyntax.NUMBER, 0, 65535, List.of(), Optional.empty(), false, false, "RFC 7143 §13.9"));
        bool(INITIAL_R2T, KeyType.BOOLEAN_OR, true, "RFC 7143 §13.10");
        bool(IMMEDIATE_DATA, KeyType.BOOLEAN_AND, true, "RFC 7143 §13.11");
        put(new KeyDefinition(MAX_RECV_DATA_SEGMENT_LENGTH, KeyType.DECLARATIVE, KeyUse.ALL, Senders.BOTH, false,
                ValueSyntax.NUMBER, 512, MAX_24_BIT, List.of(), Optional.of("8192"), false, false,
                "RFC 7143 §13.12"));
        num(MAX_BURST_LENGTH, KeyType.NUMERICAL_MIN, 512, MAX_24_BIT, 262144, true, "RFC 7143 §13.13");
        num(FIRST_BURST_LENGTH, KeyType.NUMERICAL_MIN, 512, MAX_24_BIT, 65536, true, "RFC 7143 §13.14");
        num(DEFAULT_TIME2WAIT, KeyType.NUMERICAL_MAX, 0, 3600, 2, true, "RFC 7143 §13.15");
        num(DEFAULT_TIME2RETAIN, KeyType.NUMERICAL_MIN, 0, 3600, 20, true, "RFC 7143 §13.16");
        num(MAX_OUTSTANDING_R2T, KeyType.NUMERICAL_MIN, 1, 65535, 1, true, "RFC 7143 §13.17");
        bool(DATA_PDU_IN_ORDER, KeyType.BOOLEAN_OR, true, "RFC 7143 §13.18");
        bool(DATA_SEQUENCE_IN_ORDER, KeyType.BOOLEAN_OR, true, "RFC 7143 §13.19");
        num(ERROR_RECOVERY_LEVEL, KeyType.NUMERICAL_MIN, 0, 2, 0, true, "RFC 7143 §13.20");
        put(new KeyDefinition(SESSION_TYPE, KeyType.DECLARATIVE, KeyUse.LO, Senders.INITIATOR, true,
                ValueSyntax.TEXT, 0, 0, List.of("Discovery", "Normal"), Optional.of("Normal"), false, false,
                "RFC 7143 §13.21"));
        put(new KeyDefinition(TASK_REPORTING, KeyType.LIST, KeyUse.LO, Senders.BOTH, true, ValueSyntax.TEXT_LIST,
                0, 0, List.of("RFC3720", "ResponseFence", "FastAbort"), Optional.of("RFC3720"), true, false,
                "RFC 7143 §13.23"));
        // RFC 7144 §2.1 / RFC 7143 §13.24: result function Minimum, range 0-31.
        num(ISCSI_PROTOCOL_LEVEL, KeyType.NUMERICAL_MIN, 0, 31, 1, false, "RFC 7143 §13.24");
        put(new KeyDefinition(NODE_ARCHITECTURE, KeyType.DECLARATIVE, KeyUse.LO, Senders.BOTH, true,
                ValueSyntax.TEXT_LIST, 0, 0, List.of(), Optional.empty(), false, false, "RFC 7143 §13.26"));
        put(new KeyDefinition(AUTH_METHOD, KeyType.LIST, KeyUse.SECURITY, Senders.BOTH, false,
                ValueSyntax.TEXT_LIST, 0, 0, List.of("KRB5", "SRP", "CHAP", "None", "SPKM1", "SPKM2"),
                Optional.of("None"), false, false, "RFC 7143 §12.1"));
        for (String k : List.of(OF_MARKER, IF_MARKER, OF_MARK_INT, IF_MARK_INT)) {
            put(new KeyDefinition(k, KeyType.OBSOLETE, KeyUse.IO, Senders.BOTH, false, ValueSyntax.OPAQUE, 0, 0,
                    List.of(), Optional.empty(), false, false, "RFC 7143 §13.25"));
        }
        auth(CHAP_A, Senders.BOTH);
        auth(CHAP_I, Senders.BOTH);
        auth(CHAP_C, Senders.BOTH);
        auth(CHAP_N, Senders.BOTH);
        auth(CHAP_R, Senders.BOTH);
    }

    private IscsiKeys() {
    }

    /** The definition of {@code key}, or empty for a key this implementation does not know. */
    public static Optional<KeyDefinition> lookup(String key) {
        return Optional.ofNullable(KEYS.get(key));
    }

    /** The definition of a key known to exist. */
    public static KeyDefinition definition(String key) {
        return lookup(key).orElseThrow(() -> new IllegalArgumentException("unknown key " + key));
    }

    /** All known keys, in RFC order. */
    public static Collection<KeyDefinition> all() {
        return KEYS.values();
    }

    /**
     * Whether the name has the form of an extension key: {@code X-} private (RFC 7143 §13.22)
     * or {@code X#}/{@code Y#}/{@code Z#} public (IANA-registered, §13.22, §13.26).
     */
    public static boolean isExtensionKey(String key) {
        return key.startsWith("X-") || key.startsWith("X#") || key.startsWith("Y#") || key.startsWith("Z#")
                || key.startsWith("Z-");
    }

    private static void put(KeyDefinition d) {
        KEYS.put(d.name(), d);
    }

    private static void list(String name, KeyUse use, boolean irrelevantInDiscovery, List<String> values,
                             String dflt, boolean sessionWide, String clause) {
        put(new KeyDefinition(name, KeyType.LIST, use, Senders.BOTH, sessionWide, ValueSyntax.TEXT_LIST, 0, 0,
                values, Optional.of(dflt), irrelevantInDiscovery, false, clause));
    }

    private static void num(String name, KeyType type, long min, long max, long dflt,
                            boolean irrelevantInDiscovery, String clause) {
        put(new KeyDefinition(name, type, KeyUse.LO, Senders.BOTH, true, ValueSyntax.NUMBER, min, max, List.of(),
                Optional.of(Long.toString(dflt)), irrelevantInDiscovery, false, clause));
    }

    private static void bool(String name, KeyType type, boolean dflt, String clause) {
        put(new KeyDefinition(name, type, KeyUse.LO, Senders.BOTH, true, ValueSyntax.BOOLEAN, 0, 0, List.of(),
                Optional.of(dflt ? "Yes" : "No"), true, false, clause));
    }

    private static void auth(String name, Senders senders) {
        put(new KeyDefinition(name, KeyType.AUTHENTICATION, KeyUse.SECURITY, senders, false, ValueSyntax.OPAQUE,
                0, 0, List.of(), Optional.empty(), false, false, "RFC 7143 §12.1.3"));
    }
}
