package org.iscsilab.protocol.text;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Value syntax of RFC 7143 §6.1 (text-value, boolean-value, numerical-value in decimal,
 * {@code 0x} hex and {@code 0b} base64, binary values, lists) and the reserved constants of
 * §6.2.
 */
public final class TextValues {

    /** RFC 7143 §6.2: the responder refuses the offer. */
    public static final String REJECT = "Reject";
    /** RFC 7143 §6.2: the key does not apply here. */
    public static final String IRRELEVANT = "Irrelevant";
    /** RFC 7143 §6.2: the key is unknown to the responder. */
    public static final String NOT_UNDERSTOOD = "NotUnderstood";
    /** RFC 7143 §6.2: a missing function. */
    public static final String NONE = "None";
    /** boolean-value true (RFC 7143 §6.1). */
    public static final String YES = "Yes";
    /** boolean-value false (RFC 7143 §6.1). */
    public static final String NO = "No";

    /** RFC 7143 §6.1: a simple-value is at most 255 bytes unless a key says otherwise. */
    public static final int MAX_SIMPLE_VALUE_BYTES = 255;
    /** RFC 7143 §6.1 / §12.1.3: binary values (e.g. CHAP_C, CHAP_R) are at most 1024 bytes. */
    public static final int MAX_LARGE_BINARY_BYTES = 1024;

    // RFC 7143 §6.1 text-value: letters, digits, dot, minus, plus, @, underscore, slash, brackets, colon.
    private static final Pattern TEXT_VALUE = Pattern.compile("[A-Za-z0-9.\\-+@_/\\[\\]:]*");
    // RFC 7143 §6.1 decimal-constant: "0" or a digit 1-9 followed by digits.
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9A-Fa-f]+");
    private static final Pattern BASE64 = Pattern.compile("0[bB][A-Za-z0-9+/]+={0,2}");

    private TextValues() {
    }

    /** Whether {@code value} is one of Reject, Irrelevant, NotUnderstood. */
    public static boolean isReservedAnswer(String value) {
        return REJECT.equals(value) || IRRELEVANT.equals(value) || NOT_UNDERSTOOD.equals(value);
    }

    /** RFC 7143 §6.1 text-value syntax. */
    public static boolean isTextValue(String value) {
        return TEXT_VALUE.matcher(value).matches();
    }

    /** Whether the value exceeds the 255-byte simple-value limit of RFC 7143 §6.1. */
    public static boolean exceedsSimpleValueLength(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length > MAX_SIMPLE_VALUE_BYTES;
    }

    /** Parses {@code Yes}/{@code No} (case-sensitive, RFC 7143 §6.1). */
    public static Optional<Boolean> parseBoolean(String value) {
        if (YES.equals(value)) {
            return Optional.of(Boolean.TRUE);
        }
        if (NO.equals(value)) {
            return Optional.of(Boolean.FALSE);
        }
        return Optional.empty();
    }

    /** Formats a boolean as {@code Yes}/{@code No}. */
    public static String formatBoolean(boolean b) {
        return b ? YES : NO;
    }

    /**
     * Parses a numerical-value (RFC 7143 §6.1): decimal, {@code 0x} hex or {@code 0b} base64,
     * unsigned and below 2^64. Values that do not fit in a signed long are reported as empty
     * (no iSCSI key has such a range).
     */
    public static OptionalLong parseNumber(String value) {
        try {
            BigInteger n;
            if (DECIMAL.matcher(value).matches()) {
                n = new BigInteger(value);
            } else if (HEX.matcher(value).matches()) {
                n = new BigInteger(value.substring(2), 16);
            } else if (BASE64.matcher(value).matches()) {
                byte[] b = Base64.getDecoder().decode(value.substring(2));
                n = new BigInteger(1, b);
            } else {
                return OptionalLong.empty();
            }
            return n.bitLength() <= 63 ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Parses a binary value (RFC 7143 §6.1): {@code 0x} hex (an odd digit count implies a leading
     * zero) or {@code 0b} base64.
     */
    public static Optional<byte[]> parseBinary(String value) {
        try {
            if (HEX.matcher(value).matches()) {
                String hex = value.substring(2);
                if (hex.length() % 2 == 1) {
                    hex = "0" + hex;
                }
                return Optional.of(HexFormat.of().parseHex(hex));
            }
            if (BASE64.matcher(value).matches()) {
                return Optional.of(Base64.getDecoder().decode(value.substring(2)));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Encodes binary as {@code 0x} + lower-case hex. */
    public static String formatHex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    /** Encodes binary as {@code 0b} + base64 with padding. */
    public static String formatBase64(byte[] b) {
        return "0b" + Base64.getEncoder().encodeToString(b);
    }

    /** Splits a list-of-values at commas (RFC 7143 §6.1). */
    public static List<String> parseList(String value) {
        return Arrays.asList(value.split(",", -1));
    }
}
