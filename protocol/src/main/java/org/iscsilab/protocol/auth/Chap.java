package org.iscsilab.protocol.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.iscsilab.protocol.text.TextValues;

/**
 * CHAP computations and checks (RFC 1994 §4.1, RFC 7143 §9.2.1 and §12.1.3).
 */
public final class Chap {

    /** RFC 7143 §12.1.3: C and R are at most 1024 bytes once decoded. */
    public static final int MAX_BINARY_LENGTH = TextValues.MAX_LARGE_BINARY_BYTES;
    /** RFC 7143 §9.2.1: secrets of fewer than 96 bits need IPsec encryption. */
    public static final int MIN_SECRET_LENGTH_WITHOUT_IPSEC = 12;

    private Chap() {
    }

    /**
     * The CHAP response: H(identifier byte || secret || challenge) (RFC 1994 §4.1).
     */
    public static byte[] response(ChapAlgorithm algorithm, int identifier, byte[] secret, byte[] challenge) {
        if (identifier < 0 || identifier > 255) {
            throw new IllegalArgumentException("CHAP identifier " + identifier + " is not 0..255");
        }
        MessageDigest md = algorithm.newDigest();
        md.update((byte) identifier);
        md.update(secret);
        md.update(challenge);
        return md.digest();
    }

    /** A fresh random challenge of {@code length} bytes. */
    public static byte[] newChallenge(SecureRandom random, int length) {
        if (length < 1 || length > MAX_BINARY_LENGTH) {
            throw new IllegalArgumentException("challenge length " + length + " is not 1.." + MAX_BINARY_LENGTH);
        }
        byte[] c = new byte[length];
        random.nextBytes(c);
        return c;
    }

    /** A fresh random identifier 0..255. */
    public static int newIdentifier(SecureRandom random) {
        return random.nextInt(256);
    }

    /**
     * Checks a secret: at least one octet (RFC 1994 §2.2) and, without IPsec, at least 96 bits
     * (RFC 7143 §9.2.1).
     *
     * @throws AuthenticationException when the secret is too short
     */
    public static void checkSecret(byte[] secret, boolean ipsecEncrypted) throws AuthenticationException {
        if (secret.length == 0) {
            throw AuthenticationException.failure("RFC 1994 §2.2", null, "the CHAP secret is empty");
        }
        if (!ipsecEncrypted && secret.length < MIN_SECRET_LENGTH_WITHOUT_IPSEC) {
            throw AuthenticationException.failure("RFC 7143 §9.2.1", null, "the CHAP secret is " + secret.length
                    + " bytes; without IPsec at least " + MIN_SECRET_LENGTH_WITHOUT_IPSEC + " bytes (96 bits)"
                    + " are required");
        }
    }

    /**
     * Parses CHAP_I: a number 0..255 (RFC 7143 §12.1.3, RFC 1994 one-octet identifier).
     */
    public static int parseIdentifier(String value) throws AuthenticationException {
        OptionalLong n = TextValues.parseNumber(value);
        if (n.isEmpty() || n.getAsLong() > 255) {
            throw AuthenticationException.failure("RFC 7143 §12.1.3", "CHAP_I", "CHAP_I=" + value
                    + " is not a number 0..255");
        }
        return (int) n.getAsLong();
    }

    /**
     * Parses a CHAP_C or CHAP_R binary value (hex 0x… or base64 0b…) of
     * {@code minLength}..1024 bytes.
     */
    public static byte[] parseBinary(String key, String value, int minLength) throws AuthenticationException {
        Optional<byte[]> b = TextValues.parseBinary(value);
        if (b.isEmpty()) {
            throw AuthenticationException.failure("RFC 7143 §6.1", key, key + " is not a 0x hex or 0b base64"
                    + " binary value");
        }
        int len = b.get().length;
        if (len < minLength || len > MAX_BINARY_LENGTH) {
            throw AuthenticationException.failure("RFC 7143 §12.1.3", key, key + " is " + len
                    + " bytes; allowed " + minLength + ".." + MAX_BINARY_LENGTH);
        }
        return b.get();
    }

    /**
     * Parses a CHAP_A list. Unparseable entries are kept as algorithm -1 so the caller can
     * report them; an empty result means the value was empty.
     */
    public static List<ChapAlgorithm> parseAlgorithms(String value) {
        List<ChapAlgorithm> out = new ArrayList<>();
        for (String s : TextValues.parseList(value)) {
            OptionalLong n = TextValues.parseNumber(s);
            out.add(new ChapAlgorithm(n.isPresent() && n.getAsLong() <= Integer.MAX_VALUE ? (int) n.getAsLong() : -1));
        }
        return out;
    }

    /** Constant-time comparison of two responses. */
    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
