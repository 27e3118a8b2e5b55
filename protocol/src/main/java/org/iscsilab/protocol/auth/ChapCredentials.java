package org.iscsilab.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A CHAP name and secret. {@link #toString()} never shows the secret.
 */
public final class ChapCredentials {

    private final String name;
    private final byte[] secret;

    /** Credentials with a binary secret (copied). */
    public ChapCredentials(String name, byte[] secret) {
        this.name = Objects.requireNonNull(name, "name");
        this.secret = Objects.requireNonNull(secret, "secret").clone();
    }

    /** Credentials with a UTF-8 text secret, as most configurations hold them. */
    public static ChapCredentials of(String name, String secret) {
        return new ChapCredentials(name, secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The CHAP_N name. */
    public String name() {
        return name;
    }

    /** A copy of the secret. */
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChapCredentials c && c.name.equals(name) && Arrays.equals(c.secret, secret);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return "ChapCredentials[name=" + name + ", secret=***]";
    }
}
