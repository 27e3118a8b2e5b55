package org.iscsilab.target.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.iscsilab.protocol.auth.ChapCredentials;
import org.iscsilab.target.IscsiTarget;
import org.iscsilab.target.SessionLimits;
import org.iscsilab.target.TargetDefinition;
import org.iscsilab.target.backend.LunSpec;
import org.iscsilab.target.quirk.Quirks;

/**
 * The YAML configuration of the target, for what flags cannot say. Every mistake is reported as a
 * {@link ConfigException} naming the field ({@code targets[1].luns.3}) and what was wrong.
 *
 * <pre>
 * portals:
 *   - listen: 127.0.0.1:3260
 *     group: 1
 * targets:
 *   - iqn: iqn.2026-11.org.iscsilab:disk1
 *     portalGroup: 1
 *     luns: {0: 1GiB, 1: "file:/var/tmp/disk.img,size=4GiB", 2: "null:1TiB"}
 *     chap: {user: alice, secret: twelve-bytes-or-more}
 *     mutualChap: {user: target, secret: another-long-secret}
 *     allowedInitiators: [iqn.1994-05.com.redhat:client]
 * discovery:
 *   chap: {user: disc, secret: discovery-secret}
 * limits:
 *   queueDepth: 128
 *   maxRecvDataSegmentLength: 262144
 *   maxBurstLength: 1048576
 *   firstBurstLength: 262144
 *   initialR2T: false
 *   immediateData: true
 *   maxOutstandingR2T: 1
 *   maxConnections: 4
 *   dataPduInOrder: true
 *   dataSequenceInOrder: true
 *   nopInIntervalSeconds: 30
 *   nopInTimeoutSeconds: 30
 *   loginTimeoutSeconds: 15
 *   maxSessions: 1024
 * quirks: [sync-cache-never-answered, "ignore-writes-larger-than=1MiB"]
 * </pre>
 */
public final class TargetConfigFile {

  private TargetConfigFile() {}

  /** A configuration mistake; the message names the field. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message, null, false, false);
    }
  }

  /** Applies the file to {@code b}. */
  public static void load(Path file, IscsiTarget.Builder b) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new ConfigException(file + ": not valid YAML: " + m);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return;
    }
    String f = file.getFileName().toString();
    object(root, f);
    only(root, f, Set.of("portals", "targets", "discovery", "limits", "quirks"));
    JsonNode portals = root.path("portals");
    if (!portals.isMissingNode()) {
      array(portals, "portals");
      for (int i = 0; i < portals.size(); i++) {
        String where = "portals[" + i + "]";
        JsonNode p = portals.get(i);
        object(p, where);
        only(p, where, Set.of("listen", "group"));
        InetSocketAddress a = hostPort(text(p, "listen", where), where + ".listen");
        b.listen(a, (int) number(p, "group", where, 1, 1, 65535));
      }
    }
    JsonNode targets = root.path("targets");
    if (!targets.isMissingNode()) {
      array(targets, "targets");
      for (int i = 0; i < targets.size(); i++) {
        b.target(target(targets.get(i), "targets[" + i + "]"));
      }
    }
    JsonNode disc = root.path("discovery");
    if (!disc.isMissingNode()) {
      object(disc, "discovery");
      only(disc, "discovery", Set.of("chap", "mutualChap"));
      chap(disc.path("chap"), "discovery.chap").ifPresent(c -> b.discoveryChap(c.name(), new String(c.secret())));
      chap(disc.path("mutualChap"), "discovery.mutualChap")
          .ifPresent(c -> b.discoveryMutualChap(c.name(), new String(c.secret())));
    }
    JsonNode limits = root.path("limits");
    if (!limits.isMissingNode()) {
      b.limits(limits(limits, "limits"));
    }
    JsonNode quirks = root.path("quirks");
    if (!quirks.isMissingNode()) {
      array(quirks, "quirks");
      for (int i = 0; i < quirks.size(); i++) {
        try {
          b.quirk(Quirks.create(quirks.get(i).asText()));
        } catch (IllegalArgumentException e) {
          throw new ConfigException("quirks[" + i + "]: " + e.getMessage());
        }
      }
    }
  }

  private static TargetDefinition target(JsonNode t, String where) {
    object(t, where);
    only(t, where, Set.of("iqn", "alias", "portalGroup", "luns", "chap", "mutualChap", "allowedInitiators"));
    String iqn = text(t, "iqn", where);
    Map<Integer, LunSpec> luns = new LinkedHashMap<>();
    JsonNode l = t.path("luns");
    if (l.isMissingNode()) {
      throw new ConfigException(where + ".luns: missing (at least one LUN, e.g. {0: 1GiB})");
    }
    object(l, where + ".luns");
    Iterator<Map.Entry<String, JsonNode>> it = l.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String w = where + ".luns." + e.getKey();
      int n;
      try {
        n = Integer.parseInt(e.getKey());
      } catch (NumberFormatException x) {
        throw new ConfigException(w + ": the LUN number must be an integer 0..16383");
      }
      try {
        luns.put(n, LunSpec.parse(e.getValue().asText()));
      } catch (IllegalArgumentException x) {
        throw new ConfigException(w + ": " + x.getMessage());
      }
    }
    List<String> allowed = new ArrayList<>();
    JsonNode a = t.path("allowedInitiators");
    if (!a.isMissingNode()) {
      array(a, where + ".allowedInitiators");
      a.forEach(n -> allowed.add(n.asText()));
    }
    try {
      return new TargetDefinition(iqn, t.path("alias").asText(""), luns, chap(t.path("chap"), where + ".chap"),
          chap(t.path("mutualChap"), where + ".mutualChap"), allowed,
          (int) number(t, "portalGroup", where, 1, 1, 65535));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": " + e.getMessage());
    }
  }

  private static Optional<ChapCredentials> chap(JsonNode c, String where) {
    if (c.isMissingNode() || c.isNull()) {
      return Optional.empty();
    }
    object(c, where);
    only(c, where, Set.of("user", "secret"));
    String secret = text(c, "secret", where);
    int n = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (n < 12 || n > 255) {
      throw new ConfigException(where + ".secret: " + n + " bytes; RFC 7143 §9.2.1 needs 12 to 255");
    }
    return Optional.of(ChapCredentials.of(text(c, "user", where), secret));
  }

  private static SessionLimits limits(JsonNode l, String where) {
    object(l, where);
    only(l, where, Set.of("queueDepth", "maxRecvDataSegmentLength", "maxBurstLength", "firstBurstLength",
        "initialR2T", "immediateData", "maxOutstandingR2T", "maxConnections", "dataPduInOrder",
        "dataSequenceInOrder", "nopInIntervalSeconds", "nopInTimeoutSeconds", "loginTimeoutSeconds", "maxSessions"));
    SessionLimits d = SessionLimits.DEFAULTS;
    try {
      return new SessionLimits((int) number(l, "queueDepth", where, d.queueDepth(), 1, 65536),
          (int) number(l, "maxRecvDataSegmentLength", where, d.maxRecvDataSegmentLength(), 512, 16777215),
          (int) number(l, "maxBurstLength", where, d.maxBurstLength(), 512, 16777215),
          (int) number(l, "firstBurstLength", where, d.firstBurstLength(), 512, 16777215),
          bool(l, "initialR2T", where, d.initialR2T()), bool(l, "immediateData", where, d.immediateData()),
          (int) number(l, "maxOutstandingR2T", where, d.maxOutstandingR2T(), 1, 65535),
          (int) number(l, "maxConnections", where, d.maxConnections(), 1, 65535),
          bool(l, "dataPduInOrder", where, d.dataPduInOrder()),
          bool(l, "dataSequenceInOrder", where, d.dataSequenceInOrder()),
          Duration.ofMillis((long) (dnumber(l, "nopInIntervalSeconds", where, d.nopInInterval().toMillis() / 1000.0) * 1000)),
          Duration.ofMillis((long) (dnumber(l, "nopInTimeoutSeconds", where, d.nopInTimeout().toMillis() / 1000.0) * 1000)),
          Duration.ofMillis((long) (dnumber(l, "loginTimeoutSeconds", where, d.loginTimeout().toMillis() / 1000.0) * 1000)),
          (int) number(l, "maxSessions", where, d.maxSessions(), 1, 65535));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": " + e.getMessage());
    }
  }

  /** "HOST:PORT", "[v6]:PORT" or "HOST" (port 3260). */
  public static InetSocketAddress hostPort(String s, String where) {
    String host = s;
    int port = IscsiTarget.DEFAULT_PORT;
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      if (end < 0) {
        throw new ConfigException(where + ": '" + s + "' has no closing ]");
      }
      host = s.substring(1, end);
      if (end + 1 < s.length()) {
        if (s.charAt(end + 1) != ':') {
          throw new ConfigException(where + ": '" + s + "' is not [ADDR]:PORT");
        }
        port = port(s.substring(end + 2), where);
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = port(s.substring(s.indexOf(':') + 1), where);
    }
    if (host.isEmpty()) {
      throw new ConfigException(where + ": '" + s + "' has no host");
    }
    return new InetSocketAddress(host, port);
  }

  private static int port(String p, String where) {
    try {
      int n = Integer.parseInt(p);
      if (n < 0 || n > 65535) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(where + ": port '" + p + "' is not 0..65535");
    }
  }

  private static void object(JsonNode n, String where) {
    if (!n.isObject()) {
      throw new ConfigException(where + ": expected a mapping, found " + kind(n));
    }
  }

  private static void array(JsonNode n, String where) {
    if (!n.isArray()) {
      throw new ConfigException(where + ": expected a list, found " + kind(n));
    }
  }

  private static String kind(JsonNode n) {
    return n.isTextual() ? "text '" + n.asText() + "'" : n.getNodeType().name().toLowerCase();
  }

  private static void only(JsonNode n, String where, Set<String> allowed) {
    Iterator<String> it = n.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new ConfigException(where + "." + k + ": unknown field (known: " + String.join(", ",
            allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.path(field);
    if (v.isMissingNode() || v.isNull() || v.asText().isEmpty()) {
      throw new ConfigException(where + "." + field + ": missing");
    }
    if (!v.isValueNode()) {
      throw new ConfigException(where + "." + field + ": expected a value, found " + kind(v));
    }
    return v.asText();
  }

  private static long number(JsonNode n, String field, String where, long dflt, long min, long max) {
    JsonNode v = n.path(field);
    if (v.isMissingNode()) {
      return dflt;
    }
    long x;
    if (v.isIntegralNumber()) {
      x = v.asLong();
    } else if (v.isTextual()) {
      try {
        x = LunSpec.parseSizeOrNumber(v.asText());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + "." + field + ": '" + v.asText() + "' is not a number");
      }
    } else {
      throw new ConfigException(where + "." + field + ": expected a number, found " + kind(v));
    }
    if (x < min || x > max) {
      throw new ConfigException(where + "." + field + ": " + x + " is outside " + min + ".." + max);
    }
    return x;
  }

  private static double dnumber(JsonNode n, String field, String where, double dflt) {
    JsonNode v = n.path(field);
    if (v.isMissingNode()) {
      return dflt;
    }
    if (!v.isNumber() || v.asDouble() < 0) {
      throw new ConfigException(where + "." + field + ": expected a number of seconds >= 0, found " + kind(v));
    }
    return v.asDouble();
  }

  private static boolean bool(JsonNode n, String field, String where, boolean dflt) {
    JsonNode v = n.path(field);
    if (v.isMissingNode()) {
      return dflt;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    String t = v.asText();
    if (t.equalsIgnoreCase("yes") || t.equalsIgnoreCase("true")) {
      return true;
    }
    if (t.equalsIgnoreCase("no") || t.equalsIgnoreCase("false")) {
      return false;
    }
    throw new ConfigException(where + "." + field + ": expected true/false (Yes/No), found " + kind(v));
  }
}
