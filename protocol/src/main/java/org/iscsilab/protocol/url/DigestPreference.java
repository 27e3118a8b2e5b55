package org.iscsilab.protocol.url;

import java.util.Arrays;
import java.util.Optional;

/**
 * A digest choice as written in libiscsi URLs ({@code ?header_digest=none-crc32c}) and the
 * HeaderDigest/DataDigest offer it stands for (RFC 7143 §13.1).
 */
public enum DigestPreference {
    /** Offer only None. */
    NONE("none", "None"),
    /** Offer only CRC32C. */
    CRC32C("crc32c", "CRC32C"),
    /** Offer None, accept CRC32C. */
    NONE_CRC32C("none-crc32c", "None,CRC32C"),
    /** Offer CRC32C, accept None. */
    CRC32C_NONE("crc32c-none", "CRC32C,None");

    private final String urlValue;
    private final String offer;

    DigestPreference(String urlValue, String offer) {
        this.urlValue = urlValue;
        this.offer = offer;
    }

    /** The spelling in a URL query. */
    public String urlValue() {
        return urlValue;
    }

    /** The value of the HeaderDigest/DataDigest key to offer, e.g. {@code CRC32C,None}. */
    public String offer() {
        return offer;
    }

    /** Parses a URL query value (case-insensitive). */
    public static Optional<DigestPreference> fromUrlValue(String value) {
        return Arrays.stream(values()).filter(d -> d.urlValue.equalsIgnoreCase(value)).findFirst();
    }
}
