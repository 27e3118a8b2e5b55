package org.iscsilab.protocol.text;

import java.util.Objects;

/**
 * One {@code key=value} pair of a Text or Login data segment (RFC 7143 §6.1). Any key and value
 * is representable, including unknown keys and illegal values, so that a peer's mistakes can be
 * carried and reported.
 *
 * @param key   the key name, case-sensitive
 * @param value the value, possibly empty
 */
public record KeyValue(String key, String value) {

    /** Validates non-null components. */
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** Shorthand constructor. */
    public static KeyValue of(String key, String value) {
        return new KeyValue(key, value);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
