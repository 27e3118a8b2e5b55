package org.iscsilab.protocol.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * A CHAP_A algorithm number (RFC 7143 §12.1.3, IANA PPP authentication algorithms). Open value:
 * any number is representable; only the four below can be computed.
 *
 * @param code the number sent in CHAP_A
 */
public record ChapAlgorithm(int code) {

    /** MD5, mandatory to implement and to offer (RFC 7143 §12.1.3, RFC 1994). */
    public static final ChapAlgorithm MD5 = new ChapAlgorithm(5);
    /** SHA-1, as Linux (LIO, open-iscsi) numbers it. */
    public static final ChapAlgorithm SHA1 = new ChapAlgorithm(6);
    /** SHA-256, as Linux numbers it. */
    public static final ChapAlgorithm SHA256 = new ChapAlgorithm(7);
    /** SHA3-256, as Linux numbers it. */
    public static final ChapAlgorithm SHA3_256 = new ChapAlgorithm(8);

    /** The Java digest name, or empty when this implementation cannot compute the algorithm. */
    public Optional<String> digestName() {
        return switch (code) {
            case 5 -> Optional.of("MD5");
            case 6 -> Optional.of("SHA-1");
            case 7 -> Optional.of("SHA-256");
            case 8 -> Optional.of("SHA3-256");
            default -> Optional.empty();
        };
    }

    /** Whether responses can be computed with this algorithm. */
    public boolean isSupported() {
        return digestName().isPresent();
    }

    /** Digest length in bytes (0 when unsupported). */
    public int digestLength() {
        return switch (code) {
            case 5 -> 16;
            case 6 -> 20;
            case 7, 8 -> 32;
            default -> 0;
        };
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(digestName().orElseThrow(
                    () -> new IllegalStateException("CHAP algorithm " + code + " is not supported")));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + digestName().orElse("?"), e);
        }
    }

    @Override
    public String toString() {
        return Integer.toString(code) + digestName().map(n -> "(" + n + ")").orElse("(unknown)");
    }
}
