package org.iscsilab.testfixtures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The golden captures of protocol/src/test/resources/captures as files, wherever the classpath
 * has them: in another module's reactor build they sit inside the protocol test-jar, and a
 * capture reader needs a file, so they are copied out once per JVM.
 */
public final class Captures {
  public static final String DISCOVERY = "libiscsi-tgt-discovery.pcap";
  public static final String MIXED = "libiscsi-tgt-mixed.pcap";
  public static final String ISTGT_READ16 = "istgt-read16-zero-length-unanswered.pcap";

  private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

  private Captures() {}

  /** The capture {@code name} as a readable file. */
  public static Path path(String name) {
    URL url = Captures.class.getResource("/captures/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no golden capture " + name + " on the classpath (/captures/" + name + ")");
    }
    if ("file".equals(url.getProtocol())) {
      try {
        return Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return COPIES.computeIfAbsent(name, n -> {
      try (InputStream in = url.openStream()) {
        Path tmp = Files.createTempFile("iscsilab-capture-", "-" + n);
        tmp.toFile().deleteOnExit();
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        return tmp;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy golden capture " + n + " out of " + url, e);
      }
    });
  }
}
