package org.iscsilab.protocol.url;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.iscsilab.protocol.text.IscsiName;

/**
 * An {@code iscsi://} URL in libiscsi's form:
 * {@code iscsi://[USER[%SECRET]@]HOST[:PORT]/TARGET-IQN/LUN}, or the portal-only form
 * {@code iscsi://[USER[%SECRET]@]HOST[:PORT]} used for discovery.
 *
 * <p>IPv6 hosts are written {@code [addr]}. Query keys, as in libiscsi's
 * {@code iscsi_parse_url}: {@code target_user} and {@code target_password} (mutual CHAP:
 * the target's credentials), {@code header_digest} and {@code data_digest}
 * ({@code none}, {@code crc32c}, {@code none-crc32c}, {@code crc32c-none}). The target name
 * and query values are percent-decoded; {@code USER%SECRET} uses {@code %} as separator
 * (libiscsi also accepts {@code USER:SECRET}).
 *
 * <p>{@link #toString()} never shows a secret.
 *
 * @param host          host name or address, IPv6 without brackets
 * @param port          TCP port, 3260 unless given
 * @param targetName    target IQN; empty for the portal-only form
 * @param lun           LUN 0..16383; empty for the portal-only form
 * @param user          CHAP name of the initiator, if any
 * @param secret        CHAP secret of the initiator, if any
 * @param targetUser    CHAP name the target must present (mutual CHAP), if any
 * @param targetSecret  CHAP secret of the target (mutual CHAP), if any
 * @param headerDigest  header digest preference, if given
 * @param dataDigest    data digest preference, if given
 */
public record IscsiUrl(String host, int port, Optional<String> targetName, OptionalInt lun,
                       Optional<String> user, Optional<String> secret,
                       Optional<String> targetUser, Optional<String> targetSecret,
                       Optional<DigestPreference> headerDigest, Optional<DigestPreference> dataDigest) {

    /** The IANA port for iSCSI (RFC 7143 §13.8 default). */
    public static final int DEFAULT_PORT = 3260;
    /** Highest LUN in the flat/peripheral single-level form libiscsi and our tools accept. */
    public static final int MAX_LUN = 16383;

    private static final String SCHEME = "iscsi://";

    /** Validates the components; {@link #parse} is the usual way in. */
    public IscsiUrl {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(lun, "lun");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(targetUser, "targetUser");
        Objects.requireNonNull(targetSecret, "targetSecret");
        Objects.requireNonNull(headerDigest, "headerDigest");
        Objects.requireNonNull(dataDigest, "dataDigest");
        if (targetName.isPresent() != lun.isPresent()) {
            throw new IllegalArgumentException("targetName and lun go together");
        }
    }

    /**
     * Parses a full URL with target and LUN.
     *
     * @throws IscsiUrlException naming the part that is wrong
     */
    public static IscsiUrl parse(String url) {
        return parse(url, Form.FULL);
    }

    /**
     * Parses a portal-only URL {@code iscsi://HOST[:PORT]} (a trailing {@code /} is allowed).
     *
     * @throws IscsiUrlException naming the part that is wrong
     */
    public static IscsiUrl parsePortal(String url) {
        return parse(url, Form.PORTAL);
    }

    /** Parses either form: full when a target is present, portal-only otherwise. */
    public static IscsiUrl parseAny(String url) {
        return parse(url, Form.EITHER);
    }

    /** Whether this URL names a target and LUN (not only a portal). */
    public boolean hasTarget() {
        return targetName.isPresent();
    }

    /** Whether the initiator must authenticate with CHAP. */
    public boolean hasChap() {
        return user.isPresent() && secret.isPresent();
    }

    /** Whether the target must authenticate too (mutual CHAP). */
    public boolean hasMutualChap() {
        return hasChap() && targetUser.isPresent() && targetSecret.isPresent();
    }

    /** {@code host:port} with IPv6 hosts in brackets. */
    public String portal() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The URL with secrets replaced by {@code ***}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(SCHEME);
        user.ifPresent(u -> sb.append(u).append(secret.isPresent() ? "%***" : "").append('@'));
        sb.append(portal());
        targetName.ifPresent(t -> sb.append('/').append(t).append('/').append(lun.getAsInt()));
        StringBuilder q = new StringBuilder();
        targetUser.ifPresent(u -> q.append("&target_user=").append(u));
        targetSecret.ifPresent(u -> q.append("&target_password=***"));
        headerDigest.ifPresent(d -> q.append("&header_digest=").append(d.urlValue()));
        dataDigest.ifPresent(d -> q.append("&data_digest=").append(d.urlValue()));
        if (q.length() > 0) {
            sb.append('?').append(q.substring(1));
        }
        return sb.toString();
    }

    private enum Form { FULL, PORTAL, EITHER }

    private static IscsiUrl parse(String url, Form form) {
        if (url == null) {
            throw new IllegalArgumentException("iSCSI URL is null");
        }
        String masked = mask(url);
        if (!url.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            int colon = url.indexOf("://");
            String scheme = colon > 0 ? url.substring(0, colon) : "";
            throw bad(masked, scheme.isEmpty()
                    ? "scheme is missing; the URL must start with iscsi://"
                    : "scheme \"" + scheme + "\" is not iscsi");
        }
        String rest = url.substring(SCHEME.length());

        // Query first, as libiscsi does.
        Optional<String> targetUser = Optional.empty();
        Optional<String> targetSecret = Optional.empty();
        Optional<DigestPreference> headerDigest = Optional.empty();
        Optional<DigestPreference> dataDigest = Optional.empty();
        int qm = rest.indexOf('?');
        if (qm >= 0) {
            String query = rest.substring(qm + 1);
            rest = rest.substring(0, qm);
            for (String item : query.split("&")) {
                if (item.isEmpty()) {
                    continue;
                }
                int eq = item.indexOf('=');
                String key = eq < 0 ? item : item.substring(0, eq);
                String value = eq < 0 ? "" : decode(masked, item.substring(eq + 1), "query value of " + key);
                switch (key) {
                    case "target_user" -> targetUser = nonEmpty(value);
                    case "target_password" -> targetSecret = nonEmpty(value);
                    case "header_digest" -> headerDigest = Optional.of(digest(masked, key, value));
                    case "data_digest" -> dataDigest = Optional.of(digest(masked, key, value));
                    default -> throw bad(masked, "query key \"" + key + "\" is unknown; expected target_user,"
                            + " target_password, header_digest or data_digest");
                }
            }
        }

        // User info: USER%SECRET@ or USER:SECRET@ (libiscsi accepts both).
        Optional<String> user = Optional.empty();
        Optional<String> secret = Optional.empty();
        int slash = rest.indexOf('/');
        int at = rest.lastIndexOf('@', slash < 0 ? rest.length() - 1 : slash);
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int sep = userInfo.indexOf('%');
            if (sep < 0) {
                sep = userInfo.indexOf(':');
            }
            String u = sep < 0 ? userInfo : userInfo.substring(0, sep);
            if (u.isEmpty()) {
                throw bad(masked, "user is empty before '@'");
            }
            user = Optional.of(u);
            if (sep >= 0) {
                String s = userInfo.substring(sep + 1);
                if (s.isEmpty()) {
                    throw bad(masked, "secret is empty after the user name");
                }
                secret = Optional.of(s);
            }
        }
        if (targetUser.isPresent() != targetSecret.isPresent()) {
            throw bad(masked, "target_user and target_password must be given together");
        }
        if (targetUser.isPresent() && secret.isEmpty()) {
            throw bad(masked, "target_user/target_password (mutual CHAP) need USER%SECRET@ as well");
        }

        // Host and port.
        String host;
        String afterHost;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw bad(masked, "host: IPv6 address has no closing ']'");
            }
            host = rest.substring(1, close);
            if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9._~-]+)?") || host.indexOf(':') < 0) {
                throw bad(masked, "host: \"" + host + "\" is not an IPv6 address");
            }
            afterHost = rest.substring(close + 1);
        } else {
            int end = 0;
            while (end < rest.length() && rest.charAt(end) != ':' && rest.charAt(end) != '/') {
                end++;
            }
            host = rest.substring(0, end);
            afterHost = rest.substring(end);
            if (!host.isEmpty() && !host.matches("[A-Za-z0-9._~-]+")) {
                throw bad(masked, "host \"" + host + "\" contains characters not allowed in a host name");
            }
        }
        if (host.isEmpty()) {
            throw bad(masked, "host is missing");
        }
        int port = DEFAULT_PORT;
        if (afterHost.startsWith(":")) {
            int end = afterHost.indexOf('/');
            String p = end < 0 ? afterHost.substring(1) : afterHost.substring(1, end);
            afterHost = end < 0 ? "" : afterHost.substring(end);
            if (p.isEmpty()) {
                throw bad(masked, "port is empty after ':'");
            }
            if (!p.chars().allMatch(c -> c >= '0' && c <= '9') || p.length() > 9) {
                throw bad(masked, "port \"" + p + "\" is not a number");
            }
            port = Integer.parseInt(p);
            if (port < 1 || port > 65535) {
                throw bad(masked, "port " + port + " is out of range 1-65535");
            }
        } else if (!afterHost.isEmpty() && !afterHost.startsWith("/")) {
            throw bad(masked, "unexpected \"" + afterHost + "\" after the host");
        }

        // Path: /TARGET/LUN, or nothing / "/" for a portal.
        String path = afterHost.isEmpty() ? "" : afterHost.substring(1);
        if (path.isEmpty()) {
            if (form == Form.FULL) {
                throw bad(masked, "target IQN is missing; the URL must be iscsi://HOST[:PORT]/TARGET-IQN/LUN");
            }
            return new IscsiUrl(host, port, Optional.empty(), OptionalInt.empty(), user, secret,
                    targetUser, targetSecret, headerDigest, dataDigest);
        }
        if (form == Form.PORTAL) {
            throw bad(masked, "a portal URL has no path; found \"/" + path + "\"");
        }
        int lunSlash = path.lastIndexOf('/');
        if (lunSlash < 0) {
            throw bad(masked, "LUN is missing after the target IQN");
        }
        String target = decode(masked, path.substring(0, lunSlash), "target IQN");
        String lunText = path.substring(lunSlash + 1);
        if (target.isEmpty()) {
            throw bad(masked, "target IQN is missing");
        }
        IscsiName.problem(target).ifPresent(p -> {
            throw bad(masked, "target IQN is not a valid iSCSI name: " + p);
        });
        if (lunText.isEmpty()) {
            throw bad(masked, "LUN is missing after the target IQN");
        }
        if (!lunText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(masked, "LUN \"" + lunText + "\" is not a number");
        }
        long lun = lunText.length() > 9 ? Long.MAX_VALUE : Long.parseLong(lunText);
        if (lun > MAX_LUN) {
            throw bad(masked, "LUN " + lunText + " is out of range 0-" + MAX_LUN);
        }
        return new IscsiUrl(host, port, Optional.of(target), OptionalInt.of((int) lun), user, secret,
                targetUser, targetSecret, headerDigest, dataDigest);
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static DigestPreference digest(String masked, String key, String value) {
        return DigestPreference.fromUrlValue(value).orElseThrow(() -> bad(masked, key + " \"" + value
                + "\" is not one of none, crc32c, none-crc32c, crc32c-none"));
    }

    private static String decode(String masked, String s, String part) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw bad(masked, part + ": bad percent-escape at \"" + s.substring(i) + "\"");
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Masks USER%SECRET@ / USER:SECRET@ and target_password= values. */
    static String mask(String url) {
        String s = url.replaceAll("(target_password=)[^&]*", "$1***");
        int start = s.indexOf("://");
        if (start < 0) {
            return s;
        }
        int from = start + 3;
        int q = s.indexOf('?', from);
        int slash = s.indexOf('/', from);
        int limit = slash < 0 ? (q < 0 ? s.length() : q) : slash;
        int at = s.lastIndexOf('@', limit - 1);
        if (at < from) {
            return s;
        }
        String userInfo = s.substring(from, at);
        int sep = userInfo.indexOf('%');
        if (sep < 0) {
            sep = userInfo.indexOf(':');
        }
        if (sep < 0) {
            return s;
        }
        return s.substring(0, from) + userInfo.substring(0, sep + 1) + "***" + s.substring(at);
    }

    private static IscsiUrlException bad(String masked, String problem) {
        return new IscsiUrlException(masked, problem);
    }
}
