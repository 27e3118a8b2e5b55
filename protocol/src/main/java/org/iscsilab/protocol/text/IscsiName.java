package org.iscsilab.protocol.text;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Syntax of iSCSI names (RFC 7143 §4.2.7): {@code iqn.}, {@code eui.} and {@code naa.} forms,
 * at most 223 bytes of UTF-8.
 */
public final class IscsiName {

    /** RFC 7143 §4.2.7: "iSCSI names ... no more than 223 bytes". */
    public static final int MAX_BYTES = 223;

    // RFC 7143 §4.2.7.4: iqn.yyyy-mm.naming-authority[:unique]. Upper case is accepted here
    // (real targets, e.g. NAS boxes, use it); see isNormalized for the RFC 3722 form.
    private static final Pattern IQN = Pattern.compile(
            "iqn\\.[0-9]{4}-(0[1-9]|1[0-2])\\.[^\\s:,=]+(:[^\\s,=]*)?");
    // RFC 7143 §4.2.7.5: eui. + 16 hex digits (EUI-64).
    private static final Pattern EUI = Pattern.compile("eui\\.[0-9A-Fa-f]{16}");
    // RFC 7143 §4.2.7.6 (RFC 3980): naa. + 16 or 32 hex digits.
    private static final Pattern NAA = Pattern.compile("naa\\.([0-9A-Fa-f]{16}|[0-9A-Fa-f]{32})");

    private IscsiName() {
    }

    /**
     * Whether a valid name is also in the normalized form stringprep produces (RFC 3722, RFC 7143
     * §4.2.7.2): no ASCII upper case in an iqn. name. Names compare case-insensitively either way.
     */
    public static boolean isNormalized(String name) {
        return isValid(name) && (!name.startsWith("iqn.") || name.chars().noneMatch(c -> c >= 'A' && c <= 'Z'));
    }

    /** Whether {@code name} is a syntactically valid iSCSI name. */
    public static boolean isValid(String name) {
        return problem(name).isEmpty();
    }

    /**
     * Describes what is wrong with {@code name}, or empty when it is a valid iSCSI name.
     */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("the iSCSI name is empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of("the iSCSI name is " + bytes + " bytes long; RFC 7143 §4.2.7 allows "
                    + MAX_BYTES);
        }
        if (name.startsWith("iqn.")) {
            return IQN.matcher(name).matches() ? Optional.empty()
                    : Optional.of("\"" + name + "\" is not an iqn.yyyy-mm.naming-authority[:unique] name"
                            + " (RFC 7143 §4.2.7.4)");
        }
        if (name.startsWith("eui.")) {
            return EUI.matcher(name).matches() ? Optional.empty()
                    : Optional.of("\"" + name + "\" is not eui. followed by 16 hex digits (RFC 7143 §4.2.7.5)");
        }
        if (name.startsWith("naa.")) {
            return NAA.matcher(name).matches() ? Optional.empty()
                    : Optional.of("\"" + name + "\" is not naa. followed by 16 or 32 hex digits"
                            + " (RFC 7143 §4.2.7.6)");
        }
        return Optional.of("\"" + name + "\" does not start with iqn., eui. or naa. (RFC 7143 §4.2.7)");
    }
}
